"""How a timer's ISO 8601 value reads: on the Dutch wall clock, whatever the server's zone.

A municipal modeller means Dutch time. A moment without an offset (``2027-07-01T09:00:00``) is read in
Europe/Amsterdam (``services.clock.NL``), never in the server's zone (SpiffWorkflow fixes that offset
once, when it is imported). A Dutch time that does not exist (the spring gap, 02:00-03:00 on the last
Sunday of March) or exists twice (the autumn fold, 02:00-03:00 on the last Sunday of October) is read
as zoneinfo's ``fold=0`` reads it, with the offset before the switch: 02:30 in the gap is 03:30 summer
time, 02:30 in the fold the first one (summer time). Deploy refuses such a constant (``dutch_fault``).

A duration steps as ISO 8601 reads it with a zone: its years, months, weeks and days on the Dutch
calendar (P1D from 09:00 is 09:00 the next Dutch day, 23 or 25 hours across a switch), then its hours,
minutes and seconds as elapsed time (PT24H is 24 hours). Months are counted as SpiffWorkflow counts them
(the lengths of the months from the start's month on), from the Dutch date.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from processes.termijnen.datums import datum_nl
from services.clock import NL, in_nl

#: the parts of a duration that step on the calendar; the others (hours, minutes, seconds) are elapsed
_CALENDAR = ("years", "months", "weeks", "days")


def _local(value: str) -> datetime:
    """The ISO 8601 date or moment (also a week date, ``2027-W26-4T09:00``) as written, naive or not."""
    if not isinstance(value, str):
        raise TypeError(value)
    return datetime.fromisoformat(value.strip())


def moment(value: str) -> datetime:
    """A timeDate value as a moment in UTC; without an offset, on the Dutch clock (fold=0)."""
    written = _local(value)
    if written.tzinfo is None:
        written = written.replace(tzinfo=NL, fold=0)
    return written.astimezone(UTC)


def dutch_fault(value: str) -> str | None:
    """Why a moment written without an offset has no single Dutch reading (Dutch), None when it has one."""
    written = _local(value)
    if written.tzinfo is not None:
        return None
    first, second = written.replace(tzinfo=NL, fold=0), written.replace(tzinfo=NL, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    day = datum_nl(written.date())
    if first.astimezone(UTC).astimezone(NL).replace(tzinfo=None) != written:
        return (
            f"{written:%H:%M} bestaat niet in Nederlandse tijd: op {day} gaat de klok van 02:00 naar 03:00 "
            "(zomertijd); kies een ander tijdstip of geef de offset erbij"
        )
    return (
        f"{written:%H:%M} komt in Nederlandse tijd twee keer voor: op {day} gaat de klok van 03:00 terug "
        f'naar 02:00 (wintertijd); geef de offset erbij: "{written:%Y-%m-%dT%H:%M}+02:00" de eerste keer, '
        f'"{written:%Y-%m-%dT%H:%M}+01:00" de tweede'
    )


def _parts(duration: str) -> tuple[dict[str, Any], timedelta]:
    """A duration's calendar parts (as SpiffWorkflow parses them) and its elapsed part."""
    if not isinstance(duration, str) or not duration.strip().upper().startswith("P"):
        raise ValueError(duration)
    parsed = TimerEventDefinition.parse_iso_duration(duration)
    calendar = {k: v for k, v in parsed.items() if k in _CALENDAR}
    return calendar, timedelta(**{k: v for k, v in parsed.items() if k not in _CALENDAR})


def _on_the_calendar(start: datetime, days: timedelta) -> datetime:
    """``start`` moved by whole or part Dutch days, to the same wall-clock time (fold=0), in UTC."""
    if not days:
        return start.astimezone(UTC)  # no wall-clock step: a moment in the fold keeps its own offset
    wall = in_nl(start).replace(tzinfo=None) + days
    return wall.replace(tzinfo=NL).astimezone(UTC)


def after(start: datetime, duration: str) -> datetime:
    """The moment ``duration`` after ``start`` (UTC): calendar parts in Dutch days, then elapsed time."""
    calendar, elapsed = _parts(duration)
    days = TimerEventDefinition.get_timedelta_from_start(calendar, in_nl(start))
    return _on_the_calendar(start, days) + elapsed


def before(end: datetime, duration: str) -> datetime:
    """The moment ``duration`` before ``end`` (UTC): elapsed time back, then the calendar parts."""
    calendar, elapsed = _parts(duration)
    end = end - elapsed
    days = TimerEventDefinition.get_timedelta_from_end(calendar, in_nl(end))
    return _on_the_calendar(end, -days)


def _components(expression: str) -> list[str]:
    """A timeCycle ``R[n]/...`` split at its slashes (``--`` is one too): the count, then its parts."""
    return expression.upper().replace("--", "/").strip("R").split("/")


def first_cycle(expression: str, now: datetime) -> dict[str, Any]:
    """A timeCycle ``R[n]/duration``, ``R[n]/start/duration`` or ``R[n]/duration/end`` as the value a
    cycle timer stores: cycles left, the first moment, the period (each next one is ``after`` the last)
    and, for readers that know no period, the first period in seconds."""
    components = _components(expression)
    cycles = int(components[0]) if components[0] else -1
    if len(components) == 2:
        period = components[1]
        start = after(now, period)
    elif len(components) == 3 and components[1].startswith("P") and not components[2].startswith("P"):
        period = components[1]
        start = before(moment(components[2]), period)
    elif len(components) == 3 and components[2].startswith("P"):
        period = components[2]
        start = moment(components[1])
    else:
        raise ValueError(f"Invalid recurring interval: {expression}")
    seconds = (after(start, period) - start).total_seconds()
    return {"cycles": cycles, "next": start.isoformat(), "duration": seconds, "period": period}


def next_cycle(value: dict[str, Any]) -> datetime:
    """The cycle's moment after ``value["next"]``: one period on; a cycle stored before periods were kept
    (no ``period``) steps its stored seconds, as it did when it started."""
    current = datetime.fromisoformat(value["next"])
    period = value.get("period")
    return after(current, period) if period else current + timedelta(seconds=value["duration"])


def cycle_moments(expression: str) -> list[str]:
    """The moments written in a timeCycle (its start or end), for ``dutch_fault``."""
    return [c for c in _components(expression)[1:] if c and not c.startswith("P")]
