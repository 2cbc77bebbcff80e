"""A task a migration moved to other groups: its span is cut at the move, the former groups before it."""

from __future__ import annotations

from services.waits import derive as d
from services.waits import moves
from tests.unit.waits.test_derive import at, task


def test_the_former_team_holds_up_to_the_move_and_the_new_one_from_it():
    history = d.History(
        at(0),
        None,
        moves.split([task(1, "Juridisch", 0, None)], [moves.TaskMove(1, at(2), ("Vergunningen",))]),
    )
    assert [(i.holder, i.start, i.end) for i in d.derive(history)] == [
        ("Vergunningen", at(0), at(2)),
        ("Juridisch", at(2), None),
    ]


def test_the_moved_task_keeps_its_place_as_the_longest_open_one():
    """Among parallel team tasks the one open longest holds the case: a move does not make it younger."""
    moved = moves.split([task(1, "Juridisch", 0, None)], [moves.TaskMove(1, at(2), ("Vergunningen",))])
    history = d.History(at(0), None, (*moved, task(2, "Handhaving", 1, None)))
    assert [i.holder for i in d.derive(history)] == ["Vergunningen", "Juridisch"]


def test_moves_outside_the_tasks_span_leave_it_whole_and_a_move_read_twice_counts_once():
    spans = [task(1, "B", 1, 3), task(2, "C", 0, None)]
    found = [
        moves.TaskMove(1, at(1), ("A",)),
        moves.TaskMove(1, at(4), ("A",)),
        moves.TaskMove(2, at(1), ("X",)),
    ]
    assert moves.split(spans, found + found[2:]) == (
        spans[0],
        task(2, "X", 0, 1),
        d.TaskSpan(2, "taak_2", "Taak 2", ("C",), at(1), None, opened=at(0)),
    )
