"""A stopping worker ends its pass between units of work in every part, not only in the outbox: after the
case whose timers fire and after the task being reminded (never in one), and no part starts after the
stop. Before, the timers and reminders of a pass ran to their end after a SIGTERM, and serve's 30 s wait
for its timer process could run out on a long pass (operator item from sessie12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services import case_timers, inbox, scheduler, users
from services.mail import compose
from services.store.repository import SqlCaseRepository
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.mail_cases import start_mail_case
from web.worker_lifecycle import StopFlag

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _passes_parts(monkeypatch: Any) -> list[str]:
    """The names of the parts after the timers that the pass started."""
    started: list[str] = []
    monkeypatch.setattr(scheduler, "deliver_once", lambda *a: started.append("outbox"))
    monkeypatch.setattr(scheduler, "purge_delivered", lambda *a: started.append("gewist") or 0)
    return started


def test_a_stop_ends_the_timers_after_the_case_in_flight(platform, monkeypatch):
    stop, fired = StopFlag(), []

    def fire_one(_platform: Any, case_id: int, _moment: datetime) -> dict[str, Any]:
        fired.append(case_id)
        stop.set()  # the signal comes while this case's timers fire
        return {"zaak": f"Z-{case_id}"}

    monkeypatch.setattr(SqlCaseRepository, "due_ids", lambda self, moment, limit: [1, 2, 3])
    monkeypatch.setattr(case_timers, "_fire_one", fire_one)
    reminded = []
    monkeypatch.setattr(scheduler, "deadline_reminders", lambda *a: reminded.append(1) or 0)
    started = _passes_parts(monkeypatch)
    result = scheduler.one_pass(platform, stop.is_set)
    assert fired == [1] and result["afgevuurd"] == [{"zaak": "Z-1"}]  # that case finished, 2 and 3 wait
    assert reminded == [] and started == []


def test_a_stop_ends_the_reminders_after_the_task_in_flight_keeping_its_reminder(app, clock, monkeypatch):
    platform = app.extensions["ruimteflow"]
    users.add_user(
        platform, "anna", groups=["Vergunningen"], role="vergunningverlener", email="anna@ruimtedal.example"
    )
    tasks = []
    for _ in range(2):
        case = start_mail_case(platform, email=None, user="anna")
        [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
        inbox.claim(platform, task["id"], "anna")
        tasks.append(task)
    deadline = min(
        date.fromisoformat(d) for d in (tasks[0]["wettelijke_termijn"], tasks[0]["vervaldatum"]) if d
    )
    clock.set(datetime.combine(deadline - timedelta(days=2), time(9, 0), tzinfo=UTC))
    stop = StopFlag()
    queued = compose.enqueue

    def enqueue(*args: Any) -> Any:
        stop.set()  # the signal comes while the first task's reminder is made
        return queued(*args)

    monkeypatch.setattr(compose, "enqueue", enqueue)
    started = _passes_parts(monkeypatch)
    result = scheduler.one_pass(platform, stop.is_set)
    assert result["herinneringen"] == 1 and started == []  # the first task's reminder, committed
    monkeypatch.setattr(compose, "enqueue", queued)
    assert compose.deadline_reminders(platform) == 1  # the other task's, on the next pass


def test_a_stop_before_the_pass_starts_no_part(platform, monkeypatch):
    monkeypatch.setattr(scheduler, "run_once", lambda *a, **k: [{"zaak": "Z-1"}])
    started = _passes_parts(monkeypatch)
    result = scheduler.one_pass(platform, lambda: True)
    assert result["afgevuurd"] == [] and started == []
