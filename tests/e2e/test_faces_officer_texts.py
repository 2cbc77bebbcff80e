"""The texts an officer reads on the task page and in the inbox use words, not codes (review officer12, F6).

Review findings: the ontvankelijkheid form offered the document types as their codes ('bijlage',
'aanvraagformulier', 'aanvulling') while the status page names them ("Bijlage of tekening"); an
assignment said "toegewezen aan collega-vergunningen" (a username) in the message, the case history and
on the task page.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from processes.termijnen import opschorting_vanaf
from processes.termijnen.datums import datum_nl
from services.store.models import Case, CaseEvent, HumanTask, User
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, page_text

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app


_login = logged_in


_text = page_text


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


def test_an_assignment_names_the_colleague_not_the_login(app: Any) -> None:
    """ "Toegewezen aan collega-vergunningen": the flash, the case history and the task page named the
    login. They name the display name now; the history keeps the login in the line's data."""
    task_id = _open_task(app, "ontvankelijkheid")
    platform = app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        shown = {
            u.username: u.display_name
            for u in uow.session.scalars(select(User).where(User.username.in_(["anna", "tom"])))
        }
    assert shown["anna"] not in ("", "anna") and shown["tom"] not in ("", "tom")
    tom = _login(app, "tom")
    inbox = tom.get("/inbox?tab=team").text
    resp = tom.post(
        f"/taken/{task_id}/toewijzen",
        data={"gebruiker": "anna", "terug": "/inbox?tab=team", "csrf_token": fx.csrf_from(inbox)},
    )
    assert resp.status_code == 302
    flash = _text(tom.get("/inbox?tab=team").text)
    assert f"is toegewezen aan {shown['anna']}." in flash and "toegewezen aan anna." not in flash
    rows = re.findall(r"<tr.*?</tr>", tom.get("/inbox?tab=team").text, flags=re.S)
    row = next(r for r in rows if f'href="/taken/{task_id}' in r)
    column = re.search(r'data-label="Toegewezen aan">(.*?)</td>', row, flags=re.S)
    assert column is not None and _text(column.group(1)).strip().startswith(shown["anna"])
    page = _text(tom.get(f"/taken/{task_id}").text)
    assert f"Toegewezen aan {shown['anna']} " in page
    assert f"Deze taak is opgepakt door {shown['anna']}." in page
    with platform.uow(write=False) as uow:
        line = uow.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.kind == "taak-toewijzing", CaseEvent.data["taak"].as_integer() == task_id)
            .order_by(CaseEvent.id.desc())
        ).first()
        assert line is not None and line.actor == "tom"
        assert line.message.endswith(f"toegewezen aan {shown['anna']}")
        assert line.data["aan"] == "anna"


def test_the_suspension_block_says_from_the_day_after_the_request(app: Any) -> None:
    """The block said "opgeschort sinds 5 december" (the day of the aanvullingsverzoek) while the deadline
    explanation and the timeline say "vanaf 6 december": the term stands still from the day after the
    request (Awb 4:15 lid 1, processes.termijnen.opschorting_vanaf)."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = next(
            c
            for c in uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
            if (c.opschorting or {}).get("lopend")
        )
        ref, van = case.reference, date.fromisoformat(case.opschorting["lopend"]["van"])
    page = _text(_login(app, "anna").get(f"/zaken/{ref}").text)
    block = page[page.index("Opschorting") : page.index("Gegevens", page.index("Opschorting"))]
    assert f"De termijn is nu opgeschort vanaf {datum_nl(opschorting_vanaf(van))}" in block
    assert f"sinds {datum_nl(van)}" not in block
