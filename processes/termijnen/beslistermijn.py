"""The decision term (beslistermijn) of an omgevingsvergunning: Awb/Omgevingswet, with opschorting,
verdaging and the Algemene termijnenwet.

How the date is built (each step is recorded in Dutch in ``Beslistermijn.stappen``):

1. Day 0 is the day of receipt. Regulier: receipt + 8 weeks (ends on day 56). Uitgebreid: receipt + 6
   calendar months (clamped to the month's last day). This is ``oorspronkelijke_einddatum``.
2. Opschorting (Awb 4:15 lid 1 a): "met ingang van de dag na die waarop het bestuursorgaan ... uitnodigt de
   aanvraag aan te vullen, tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn
   ongebruikt is verstreken". Each period ``(van, tot)`` adds the days from the day AFTER ``van`` (the day
   the aanvullingsverzoek was sent) up to but not including ``tot`` (in legislation "tot" excludes the day
   named), ``opgeschorte_dagen``: ``tot`` is the day the term runs again, the day the supplement arrived, or
   the day after the aanvullingstermijn's last day when it passed unused (it has "verstreken" only after
   that day: a period ``(van, einde, True)``, ``hervat_op``). A supplement on the day of the request or the day after suspends nothing. A request may come
   on the last day the previous suspension stood still, not before it (their days never overlap). A request made
   in the Atw extension after the plain end (allowed: the term had not ended) makes the end at least ``tot``:
   a term does not expire while it stands still.
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
from typing import Any, NamedTuple

from processes.errors import ValidationError
from processes.nederlands import opsomming
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import datum_nl, eis_datum, eis_geheel_getal, plus_maanden
from processes.termijnen.kalender import AtwKalender

PROCEDURES = ("regulier", "uitgebreid")

#: an opschorting as given: ``(van, tot)``, ``tot`` the day the aanvulling came; or ``(van, einde, verstreken)``,
#: ``verstreken`` True when ``einde`` is the last day of an aanvullingstermijn that passed unused, False as a
#: pair, None when unknown (a period stored before the two were told apart: counted through ``einde``)
Opschorting = tuple[date, date] | tuple[date, date, bool | None]


class _Periode(NamedTuple):
    van: date
    tot: date  # the day the term runs again (hervat_op)
    einde: date  # as given
    verstreken: bool | None


def hervat_op(einde: date, verstreken: bool | None) -> date:
    """The day the term runs again after an opschorting that ended on ``einde`` (Awb 4:15 lid 1): that day
    when the aanvulling came on it (``verstreken`` False), the day after when it was the last day of an
    aanvullingstermijn that passed unused (True) or is unknown (None: counted through it, as it was)."""
    return einde if verstreken is False else einde + timedelta(days=1)


@dataclass(frozen=True)
class EerdereOpschortingen:
    """Closed suspensions folded into one figure (a long history is not re-checked on every step).

    They were checked when they were added; adding suspensions only moves the end later, so a check
    that passed stays passed. ``eerste_van``/``laatste_van``: the first and last request dates,
    ``tot``: the day the term ran again after the last one (later suspensions may not suspend a day
    before it).
    """

    aantal: int
    dagen: int
    eerste_van: date
    laatste_van: date
    tot: date


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
    perioden = _controleer_opschortingen(opschortingen, ontvangen)
    _controleer_na_eerdere(perioden, eerdere)
    weken = _controleer_verdaging(verdaging_weken, verdaging_besloten_op, ontvangen, inst)
    atw = procedure == "regulier" or inst.atw_op_uitgebreid
    verschuif = kal.verschuif if atw else _zelfde

    stappen = [f"Ontvangen op {datum_nl(ontvangen)} (dag 0)"]
    basis = _basis(ontvangen, procedure, inst, stappen)
    verdaagd_op = verdaging_besloten_op if weken is not None else None
    einde, opgeschort = _opschortingen(basis, perioden, weken, verdaagd_op, verschuif, stappen, eerdere)
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


def opschorting_vanaf(verzoek: date) -> date:
    """Awb 4:15 lid 1: the beslistermijn stands still from the day after the aanvullingsverzoek."""
    return verzoek + timedelta(days=1)


def opgeschorte_dagen(van: date, tot: date) -> int:
    """The days a suspension stands still (Awb 4:15 lid 1): from the day after the request ``van`` up to,
    not including, ``tot``, the day the term runs again; none when that is the day of the request or the
    day after."""
    return max(0, (tot - van).days - 1)


def laatste_opgeschorte_dag(van: date, tot: date) -> date:
    """The last day a suspension stands still ("t/m"); ``van`` itself when it suspends nothing."""
    return van + timedelta(days=opgeschorte_dagen(van, tot))


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


def _opschortingen(
    basis: date,
    perioden: list[_Periode],
    weken: int | None,
    verdaagd_op: date | None,
    verschuif: Callable[[date], date],
    stappen: list[str],
    eerdere: EerdereOpschortingen | None,
) -> tuple[date, int]:
    """Add the (sorted) suspensions; each must start on or before the end as it stood that day.

    One pass: the days of the suspensions that started strictly before a period's ``van`` are the
    running total at the start of its group of equal ``van`` (linear, however long the history).
    """
    einde, opgeschort, eerder, vorige_van = basis, 0, 0, None
    if eerdere is not None:
        einde, opgeschort = basis + timedelta(days=eerdere.dagen), eerdere.dagen
        stappen.append(
            f"+ {eerdere.dagen} {'dag' if eerdere.dagen == 1 else 'dagen'} opschorting in {eerdere.aantal} eerdere "
            f"perioden ({datum_nl(eerdere.eerste_van)} t/m {datum_nl(eerdere.tot)}): {datum_nl(einde)}"
        )
    for p in perioden:
        van, tot = p.van, p.tot
        if van != vorige_van:
            eerder, vorige_van = opgeschort, van
        grens = basis + timedelta(days=eerder)
        if weken is not None and verdaagd_op is not None and verdaagd_op < van:
            grens += timedelta(weeks=weken)
        grens = verschuif(grens)
        if van > grens:
            raise ValidationError(
                f"Het aanvullingsverzoek van {datum_nl(van)} valt na het einde van de beslistermijn "
                f"({datum_nl(grens)}) en kan de termijn niet meer opschorten.",
                code="opschorting-na-termijn",
            )
        dagen = opgeschorte_dagen(van, tot)
        opgeschort += dagen
        einde += timedelta(days=dagen)
        stappen.append(_opschorting_stap(p, dagen, einde))
        if einde < tot:  # asked in the Atw extension after the plain end: no end while it stands still
            einde = tot
            stappen.append(
                f"Het verzoek viel in de verlenging door de Algemene termijnenwet; de termijn eindigt niet "
                f"vóór de dag waarop hij weer loopt: {datum_nl(einde)}"
            )
    return einde, opgeschort


def _opschorting_stap(p: _Periode, dagen: int, einde: date) -> str:
    van, tot = p.van, p.tot
    if dagen == 0:
        if p.verstreken:
            return (
                f"Aanvullingsverzoek op {datum_nl(van)}, aanvullingstermijn ongebruikt verstreken op "
                f"{datum_nl(p.einde)}: geen opschorting"
            )
        wat = "aanvulling" if p.verstreken is False else "einde van de opschorting"
        if p.einde == van:
            return f"Aanvullingsverzoek en {wat} op {datum_nl(van)}: geen opschorting"
        return f"Aanvullingsverzoek op {datum_nl(van)} en {wat} op {datum_nl(p.einde)}: geen opschorting"
    return (
        f"+ {dagen} {'dag' if dagen == 1 else 'dagen'} opschorting van {datum_nl(opschorting_vanaf(van))} "
        f"t/m {datum_nl(laatste_opgeschorte_dag(van, tot))} (aanvullingsverzoek {datum_nl(van)}; de termijn "
        f"loopt weer vanaf {datum_nl(tot)}): {datum_nl(einde)}"
    )


def _verdaging(
    einde: date,
    basis: date,
    perioden: list[_Periode],
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
            raise ValidationError(
                f"De verdaging is besloten op {datum_nl(besloten_op)}, na het einde van de "
                f"beslistermijn ({datum_nl(grens)}); verdagen kan alleen vóór het einde van de termijn.",
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


def _controleer_opschortingen(opschortingen: Sequence[Opschorting], ontvangen: date) -> list[_Periode]:
    perioden: list[_Periode] = []
    for paar in opschortingen:
        try:
            van, einde, verstreken = (*paar, False) if len(paar) == 2 else paar
        except (TypeError, ValueError):
            raise ValidationError(
                f"Een opschorting is een paar (van, tot), niet {paar!r}.", code="ongeldige-opschorting"
            ) from None
        van, einde = eis_datum(van, "Begin van de opschorting"), eis_datum(einde, "Einde van de opschorting")
        if einde < van:  # as given: an unused term's last day may be the day of the request, not before
            raise ValidationError(
                f"De opschorting eindigt ({datum_nl(einde)}) vóór ze begint ({datum_nl(van)}).",
                code="opschorting-omgekeerd",
            )
        if van < ontvangen:
            raise ValidationError(
                f"De opschorting begint ({datum_nl(van)}) vóór de ontvangst van de aanvraag ({datum_nl(ontvangen)}).",
                code="opschorting-voor-ontvangst",
            )
        perioden.append(_Periode(van, hervat_op(einde, verstreken), einde, verstreken))
    perioden.sort(key=lambda p: (p.van, p.tot))
    for p1, p2 in zip(perioden, perioden[1:], strict=False):
        if p2.van < laatste_opgeschorte_dag(p1.van, p1.tot):
            raise ValidationError(
                f"De opschorting {datum_nl(p1.van)} – {datum_nl(p1.einde)} overlapt met {datum_nl(p2.van)} – "
                f"{datum_nl(p2.einde)}.",
                code="opschorting-overlapt",
            )
    return perioden


def _controleer_na_eerdere(perioden: list[_Periode], eerdere: EerdereOpschortingen | None) -> None:
    if eerdere is None or not perioden:
        return
    laatste = laatste_opgeschorte_dag(eerdere.laatste_van, eerdere.tot)
    if perioden[0].van < laatste:
        van, einde = perioden[0].van, perioden[0].einde
        raise ValidationError(
            f"De opschorting {datum_nl(van)} – {datum_nl(einde)} begint vóór de laatste dag van de eerdere "
            f"opschortingen ({datum_nl(laatste)}).",
            code="opschorting-overlapt",
        )


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
    weken = eis_geheel_getal(weken, "De verdaging (in weken)", code="verdaging-ongeldig")
    if weken <= 0:
        raise ValidationError(
            f"Een verdaging moet ten minste 1 week zijn (nu {weken}).", code="verdaging-ongeldig"
        )
    if weken > inst.max_verdaging_weken:
        raise ValidationError(
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
