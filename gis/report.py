"""Turn raw matches into the JSON-ready check result (shared by both backends).

Output order is deterministic: by onderwerp_index, ernst (blokkerend first), regel, laag, feature_id.
Measures are rounded: afstand_m and overlap_m2 to 2 decimals, overlap_aandeel to 4 (None when the
subject has no area). afstand_m is None for a rule the subject lies in (snijdt, overlap_aandeel): a
distance is measured only for binnen_afstand, and "0 m" would read as near the area, not in it
(processes.nederlands.afstand gives "minder dan 1 m"). Both backends match such pairs with a raw
distance of 0; this is the one place that leaves it out. Overridden conflicts (regel, laag,
feature_id) stay in the list with ``overschreven: true`` but do not count in the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from gis.errors import BAD_OVERRIDE, GisInputError
from gis.matching import RawConflicts, object_column
from gis.rules import SEVERITIES, SEVERITY_RANK, Rule, RuleSet
from gis.subjects import Subjects
from processes.nederlands import AFRONDRUIS

OverrideKey = tuple[str, str, str]
#: The keys of a conflict, in output order: what it says about the rule, then about the pair.
CONFLICT_KEYS = (
    "regel",
    "laag",
    "ernst",
    "afdeling",
    "beschrijving",
    "bron",
    "intern",
    "feature_id",
    "feature_naam",
    "onderwerp_index",
    "soort",
    "afstand_m",
    "overlap_m2",
    "overlap_aandeel",
    "overschreven",
)


def normalise_overrides(overrides: Iterable[Any]) -> frozenset[OverrideKey]:
    """Overrides as (regel, laag, str(feature_id)); accepts tuples/lists or dicts with those keys."""
    keys: set[OverrideKey] = set()
    for item in overrides:
        if isinstance(item, dict):
            item = (item.get("regel"), item.get("laag"), item.get("feature_id"))
        if not isinstance(item, tuple | list) or len(item) != 3 or item[0] is None or item[1] is None:
            raise GisInputError(
                f"Ongeldige overschrijving {item!r}: verwacht (regel, laag, feature_id).", code=BAD_OVERRIDE
            )
        keys.add((str(item[0]), str(item[1]), str(item[2])))
    return frozenset(keys)


def build_report(
    raw: RawConflicts, subjects: Subjects, rules: RuleSet, overrides: Iterable[Any] = ()
) -> dict[str, Any]:
    overridden_keys = normalise_overrides(overrides)
    ordered_rules = rules.rules
    conflicts = _conflict_rows(raw, subjects, ordered_rules, _conflict_order(raw, ordered_rules))
    if overridden_keys:
        for conflict in conflicts:
            key = (conflict["regel"], conflict["laag"], str(conflict["feature_id"]))
            conflict["overschreven"] = key in overridden_keys
        summary = summarise(conflicts, len(subjects))
    else:  # nothing overridden: count per rule with numpy instead of walking the dicts
        summary = _summary_per_rule(np.bincount(raw.rule, minlength=len(ordered_rules)), rules, len(subjects))
    return {"conflicten": conflicts, "samenvatting": summary, "waarschuwingen": list(subjects.warnings)}


class _ConflictRow:
    """Builds one conflict row as its instance ``__dict__``: all rows then share one keys table (PEP 412
    key-sharing dictionaries) and hold only their values, so they take less than half the memory of
    a copied dict and are built and freed faster. The row is a plain ``dict`` with the keys of
    :data:`CONFLICT_KEYS` in that order; the instance itself is dropped at once."""

    def __init__(
        self, rule: tuple[Any, ...], fid: Any, naam: Any, s: int, soort: str, d: float, o: float, a: Any
    ) -> None:
        self.regel, self.laag, self.ernst, self.afdeling, self.beschrijving, self.bron, self.intern = rule
        self.feature_id = fid
        self.feature_naam = naam
        self.onderwerp_index = s
        self.soort = soort
        self.afstand_m = d
        self.overlap_m2 = o
        self.overlap_aandeel = a
        self.overschreven = False


def _conflict_rows(
    raw: RawConflicts, subjects: Subjects, ordered_rules: Sequence[Rule], order: np.ndarray
) -> list[dict[str, Any]]:
    """One dict per conflict in ``order``: columns are computed as arrays, each row takes its rule's
    fields and the pair's values (keys in the order of :data:`CONFLICT_KEYS`)."""
    subject_idx = raw.subject[order]
    overlap = raw.overlap[order]
    areal = subjects.areal[subject_idx]
    share = np.divide(overlap, subjects.areas[subject_idx], out=np.zeros(len(order)), where=areal)
    shares = _rounded(share, 4)
    shares[~areal] = None
    fields = [(r.id, r.laag, r.ernst, r.afdeling, r.beschrijving, r.bron, r.intern) for r in ordered_rules]
    distances = _rounded(_down(raw.afstand[order], 2), 2)  # a distance never reads as its limit
    distances[~_measures_distance(ordered_rules)[raw.rule[order]]] = None
    return [
        _ConflictRow(*values).__dict__
        for values in zip(
            map(fields.__getitem__, raw.rule[order].tolist()),
            object_column(raw.feature_id)[order].tolist(),
            object_column(raw.feature_naam)[order].tolist(),
            subject_idx.tolist(),
            subjects.soorten[subject_idx].tolist(),
            distances.tolist(),
            _rounded(overlap, 2).tolist(),
            shares.tolist(),
            strict=True,
        )
    ]


def _measures_distance(ordered_rules: Sequence[Rule]) -> np.ndarray:
    """Per rule: whether its conflicts have a distance (binnen_afstand); a rule the subject lies in has none."""
    return np.array([r.predicaat == "binnen_afstand" for r in ordered_rules], dtype=bool)


def _down(values: np.ndarray, digits: int) -> np.ndarray:
    """``values`` rounded down to ``digits`` decimals, as processes.nederlands.omlaag does for one: a conflict
    1,497 m from a feature with the limit "binnen 1,5 m" is 1,49 m away, not 1,5 m."""
    scale = 10.0**digits
    return np.floor(values * scale + AFRONDRUIS) / scale


def _rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """``values`` rounded, as an object array of Python floats in which every +0.0 is one shared object
    (most conflicts have distance 0 or no overlap): fewer objects to make and free, same values."""
    rounded = np.round(values, digits)
    out = np.full(len(rounded), 0.0, dtype=object)
    own = np.flatnonzero((rounded != 0) | np.signbit(rounded))  # -0.0 and NaN keep their own value
    out[own] = rounded[own]
    return out


def _conflict_order(raw: RawConflicts, ordered_rules: Sequence[Rule]) -> np.ndarray:
    """Row order of the report: per subject, most severe first, then by rule id and layer, then feature."""
    rule_rank = np.empty(len(ordered_rules), dtype=np.int64)
    rule_rank[
        sorted(range(len(ordered_rules)), key=lambda i: (ordered_rules[i].id, ordered_rules[i].laag))
    ] = np.arange(len(ordered_rules))
    severity = np.array([SEVERITY_RANK[r.ernst] for r in ordered_rules], dtype=np.int64)
    if not len(raw):
        return np.empty(0, dtype=np.int64)
    keys = (raw.rank, (severity * len(ordered_rules) + rule_rank)[raw.rule], raw.subject)
    return _order_by(keys)


def _order_by(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """The order of :func:`numpy.lexsort` (last key first, stable) from one stable argsort of the keys
    packed into a single int64 when their ranges fit in 63 bits (always, for real batches)."""
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    bits = 0
    for key in reversed(keys):
        width = int(key.max()).bit_length() if len(key) else 0
        if key.min() < 0 or bits + width > 63:
            return np.lexsort(keys)
        packed <<= width
        packed |= key
        bits += width
    return np.argsort(packed, kind="stable")


def _summary_per_rule(counts: np.ndarray, rules: RuleSet, subject_count: int) -> dict[str, Any]:
    """The summary of :func:`summarise` from the number of conflicts per rule (none overridden)."""
    per_ernst = {name: 0 for name in SEVERITIES}
    afdelingen = set()
    for rule, count in zip(rules.rules, counts.tolist(), strict=True):
        if count:
            per_ernst[rule.ernst] += count
            afdelingen.add(rule.afdeling)
    return {
        "afdelingen": sorted(afdelingen),
        "hoogste_ernst": next((name for name in SEVERITIES if per_ernst[name]), None),
        "aantal": int(counts.sum()),
        "aantal_overschreven": 0,
        "per_ernst": per_ernst,
        "aantal_onderwerpen": subject_count,
    }


def summarise(conflicts: list[dict[str, Any]], subject_count: int) -> dict[str, Any]:
    """Summary over the conflicts that are not overridden."""
    counted = [c for c in conflicts if not c["overschreven"]]
    per_ernst = {name: 0 for name in SEVERITIES}
    for conflict in counted:
        per_ernst[conflict["ernst"]] += 1
    highest = next((name for name in SEVERITIES if per_ernst[name]), None)
    return {
        "afdelingen": sorted({c["afdeling"] for c in counted}),
        "hoogste_ernst": highest,
        "aantal": len(counted),
        "aantal_overschreven": len(conflicts) - len(counted),
        "per_ernst": per_ernst,
        "aantal_onderwerpen": subject_count,
    }


def nearest_per_feature(conflicts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conflicts of one location checked in parts (several subjects, e.g. the turbines of a park):
    one per rule, layer and feature (the key of an override), that of the part nearest to the feature
    (the smallest distance, then the largest overlap; a rule the part lies in has no distance, so there
    the largest overlap). The first part's order is kept."""
    best: dict[OverrideKey, dict[str, Any]] = {}
    for c in conflicts:
        key = (c["regel"], c["laag"], str(c["feature_id"]))
        held = best.get(key)
        if held is None or _nearness(c) < _nearness(held):
            best[key] = c
    return list(best.values())


def _nearness(conflict: dict[str, Any]) -> tuple[float, float]:
    """How near a part is to a feature: its distance (0 for a rule without one: the part lies in it), then
    the larger overlap."""
    distance = conflict["afstand_m"]
    return (0.0 if distance is None else distance, -conflict["overlap_m2"])


def public_view(result: dict[str, Any]) -> dict[str, Any]:
    """The result as an initiator may see it: internal conflicts removed, summary recomputed."""
    visible = [c for c in result["conflicten"] if not c["intern"]]
    return {
        "conflicten": visible,
        "samenvatting": summarise(visible, result["samenvatting"]["aantal_onderwerpen"]),
        "waarschuwingen": result["waarschuwingen"],
    }


def remarks(conflicts: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """What an initiator reads of a location check: one (text, severity) per kind of remark, not one per
    nearby feature, internal ones left out (the form's preview, the public timeline's count; the status
    page applies the same rule to its stored conflicts in SQL, services.status.view)."""
    return list(dict.fromkeys((c["beschrijving"], c["ernst"]) for c in conflicts if not c.get("intern")))
