"""Model timers read Dutch wall-clock time, whatever the server's zone (services.engine.wallclock).

Finding (outside tester, LOW): a ``timeDate`` without an offset passed the deploy check and was read in the
server's offset, fixed once when SpiffWorkflow was imported (09:00Z under TZ=UTC, 08:00Z under
TZ=Europe/Amsterdam started in winter, for a Dutch 09:00 in summer that is 07:00Z); ``timeDuration`` and
``timeCycle`` added 24 h in UTC, so a P1D timer across a DST switch fired an hour off Dutch time.
The 2026 switches: 29 March (02:00 -> 03:00) and 25 October (03:00 -> 02:00).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.engine.timeclock import (
    ClockedCycleTimerEventDefinition,
    ClockedDurationTimerEventDefinition,
    ClockedTimeDateEventDefinition,
    due_at,
    timer_fault,
)


class _Engine:
    def __init__(self, now: datetime) -> None:
        self.environment = self
        self.moment = now

    def now(self) -> datetime:
        return self.moment

    def evaluate(self, task: Any, expression: str) -> Any:
        return json.loads(expression)  # the model's constant, as the script engine gives it


class _Task:
    """A waiting timer task as the clocked definitions see it: internal data and the step's clock."""

    def __init__(self, definition: Any, now: datetime) -> None:
        self.internal_data: dict[str, Any] = {}
        self.task_spec = type("Spec", (), {"event_definition": definition})()
        self.workflow = type("Workflow", (), {"script_engine": _Engine(now)})()

    def _get_internal_data(self, name: str, default: Any = None) -> Any:
        return self.internal_data.get(name, default)

    def _set_internal_data(self, **values: Any) -> None:
        self.internal_data.update(values)

    def at(self, now: datetime) -> _Task:
        self.workflow.script_engine.moment = now
        return self


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _due(definition: Any, start: datetime) -> datetime | None:
    task = _Task(definition, start)
    definition.has_fired(task)  # the timer starts: it stores its moment
    return due_at(task)


def _cycle(expression: str, start: datetime, rounds: int) -> list[datetime]:
    """The moments a cycle timer started at ``start`` fires at, stepping the clock to each one."""
    definition = ClockedCycleTimerEventDefinition("cyclus", json.dumps(expression))
    task = _Task(definition, start)
    definition.cycle_complete(task)
    moments = []
    for _ in range(rounds):
        moment = due_at(task)
        assert moment is not None
        moments.append(moment)
        assert definition.cycle_complete(task.at(moment.replace(second=1)))
    return moments


# 09:00 on the Dutch clock on the day before each switch: 08:00Z in March (winter), 07:00Z in October (summer)
BEFORE_SPRING, BEFORE_AUTUMN = _utc(2026, 3, 28, 8), _utc(2026, 10, 24, 7)


@pytest.mark.parametrize(
    ("start", "dutch_next_day", "elapsed_24h"),
    [
        (BEFORE_SPRING, _utc(2026, 3, 29, 7), _utc(2026, 3, 29, 8)),  # a 23-hour day: 09:00 CEST; 10:00 CEST
        (BEFORE_AUTUMN, _utc(2026, 10, 25, 8), _utc(2026, 10, 25, 7)),  # a 25-hour day: 09:00 CET; 08:00 CET
    ],
)
def test_p1d_is_the_same_dutch_time_the_next_day_and_pt24h_is_24_hours(start, dutch_next_day, elapsed_24h):
    assert _due(ClockedDurationTimerEventDefinition("t", '"P1D"'), start) == dutch_next_day
    assert _due(ClockedDurationTimerEventDefinition("t", '"PT24H"'), start) == elapsed_24h
    # days on the calendar first, then the hours elapsed: 09:00 the next Dutch day plus an hour
    plus_hour = dutch_next_day.replace(hour=dutch_next_day.hour + 1)
    assert _due(ClockedDurationTimerEventDefinition("t", '"P1DT1H"'), start) == plus_hour
    assert _due(ClockedDurationTimerEventDefinition("t", '"P1W"'), start).astimezone(UTC).hour == (
        dutch_next_day.hour
    )


def test_a_daily_cycle_fires_at_the_same_dutch_time_across_both_switches():
    assert _cycle("R4/2026-03-27T09:00:00/P1D", _utc(2026, 3, 26, 12), 4) == [
        _utc(2026, 3, 27, 8),
        _utc(2026, 3, 28, 8),
        _utc(2026, 3, 29, 7),  # summer time from here: 09:00 CEST
        _utc(2026, 3, 30, 7),
    ]
    assert _cycle("R/P1D", BEFORE_AUTUMN, 2) == [_utc(2026, 10, 25, 8), _utc(2026, 10, 26, 8)]
    assert _cycle("R/PT24H", BEFORE_AUTUMN, 2) == [_utc(2026, 10, 25, 7), _utc(2026, 10, 26, 7)]


def test_a_time_date_without_offset_is_dutch_time_in_summer_and_winter():
    summer = ClockedTimeDateEventDefinition("t", '"2027-07-01T09:00:00"')
    assert _due(summer, BEFORE_SPRING) == _utc(2027, 7, 1, 7)
    assert _due(ClockedTimeDateEventDefinition("t", '"2027-01-04T09:00:00"'), BEFORE_SPRING) == _utc(
        2027, 1, 4, 8
    )
    assert _due(ClockedTimeDateEventDefinition("t", '"2027-W26-4T09:00"'), BEFORE_SPRING) == _utc(
        2027, 7, 1, 7
    )
    assert _due(ClockedTimeDateEventDefinition("t", '"2027-07-01T09:00:00Z"'), BEFORE_SPRING) == _utc(
        2027, 7, 1, 9
    )
    task = _Task(summer, _utc(2027, 7, 1, 6, 59))
    assert not summer.has_fired(task)
    assert summer.has_fired(task.at(_utc(2027, 7, 1, 7, 0, 1)))


_IN_A_SUBPROCESS = """
import json, sys
from datetime import UTC, datetime
from tests.unit.test_timer_wallclock import _due
from services.engine.timeclock import ClockedTimeDateEventDefinition, ClockedDurationTimerEventDefinition
start = datetime(2026, 3, 28, 8, tzinfo=UTC)
print(json.dumps([
    _due(ClockedTimeDateEventDefinition("t", '"2027-07-01T09:00:00"'), start).isoformat(),
    _due(ClockedTimeDateEventDefinition("t", '"2027-01-04T09:00:00"'), start).isoformat(),
    _due(ClockedDurationTimerEventDefinition("t", '"P1D"'), start).isoformat(),
]))
"""


@pytest.mark.parametrize("zone", ["UTC", "Europe/Amsterdam", "America/New_York"])
def test_the_servers_zone_at_import_does_not_move_a_timer(zone):
    # SpiffWorkflow fixes the server's offset once, when it is imported: only a fresh process shows it
    env = {**os.environ, "TZ": zone}
    out = subprocess.run(
        [sys.executable, "-c", _IN_A_SUBPROCESS],
        env=env,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [
        "2027-07-01T07:00:00+00:00",
        "2027-01-04T08:00:00+00:00",
        "2026-03-29T07:00:00+00:00",
    ]


@pytest.mark.parametrize(
    ("kind", "value", "fragments"),
    [
        ("timeDate", "2026-03-29T02:30:00", ["02:30 bestaat niet in Nederlandse tijd", "29 maart 2026"]),
        (
            "timeDate",
            "2026-10-25T02:30:00",
            ["02:30 komt in Nederlandse tijd twee keer voor", '02:30+02:00"'],
        ),
        ("timeCycle", "R/2026-10-25T02:15:00/P1D", ["02:15 komt in Nederlandse tijd twee keer voor"]),
        ("timeCycle", "R3/P1D/2026-03-29T02:00:00", ["02:00 bestaat niet in Nederlandse tijd"]),
    ],
)
def test_deploy_refuses_a_dutch_time_that_the_clock_skips_or_passes_twice(kind, value, fragments):
    fault = timer_fault(kind, value)
    assert fault is not None and fault.startswith(f"Ongeldige timer '{value}': ")
    for fragment in fragments:
        assert fragment in fault


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("timeDate", "2026-10-25T02:30:00+01:00"),  # the offset says which one
        ("timeDate", "2026-03-29T03:00:00"),
        ("timeDate", "2026-03-29"),
        ("timeCycle", "R/2026-10-25T03:00:00/P1D"),
        ("timeDuration", "P1D"),
    ],
)
def test_deploy_accepts_a_dutch_time_with_one_reading(kind, value):
    assert timer_fault(kind, value) is None


def test_the_deploy_check_says_how_a_time_date_is_read():
    fault = timer_fault("timeDate", "morgen")
    assert fault is not None and "zonder offset in Nederlandse tijd" in fault


def test_a_computed_time_in_the_gap_or_the_fold_reads_with_the_offset_before_the_switch():
    # a value a model computes at run time is not refused: zoneinfo's fold=0 reads it
    gap = ClockedTimeDateEventDefinition("t", '"2026-03-29T02:30:00"')
    assert _due(gap, BEFORE_SPRING) == _utc(2026, 3, 29, 1, 30)  # 03:30 summer time
    fold = ClockedTimeDateEventDefinition("t", '"2026-10-25T02:30:00"')
    assert _due(fold, BEFORE_AUTUMN) == _utc(2026, 10, 25, 0, 30)  # the first 02:30 (summer time)
    # a day that lands in the gap: 02:30 on 28 March plus a day is read the same way
    assert _due(ClockedDurationTimerEventDefinition("t", '"P1D"'), _utc(2026, 3, 28, 1, 30)) == _utc(
        2026, 3, 29, 1, 30
    )


def test_a_cycle_stored_before_periods_were_kept_steps_its_stored_seconds():
    # a case stored by an earlier release keeps the rule it started with: its period in elapsed seconds
    definition = ClockedCycleTimerEventDefinition("cyclus", '"R/P1D"')
    task = _Task(definition, _utc(2026, 3, 28, 8, 0, 1))
    task.internal_data["event_value"] = {
        "cycles": 2,
        "next": "2026-03-28T08:00:00+00:00",
        "duration": 86400.0,
    }
    assert definition.cycle_complete(task)
    assert due_at(task) == _utc(2026, 3, 29, 8)
