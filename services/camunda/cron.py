"""Quartz cron lines (Camunda timer cycles) as ISO 8601 repeating intervals, where one means the same.

A cron line is a calendar pattern; an ISO 8601 repetition (``R/PT5M``) is a fixed period. The two
agree only for "every n units": one field steps (``0/5``, ``*/5`` or ``*``) by a number that divides
the field (``0/7`` minutes runs 0, 7, ..., 56 and then 0 again), every smaller field is fixed at its
start (second 0, minute 0, hour 0) and every larger field is a wildcard. Anything else
(lists, ranges, a fixed hour of the day, weekdays, ``L``/``W``/``#``, a year) has no ISO equivalent
and is refused with the reason. One difference stays and is reported: Camunda aligns the period to
the clock (every 5 minutes at :00, :05, ...), SpiffWorkflow counts it from when the timer is armed.
"""

from __future__ import annotations

from processes.getallen import cijfers

from .expressions import NotTranslatable

#: Quartz fields, smallest first: name, ISO unit, the value a period starts at.
FIELDS = (
    ("seconde", "S", "0"),
    ("minuut", "M", "0"),
    ("uur", "H", "0"),
    ("dag van de maand", "D", "1"),
    ("maand", "MO", "1"),
)
#: Per field: how many values it has, and the larger unit after which Quartz starts it again. A step
#: is a fixed period only when it divides that count (0/15 minutes; not 0/7: ..., 49, 56, 0). A month
#: has 28 to 31 days, so in the day field only a step of 1 is one.
CYCLES = ((60, "elke minuut"), (60, "elk uur"), (24, "elke dag"), (1, "elke maand"), (12, "elk jaar"))
WILDCARDS = {"*", "?"}


def _step(value: str, start: str) -> int | None:
    """The period of a stepping field (``*`` = 1, ``0/5`` or ``*/5`` = 5); None when it does not step."""
    if value in WILDCARDS:
        return 1
    base, sep, step = value.partition("/")
    number = cijfers(step, 10**6) if sep and base in ("*", start) else None
    if number:
        return number
    return None


def _iso(unit: str, n: int) -> str:
    if unit == "MO":
        return f"R/P{n}M"
    if unit == "D":
        return f"R/P{n}D"
    return f"R/PT{n}{unit}"


def quartz_to_iso(line: str) -> str:
    """``0/5 0/1 * 1/1 * ?`` -> ``R/PT5S``; NotTranslatable with a Dutch reason otherwise."""
    parts = line.split()
    if len(parts) == 5:  # Unix cron: no seconds field
        parts = ["0", *parts]
    if len(parts) not in (6, 7):
        raise NotTranslatable(f"cron-regel '{line}' heeft {len(parts)} velden (verwacht 5, 6 of 7)")
    if len(parts) == 7 and parts[6] not in WILDCARDS:
        raise NotTranslatable(f"cron-regel '{line}' beperkt het jaar ({parts[6]}); dat kent ISO 8601 niet")
    if parts[5] not in WILDCARDS:
        raise NotTranslatable(
            f"cron-regel '{line}' noemt dagen van de week ({parts[5]}); een vaste ISO 8601-herhaling kan dat niet"
        )
    fields = parts[:5]
    for i, ((name, unit, start), value) in enumerate(zip(FIELDS, fields, strict=True)):
        if value == start and i < len(FIELDS) - 1:
            continue  # a smaller field fixed at its start: the period lies higher up
        period = _step(value, start)
        if value == start:  # the month field fixed at January: once a year
            return "R/P1Y"
        if period is None:
            raise NotTranslatable(
                f"cron-regel '{line}': het veld {name} ('{value}') is een vast tijdstip, lijst of bereik, "
                "geen vaste periode; ISO 8601 kan dat niet zonder begindatum uitdrukken"
            )
        count, larger = CYCLES[i]
        if count % period:
            raise NotTranslatable(
                f"cron-regel '{line}': het veld {name} stapt met {period}, maar Quartz begint {larger} "
                f"opnieuw bij {start}; de afstand is dus niet steeds {period} en geen vaste ISO 8601-periode"
            )
        for (higher, _, hstart), hvalue in zip(FIELDS[i + 1 :], fields[i + 1 :], strict=True):
            if _step(hvalue, hstart) != 1:
                raise NotTranslatable(
                    f"cron-regel '{line}' herhaalt per {name} maar beperkt ook het veld {higher} ('{hvalue}'); "
                    "dat is geen vaste periode"
                )
        return _iso(unit, period)
    return "R/P1Y"  # every field at its start (second 0 ... 1 January): once a year
