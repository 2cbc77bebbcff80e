"""Opschorting of the beslistermijn (Awb 4:15 lid 1 a): "met ingang van de dag na die waarop het
bestuursorgaan ... uitnodigt de aanvraag aan te vullen, tot de dag waarop de aanvraag is aangevuld of de daarvoor
gestelde termijn ongebruikt is verstreken".

Each period ``(van, tot)`` adds the days from the day AFTER ``van`` (the day the aanvullingsverzoek was sent) up
to but not including ``tot`` (in legislation "tot" excludes the day named), ``opgeschorte_dagen``: ``tot`` is the
day the term runs again, the day the supplement arrived, or the day after the aanvullingstermijn's last day when
it passed unused (it has "verstreken" only after that day: a period ``(van, einde, True)``, ``hervat_op``). A
supplement on the day of the request or the day after suspends nothing. A request may come on the last day the
previous suspension stood still, not before it (their days never overlap). A request made in the Atw extension
after the plain end (allowed: the term had not ended) makes the end at least ``tot``: a term does not expire
while it stands still. The whole decision term: processes.termijnen.beslistermijn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl, eis_datum

#: an opschorting as given: ``(van, tot)``, ``tot`` the day the aanvulling came; or ``(van, einde, verstreken)``,
#: ``verstreken`` True when ``einde`` is the last day of an aanvullingstermijn that passed unused, False as a
#: pair, None when unknown (a period stored before the two were told apart: counted through ``einde``)
Opschorting = tuple[date, date] | tuple[date, date, bool | None]


class Periode(NamedTuple):
    """One opschorting, checked (``controleer_opschortingen``)."""

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


def tel_opschortingen_op(
    basis: date,
    perioden: list[Periode],
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


def _opschorting_stap(p: Periode, dagen: int, einde: date) -> str:
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


def controleer_opschortingen(opschortingen: Sequence[Opschorting], ontvangen: date) -> list[Periode]:
    """The opschortingen as given, checked (dates, order, after the receipt, no overlap) and sorted."""
    perioden: list[Periode] = []
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
        perioden.append(Periode(van, hervat_op(einde, verstreken), einde, verstreken))
    perioden.sort(key=lambda p: (p.van, p.tot))
    for p1, p2 in zip(perioden, perioden[1:], strict=False):
        if p2.van < laatste_opgeschorte_dag(p1.van, p1.tot):
            raise ValidationError(
                f"De opschorting {datum_nl(p1.van)} – {datum_nl(p1.einde)} overlapt met {datum_nl(p2.van)} – "
                f"{datum_nl(p2.einde)}.",
                code="opschorting-overlapt",
            )
    return perioden


def controleer_na_eerdere(perioden: list[Periode], eerdere: EerdereOpschortingen | None) -> None:
    """Refuse a period that starts before the last day the folded earlier ones stood still."""
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
