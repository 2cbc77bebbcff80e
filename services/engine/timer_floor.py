"""The shortest wait a timer may have (``TIMER_FLOOR``, one minute), at deploy and in the step.

A timer that fires every second (a cycle ``"R/PT1S"``, or a ``"PT1S"`` timer on a loop back into itself) is
due at every scheduler pass. The pass gives each case one turn (services.case_timers), yet such a case
makes every other case's timer wait a turn of its step, burns CPU and fills the history. So the deploy
refuses a constant ``timeDuration``, or a ``timeCycle`` period, shorter than the floor (``floor_fault``),
a zero duration too: no model uses one, and without the timer the path goes on at once. A value known
only when the timer starts (a timer from data) counts as at least the floor (``floored_after``,
``floored_cycle``, ``floored_next``): the case runs on, its timer no more often than the floor. So does
a case of a model deployed before the floor. A ``timeDate`` is a moment, not a wait, and is not floored.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .wallclock import after, first_cycle, next_cycle

TIMER_FLOOR = timedelta(minutes=1)
#: the floor as the period a floored cycle stores
FLOOR_PERIOD = f"PT{int(TIMER_FLOOR.total_seconds())}S"
#: a weekday without a switch of summer time: a constant's wait is measured from it
_MEASURED_FROM = datetime(2026, 1, 7, 9, 0, tzinfo=UTC)


def _span(wait: timedelta) -> str:
    """A wait in Dutch: "1 minuut", "5 minuten", "1 seconde", "0,5 seconden"."""
    seconds = wait.total_seconds()
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
    return f"{seconds:g} {'seconde' if seconds == 1 else 'seconden'}".replace(".", ",")


FLOOR_TEXT = _span(TIMER_FLOOR)
_WHY = (
    "een kortere timer houdt de planner bezig (in een lus bij elke ronde) en laat de timers van andere zaken "
    "wachten"
)


def interval(kind: str, value: Any) -> timedelta | None:
    """How long a constant ``timeDuration`` waits, or a ``timeCycle``'s period; None for a ``timeDate``.
    ``value`` is one the step can read (``timeclock.timer_fault`` found no fault)."""
    if kind == "timeDuration":
        return after(_MEASURED_FROM, value) - _MEASURED_FROM
    if kind == "timeCycle":
        return timedelta(seconds=first_cycle(value, _MEASURED_FROM)["duration"])
    return None


def floor_fault(kind: str, value: Any) -> str | None:
    """Why a constant timer ``value`` of ``kind`` waits too short (Dutch, naming the floor); None when not."""
    wait = interval(kind, value)
    if wait is None or wait >= TIMER_FLOOR:
        return None
    if kind == "timeCycle":
        return (
            f"De herhaling '{value}' heeft een interval van {_span(wait)}, korter dan de ondergrens voor timers "
            f'van {FLOOR_TEXT}, want {_WHY}. Kies een interval van ten minste {FLOOR_TEXT}, zoals "R/PT5M"'
        )
    if not wait:
        return (
            f"De timer '{value}' wacht niet (een duur van nul); de ondergrens voor timers is {FLOOR_TEXT}, want "
            f"{_WHY}. Laat de timer weg als het proces meteen verder moet, of wacht ten minste {FLOOR_TEXT}"
        )
    return (
        f"De timer '{value}' wacht {_span(wait)}, korter dan de ondergrens voor timers van {FLOOR_TEXT}, want "
        f'{_WHY}. Kies een duur van ten minste {FLOOR_TEXT}, zoals "PT5M"'
    )


def floored_after(start: datetime, duration: str) -> datetime:
    """When a ``timeDuration`` timer started at ``start`` is due: ``duration`` on, and at least the floor."""
    return max(after(start, duration), start + TIMER_FLOOR)


def floored_cycle(value: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A cycle's first stored value (``wallclock.first_cycle`` at ``now``) with a period of at least the
    floor, its first moment then at least the floor after ``now``."""
    if value["duration"] >= TIMER_FLOOR.total_seconds():
        return value
    first = max(datetime.fromisoformat(value["next"]), now + TIMER_FLOOR)
    return value | {
        "next": first.isoformat(),
        "duration": TIMER_FLOOR.total_seconds(),
        "period": FLOOR_PERIOD,
    }


def floored_next(value: dict[str, Any], now: datetime) -> datetime:
    """The cycle's moment after ``value["next"]`` (``wallclock.next_cycle``). A cycle stored with a period
    of the floor or shorter (a case of a model deployed before the floor, a cycle from data that
    ``floored_cycle`` stored at the floor, a model's cycle of exactly the floor) waits at least the floor
    from ``now``, the step's clock: after a pause, an incident or a scheduler's downtime it fires once, not
    once per pass for each period it missed. Every longer cycle steps its period as it is."""
    if value["duration"] > TIMER_FLOOR.total_seconds():
        return next_cycle(value)
    return max(next_cycle(value), now + TIMER_FLOOR)
