"""What one completion asks of the database: no query for what does not change between steps (issue #12).

Not timed: each step is measured by the SQL statements it sends (deterministic). The case is the
rework-loop model with ZGW configured and an initiator e-mail address, so every step subscriber (ZGW,
mail, waits) does its work. Each removed read has its own check, and the total is capped, so a new
per-step query shows up here first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from services.waits.task_life import LIFE_KINDS
from tests.benchmarks.engine_harness import PERMIT, REWORK, Model, ServiceCase
from tests.sql_statements import statements

#: the statements of one rework-loop completion with every subscriber (41 before issue #12's work, 31
#: before its second round, 24 before its third, 22 before the zgw subscriber read in one statement, 20
#: before the completed task's claims were read with the case's last event, 19 before the organisation
#: groups were, 18 before the stored holder intervals were read with the tasks ended since the previous event)
MAX_STATEMENTS = 17


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


def test_the_last_recorded_waits_are_read_with_the_last_event(rework_step: list[str]) -> None:
    """The case's last ``wacht`` event comes in the statement that reads its last event before the step;
    the waits subscriber does not read it again."""
    before = [sql for sql in rework_step if "FROM case_event WHERE case_event.case_id = ? ORDER BY" in sql]
    assert len(before) == 1 and "case_event.kind = ?" in before[0]
    again = "SELECT case_event.at, case_event.data FROM case_event WHERE case_event.case_id = ? AND "
    again += "case_event.kind = ? ORDER BY"
    assert not [sql for sql in rework_step if sql.startswith(again)]


def test_the_claims_of_the_completed_task_are_read_with_the_last_event(rework_step: list[str]) -> None:
    """The claim events the waits subscriber files the completed task with (its waiting and working
    time) come in the statement that reads the case's last event before the step, not in one of their own."""
    kinds = " OR ".join(["case_event.kind = ?"] * len(LIFE_KINDS))  # with the releases, pauses and incidents
    claims = f"FROM case_event WHERE case_event.case_id = ? AND ({kinds}) AND case_event.at >= ?"
    assert [sql for sql in rework_step if claims in sql] == [
        sql for sql in rework_step if "FROM case_event WHERE case_event.case_id = ? ORDER BY" in sql
    ]
    assert _count(rework_step, claims) == 1


def test_the_organisation_groups_are_read_with_the_last_event(rework_step: list[str]) -> None:
    """The groups of kind organisatie, which the waits subscriber counts as outside, come in the statement
    that reads the case's last event before the step, not in one of their own."""
    before = [sql for sql in rework_step if "FROM case_event WHERE case_event.case_id = ? ORDER BY" in sql]
    assert len(before) == 1 and "FROM app_group WHERE app_group.kind = ?" in before[0]
    assert _count(rework_step, "FROM app_group WHERE app_group.kind = ?") == 1


def test_the_asker_is_read_as_plain_values(rework_step: list[str]) -> None:
    """Who completes the task is read as the values the policy needs (policy.actor_for: name, role,
    e-mail, groups and their kinds) in one statement: no account object, nor its password or token hash."""
    [account] = [sql for sql in rework_step if "FROM app_user" in sql]
    assert account.startswith("SELECT app_user.username, app_user.role, app_user.email, app_group.name")
    assert _count(rework_step, "password_hash") == 0


def test_the_zaak_state_is_read_without_a_list_rendered_per_step(rework_step: list[str]) -> None:
    """The publication's read of the last zaak state names its two kinds as plain parameters: an IN list
    is an expanding parameter, rendered into the statement's text again at every execution."""
    [read] = [sql for sql in rework_step if "FROM outbox_message" in sql]
    assert "outbox_message.kind = ? OR outbox_message.kind = ?" in read
    assert "outbox_message.kind IN" not in read


def test_the_zaak_registration_is_decided_from_the_last_state_alone(rework_step: list[str]) -> None:
    """A registered zaak: its last state is read, no separate existence check of the zaak message
    (the one remaining ref check is the behandelaar's rol), in the one statement of the ZGW
    subscriber's reads, with the documents to publish."""
    assert _count(rework_step, "SELECT outbox_message.payload AS payload FROM outbox_message") == 1
    assert _count(rework_step, "FROM outbox_message WHERE", "outbox_message.ref = ?") == 1
    assert _count(rework_step, "FROM outbox_message") == 1


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


def test_the_subscribers_get_the_step_events_without_reading_them_back(rework_step: list[str]) -> None:
    """The mail subscriber's events of this step are the ones the step's session stored, not a read
    of the case's events above the watermark."""
    assert _count(rework_step, "FROM case_event WHERE case_event.case_id = ? AND case_event.id > ?") == 0


def test_the_waits_subscriber_takes_the_open_tasks_from_the_projections(rework_step: list[str]) -> None:
    """The open tasks after the step are the rows the projections just wrote: not read again."""
    assert (
        _count(
            rework_step, "FROM human_task WHERE human_task.case_id = ? AND human_task.completed_at IS NULL"
        )
        == 0
    )
    assert (
        _count(rework_step, "FROM human_task WHERE human_task.case_id = ? AND human_task.completed_at > ?")
        == 1
    )


def test_the_stored_intervals_are_read_with_the_tasks_ended_since_the_previous_event(
    rework_step: list[str],
) -> None:
    """The waits subscriber reads the case's newest stored holder intervals in the statement that reads the
    tasks ended since its previous event, not in one of their own."""
    [ended] = [sql for sql in rework_step if "human_task.completed_at > ?" in sql]
    assert "FROM holder_interval WHERE holder_interval.case_id = ? ORDER BY holder_interval.seq DESC" in ended
    assert _count(rework_step, "FROM holder_interval") == 1


def test_the_tasks_ended_since_the_previous_event_are_read_as_plain_columns(rework_step: list[str]) -> None:
    """The waits subscriber builds its task spans from the tasks ended since the case's previous event:
    a plain read of the span's columns, no task objects (and no ORM execution path)."""
    [ended] = [sql for sql in rework_step if "human_task.completed_at > ?" in sql]
    assert ended.startswith(
        "SELECT human_task.id, human_task.bpmn_id, human_task.name, human_task.candidate_groups, "
        "human_task.lane, human_task.created_at, human_task.completed_at, "  # then the intervals' (NULL)
    )
    assert " FROM human_task WHERE" in ended and "human_task.spiff_task_id" not in ended


def test_a_task_the_step_closed_is_not_looked_up_in_task_wait(rework_step: list[str]) -> None:
    """The completed task was open under the case lock, so it has no task_wait row yet: it is
    recorded without looking for one first."""
    assert _count(rework_step, "FROM task_wait WHERE task_wait.task_id IN") == 0
    assert _count(rework_step, "INSERT INTO task_wait") == 1


def test_the_case_of_the_task_is_found_and_locked_in_one_read(rework_step: list[str]) -> None:
    """No separate read of the task's case id before the case is locked: one read joins the task."""
    assert _count(rework_step, "SELECT human_task.case_id FROM human_task") == 0
    assert _count(rework_step, "FROM zaak JOIN human_task ON human_task.case_id = zaak.id") == 1


def test_the_events_of_the_projections_are_written_in_one_statement(rework_step: list[str]) -> None:
    """The claim on completion and the step's own events (task done, next task ready) go in one
    set-based INSERT, not one INSERT (... RETURNING) per event."""
    assert _count(rework_step, "INSERT INTO case_event") == 1
    assert _count(rework_step, "INSERT INTO case_event", "RETURNING") == 0


def _listen_to_a_completion(identifier: str, listener: Callable[..., None]) -> None:
    """One rework-loop completion (after six steps) with ``listener`` on every session's ``identifier``."""
    from sqlalchemy.orm import Session

    case = ServiceCase(REWORK, effects=True)
    try:
        for _ in range(6):
            case.act(*REWORK.loop[0])
        event.listen(Session, identifier, listener)
        try:
            case.act(*REWORK.loop[0])
        finally:
            event.remove(Session, identifier, listener)
    finally:
        case.close()


def test_the_completion_and_the_projections_are_flushed_once() -> None:
    """The projections do not autoflush the completion's changes before they add their own rows: one
    flush writes both; the waits subscriber records the completed task with a set-based INSERT."""
    flushes: list[int] = []

    def on_flush(session: Any, _context: Any, _instances: Any) -> None:
        flushes.append(len(session.new) + len(session.dirty))

    _listen_to_a_completion("before_flush", on_flush)
    assert len([n for n in flushes if n]) == 1, flushes


def test_the_open_tasks_come_with_the_task_a_completion_reads(rework_step: list[str]) -> None:
    """The case's open task rows are read with the task to complete, under the case lock, in one
    statement: the projections do not read the case's open tasks again."""
    assert _count(rework_step, "FROM human_task WHERE human_task.case_id = ? AND human_task.state = ?") == 0


def test_a_completion_beside_a_parallel_task_keeps_that_task_as_it_is(platform: Any) -> None:
    """Two parallel tasks open: completing one leaves the other's row open (the same row, its candidate
    row open, no second row for it), read once with the completed one; the second completion ends the case."""
    from sqlalchemy import select

    from services import cases, deployments, users
    from services.store.models import HumanTask, TaskCandidate
    from tests.conftest import FIXTURES

    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "samenvoegen_klein.bpmn"]))
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    started = cases.start_case(platform, "samenvoegen_klein", {}, user="anna")
    tasks = {t["naam"]: t["id"] for t in started["open_taken"]}
    assert set(tasks) == {"Vergunning beoordelen", "Netaansluiting beoordelen"}
    with statements(platform) as sent:
        after = cases.complete_task(platform, tasks["Vergunning beoordelen"], "anna", {})
    assert [(t["id"], t["naam"]) for t in after["open_taken"]] == [
        (tasks["Netaansluiting beoordelen"], "Netaansluiting beoordelen")
    ]
    assert _count(sent, "FROM human_task WHERE human_task.case_id = ? AND human_task.state = ?") == 0
    assert _count(sent, "INSERT INTO human_task") == 0
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(HumanTask.name, HumanTask.state, TaskCandidate.open)
            .join(TaskCandidate, TaskCandidate.task_id == HumanTask.id)
            .where(HumanTask.case_id == started["id"])
            .order_by(HumanTask.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Vergunning beoordelen", "voltooid", False),
        ("Netaansluiting beoordelen", "open", True),
    ]
    assert (
        cases.complete_task(platform, tasks["Netaansluiting beoordelen"], "anna", {})["status"] == "afgerond"
    )


def test_only_reads_of_objects_take_the_orm_execution_path() -> None:
    """A completion's reads of plain columns and its set-based writes into tables go to the session's
    connection (services.store.db.plain): the ORM's execution path, which costs such a statement about
    as much as the database does, is taken only by the reads that load rows as objects."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from services import cases
    from services.store.models import HumanTask

    taken: list[tuple[bool, list[Any]]] = []

    def on_execute(state: Any) -> None:
        described = getattr(state.statement, "column_descriptions", [])
        taken.append((state.is_select, [d["expr"] for d in described]))

    case = ServiceCase(REWORK, effects=True)
    try:
        for _ in range(6):
            case.act(*REWORK.loop[0])
        with case.platform.uow(write=False) as uow:
            task_id = uow.session.scalar(
                select(HumanTask.id).where(HumanTask.case_id == case.case["id"], HumanTask.state == "open")
            )
        event.listen(Session, "do_orm_execute", on_execute)
        try:
            cases.complete_task(case.platform, task_id, "anna", {"klaar": False})
        finally:
            event.remove(Session, "do_orm_execute", on_execute)
    finally:
        case.close()
    assert taken and all(select and all(isinstance(e, type) for e in exprs) for select, exprs in taken), taken


def test_the_waits_subscriber_reads_the_stored_intervals_as_plain_rows() -> None:
    """The open holder interval the waits subscriber carries on is read as plain columns, not as an
    object of the session (which the ORM's execution path costs): a changed interval is written back by
    its id (services.waits.store.write_intervals)."""
    from services.store.models import HolderInterval

    read: list[Any] = []

    def on_execute(state: Any) -> None:
        described = getattr(state.statement, "column_descriptions", [])
        read.extend(d["entity"] for d in described if d.get("entity") is HolderInterval)

    _listen_to_a_completion("do_orm_execute", on_execute)
    assert read == []


def test_the_group_of_the_next_task_is_known_from_the_task_the_step_closed(rework_step: list[str]) -> None:
    """The next task's group is the group of the task the step closed: it exists, no lookup."""
    assert _count(rework_step, "SELECT app_group.name FROM app_group WHERE app_group.name IN") == 0


def test_a_group_no_held_row_names_is_still_looked_up() -> None:
    """When the rows the step holds do not name the new task's group, it is looked up (and created
    when missing), as before."""
    from sqlalchemy import select, update

    from services.store.models import Group, HumanTask, User

    case = ServiceCase(REWORK, effects=True)
    try:
        with (
            case.platform.uow() as uow
        ):  # the open task names another group (of anna's) than the next one will
            anna = uow.session.scalars(select(User).where(User.username == "anna")).one()
            anna.groups.append(Group(name="Anders", kind="afdeling"))
            uow.session.execute(
                update(HumanTask)
                .where(HumanTask.case_id == case.case["id"])
                .values(candidate_groups=["Anders"])
            )
            uow.commit()
        with statements(case.platform) as sent:
            case.act(*REWORK.loop[0])
    finally:
        case.close()
    assert _count(sent, "SELECT app_group.name FROM app_group WHERE app_group.name IN") == 1


def test_a_step_sends_no_more_statements_than_needed(rework_step: list[str]) -> None:
    assert len(rework_step) <= MAX_STATEMENTS, "\n".join(rework_step)


def test_the_permit_step_still_registers_and_updates_the_zaak() -> None:
    """The permit loop changes the zaak (opschorting) each round: the update is still enqueued."""
    sent = _completion(PERMIT, steps=4)
    assert _count(sent, "INSERT INTO outbox_message") >= 1


def test_the_severity_of_a_new_task_comes_from_the_task_the_step_closed(rework_step: list[str]) -> None:
    """The rework loop closes one task and opens the next: the new row takes the severity the closed
    row carried, without reading the case's conflicts (the step did not replace them)."""
    assert _count(rework_step, "FROM case_conflict") == 0


def _open_severity(case: ServiceCase) -> list[str | None]:
    from sqlalchemy import select

    from services.store.models import HumanTask

    with case.platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(HumanTask.max_severity).where(
                HumanTask.case_id == case.case["id"], HumanTask.state == "open"
            )
        )
        return list(rows)


def test_a_new_task_keeps_the_case_severity_across_steps_and_after_an_override() -> None:
    """A conflict written by a step shows on the next tasks; once overridden, the next tasks show none."""
    from sqlalchemy import select

    from services import conflict_override, projections
    from services.store.models import CaseConflict, HumanTask

    case = ServiceCase(REWORK, effects=True)
    try:
        with case.platform.uow() as uow:  # what a step with a locatiecheck writes: the conflict and the rows
            s = uow.session
            s.add(
                CaseConflict(
                    case_id=case.case["id"],
                    regel="r",
                    laag="l",
                    feature_id="1",
                    ernst="waarschuwing",
                    afdeling="Milieu",
                )
            )
            s.flush()
            severity = projections.max_severity(s, case.case["id"])
            for row in s.scalars(select(HumanTask).where(HumanTask.case_id == case.case["id"])):
                row.max_severity = severity
            uow.commit()
        assert severity == "waarschuwing"
        for _ in range(2):
            case.act(*REWORK.loop[0])
            assert _open_severity(case) == ["waarschuwing"]
        with case.platform.uow(write=False) as uow:
            conflict_id = uow.session.scalar(select(CaseConflict.id))
        conflict_override.override_conflict(
            case.platform, case.case["zaak"], conflict_id, "anna", "niet van toepassing"
        )
        assert _open_severity(case) == [None]
        case.act(*REWORK.loop[0])
        assert _open_severity(case) == [None]
    finally:
        case.close()
