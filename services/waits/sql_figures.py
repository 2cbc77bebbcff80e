"""Figures the database works out, in the terms of either database (SQLite, PostgreSQL): the exact length
of a span in microseconds, the Dutch calendar day of a moment, and per group its count, the conditions
met and its middle values (its median). A figure over thousands of cases no longer reads every case's
moments into Python: PostgreSQL returns a row per group, SQLite (in this process) a tuple of keys
and numbers per row, nothing to parse.

The lengths are whole microseconds, as Python's own ``(end - start).total_seconds()`` counts them
(``days``), and a median is worked out from the group's middle values as ``statistics.median`` does
(``median_of``): the same figures as read row by row in Python, on both databases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Date, Integer, case, cast, extract, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from services.clock import NL

#: the SQLite function that gives a stored moment's Dutch calendar day (``nl_day``)
_NL_DAY = "ruimteflow_nl_day"


def _postgresql(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def microseconds(s: Session, start: Any, end: Any) -> Any:
    """The length from ``start`` to ``end`` (two moments) in whole microseconds. SQLite stores a moment
    as text, 'YYYY-MM-DD HH:MM:SS.ffffff': its whole seconds and its microseconds apart."""
    if _postgresql(s):
        return cast(extract("epoch", end - start) * 1_000_000, BigInteger)

    def whole(moment: Any) -> Any:
        return cast(func.strftime("%s", moment), Integer)

    def fraction(moment: Any) -> Any:
        return cast(func.substr(moment, 21, 6), Integer)

    return (whole(end) - whole(start)) * 1_000_000 + fraction(end) - fraction(start)


def days(us: int) -> float:
    """A length in microseconds in days, as ``(end - start).total_seconds() / 86400`` gives it."""
    return us / 10**6 / 86400


def _nl_day_text(stored: str | None) -> str | None:
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(NL).date().isoformat()


def nl_day(s: Session, moment: Any) -> Any:
    """The Dutch calendar day of ``moment`` (as services.waits.derive.local_day gives it), a date on
    PostgreSQL and a 'YYYY-MM-DD' text on SQLite (as SQLite stores a date). On SQLite it is a function
    of this module, registered on the session's connection here (the same rule, Europe/Amsterdam)."""
    if _postgresql(s):
        return cast(func.timezone(NL.key, moment), Date)
    s.connection().connection.driver_connection.create_function(  # type: ignore[union-attr]
        _NL_DAY, 1, _nl_day_text, deterministic=True
    )
    return getattr(func, _NL_DAY)(moment)


def days_between(s: Session, start: Any, end: Any) -> Any:
    """The whole days from the day ``start`` to the day ``end`` (two dates)."""
    if _postgresql(s):
        return end - start
    return cast(func.julianday(end) - func.julianday(start), Integer)


@dataclass
class Group:
    """A group's rows in figures (``middles``)."""

    #: its number of rows
    n: int
    #: its middle values in order: one for an odd number of rows, two for an even one
    middle: list[Any] = field(default_factory=list)
    #: how many of its rows meet each condition asked
    counts: list[int] = field(default_factory=list)
    #: the distinct values of the column asked
    collected: set[Any] = field(default_factory=set)


def middles(
    s: Session,
    keys: Sequence[Any],
    value: Any,
    where: Sequence[Any],
    *,
    joins: Sequence[Any] = (),
    counted: Sequence[Any] = (),
    collect: Any = None,
) -> dict[tuple[Any, ...], Group]:
    """Per group of ``keys`` (of the rows ``where`` selects, from the tables ``joins`` adds): its number of
    rows, its middle ``value``s (a whole number), how many of its rows meet each of the conditions ``counted`` and the
    distinct values of ``collect`` among them, in one statement. PostgreSQL returns one row per group
    (its middle values picked from the group's values in order, ``array_agg``); SQLite, in this process,
    returns of each row only the keys, the value, a 0 or 1 per condition and the collected value (no
    moment to parse, nothing per row but a tuple), sorted here."""
    flags = [case((condition, 1), else_=0) for condition in counted]
    extra = [] if collect is None else [collect]
    if not _postgresql(s):
        q = _joined(select(*keys, value, *flags, *extra), joins).where(*where)
        return _middles_read(s, len(keys), len(flags), q)
    whole = cast(value, BigInteger)
    ordered = func.array_agg(aggregate_order_by(whole, whole), type_=ARRAY(BigInteger))
    n = func.count()
    q = select(
        *keys,
        n,
        *(func.sum(flag) for flag in flags),
        ordered[(n + 1) // 2],
        ordered[n // 2 + 1],
        *([] if collect is None else [func.array_agg(collect.distinct())]),
    )
    out: dict[tuple[Any, ...], Group] = {}
    row: Any
    for row in s.execute(_joined(q, joins).where(*where).group_by(*keys)):
        width = len(keys)
        group = Group(int(row[width]), [], [int(c) for c in row[width + 1 : width + 1 + len(flags)]])
        lower, upper = row[width + 1 + len(flags)], row[width + 2 + len(flags)]
        group.middle = [lower] if int(row[width]) % 2 else [lower, upper]
        group.collected = set(row[-1]) if collect is not None else set()
        out[tuple(row[:width])] = group
    return out


def _joined(q: Any, joins: Sequence[Any]) -> Any:
    for target, on in joins:
        q = q.join(target, on)
    return q


def _middles_read(s: Session, width: int, n_flags: int, q: Any) -> dict[tuple[Any, ...], Group]:
    """``middles`` from every row of ``q`` (keys, value, flags, collected value?)."""
    values: dict[tuple[Any, ...], list[Any]] = {}
    out: dict[tuple[Any, ...], Group] = {}
    row: Any
    for row in s.execute(q):
        key = tuple(row[:width])
        if key not in out:
            values[key], out[key] = [], Group(0, [], [0] * n_flags)
        values[key].append(row[width])
        group = out[key]
        for i in range(n_flags):
            group.counts[i] += row[width + 1 + i]
        if len(row) > width + 1 + n_flags:
            group.collected.add(row[-1])
    for key, v in values.items():
        v.sort()
        out[key].n, out[key].middle = len(v), v[(len(v) - 1) // 2 : len(v) // 2 + 1]
    return out


def median_of(values: list[float]) -> float:
    """The median from a group's middle values (``middles``), as ``statistics.median`` gives it."""
    return values[0] if len(values) == 1 else (values[0] + values[1]) / 2
