"""A task a migration moved to another team: each team's share of its waiting and working time is its own,
in the task waits, the heatmap and after ``wachten herbouw``.

The gap (last session's note): the heatmap filed the completed task under the team that completed it, its
wait counted from the task's creation, so the new team was blamed for the old team's waiting time and the
old team's wait vanished.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from services import beheer, cases, deployments, inbox
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import TaskWait
from services.waits import heatmap, store
from tests.integration.inbox_case import model, open_task_row, start_case
from tests.sql_statements import statements

HOUR = 3600.0
#: the read of a case's task moves (services.waits.task_waits._MOVES): no ORDER BY, unlike the claims'
MOVES_READ = (
    "SELECT case_event.at, case_event.data FROM case_event WHERE case_event.case_id = ? AND "
    "case_event.kind = ? AND case_event.at >= ?"
)


def _waits(platform: Platform) -> list[tuple[str, float, float]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(TaskWait))
        return sorted((r.group_name, r.waiting_s, r.working_s) for r in rows)


def _element(platform: Platform, **filters: str) -> list[tuple[str, int, Any, Any]]:
    view = heatmap.heatmap(platform, "baan_proef", **filters)
    return [
        (r["element"], r["aantal"], r["wachten"]["mediaan"], r["werken"]["mediaan"])
        for r in view["elementen"]
    ]


def _moved_after_an_hour(platform: Platform, clock: FixedClock) -> str:
    """A case whose task Vergunningen had an hour, then a migration moved it to Juridisch."""
    ref = start_case(platform)
    clock.advance(hours=1)
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]
    return ref


def test_each_team_waits_its_own_share_of_a_moved_task(any_platform: Platform, clock: FixedClock) -> None:
    ref = _moved_after_an_hour(any_platform, clock)
    clock.advance(hours=2)
    task_id = open_task_row(any_platform, ref).id
    inbox.claim(any_platform, task_id, "jan")
    clock.advance(hours=1)
    cases.complete_task(any_platform, task_id, "jan", {})
    expected = [("Juridisch", 2 * HOUR, HOUR), ("Vergunningen", HOUR, 0.0)]
    assert _waits(any_platform) == expected  # was [("Juridisch", 3 * HOUR, HOUR)]
    assert _element(any_platform, groep="Vergunningen") == [("invoer", 1, 1.0, 0.0)]  # was []
    assert _element(any_platform, groep="Juridisch") == [("invoer", 1, 2.0, 1.0)]  # was 3.0 waiting
    assert _element(any_platform) == [("invoer", 1, 3.0, 1.0)]  # the task once, its whole time
    store.rebuild(any_platform)  # the whole history gives the same rows
    assert _waits(any_platform) == expected


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ("pim", [("Juridisch", 0.0, 3 * HOUR), ("Vergunningen", HOUR, HOUR)]),
        # anna is not of Juridisch: the migration lets her claim go (its release line names the task) and
        # Juridisch waits from the move until jan claims it
        ("anna", [("Juridisch", 2 * HOUR, HOUR), ("Vergunningen", HOUR, HOUR)]),
    ],
)
def test_a_claim_the_migration_kept_is_worked_on_through_the_move(
    platform: Platform, clock: FixedClock, holder: str, expected: list[tuple[str, float, float]]
) -> None:
    """pim, of both teams, claimed the task before the migration: it stays his, worked on throughout (a
    claim of anna's, who is not of Juridisch, the migration lets go: see ``expected``)."""
    ref = start_case(platform)
    task_id = open_task_row(platform, ref).id
    clock.advance(hours=1)
    inbox.claim(platform, task_id, holder)
    clock.advance(hours=1)
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    beheer.migrate(platform, "baan_proef", "bea")
    clock.advance(hours=2)
    completer = "pim" if holder == "pim" else "jan"
    inbox.claim(platform, task_id, completer)  # pim's own already: nothing changes
    clock.advance(hours=1)
    cases.complete_task(platform, task_id, completer, {})
    assert _waits(platform) == expected
    store.rebuild(platform)
    assert _waits(platform) == expected


def test_a_completion_reads_the_moves_only_of_a_moved_task(platform: Platform, clock: FixedClock) -> None:
    """The task a migration moved is marked (``moved_at``): its completion reads the case's moves once; a
    task never moved is completed without that read (a normal step's statements stay as pinned)."""
    ref = _moved_after_an_hour(platform, clock)
    other = cases.start_case(platform, "baan_proef", {}, user="anna")["zaak"]
    clock.advance(hours=1)
    with statements(platform) as sent:
        cases.complete_task(platform, open_task_row(platform, other).id, "jan", {})
    assert [sql for sql in sent if sql == MOVES_READ] == []
    with statements(platform) as sent:
        cases.complete_task(platform, open_task_row(platform, ref).id, "jan", {})
    assert [sql for sql in sent if sql == MOVES_READ] == [MOVES_READ]
