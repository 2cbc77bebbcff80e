"""The non-working-day stripes of the holder timeline over a clock change (tester finding: Sunday
29 March 2026, 23 hours long, was drawn as 24 hours and overlapped the Monday)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.waits.timeline import _non_working


def test_a_day_of_the_clock_change_is_drawn_as_long_as_it_lasts() -> None:
    start = datetime(2026, 3, 27, 23, 0, tzinfo=UTC)  # Saturday 28 March 00:00 in the Netherlands
    end = datetime(2026, 3, 30, 22, 0, tzinfo=UTC)  # Tuesday 31 March 00:00 (summer time)
    span_hours = (end - start).total_seconds() / 3600  # 71: Saturday 24 h, Sunday 23 h, Monday 24 h
    saturday, sunday = _non_working(start, end)
    hours = [round(s["breedte"] * span_hours / 100, 1) for s in (saturday, sunday)]  # percent, 2 decimals
    assert hours == [24.0, 23.0]
    assert abs(sunday["x"] + sunday["breedte"] - 100 * 47 / span_hours) < 0.05  # ends at Monday 00:00
