"""A deployed model's timers run on the Dutch clock across the 2026 switches (services.engine.wallclock).

Finding (outside tester, LOW): a ``timeDuration`` of P1D added 24 hours in UTC, so across a DST switch the
case fired an hour off Dutch wall-clock time; a ``timeDate`` without an offset was read in the server's zone
and one in the spring gap or the autumn fold deployed without a word.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services import cases, deployments, inbox
from services.clock import FixedClock, as_utc
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import case_row, setup_klein

KLEIN = Path("tests/fixtures/bpmn/vergunning_klein.bpmn").read_text()
TIMER = '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>'


def _waiting(platform: Platform, timer: str) -> str:
    """A case of the small permit model, with ``timer`` for its wait, waiting for it; its reference."""
    setup_klein(platform)
    deployments.deploy(platform, [("vergunning_klein.bpmn", KLEIN.replace(TIMER, timer))], user="bea")
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})  # arms the timer
    return case["zaak"]


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (
            datetime(2026, 3, 28, 8, tzinfo=UTC),
            datetime(2026, 3, 29, 7, tzinfo=UTC),
        ),  # 09:00 CET -> 09:00 CEST
        (datetime(2026, 10, 24, 7, tzinfo=UTC), datetime(2026, 10, 25, 8, tzinfo=UTC)),  # 09:00 CEST -> CET
    ],
)
def test_a_p1d_timer_fires_at_the_same_dutch_time_the_next_day(
    platform: Platform, clock: FixedClock, start: datetime, due: datetime
) -> None:
    clock.set(start)
    ref = _waiting(platform, '<bpmn:timeDuration>"P1D"</bpmn:timeDuration>')
    assert as_utc(case_row(platform, ref).next_timer_at) == due
    clock.set(due.replace(second=1))
    assert cases.fire_due_timers(platform)[0]["status"] == "afgerond"


def test_a_time_date_without_offset_fires_at_that_dutch_time(platform: Platform, clock: FixedClock) -> None:
    clock.set(datetime(2026, 6, 30, 12, tzinfo=UTC))
    ref = _waiting(platform, '<bpmn:timeDate>"2026-07-01T09:00:00"</bpmn:timeDate>')
    assert as_utc(case_row(platform, ref).next_timer_at) == datetime(2026, 7, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2026-03-29T02:30:00", "02:30 bestaat niet in Nederlandse tijd: op 29 maart 2026"),
        ("2026-10-25T02:30:00", "02:30 komt in Nederlandse tijd twee keer voor: op 25 oktober 2026"),
    ],
)
def test_deploy_refuses_a_time_date_the_dutch_clock_skips_or_passes_twice(
    platform: Platform, value: str, fragment: str
) -> None:
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(
            platform,
            [("vergunning_klein.bpmn", KLEIN.replace(TIMER, f'<bpmn:timeDate>"{value}"</bpmn:timeDate>'))],
            user="bea",
        )
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == ("termijn_verlopen", "Aanvullingstermijn verlopen")
    assert fragment in problem["probleem"], problem
