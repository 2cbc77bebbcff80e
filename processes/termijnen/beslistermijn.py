"""The decision term (beslistermijn) of an omgevingsvergunning: Awb/Omgevingswet, with opschorting,
verdaging and the Algemene termijnenwet.

How the date is built (each step is recorded in Dutch in ``Beslistermijn.stappen``):

1. Day 0 is the day of receipt. Regulier: receipt + 8 weeks (ends on day 56). Uitgebreid: receipt + 6
   calendar months (clamped to the month's last day). This is ``oorspronkelijke_einddatum``.
2. Opschorting (Awb 4:15 lid 1 a): each period adds the days it stands still, from the day after the
   aanvullingsverzoek up to the day the term runs again; a term does not expire while it stands still
   (processes.termijnen.opschorting says how the days are counted).
3. Verdaging (Ow 16.64 lid 2): at most once, at most 6 weeks, decided on or before the end date as it stood on
   that day (the end including earlier opschortingen, Atw-shifted).
4. Atw art. 1: an end on a Saturday, Sunday or holiday runs on to the next working day. For the uitgebreide
   procedure only when ``TermijnInstellingen.atw_op_uitgebreid`` (the default).

Opschortingen and verdaging are added to the un-shifted date; the Atw shift is applied once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from processes.errors import Unprocessable, ValidationError
from processes.nederlands import opsomming
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import (
    datum_nl,
    eis_datum,
    eis_geheel_getal,
    plus_maanden,
    tot_en_met_laatste_dag,
)
from processes.termijnen.kalender import AtwKalender
from processes.termijnen.opschorting import (
    EerdereOpschortingen,
    Opschorting,
    Periode,
    controleer_na_eerdere,
    controleer_opschortingen,
    opgeschorte_dagen,
    tel_opschortingen_op,
)

PROCEDURES = ("regulier", "uitgebreid")


@dataclass(frozen=True)
class Beslistermijn:
    """The computed decision term. Field names follow ZGW where one exists (see ``to_dict``)."""

    ontvangen: date
    procedure: str
    uiterste_beslisdatum: date
    oorspronkelijke_einddatum: date
    opgeschorte_dagen: int
    verdaging_weken: int | None
    stappen: list[str] = field(default_factory=list)
    #: the last day lies after the years whose equated days are published (AtwKalender.onzeker)
    feestdagen_onzeker: bool = False

    def dagen_over(self, vandaag: date) -> int:
        """Days left until ``uiterste_beslisdatum`` (0 on the last day, negative when overdue)."""
        return (self.uiterste_beslisdatum - eis_datum(vandaag, "vandaag")).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "ontvangen": self.ontvangen.isoformat(),
            "procedure": self.procedure,
            "oorspronkelijke_einddatum": self.oorspronkelijke_einddatum.isoformat(),
            "opgeschorte_dagen": self.opgeschorte_dagen,
            "verdaging_weken": self.verdaging_weken,
            "uiterste_beslisdatum": self.uiterste_beslisdatum.isoformat(),
            "stappen": list(self.stappen),
            # ZGW (Zaken API) alias
            "uiterlijkeEinddatumAfdoening": self.uiterste_beslisdatum.isoformat(),
        }


def beslistermijn(
    ontvangen: date,
    procedure: str,
    *,
    opschortingen: Sequence[Opschorting] = (),
    verdaging_weken: int | None = None,
    verdaging_besloten_op: date | None = None,
    vandaag: date,
    instellingen: TermijnInstellingen | None = None,
    eerdere: EerdereOpschortingen | None = None,
) -> Beslistermijn:
    """Compute the last day on which the decision may be taken (see the module docstring for the rules).

    ``verdaging_besloten_op`` None with ``verdaging_weken`` set means "extended, decision date unknown": the
    timeliness check is skipped (calculator use). ``eerdere``: earlier closed suspensions folded into one
    figure, all before ``opschortingen``. Inputs are never modified.
    """
    inst = instellingen if instellingen is not None else TermijnInstellingen.standaard()
    kal = inst.atw_kalender()
    ontvangen = eis_datum(ontvangen, "De ontvangstdatum")
    vandaag = eis_datum(vandaag, "Vandaag")
    if procedure not in PROCEDURES:
        raise ValidationError(
            f"Onbekende procedure '{procedure}': kies 'regulier' of 'uitgebreid'.", code="onbekende-procedure"
        )
    if ontvangen > vandaag:
        raise ValidationError(
            f"De ontvangstdatum {datum_nl(ontvangen)} ligt in de toekomst (vandaag is {datum_nl(vandaag)}).",
            code="ontvangen-in-toekomst",
        )
    perioden = controleer_opschortingen(opschortingen, ontvangen)
    controleer_na_eerdere(perioden, eerdere)
    weken = _controleer_verdaging(verdaging_weken, verdaging_besloten_op, ontvangen, inst)
    atw = procedure == "regulier" or inst.atw_op_uitgebreid
    verschuif = kal.verschuif if atw else _zelfde

    stappen = [f"Ontvangen op {datum_nl(ontvangen)} (dag 0)"]
    basis = _basis(ontvangen, procedure, inst, stappen)
    verdaagd_op = verdaging_besloten_op if weken is not None else None
    einde, opgeschort = tel_opschortingen_op(basis, perioden, weken, verdaagd_op, verschuif, stappen, eerdere)
    if weken is not None:
        einde = _verdaging(einde, basis, perioden, weken, verdaging_besloten_op, verschuif, stappen, eerdere)
    uiterste = _atw_stap(einde, kal, atw, stappen)
    stappen.append(f"Uiterste beslisdatum: {datum_nl(uiterste)}")
    onzeker = atw and kal.onzeker(uiterste)
    if onzeker:
        stappen.append(
            f"Voorlopig: welke dagen na {kal.vastgesteld_tot} met een feestdag worden gelijkgesteld (Atw art. 3 "
            "lid 3), is nog niet bekendgemaakt; daardoor kan deze datum nog een werkdag later worden"
        )
    return Beslistermijn(
        ontvangen=ontvangen,
        procedure=procedure,
        uiterste_beslisdatum=uiterste,
        oorspronkelijke_einddatum=basis,
        opgeschorte_dagen=opgeschort,
        verdaging_weken=weken,
        stappen=stappen,
        feestdagen_onzeker=onzeker,
    )


def _zelfde(d: date) -> date:
    return d


def _basis(ontvangen: date, procedure: str, inst: TermijnInstellingen, stappen: list[str]) -> date:
    """The end of the term without opschorting or verdaging (``oorspronkelijke_einddatum``)."""
    if procedure == "regulier":
        basis = ontvangen + timedelta(weeks=inst.regulier_weken)
        stappen.append(f"+ {inst.regulier_weken} weken reguliere procedure: {datum_nl(basis)}")
    else:
        basis = plus_maanden(ontvangen, inst.uitgebreid_maanden)
        stappen.append(f"+ {inst.uitgebreid_maanden} maanden uitgebreide procedure: {datum_nl(basis)}")
    return basis


def _verdaging(
    einde: date,
    basis: date,
    perioden: list[Periode],
    weken: int,
    besloten_op: date | None,
    verschuif: Callable[[date], date],
    stappen: list[str],
    eerdere: EerdereOpschortingen | None,
) -> date:
    """Add the verdaging; it must be decided on or before the end as it stood that day.

    With folded earlier suspensions around the decision date the check is skipped: it passed when the
    verdaging was recorded, and suspensions added since only moved the end later.
    """
    if besloten_op is not None:
        vooraf = eerdere.dagen if eerdere is not None and eerdere.laatste_van < besloten_op else 0
        binnen_eerdere = eerdere is not None and eerdere.eerste_van < besloten_op <= eerdere.laatste_van
        dagen = vooraf + sum(opgeschorte_dagen(p.van, p.tot) for p in perioden if p.van < besloten_op)
        grens = verschuif(basis + timedelta(days=dagen))
        if besloten_op > grens and not binnen_eerdere:
            raise Unprocessable(
                f"De verdaging is besloten op {datum_nl(besloten_op)}, na het einde van de beslistermijn; "
                f"verdagen kan {tot_en_met_laatste_dag(grens)}.",
                code="verdaging-te-laat",
            )
        wanneer = f"besloten op {datum_nl(besloten_op)}"
    else:
        wanneer = "besluitdatum niet opgegeven"
    einde += timedelta(weeks=weken)
    stappen.append(f"+ {weken} {'week' if weken == 1 else 'weken'} verdaging ({wanneer}): {datum_nl(einde)}")
    return einde


def _atw_stap(einde: date, kal: AtwKalender, atw: bool, stappen: list[str]) -> date:
    reden = kal.reden_geen_werkdag(einde)
    if reden is None:
        return einde
    if not atw:
        stappen.append(
            f"{datum_nl(einde)} is {reden}; de Algemene termijnenwet wordt niet toegepast op de uitgebreide "
            "procedure (instelling atw_op_uitgebreid)"
        )
        return einde
    verschoven = kal.verschuif(einde)
    overgeslagen = [f"{datum_nl(einde)} is {reden}"]  # every day the shift skips, each with its reason
    dag = einde + timedelta(days=1)
    while dag < verschoven:
        overgeslagen.append(f"{datum_nl(dag)} {kal.reden_geen_werkdag(dag)}")
        dag += timedelta(days=1)
    stappen.append(
        f"{opsomming(overgeslagen)} → verschoven naar {datum_nl(verschoven)} (Algemene termijnenwet art. 1)"
    )
    return verschoven


def _controleer_verdaging(
    weken: int | None, besloten_op: date | None, ontvangen: date, inst: TermijnInstellingen
) -> int | None:
    if weken is None:
        if besloten_op is not None:
            raise ValidationError(
                "Er is een datum van het verdagingsbesluit opgegeven, maar geen aantal weken.",
                code="verdaging-zonder-weken",
            )
        return None
    # one code, one status: a 422 for weeks that are no whole number as for 0 weeks (review S20, 7)
    weken = eis_geheel_getal(weken, "De verdaging (in weken)", code="verdaging-ongeldig", fout=Unprocessable)
    if weken <= 0:
        raise Unprocessable(
            f"Een verdaging moet ten minste 1 week zijn (nu {weken}).", code="verdaging-ongeldig"
        )
    if weken > inst.max_verdaging_weken:
        raise Unprocessable(
            f"De beslistermijn mag eenmaal met ten hoogste {inst.max_verdaging_weken} weken worden verdaagd "
            f"(nu {weken} weken).",
            code="verdaging-te-lang",
        )
    if besloten_op is not None and eis_datum(besloten_op, "De datum van het verdagingsbesluit") < ontvangen:
        raise ValidationError(
            f"Het verdagingsbesluit ({datum_nl(besloten_op)}) ligt vóór de ontvangst van de aanvraag "
            f"({datum_nl(ontvangen)}).",
            code="verdaging-voor-ontvangst",
        )
    return weken
