"""A completed task's life: waiting while free, working while held, neither while its case stood still."""

from __future__ import annotations

from types import SimpleNamespace

from services.waits.moves import TaskMove
from services.waits.task_life import Freed, Share, lives, shares, stood_still
from tests.unit.waits.test_derive import at

DAY = 86400.0


def test_each_spell_free_is_waiting_and_each_spell_held_working():
    claims = [at(1), Freed(at(1.5)), at(3), Freed(at(3)), at(4)]
    assert shares(at(0), at(5), claims, []) == [Share(None, at(1), 3.5 * DAY, 1.5 * DAY)]


def test_a_pause_or_an_incident_is_neither_waiting_nor_working():
    stopped = [(at(1), at(2)), (at(3), at(3.5)), (at(3.25), None)]  # the last one open up to the completion
    assert shares(at(0), at(4), [at(2.5)], [], stopped) == [Share(None, at(2.5), 1.5 * DAY, 0.5 * DAY)]
    before = [(at(-1), at(1))]  # began before the task: only its part in the task's life counts
    assert shares(at(0), at(2), [], [], before) == [Share(None, None, DAY, 0.0)]


def test_each_team_s_share_leaves_out_the_pause_in_it():
    moved = [TaskMove(1, at(2), ("A",))]
    assert shares(at(0), at(4), [at(3)], moved, [(at(1), at(2.5))]) == [
        Share(("A",), None, DAY, 0.0),
        Share(None, at(3), 0.5 * DAY, DAY),
    ]


def test_the_spans_pair_in_order_and_an_end_without_its_start_began_before_the_read():
    events = [("hervat", at(1)), ("incident", at(2)), ("incident", at(3)), ("incident-opgelost", at(4))]
    events += [("gepauzeerd", at(5))]
    assert stood_still(events, at(0)) == {
        "incident": [(at(2), at(4))],
        "gepauzeerd": [(at(0), at(1)), (at(5), None)],
    }
    assert stood_still(events) == {"incident": [(at(2), at(4))], "gepauzeerd": [(at(5), None)]}


def test_the_events_of_a_case_give_each_task_its_claims_and_releases():
    one = SimpleNamespace(id=1, name="Invoer", created_at=at(0), completed_at=at(9))
    two = SimpleNamespace(id=2, name="Toets", created_at=at(0), completed_at=at(9))
    rows = [
        (at(1), "taak-toewijzing", {"taak": 1}),
        (at(2), "taak-toewijzing", {"taak": 1, "was": "anna"}),
        (at(3), "taak-toewijzing", {"taak": 2, "aan": "jan"}),
        (at(4), "taak-vrijgegeven", {"taak": "Toets", "was": "jan", "taak_id": 2}),
        (at(5), "taak-toewijzing", {"taak": 1}),
        (at(6), "taak-vrijgegeven", {"taak": "Invoer", "was": "anna"}),  # a migration's: by name
        (at(7), "gepauzeerd", {}),
        (at(8), "hervat", {}),
        (at(8), "taak-toewijzing", {"taak": 3}),  # another task's
    ]
    holds, stopped = lives(rows, [one, two], at(0))
    assert holds == {1: [at(1), Freed(at(2)), at(5), Freed(at(6))], 2: [at(3), Freed(at(4))]}
    assert stopped == [(at(7), at(8))]


def test_a_pause_or_an_incident_still_open_when_the_read_starts_counts_from_there():
    """The read of a completion starts at its task's creation, with the begin of a span still open then
    (``task_waits.life_reads``): that span counts from the read's start; one ended before it counts not."""
    task = SimpleNamespace(id=1, name="Toets", created_at=at(3), completed_at=at(9))
    rows = [
        (at(0), "gepauzeerd", {}),
        (at(1), "hervat", {}),  # ended before the read's start
        (at(2), "incident", {}),  # still open at it
        (at(4), "taak-toewijzing", {"taak": 1}),
        (at(5), "gepauzeerd", {}),
        (at(6), "hervat", {}),
    ]
    holds, stopped = lives(rows, [task], at(3))
    assert holds == {1: [at(4)]}
    assert stopped == [(at(3), None), (at(5), at(6))]
    assert shares(at(3), at(9), holds[1], [], stopped) == [Share(None, at(4), 0.0, 0.0)]
    rows.insert(3, (at(2.5), "incident-opgelost", {}))  # solved before the read's start: counts not
    assert lives(rows, [task], at(3))[1] == [(at(5), at(6))]
