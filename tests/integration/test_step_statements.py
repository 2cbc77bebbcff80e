"""What one completion asks of the database: no query for what does not change between steps (issue #12).

Not timed: each step is measured by the SQL statements it sends (deterministic). The case is the
rework-loop model with ZGW configured and an initiator e-mail address, so every step subscriber (ZGW,
mail, waits) does its work. Each removed read has its own check, and the total is capped, so a new
per-step query shows up here first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from tests.benchmarks.engine_harness import PERMIT, REWORK, Model, ServiceCase

#: the statements of one rework-loop completion with every subscriber (41 before issue #12's work)
MAX_STATEMENTS = 33


@contextmanager
def statements(platform: Any) -> Iterator[list[str]]:
    sent: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(platform.engine, "before_cursor_execute", on_execute)
    try:
        yield sent
    finally:
        event.remove(platform.engine, "before_cursor_execute", on_execute)


def _completion(model: Model, steps: int = 6) -> list[str]:
    """The statements of the first completion after ``steps`` actions (the harness's own lookup of the
    task id is not part of it)."""
    case = ServiceCase(model, effects=True)
    try:
        loop = model.loop
        while case.steps < steps or loop[case.steps % len(loop)][0] != "complete":
            case.act(*loop[case.steps % len(loop)])
        kind, name, data = loop[case.steps % len(loop)]
        with statements(case.platform) as sent:
            case.act(kind, name, data)
    finally:
        case.close()
    start = next(i for i, sql in enumerate(sent) if sql.startswith("BEGIN IMMEDIATE"))
    return sent[start:]


@pytest.fixture(scope="module")
def rework_step() -> list[str]:
    return _completion(REWORK)


def _count(sent: list[str], *parts: str) -> int:
    return sum(all(p in sql for p in parts) for sql in sent)


def test_the_step_reads_the_last_event_once(rework_step: list[str]) -> None:
    """The watermark and the moment of the case's last event come from one row, read before the step;
    the waits subscriber does not read that event again by its id."""
    assert (
        _count(rework_step, "FROM case_event WHERE case_event.case_id = ? ORDER BY case_event.id DESC") == 1
    )
    assert _count(rework_step, "max(case_event.id)") == 0
    assert _count(rework_step, "FROM case_event WHERE case_event.id = ?") == 0


def test_the_zaak_registration_is_decided_from_the_last_state_alone(rework_step: list[str]) -> None:
    """A registered zaak: its last state is read, no separate existence check of the zaak message
    (the one remaining ref check is the behandelaar's rol)."""
    assert _count(rework_step, "SELECT outbox_message.payload FROM outbox_message") == 1
    assert _count(rework_step, "FROM outbox_message WHERE", "outbox_message.ref = ?") == 1


def test_the_subscribers_use_the_completed_task_row_the_step_holds(rework_step: list[str]) -> None:
    """The ZGW and waits subscribers get the row the step completed from its session (read under the
    case lock), not by a query each."""
    assert _count(rework_step, "FROM human_task WHERE human_task.spiff_task_id IN") == 0


def test_the_completed_task_is_read_once_with_its_candidates_and_written_once(rework_step: list[str]) -> None:
    """Claim-on-complete and the completion itself: one read of the row with its candidate rows (no
    lazy load, no autoflush in between), so one UPDATE of the task and one of its candidate row."""
    assert _count(rework_step, "FROM human_task LEFT OUTER JOIN task_candidate") == 1
    assert _count(rework_step, "FROM task_candidate WHERE") == 0
    assert _count(rework_step, "UPDATE human_task SET") == 1
    assert _count(rework_step, "UPDATE task_candidate SET") == 1


def test_a_step_sends_no_more_statements_than_needed(rework_step: list[str]) -> None:
    assert len(rework_step) <= MAX_STATEMENTS, "\n".join(rework_step)


def test_the_permit_step_still_registers_and_updates_the_zaak() -> None:
    """The permit loop changes the zaak (opschorting) each round: the update is still enqueued."""
    sent = _completion(PERMIT, steps=4)
    assert _count(sent, "INSERT INTO outbox_message") >= 1
