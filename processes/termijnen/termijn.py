"""Plain term helpers for the BPMN procedures (ter inzage, bezwaar, netbeheerder, warnings).

Same conventions as the calendar: day 0 is the start day; results are Atw-proof unless ``atw=False``.
"""

from __future__ import annotations

from datetime import date, timedelta

from processes.errors import ValidationError
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import eis_datum, eis_geheel_getal, plus_maanden
from processes.termijnen.kalender import AtwKalender, standaard_kalender

#: some ten years of working days: a longer count is no term (the command line and the models' helpers)
MAX_WERKDAGEN = 2600


def termijn_na(
    start: date,
    *,
    weken: int | None = None,
    maanden: int | None = None,
    dagen: int | None = None,
    atw: bool = True,
    kalender: AtwKalender | None = None,
) -> date:
    """The last day of a term of ``weken``, ``maanden`` or ``dagen`` (exactly one) that starts on ``start``.

    Day 0 is ``start``. With ``atw`` (the default) Atw art. 2 (a term of 3+ days holds at least 2 working
    days) and then art. 1 (an end on a non-working day moves to the next working day) are applied.
    """
    start = eis_datum(start, "De begindatum")
    opgegeven = {
        naam: w for naam, w in (("weken", weken), ("maanden", maanden), ("dagen", dagen)) if w is not None
    }
    if len(opgegeven) != 1:
        raise ValidationError(
            "Geef precies één termijnlengte op: weken, maanden of dagen.", code="ongeldige-termijn"
        )
    ((eenheid, waarde),) = opgegeven.items()
    waarde = eis_geheel_getal(waarde, f"Het aantal {eenheid}", code="ongeldige-termijn")
    if waarde < 0:
        raise ValidationError(
            f"Een termijn kan niet negatief zijn ({waarde} {eenheid}).", code="ongeldige-termijn"
        )
    if eenheid == "maanden":
        einde = plus_maanden(start, waarde)
    else:
        einde = start + timedelta(days=waarde * 7 if eenheid == "weken" else waarde)
    if not atw:
        return einde
    kal = kalender if kalender is not None else standaard_kalender()
    return kal.einde_termijn(start, einde)


def werkdagen_termijn(vanaf: date, n: int, *, kalender: AtwKalender | None = None) -> date:
    """The ``n``-th working day after ``vanaf`` (``vanaf`` itself is day 0 and never counts).

    For the netbeheerder's answer to a transportverzoek: 10 working days after receipt.
    """
    kal = kalender if kalender is not None else standaard_kalender()
    return kal.add_werkdagen(eis_datum(vanaf, "De begindatum"), n)


def waarschuwingsdatum(
    einddatum: date,
    weken: int | None = None,
    *,
    kalender: AtwKalender | None = None,
) -> date:
    """When to warn before ``einddatum``: ``weken`` (default from termijnen.toml: 2) earlier.

    A warning date on a non-working day moves EARLIER, to the previous working day, so that it is seen in time.
    """
    einddatum = eis_datum(einddatum, "De einddatum")
    if weken is None:
        weken = TermijnInstellingen.standaard().waarschuwing_weken
    weken = eis_geheel_getal(weken, "Het aantal weken", code="ongeldige-termijn")
    if weken < 0:
        raise ValidationError(f"Het aantal weken kan niet negatief zijn ({weken}).", code="ongeldige-termijn")
    kal = kalender if kalender is not None else standaard_kalender()
    datum = einddatum - timedelta(weeks=weken)
    return datum if kal.is_werkdag(datum) else kal.vorige_werkdag(datum)
