"""One home for the zones of stored moments (services.clock): SQLite hands them back naive and UTC;
what a user reads is a day on the Dutch calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace

from services.clock import FixedClock, as_utc, in_nl, in_utc, iso_utc, today
from services.engine.timer_milestone import timer_day
from services.kaart_milestones import next_milestone

LATE_EVENING_UTC = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on 3 March in the Netherlands


def test_a_naive_moment_is_utc_and_an_aware_one_keeps_its_instant():
    naive = datetime(2026, 3, 2, 23, 30)
    assert as_utc(naive) == LATE_EVENING_UTC and as_utc(naive).tzinfo is UTC
    plus_two = datetime(2026, 3, 3, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    assert in_utc(plus_two) == LATE_EVENING_UTC and in_utc(plus_two).tzinfo is UTC
    assert in_nl(naive).date() == date(2026, 3, 3) and in_nl(naive).hour == 0
    assert today(FixedClock(LATE_EVENING_UTC)) == date(2026, 3, 3)


def test_a_sent_moment_is_iso_8601_in_utc_with_its_offset():
    assert iso_utc(datetime(2026, 3, 2, 23, 30, 0, 5)) == "2026-03-02T23:30:00.000005+00:00"  # naive: UTC
    plus_two = datetime(2026, 3, 3, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    assert iso_utc(plus_two) == "2026-03-02T23:30:00+00:00"
    assert datetime.fromisoformat(iso_utc(in_nl(LATE_EVENING_UTC))) == LATE_EVENING_UTC
    assert iso_utc(None) is None


def test_the_map_milestone_of_a_timer_after_midnight_in_the_netherlands_is_that_dutch_day():
    # the map compares with today's Dutch date, so the timer's day is the Dutch day too (a timer that ends
    # no term: one at einde_dag(X) stands for X, test_kaart_mijlpaal_termijn)
    no_term = SimpleNamespace(event_definition=None)
    assert timer_day(no_term, LATE_EVENING_UTC) == date(2026, 3, 3)
    assert timer_day(no_term, LATE_EVENING_UTC.replace(tzinfo=None)) == date(2026, 3, 3)
    assert next_milestone("lopend", None, None, date(2026, 3, 3), date(2026, 3, 3)) == (
        date(2026, 3, 3),
        "volgende termijn",
    )
    assert next_milestone("lopend", date(2026, 3, 5), None, date(2026, 3, 3), date(2026, 3, 4)) == (
        date(2026, 3, 5),
        "uiterste beslisdatum",
    )
