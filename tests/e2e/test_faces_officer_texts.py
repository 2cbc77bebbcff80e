"""The texts an officer reads on the task page and in the inbox use words, not codes (review officer12, F6).

Review findings: the ontvankelijkheid form offered the document types as their codes ('bijlage',
'aanvraagformulier', 'aanvulling') while the status page names them ("Bijlage of tekening"); an
assignment said "toegewezen aan collega-vergunningen" (a username) in the message, the case history and
on the task page.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlalchemy import select

from services.store.models import HumanTask
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app


def _login(app: Any, username: str) -> Any:
    client = app.test_client()
    page = client.get("/inloggen")
    resp = client.post("/inloggen", data={"gebruikersnaam": username, "wachtwoord": "demo",
                                          "csrf_token": fx.csrf_from(page.text)})  # fmt: skip
    assert resp.status_code == 302
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _open_task(app: Any, element: str) -> int:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return int(
            uow.session.scalars(
                select(HumanTask.id)
                .where(HumanTask.bpmn_id == element, HumanTask.state == "open")
                .order_by(HumanTask.id)
            ).first()
            or 0
        )


def test_the_requested_documents_are_offered_by_their_names(app: Any) -> None:
    task_id = _open_task(app, "ontvankelijkheid")
    assert task_id
    page = _login(app, "anna").get(f"/taken/{task_id}").text
    boxes = re.findall(r'name="gevraagde_documenten" value="([^"]+)"[^>]*><label[^>]*>([^<]+)</label>', page)
    assert boxes == [
        ("bijlage", "Bijlage of tekening"),
        ("aanvraagformulier", "Aanvraagformulier"),
        ("aanvulling", "Aanvulling op de aanvraag"),
    ]
