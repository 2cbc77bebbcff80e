"""Two processes on PostgreSQL: exactly one completion of a task wins; timers fire once per case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services import cases, inbox
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from tests.integration.children import race
from tests.integration.core_helpers import setup_klein
from tests.integration.threads import one_waits_for_a_lock

pytestmark = pytest.mark.postgres

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _complete(url: str, task_id: int, barrier, results) -> None:  # runs in a child process
    platform = Platform.create(Settings(database_url=url), FixedClock(START), migrate=False)
    barrier.wait()
    try:
        cases.complete_task(platform, task_id, "anna", {"compleet": True})
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - report the error type to the parent
        results.put(f"{type(exc).__name__}:{getattr(exc, 'code', '')}")


def _fire(url: str, barrier, results) -> None:  # runs in a child process
    platform = Platform.create(Settings(database_url=url), FixedClock(START), migrate=False)
    barrier.wait()
    fired = cases.fire_due_timers(platform, datetime(2026, 4, 1, tzinfo=UTC))
    results.put([f["zaak"] for f in fired])


def test_two_processes_complete_the_same_task_exactly_one_wins(pg_platform, pg_url):
    setup_klein(pg_platform)
    case = cases.start_case(pg_platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(pg_platform, "anna")["taken"]
    outcomes = race(_complete, [(pg_url, task["id"]), (pg_url, task["id"])])
    assert sorted(outcomes) == ["Conflict:taak-niet-open", "ok"]
    full = cases.get_case(pg_platform, case["zaak"])
    assert [t["naam"] for t in full["open_taken"]] == ["Besluit nemen"]
    assert sum(1 for e in full["tijdlijn"] if e["soort"] == "taak-voltooid") == 1


def test_two_workers_fire_each_due_timer_once(pg_platform, pg_url):
    setup_klein(pg_platform)
    refs = []
    for _ in range(6):
        case = cases.start_case(pg_platform, "vergunning_klein", {}, user="anna")
        refs.append(case["zaak"])
    for task in inbox.list_tasks(pg_platform, "anna")["taken"]:
        cases.complete_task(pg_platform, task["id"], "anna", {"compleet": False})
    outcomes = race(_fire, [(pg_url,), (pg_url,)])
    fired = [ref for batch in outcomes for ref in batch]
    assert sorted(fired) == sorted(refs)  # every case once, none twice
    assert all(cases.get_case(pg_platform, r)["status"] == "afgerond" for r in refs)


def test_a_step_that_waited_for_the_case_lock_reads_the_workflow_written_before_it(pg_platform):
    """Tester finding: the locked read joined the case row (re-read after the wait) with the workflow
    row of its snapshot from before it; the version matched, and the second step overwrote the first
    one's workflow change (two parallel advice completions lost one, both told "ok")."""
    import threading

    from sqlalchemy import update

    from services.store.models import WorkflowState

    setup_klein(pg_platform)
    ref = cases.start_case(pg_platform, "vergunning_klein", {}, user="anna")["zaak"]
    seen: dict[str, object] = {}
    with pg_platform.uow() as first:
        case = first.cases.get(ref, lock=True, with_workflow=True)
        old = case.workflow.document

        def second() -> None:
            with pg_platform.uow() as other:
                waited = other.cases.get(ref, lock=True, with_workflow=True)  # what run_step does
                seen["version"], seen["document"] = waited.version, waited.workflow.document

        thread = threading.Thread(target=second)
        thread.start()
        assert one_waits_for_a_lock(pg_platform)  # the second read now waits for the lock
        first.session.execute(
            update(WorkflowState).where(WorkflowState.case_id == case.id).values(document=old + " ")
        )
        case.title = f"{case.title} (gewijzigd)"
        first.session.flush()
        version = case.version
        first.commit()
    thread.join(timeout=30)
    assert seen["version"] == version
    assert seen["document"] == old + " "  # the document committed before the lock was granted


def test_a_claim_during_a_step_on_its_case_waits_instead_of_deadlocking(pg_platform):
    """Tester finding: claim locked the task, then its audit row needed a key-share lock on the case
    that the step held, while the step waited for the task: "deadlock detected", a 500, in 9 of 10."""
    import threading

    from services import users

    setup_klein(pg_platform)
    users.add_user(pg_platform, "bert", groups=["Vergunningen"], role="vergunningverlener")
    outcomes = []
    for _ in range(6):
        ref = cases.start_case(pg_platform, "vergunning_klein", {}, user="anna")["zaak"]
        [task] = [t for t in inbox.list_tasks(pg_platform, "anna")["taken"] if t["zaak"] == ref]
        barrier, out = threading.Barrier(2), {}

        def run(name, action, out=out, barrier=barrier):
            barrier.wait()
            try:
                action()
                out[name] = "ok"
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
                out[name] = type(exc).__name__

        threads = [
            threading.Thread(
                target=run, args=("claim", lambda t=task: inbox.claim(pg_platform, t["id"], "bert"))
            ),
            threading.Thread(
                target=run,
                args=(
                    "step",
                    lambda t=task: cases.complete_task(pg_platform, t["id"], "anna", {"compleet": True}),
                ),
            ),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        outcomes.append((out["claim"], out["step"]))
    # one of the two goes first; the other is refused with a domain answer (409 or 403), never a 500
    assert set(outcomes) <= {("ok", "Forbidden"), ("Conflict", "ok")}, outcomes


def test_the_first_two_cases_of_a_year_both_get_a_reference(pg_platform):
    """Tester finding: both inserted the year's counter row; one failed on its key (a 500 on the first
    applications after New Year)."""
    import threading

    refs, errors = [], []
    for year in (2031, 2032, 2033):
        barrier = threading.Barrier(2)

        def take(year=year, barrier=barrier):
            with pg_platform.uow() as uow:
                barrier.wait()
                try:
                    refs.append(uow.cases.next_reference(year))
                    uow.commit()
                except Exception as exc:  # noqa: BLE001 - the test lists what went wrong
                    errors.append(type(exc).__name__)

        threads = [threading.Thread(target=take) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert errors == []
    assert sorted(refs) == [f"Z-{y}-{n:06d}" for y in (2031, 2032, 2033) for n in (1, 2)]


def test_two_workers_send_each_deadline_reminder_once(pg_platform):
    """Tester finding: each timer worker read the unreminded tasks before taking the case lock and did
    not look again after it: every reminder went out twice."""
    import threading

    from sqlalchemy import func, select, text

    from services import users
    from services.mail import compose
    from services.store.models import OutboxMessage

    setup_klein(pg_platform)
    users.add_user(
        pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener", email="a@example.nl"
    )
    for _ in range(8):
        cases.start_case(pg_platform, "vergunning_klein", {}, user="anna")
    with pg_platform.engine.begin() as conn:  # the small model has no deadline: two days ahead
        conn.execute(text("update human_task set due_on = date '2026-03-04' where state = 'open'"))
    for task in inbox.list_tasks(pg_platform, "anna")["taken"]:
        inbox.claim(pg_platform, task["id"], "anna")

    def mails() -> int:
        with pg_platform.uow(write=False) as uow:
            count = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.channel == compose.CHANNEL)
            )
            return int(uow.session.scalar(count) or 0)

    before, barrier, sent = mails(), threading.Barrier(2), []

    def worker():
        barrier.wait()
        sent.append(compose.deadline_reminders(pg_platform))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(sent) == 8, sent  # one reminder per task, to its assignee
    assert mails() - before == 8
