"""Advice routing of the omgevingsvergunning: one request per adviser group, from the routing table
(bpmn/advies-routering.dmn) and the locatiecheck's conflicts, with the reasons an adviser reads. Pure
logic: no database, workflow or web imports (processes/vergunning.py re-exports it for the permit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: the features an advice reason names per kind of conflict before "en N meer"
REASON_FEATURES = 3


def _conflict_reasons(conflicts: list[Mapping[str, Any]]) -> list[str]:
    """One reason per kind of conflict (its description), naming the features it is with (the Natura
    2000 area decides which provincie gives its instemming). An internal conflict is left out, its
    description and its feature: the adviser may be an outside party (the case file shows it to staff)."""
    names: dict[str, list[str]] = {}
    for c in conflicts:
        if c.get("intern"):
            continue
        found = names.setdefault(str(c.get("beschrijving", "")), [])
        name = c.get("feature_naam")
        if name and name not in found:
            found.append(str(name))
    out = []
    for beschrijving, found in names.items():
        text = f"locatiecheck: {beschrijving}".strip()
        if found:
            more = len(found) - REASON_FEATURES
            text += f" ({', '.join(found[:REASON_FEATURES])}{f' en {more} meer' if more > 0 else ''})"
        out.append(text)
    return out


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
    for row in rows:
        groep = str(row["groep"])
        soort = "instemming" if row.get("soort") == "instemming" else "advies"
        redenen = []
        if row.get("afdeling"):
            redenen = _conflict_reasons([c for c in conflicten if c.get("afdeling") == row["afdeling"]])
            if not redenen:
                redenen = [f"locatiecheck noemt {row['afdeling']}"]
        if row.get("reden"):
            redenen.append(str(row["reden"]))
        item = out.setdefault(groep, {"groep": groep, "soort": soort, "redenen": []})
        if soort == "instemming":
            item["soort"] = "instemming"
        for r in redenen:
            if r not in item["redenen"]:
                item["redenen"].append(r)
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
