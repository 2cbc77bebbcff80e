"""Advice routing of the omgevingsvergunning: one request per adviser group, from the routing table
(bpmn/advies-routering.dmn) and the locatiecheck's conflicts, with the reasons an adviser reads. Pure
logic: no database, workflow or web imports (processes/vergunning.py re-exports it for the permit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: the features an advice reason names per kind of conflict before "en N meer"
REASON_FEATURES = 3


def feature_names(names: Iterable[str]) -> str:
    """The features a reason names: the first REASON_FEATURES, then how many more ("A, B, C en 2 meer")."""
    found = list(names)
    more = len(found) - REASON_FEATURES
    return ", ".join(found[:REASON_FEATURES]) + (f" en {more} meer" if more > 0 else "")


def _conflict_reasons(conflicts: list[Mapping[str, Any]]) -> list[str]:
    """One reason per kind of conflict (its description), naming the features it is with (the Natura
    2000 area decides which provincie gives its instemming). An internal conflict is left out, its
    description and its feature: the adviser may be an outside party (the case file shows it to staff)."""
    names: dict[str, dict[str, None]] = {}  # per description its feature names, in order, each once
    for c in conflicts:
        if c.get("intern"):
            continue
        found = names.setdefault(str(c.get("beschrijving", "")), {})
        if name := c.get("feature_naam"):
            found[str(name)] = None
    out = []
    for beschrijving, found in names.items():
        text = f"locatiecheck: {beschrijving}".strip()
        if found:  # the names inside the description's sentence: "... consulteren (Oosterhoeve)."
            stop = "." if text.endswith(".") else ""
            text = f"{text.removesuffix('.')} ({feature_names(found)}){stop}"
        out.append(text)
    return out


class _Reasons:
    """The conflict reasons per department, each worked out once from the conflicts grouped in one pass:
    per routing row, rows times conflicts was a model's way to make the helper run for seconds."""

    def __init__(self, conflicten: list[Mapping[str, Any]]):
        self.conflicten = conflicten
        self.known: dict[Any, list[str]] = {}
        self.groups: dict[Any, list[Mapping[str, Any]]] | None = {}
        try:
            for c in conflicten:
                self.groups.setdefault(c.get("afdeling"), []).append(c)
        except TypeError:  # a department that cannot be a key (a list): each row scans the conflicts
            self.groups = None

    def of(self, afdeling: Any) -> list[str]:
        try:
            found = self.known.get(afdeling)
        except TypeError:  # the row's department cannot be a key: worked out for this row
            return _conflict_reasons(self._scan(afdeling))
        if found is None:
            mine = self.groups.get(afdeling, []) if self.groups is not None else self._scan(afdeling)
            found = self.known[afdeling] = _conflict_reasons(mine)
        return found

    def _scan(self, afdeling: Any) -> list[Mapping[str, Any]]:
        return [c for c in self.conflicten if c.get("afdeling") == afdeling]


def adviesverzoeken(
    locatiecheck: Mapping[str, Any] | None, routes: Iterable[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """One request per adviser group, from the routing table's rows and the locatiecheck.

    ``routes``: rows of bpmn/advies-routering.dmn, each ``{"groep", "soort", "reden", "afdeling"}``
    (``afdeling`` set when the row came from a department the locatiecheck named). A department the
    locatiecheck named that no row maps still gets an advice request under its own name, so no conflict
    is left unseen. Instemming wins over advies for the same group; reasons are merged.
    """
    check = dict(locatiecheck or {})
    conflicten = list(check.get("conflicten") or [])
    rows = [dict(r) for r in (routes or []) if r and r.get("groep")]
    gedekt = {r.get("afdeling") for r in rows if r.get("afdeling")}
    for afdeling in check.get("afdelingen") or []:
        if afdeling not in gedekt:
            rows.append({"groep": afdeling, "soort": "advies", "reden": "", "afdeling": afdeling})
    out: dict[str, dict[str, Any]] = {}
    reasons = _Reasons(conflicten)
    for row in rows:
        groep = str(row["groep"])
        soort = "instemming" if row.get("soort") == "instemming" else "advies"
        redenen = []
        if row.get("afdeling"):
            redenen = list(reasons.of(row["afdeling"]))
            if not redenen:
                redenen = [f"locatiecheck noemt {row['afdeling']}"]
        if row.get("reden"):
            redenen.append(str(row["reden"]))
        item = out.setdefault(groep, {"groep": groep, "soort": soort, "redenen": {}})
        if soort == "instemming":
            item["soort"] = "instemming"
        item["redenen"].update(dict.fromkeys(redenen))  # in order, each once
    result = []
    for item in sorted(out.values(), key=lambda i: (i["soort"] != "instemming", i["groep"])):
        titel = ("Instemming" if item["soort"] == "instemming" else "Advies") + f" {item['groep']}"
        result.append(
            {
                "groep": item["groep"],
                "soort": item["soort"],
                "titel": titel,
                "reden": "; ".join(item["redenen"]) or "gevraagd door de behandelaar",
            }
        )
    return result
