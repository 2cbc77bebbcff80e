"""Injected time. Production uses the system clock; tests move a ``FixedClock`` forward."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, overload
from zoneinfo import ZoneInfo

from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl, eis_bereik

#: the zone of the municipalities' calendar: legal days, office hours, what a user reads
NL = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now = self._now + timedelta(**delta)
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        self._now = moment


def as_utc(moment: datetime) -> datetime:
    """A stored moment with its zone: SQLite hands timestamps back naive, and they are stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def in_utc(moment: datetime) -> datetime:
    """The moment in UTC, the zone everything is stored in (a naive one is taken to be UTC already)."""
    return as_utc(moment).astimezone(UTC)


def start_of_day(day: date) -> datetime:
    """The first moment of a Dutch calendar day, in UTC (as the store keeps moments)."""
    return datetime.combine(day, time.min, NL).astimezone(UTC)


def in_nl(moment: datetime) -> datetime:
    """The moment on the Dutch clock (a naive one is taken to be UTC, as the store keeps it)."""
    return as_utc(moment).astimezone(NL)


def eis_moment_bereik(moment: datetime, veld: str, *, code: str = "ongeldige-datum") -> datetime:
    """``moment`` if its calendar day in UTC and in the Netherlands (the zones the engine uses) lies in the
    platform's date range (``eis_bereik``), else a Dutch ValidationError with ``code`` naming ``veld``."""
    try:
        days = (in_utc(moment).date(), in_nl(moment).date())
    except OverflowError:  # past year 9999 or before year 1 once moved to UTC or to Dutch time
        raise ValidationError(f"{veld} ligt buiten het toegestane bereik.", code=code) from None
    for day in days:
        eis_bereik(day, veld, code=code)
    return moment


def tijdstip_nl(moment: datetime) -> str:
    """The moment as a user reads it, on the Dutch clock: '2 maart 2026, 10:15'."""
    local = in_nl(moment)
    return f"{datum_nl(local.date())}, {local:%H:%M}"


@overload
def iso_utc(moment: datetime) -> str: ...
@overload
def iso_utc(moment: None) -> None: ...
@overload
def iso_utc(moment: datetime | None) -> str | None: ...
def iso_utc(moment: datetime | None) -> str | None:
    """The moment as an ISO 8601 string in UTC, with its offset (``...+00:00``), as every answer sends
    it; a naive one is taken to be UTC, as the store keeps it. ``None`` (no moment) stays ``None``."""
    return None if moment is None else in_utc(moment).isoformat()


def today(clock: Clock) -> date:
    """The calendar date in the Netherlands (Europe/Amsterdam) for a clock's instant."""
    return in_nl(clock.now()).date()
