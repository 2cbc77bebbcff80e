"""Turn raw matches into the JSON-ready check result (shared by both backends).

Output order is deterministic: by onderwerp_index, ernst (blokkerend first), regel, laag, feature_id.
Measures are rounded: afstand_m and overlap_m2 to 2 decimals, overlap_aandeel to 4 (None when the
subject has no area). Overridden conflicts (regel, laag, feature_id) stay in the list with
``overschreven: true`` but do not count in the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from gis.errors import BAD_OVERRIDE, GisInputError
from gis.matching import RawConflicts, object_column
from gis.rules import SEVERITIES, SEVERITY_RANK, Rule, RuleSet
from gis.subjects import Subjects

OverrideKey = tuple[str, str, str]


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


def _conflict_rows(
    raw: RawConflicts, subjects: Subjects, ordered_rules: Sequence[Rule], order: np.ndarray
) -> list[dict[str, Any]]:
    """One dict per conflict in ``order``: columns are computed as arrays, each row is a copy of its
    rule's template (all keys, in output order) with the pair's values filled in."""
    subject_idx = raw.subject[order]
    overlap = raw.overlap[order]
    areal = subjects.areal[subject_idx]
    share = np.divide(overlap, subjects.areas[subject_idx], out=np.zeros(len(order)), where=areal)
    shares = np.round(share, 4).astype(object)
    shares[~areal] = None
    templates = [_template(rule) for rule in ordered_rules]
    rows: list[dict[str, Any]] = []
    append = rows.append
    for r, s, fid, naam, soort, d, o, a in zip(
        raw.rule[order].tolist(),
        subject_idx.tolist(),
        object_column(raw.feature_id)[order].tolist(),
        object_column(raw.feature_naam)[order].tolist(),
        subjects.soorten[subject_idx].tolist(),
        np.round(raw.afstand[order], 2).tolist(),
        np.round(overlap, 2).tolist(),
        shares.tolist(),
        strict=True,
    ):
        row = templates[r].copy()
        row["feature_id"] = fid
        row["feature_naam"] = naam
        row["onderwerp_index"] = s
        row["soort"] = soort
        row["afstand_m"] = d
        row["overlap_m2"] = o
        row["overlap_aandeel"] = a
        append(row)
    return rows


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


def _template(rule: Rule) -> dict[str, Any]:
    """What every conflict of this rule says about the rule, then the per-pair keys (filled per row)."""
    return {
        "regel": rule.id,
        "laag": rule.laag,
        "ernst": rule.ernst,
        "afdeling": rule.afdeling,
        "beschrijving": rule.beschrijving,
        "bron": rule.bron,
        "intern": rule.intern,
        "feature_id": None,
        "feature_naam": None,
        "onderwerp_index": None,
        "soort": None,
        "afstand_m": None,
        "overlap_m2": None,
        "overlap_aandeel": None,
        "overschreven": False,
    }


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


def public_view(result: dict[str, Any]) -> dict[str, Any]:
    """The result as an initiator may see it: internal conflicts removed, summary recomputed."""
    visible = [c for c in result["conflicten"] if not c["intern"]]
    return {
        "conflicten": visible,
        "samenvatting": summarise(visible, result["samenvatting"]["aantal_onderwerpen"]),
        "waarschuwingen": result["waarschuwingen"],
    }
