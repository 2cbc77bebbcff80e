"""One rule for "the besluit is given by today" (``besluitbrief.gegeven``): for a day (``gegeven_op``: the
countdown, the inbox's legal deadline) and, given a column of days, as a query's condition (the worker's pass
of services.given_deadlines), not a second copy of it in SQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, column

from processes.termijnen.besluitbrief import gegeven, gegeven_op

VANDAAG = date(2026, 4, 28)


def test_a_besluit_is_given_from_its_day_on_and_never_without_one() -> None:
    assert [gegeven(d, VANDAAG) for d in (None, date(2026, 4, 29), VANDAAG, date(2026, 4, 27))] == [
        False,
        False,
        True,
        True,
    ]
    assert gegeven_op(date(2026, 4, 29), VANDAAG) is None and gegeven_op(VANDAAG, VANDAAG) == VANDAAG


def test_over_a_column_of_days_the_rule_is_the_querys_condition() -> None:
    condition = gegeven(column("decided_on", Date), VANDAAG)
    assert str(condition) == "decided_on <= :decided_on_1"
    assert condition.compile().params == {"decided_on_1": VANDAAG}  # type: ignore[attr-defined]
