"""Entry points for the ``ruimteflow termijn`` command: strings in, JSON-ready dicts out.

The argparse wiring lives in web/cli.py; these functions only parse, validate (Dutch errors) and compute.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.beslistermijn import PROCEDURES, beslistermijn
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import (
    DATUM_MAX,
    datum_nl,
    eis_bereik,
    eis_geheel_getal,
    lees_datum,
    ontvangstdag,
    weekdag_nl,
)
from processes.termijnen.kalender import AtwKalender, standaard_kalender
from processes.termijnen.opschorting import Opschorting
from processes.termijnen.staat import MAX_AANVULLINGSTERMIJN_DAGEN, niet_in_toekomst
from processes.termijnen.termijn import MAX_WERKDAGEN, termijn_na

#: the third part of an opschorting whose aanvullingstermijn passed unused: its second date is that term's last day
VERSTREKEN = "verstreken"


def lees_opschorting(tekst: str) -> Opschorting:
    """``"2026-03-10/2026-03-22"`` (aanvullingsverzoek/aanvulling) -> (verzoek, the day of the aanvulling);
    ``"2026-03-10/2026-03-24/verstreken"`` (aanvullingsverzoek/last day of the aanvullingstermijn, passed
    unused) -> (verzoek, that last day, True). The calculator checks and counts them as given (Awb 4:15
    lid 1: "tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn ongebruikt is
    verstreken")."""
    delen = tekst.split("/") if isinstance(tekst, str) else []
    if len(delen) not in (2, 3) or (len(delen) == 3 and delen[2].strip().lower() != VERSTREKEN):
        raise ValidationError(
            f"Opschorting '{tekst}' heeft niet de vorm JJJJ-MM-DD/JJJJ-MM-DD (datum aanvullingsverzoek/datum "
            "aanvulling), bijvoorbeeld 2026-03-10/2026-03-22, of JJJJ-MM-DD/JJJJ-MM-DD/verstreken (datum "
            "aanvullingsverzoek/laatste dag van de ongebruikt verstreken aanvullingstermijn).",
            code="ongeldige-opschorting",
        )
    van, tot = lees_datum(delen[0], "Opschorting (van)"), lees_datum(delen[1], "Opschorting (tot)")
    return (van, tot, True) if len(delen) == 3 else (van, tot)


def als_in_een_zaak(opschorting: Opschorting, vandaag: date) -> Opschorting:
    """``opschorting`` when a case could have it (processes.termijnen.staat): the aanvullingsverzoek and
    the aanvulling not after ``vandaag``; an unused aanvullingstermijn of at most
    MAX_AANVULLINGSTERMIJN_DAGEN days, whose last day may still come (a case counts its running
    opschorting so, provisionally)."""
    van, einde = opschorting[0], opschorting[1]
    niet_in_toekomst(van, "De datum van het aanvullingsverzoek", vandaag)
    if len(opschorting) == 2:
        niet_in_toekomst(einde, "De ontvangstdatum van de aanvulling", vandaag)
    elif einde > (laatste := termijn_na(van, dagen=MAX_AANVULLINGSTERMIJN_DAGEN)):
        raise ValidationError(
            f"De aanvullingstermijn van het verzoek van {datum_nl(van)} duurt ten hoogste "
            f"{MAX_AANVULLINGSTERMIJN_DAGEN} dagen en eindigt dus uiterlijk op {datum_nl(laatste)}, niet op "
            f"{datum_nl(einde)}.",
            code="aanvullingstermijn-ongeldig",
        )
    return opschorting


def termijn_cli(
    ontvangen: str,
    procedure: str,
    verdaging: int | None,
    opschortingen: list[str],
    vandaag: date,
    *,
    instellingen: TermijnInstellingen | None = None,
) -> dict[str, Any]:
    """Compute a beslistermijn from command-line strings; returns ``Beslistermijn.to_dict()``."""
    naam = procedure.strip().lower() if isinstance(procedure, str) else procedure
    if naam not in PROCEDURES:
        raise ValidationError(
            f"Onbekende procedure '{procedure}': kies 'regulier' of 'uitgebreid'.", code="onbekende-procedure"
        )
    return beslistermijn(  # the bounds of a case's receipt and opschortingen (ontvangstdag, als_in_een_zaak)
        ontvangstdag(lees_datum(ontvangen, "Ontvangstdatum"), vandaag),
        naam,
        opschortingen=[als_in_een_zaak(lees_opschorting(o), vandaag) for o in opschortingen],
        verdaging_weken=verdaging,
        vandaag=vandaag,
        instellingen=instellingen,
    ).to_dict()


def werkdagen_cli(n: int, vanaf: str, *, kalender: AtwKalender | None = None) -> dict[str, Any]:
    """The ``n``-th working day after ``vanaf`` (day 0, not counted), with the skipped days as steps."""
    n = eis_geheel_getal(n, "Het aantal werkdagen", code="ongeldig-aantal-werkdagen")
    if n > MAX_WERKDAGEN:
        raise ValidationError(
            f"Het aantal werkdagen mag ten hoogste {MAX_WERKDAGEN} zijn (nu {n}).",
            code="ongeldig-aantal-werkdagen",
        )
    start = lees_datum(vanaf, "Vanaf")
    kal = kalender if kalender is not None else standaard_kalender()
    try:
        einde = eis_bereik(kal.add_werkdagen(start, n), "De einddatum", code="termijn-buiten-bereik")
    except OverflowError:  # counting on past 9999-12-31, where Python's dates end
        raise ValidationError(
            f"{n} werkdagen na {start.isoformat()} valt buiten het toegestane bereik "
            f"(tot en met {DATUM_MAX.isoformat()}).",
            code="termijn-buiten-bereik",
        ) from None
    stappen = [f"Vanaf {weekdag_nl(start)} {datum_nl(start)} (dag 0, telt niet mee)"]
    overgeslagen = []
    d = start + timedelta(days=1)
    while d < einde:
        reden = kal.reden_geen_werkdag(d)
        if reden is not None:
            overgeslagen.append(f"{datum_nl(d)}: {reden.removeprefix('een ')}")
        d += timedelta(days=1)
    if overgeslagen:
        stappen.append("Niet meegeteld: " + "; ".join(overgeslagen))
    stappen.append(f"{n} {'werkdag' if n == 1 else 'werkdagen'} later: {weekdag_nl(einde)} {datum_nl(einde)}")
    return {"einddatum": einde.isoformat(), "vanaf": start.isoformat(), "werkdagen": n, "stappen": stappen}
