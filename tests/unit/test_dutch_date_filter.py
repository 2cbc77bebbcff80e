"""The one date filter of the faces and the status page reads moments on the Dutch calendar (tester
finding: the holder timeline printed the UTC day, a day early between 00:00 and 01:00 Dutch time)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from web.status import dutch_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-03T23:30:00+00:00", "4 maart 2026"),  # winter time: 00:30 on 4 March
        ("2026-07-01T22:15:00Z", "2 juli 2026"),  # summer time: 00:15 on 2 July
        ("2026-07-01T21:59:00+00:00", "1 juli 2026"),
        (datetime(2026, 3, 3, 23, 30, tzinfo=UTC), "4 maart 2026"),
        (datetime(2026, 3, 3, 23, 30), "4 maart 2026"),  # naive moments are stored UTC
        ("2026-03-03", "3 maart 2026"),  # a day stays that day
        (date(2026, 4, 27), "27 april 2026"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_a_moment_is_shown_on_its_dutch_day(value: object, expected: str) -> None:
    assert dutch_date(value) == expected  # type: ignore[arg-type]
