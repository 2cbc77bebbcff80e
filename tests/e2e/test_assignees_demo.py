"""The demo's colleague accounts (``collega-<groep>``, services.demo_users.colleague) are nobody's to use.

Review finding: they did the simulated year's work and nobody can log in as them (README, "Demo users"),
yet anna's "Toewijzen" list offered "Collega Vergunningen", and ``POST /api/v1/taken/{id}/toewijzen
{"gebruiker": "collega-vergunningen"}`` as anna answered 200: the task then sat with an account nobody can
use, and anna's own claim got 409 "al opgepakt door Collega Vergunningen". Now such an account is neither
offered nor given a task (422 ``toewijzing-niet-inlogbaar``, ``veld`` gebruiker, nothing changed), and
the tasks the demo's history left with them stay theirs until a lead hands them back.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from services.store.models import CaseEvent, HumanTask, User
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, page_text

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app

ANNA = {"Authorization": "Bearer demo-anna"}


def _free_task(app: Any, group: str) -> int:
    """The first open, unclaimed task of ``group``."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.scalars(
            select(HumanTask)
            .where(HumanTask.state == "open", HumanTask.assignee.is_(None))
            .order_by(HumanTask.id)
        )
        return next(t.id for t in rows if group in (t.candidate_groups or []))


def _state(app: Any, task_id: int) -> tuple[str | None, int]:
    """The task's assignee and its case's number of assignment lines."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        task = uow.session.get(HumanTask, task_id)
        assert task is not None
        lines = select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == task.case_id, CaseEvent.kind == "taak-toewijzing"
        )
        return task.assignee, int(uow.session.scalar(lines) or 0)


def test_anna_is_not_offered_the_colleague_nobody_can_log_in_as(app: Any) -> None:
    task_id = _free_task(app, "Vergunningen")
    rows = re.findall(r"<tr.*?</tr>", logged_in(app, "anna").get("/inbox?tab=team").text, flags=re.S)
    row = next(r for r in rows if f'href="/taken/{task_id}' in r)
    offered = re.findall(r'<option value="([^"]+)"', row)
    assert "anna" in offered and "tom" in offered, offered
    assert not [name for name in offered if name.startswith("collega-")], offered
    assert "Collega Vergunningen" not in row


def test_the_api_and_the_inbox_refuse_the_colleague_as_assignee(app: Any) -> None:
    task_id = _free_task(app, "Vergunningen")
    before = _state(app, task_id)
    client = app.test_client()
    url = f"/api/v1/taken/{task_id}/toewijzen"
    refused = client.post(url, json={"gebruiker": "collega-vergunningen"}, headers=ANNA)
    problem = refused.get_json()
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json", problem
    assert problem["code"] == "toewijzing-niet-inlogbaar" and problem["veld"] == "gebruiker", problem
    assert "Collega Vergunningen" in problem["detail"] and "inloggen" in problem["detail"], problem
    assert _state(app, task_id) == before
    anna = logged_in(app, "anna")
    csrf = fx.csrf_from(anna.get("/inbox?tab=team").text)
    form = {"gebruiker": "collega-vergunningen", "terug": "/inbox?tab=team", "csrf_token": csrf}
    assert anna.post(f"/taken/{task_id}/toewijzen", data=form).status_code == 302
    assert problem["detail"] in page_text(anna.get("/inbox?tab=team").text)
    assert _state(app, task_id) == before
    claimed = client.post(f"/api/v1/taken/{task_id}/claim", headers=ANNA)
    assert claimed.status_code == 200 and claimed.get_json()["toegewezen_aan"] == "anna", claimed.get_json()
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "422" in spec["paths"]["/taken/{task_id}/toewijzen"]["post"]["responses"]


def test_the_colleagues_cannot_log_in_and_keep_the_tasks_the_demo_left_them(app: Any) -> None:
    """README: no password and no API token. The demo's history leaves tasks with them (a participation
    round claimed again by whoever completed the previous one); those stay until a lead hands them back."""
    platform = app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        s = uow.session
        ways_in = s.execute(
            select(User.username, User.password_hash, User.token_hash).where(User.username.like("collega-%"))
        ).all()
        held = list(
            s.scalars(
                select(HumanTask.id).where(HumanTask.state == "open", HumanTask.assignee.like("collega-%"))
            )
        )
    assert ways_in and all(password is None and token is None for _, password, token in ways_in), ways_in
    assert held, "the demo leaves open tasks with a colleague"
    client = app.test_client()
    for task_id in held:
        back = client.post(f"/api/v1/taken/{task_id}/unclaim", headers={"Authorization": "Bearer demo-bea"})
        assert back.status_code == 200 and back.get_json()["toegewezen_aan"] is None, back.get_json()
