"""Small date helpers: Dutch formatting, calendar-month arithmetic and input checks."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any

from processes.errors import ValidationError, given

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
#: the dates the platform reckons with: any real case fits, and a term of years added to one, or a
#: day either side in another time zone, is still a date Python can hold (date.max is 9999-12-31)
DATUM_MIN = date(1900, 1, 1)
DATUM_MAX = date(9998, 12, 31)
#: the Wabo took effect on 1 October 2010: the oldest law whose procedures Ruimteflow runs, so no case
#: can have been received before it (an earlier ``ontvangen`` is a mistyped year)
WABO_SINDS = date(2010, 10, 1)
WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def datum_nl(d: date) -> str:
    """``date(2026, 3, 3)`` -> ``"3 maart 2026"``."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def weekdag_nl(d: date) -> str:
    return WEEKDAGEN[d.weekday()]


def tot_en_met_laatste_dag(laatste: date) -> str:
    """Until when a step of a term may be taken, in a refusal after that: the last day ``laatste`` itself
    is in time (``"tot en met de laatste dag van de termijn (28 april 2026)"``), which "vóór het einde van
    de termijn" left unsure."""
    return f"tot en met de laatste dag van de termijn ({datum_nl(laatste)})"


def plus_maanden(d: date, maanden: int) -> date:
    """Add calendar months; a day that does not exist in the target month becomes its last day."""
    index = d.year * 12 + (d.month - 1) + maanden
    jaar, maand0 = divmod(index, 12)
    laatste = calendar.monthrange(jaar, maand0 + 1)[1]
    return date(jaar, maand0 + 1, min(d.day, laatste))


def eis_datum(waarde: object, veld: str) -> date:
    """Return ``waarde`` if it is a plain date within DATUM_MIN..DATUM_MAX, else raise a Dutch ValidationError."""
    if isinstance(waarde, datetime) or not isinstance(waarde, date):
        raise ValidationError(
            f"{veld} moet een datum zijn (geen tijdstip), {given(waarde)}.", code="ongeldige-datum"
        )
    return eis_bereik(waarde, veld)


def als_datum(waarde: object, veld: str) -> date:
    """A date from a date or an ISO text (YYYY-MM-DD), with a Dutch error naming the field."""
    if isinstance(waarde, str):
        return lees_datum(waarde[:10] if len(waarde) > 10 and waarde[10] == "T" else waarde, veld)
    return eis_datum(waarde, veld)


def eis_bereik(d: date, veld: str, *, code: str = "ongeldige-datum") -> date:
    """Return ``d`` if it lies in DATUM_MIN..DATUM_MAX, else raise a Dutch ValidationError with ``code``.

    The one home of the date range: every parser of dates from outside calls it.
    """
    if not DATUM_MIN <= d <= DATUM_MAX:
        raise ValidationError(
            f"{veld}: {d.isoformat()} ligt buiten het toegestane bereik "
            f"({DATUM_MIN.isoformat()} tot en met {DATUM_MAX.isoformat()}).",
            code=code,
        )
    return d


def lees_datum(tekst: str, veld: str) -> date:
    """Parse ``YYYY-MM-DD`` (within DATUM_MIN..DATUM_MAX) with a Dutch error naming the field."""
    if not isinstance(tekst, str):
        raise ValidationError(
            f"{veld}: verwacht een datum als JJJJ-MM-DD, {given(tekst)}.", code="ongeldige-datum"
        )
    schoon = tekst.strip()
    try:
        if len(schoon) != 10:
            raise ValueError(schoon)
        datum = date.fromisoformat(schoon)
    except ValueError:
        raise ValidationError(
            f"{veld}: '{tekst}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-03.",
            code="ongeldige-datum",
        ) from None
    return eis_bereik(datum, veld)


def eis_geheel_getal(
    waarde: object,
    veld: str,
    *,
    code: str,
    sleutel: str | None = None,
    fout: type[ValidationError] = ValidationError,
) -> int:
    """``waarde`` if it is a whole number, else a Dutch ValidationError naming ``veld`` (and the input's
    ``sleutel``, when given, as the problem's ``veld``). ``fout``: the error's class, for a code that other
    checks raise as its subclass (``Unprocessable``, 422: one code, one status)."""
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        extra: dict[str, Any] = {"veld": sleutel} if sleutel else {}
        raise fout(f"{veld} moet een geheel getal zijn, {given(waarde)}.", code=code, **extra)
    return waarde


#: why no case can have been received before WABO_SINDS, in the refusal of an earlier day; true of every
#: procedure (a permit names its own rule, the Wabo: processes.vergunning)
VROEGSTE_ONTVANGST = "de vroegste ontvangstdatum van een zaak in Ruimteflow; die datum kan niet kloppen"


def ontvangstdag(gegeven: object, vandaag: date, *, vroegste: str = VROEGSTE_ONTVANGST) -> date:
    """The day an application was received: ``gegeven`` (the start data's ``ontvangen``, for a paper
    application registered after the day it arrived) or else ``vandaag``; never a day after ``vandaag``.
    The legal terms count from it, and the case shows it as the day of receipt. A day before WABO_SINDS
    is refused: no procedure Ruimteflow runs existed then (a mistyped year made a case decades overdue);
    ``vroegste`` says why, after the day it names."""
    if not gegeven:
        return vandaag
    dag = als_datum(gegeven, "De ontvangstdatum")
    if dag > vandaag:
        raise ValidationError(
            f"De ontvangstdatum {datum_nl(dag)} ligt in de toekomst (vandaag is {datum_nl(vandaag)}).",
            code="ontvangen-in-toekomst",
            veld="ontvangen",
        )
    if dag < WABO_SINDS:
        raise ValidationError(
            f"De ontvangstdatum {datum_nl(dag)} ligt vóór {datum_nl(WABO_SINDS)}, {vroegste}. Controleer het jaartal.",
            code="ontvangen-te-vroeg",
            veld="ontvangen",
        )
    return dag


#: an ISO 8601 duration of whole years, months, weeks and days: P1Y, P18M, P8W, P10Y6M, P30D
_DUUR = re.compile(r"^P(?=\d)(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$")


def iso_duur(tekst: object) -> tuple[int, int] | None:
    """An ISO 8601 duration of whole years, months, weeks and days as (months, days), so that P18M equals
    P1Y6M and P8W equals P56D; None for anything else (a time part or a fraction: no calendar term)."""
    found = _DUUR.match(tekst.strip()) if isinstance(tekst, str) else None
    if found is None:
        return None
    jaren, maanden, weken, dagen = (int(g or 0) for g in found.groups())
    return jaren * 12 + maanden, weken * 7 + dagen
