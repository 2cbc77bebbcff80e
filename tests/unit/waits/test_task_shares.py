"""A completed task's waiting and working time, cut into each team's share at the moves of a migration."""

from __future__ import annotations

from services.waits.moves import TaskMove
from services.waits.task_life import Freed
from services.waits.task_waits import Share, shares
from tests.unit.waits.test_derive import at

DAY = 86400.0


def _moved(day: float, *groups: str) -> TaskMove:
    return TaskMove(1, at(day), groups)


def test_a_task_never_moved_is_one_share_waiting_until_its_first_claim():
    assert shares(at(0), at(5), [at(2), at(3)], []) == [Share(None, at(2), 2 * DAY, 3 * DAY)]
    assert shares(at(0), at(5), [], []) == [Share(None, None, 5 * DAY, 0.0)]


def test_the_former_team_waits_up_to_the_move_and_the_new_one_from_it():
    assert shares(at(0), at(6), [at(4)], [_moved(1, "Vergunningen")]) == [
        Share(("Vergunningen",), None, DAY, 0.0),
        Share(None, at(4), 3 * DAY, 2 * DAY),
    ]


def test_a_claim_the_migration_let_go_is_followed_by_a_new_wait_for_the_new_team():
    """Claimed by the former team, let go by the migration (its release line), claimed again by the new team."""
    assert shares(at(0), at(6), [at(0.5), Freed(at(1)), at(3)], [_moved(1, "A")]) == [
        Share(("A",), at(0.5), 0.5 * DAY, 0.5 * DAY),
        Share(None, at(3), 2 * DAY, 3 * DAY),
    ]


def test_a_claim_the_migration_kept_is_worked_on_through_the_move():
    assert shares(at(0), at(6), [at(0.5)], [_moved(1, "A")]) == [
        Share(("A",), at(0.5), 0.5 * DAY, 0.5 * DAY),
        Share(None, None, 0.0, 5 * DAY),
    ]


def test_moves_in_order_each_with_the_groups_before_it_and_none_outside_the_task():
    found = [_moved(3, "B"), _moved(1, "A"), _moved(0, "X"), _moved(7, "Y")]
    assert [(p.groups, p.waiting_s) for p in shares(at(0), at(6), [], found)] == [
        (("A",), DAY),
        (("B",), 2 * DAY),
        (None, 3 * DAY),
    ]


def test_a_move_at_the_completion_leaves_the_new_team_an_empty_share():
    """The new team completed the task at the moment of the migration: its share, without time."""
    assert shares(at(0), at(2), [at(2)], [_moved(2, "A")]) == [
        Share(("A",), None, 2 * DAY, 0.0),
        Share(None, at(2), 0.0, 0.0),
    ]
