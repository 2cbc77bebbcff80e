"""Execution of a wijkuitvoeringsplan: multi-year milestones and commitments, and reporting them done."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError, in_regel
from processes.termijnen.datums import als_datum

#: Who carries out a milestone, and the group (lane) that reports it done.
PARTIJEN = {
    "woningcorporatie": "Woningcorporatie",
    "warmtebedrijf": "Warmtebedrijf",
    "netbeheerder": "Netbeheerder",
    "waterschap": "Waterschap",
    "gemeente": "Projectleider warmtetransitie",
}


def uitvoeringsplanning(
    items: Iterable[Mapping[str, Any]], vandaag: date, herinnering_dagen: int = 28
) -> list[dict[str, Any]]:
    """Validate multi-year milestones and commitments; sort by due date; add the reminder date."""
    out = []
    for i, item in enumerate(items):
        with in_regel(i):  # a refusal names its row (services: at the row's field)
            out.append(_mijlpaal(item, i + 1, vandaag, herinnering_dagen))
    if not out:
        raise ValidationError("Leg ten minste één mijlpaal vast.", code="mijlpaal-geen")
    out.sort(key=lambda m: (m["uiterlijk"], m["naam"]))
    for n, m in enumerate(out, start=1):
        m["nummer"] = n
    return out


def _mijlpaal(item: Mapping[str, Any], i: int, vandaag: date, herinnering_dagen: int) -> dict[str, Any]:
    """One milestone row (number ``i``, counted from 1 as given), checked, with its reminder date."""
    naam = str(item.get("naam") or "").strip()
    if not naam:
        raise ValidationError(f"Mijlpaal {i} heeft geen naam.", code="mijlpaal-naam")
    partij = item.get("partij")
    if partij not in PARTIJEN:
        raise ValidationError(
            f"Mijlpaal '{naam}': onbekende partij '{partij}'. Kies uit: {', '.join(PARTIJEN)}.",
            code="mijlpaal-partij",
        )
    uiterlijk = als_datum(item.get("uiterlijk"), f"De uiterste datum van mijlpaal '{naam}'")
    if uiterlijk <= vandaag:
        raise ValidationError(
            f"Mijlpaal '{naam}': de uiterste datum {uiterlijk.isoformat()} ligt niet in de toekomst.",
            code="mijlpaal-datum",
        )
    aantal = item.get("aantal_woningen")
    if aantal is not None and (not isinstance(aantal, int) or isinstance(aantal, bool) or aantal < 0):
        raise ValidationError(
            f"Mijlpaal '{naam}': aantal woningen moet een geheel getal van 0 of meer zijn.",
            code="mijlpaal-aantal",
        )
    herinnering = max(uiterlijk - timedelta(days=herinnering_dagen), vandaag + timedelta(days=1))
    return {
        "naam": naam,
        "partij": partij,
        "groep": PARTIJEN[str(partij)],
        "uiterlijk": uiterlijk.isoformat(),
        "herinnering_op": herinnering.isoformat(),
        "aantal_woningen": aantal,
        "toezegging": partij == "woningcorporatie" or bool(item.get("toezegging")),
    }


def mijlpaal_gereed(mijlpaal: Mapping[str, Any], gereed_op: object, vandaag: date) -> dict[str, Any]:
    """Record a milestone as done; late when done after its due date."""
    datum = als_datum(gereed_op, "De datum waarop de mijlpaal gereed was")
    if datum > vandaag:
        raise ValidationError(f"Gereed op {datum.isoformat()} ligt in de toekomst.", code="mijlpaal-toekomst")
    uiterlijk = als_datum(mijlpaal["uiterlijk"], "De uiterste datum")
    te_laat = max((datum - uiterlijk).days, 0)
    return {
        **dict(mijlpaal),
        "gereed_op": datum.isoformat(),
        "te_laat": te_laat > 0,
        "dagen_te_laat": te_laat,
    }
