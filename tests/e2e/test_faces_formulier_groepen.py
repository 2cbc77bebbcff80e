"""Task forms with a group of fields or a list of them, completed in the officers' face (plain HTML, no
JavaScript) on the demo data: the windpark's 'Participatieregister bijwerken' (a list of bijeenkomsten)
and the wijkuitvoeringsplan's 'Participatie bijwerken' (an activity that may be empty, opt-out rows).

Before, these fields were one text input each and every post was refused, so every windpark case stopped
at the participatieregister in the face."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from services.demo_users import DEMO_USERS
from services.store.models import Case, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database


app = fx.testing_demo_app  # the app on a copy of the demo database (TESTING)


class _Officer:
    def __init__(self, app: Any, username: str) -> None:
        self.client = logged_in(app, username)

    def post(self, url: str, data: dict[str, Any]) -> Any:
        with self.client.session_transaction() as sess:
            token = sess["csrf"]
        return self.client.post(url, data={**data, "csrf_token": token})


def _open(app: Any, process: str, name: str) -> HumanTask:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask)
            .join(Case, Case.id == HumanTask.case_id)
            .where(Case.process_id == process, HumanTask.state == "open", HumanTask.name.startswith(name))
            .order_by(HumanTask.id)
        ).first()


def _member(group: str) -> str:
    """A demo user (password 'demo') in ``group``."""
    return next(name for name, _, role, groups in DEMO_USERS if group in groups and role != "beheerder")


def _task(app: Any, task_id: int) -> HumanTask:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return uow.session.get(HumanTask, task_id)


def _errors(html: str) -> str:
    i = html.find('id="foutoverzicht"')
    return re.sub(r"<[^>]+>|\s+", " ", html[i : i + 1500]) if i >= 0 else ""


def _to_participatieregister(app: Any) -> HumanTask:
    """A windpark case through its advice round (the advices given in the face)."""
    advies = _open(app, "windpark", "Advies")
    assert advies is not None, "the demo has a windpark case in its advice round"
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        advices = uow.session.scalars(
            select(HumanTask).where(
                HumanTask.case_id == advies.case_id,
                HumanTask.state == "open",
                HumanTask.name.startswith("Advies"),
            )
        ).all()
    for t in advices:
        enum = t.form_schema["properties"]["advies"]["enum"]
        resp = _Officer(app, _member(t.candidate_groups[0])).post(f"/taken/{t.id}", {"advies": enum[0]})
        assert resp.status_code == 302, _errors(resp.text)
    task = _open(app, "windpark", "Participatieregister bijwerken")
    assert task is not None and task.case_id == advies.case_id
    return task


def test_windpark_participatieregister_is_completed_with_rows_of_bijeenkomsten(app):
    task = _to_participatieregister(app)
    eva = _Officer(app, _member(task.candidate_groups[0]))
    url = f"/taken/{task.id}"
    page = eva.client.get(url).text
    assert "<legend>Nieuwe bijeenkomsten</legend>" in page  # no row is needed: none may be new
    assert "<legend>Regel 1</legend>" in page and "<legend>Regel 2</legend>" in page
    assert 'type="date" id="veld-bijeenkomsten-0-datum" name="bijeenkomsten.0.datum"' in page
    assert '<label for="veld-bijeenkomsten-1-deelnemers">Deelnemers</label>' in page
    base = {"bezwaren": "0", "lokaal_eigendom_pct": "10", "register_afgesloten": "false"}
    row0 = {
        "bijeenkomsten.0.datum": "2026-02-01",
        "bijeenkomsten.0.soort": "informatieavond",
        "bijeenkomsten.0.deelnemers": "40",
    }

    resp = eva.post(url, {**base, **row0, "bijeenkomsten.1.soort": "spreekuur", "bijeenkomsten.1.datum": ""})
    assert resp.status_code == 422
    assert "Veld &#39;Nieuwe bijeenkomsten, regel 2, Datum&#39; is verplicht." in _errors(resp.text)
    assert (
        'href="#veld-bijeenkomsten-1-datum"' in resp.text
        and 'id="veld-bijeenkomsten-1-datum-fout"' in resp.text
    )
    assert 'value="informatieavond"' in resp.text and 'value="spreekuur"' in resp.text  # the rows are kept
    assert 'id="veld-register_afgesloten-nee" name="register_afgesloten" value="false" checked' in resp.text

    more = eva.post(
        url,
        {
            **base,
            **row0,
            "bijeenkomsten.1.datum": "",
            "bijeenkomsten.2.datum": "",
            "_regel_erbij": "bijeenkomsten",
        },
    )
    assert more.status_code == 200 and "Het formulier is nog niet in orde" not in more.text
    assert 'name="bijeenkomsten.3.datum"' in more.text and 'name="bijeenkomsten.4.datum"' not in more.text
    assert _task(app, task.id).state == "open"

    resp = eva.post(url, {**base, **row0, "bijeenkomsten.1.datum": ""})
    assert resp.status_code == 302, _errors(resp.text)
    done = _task(app, task.id)
    assert done.state == "voltooid"
    assert done.data["bijeenkomsten"] == [
        {"datum": "2026-02-01", "soort": "informatieavond", "deelnemers": 40}
    ]

    again = _open(app, "windpark", "Participatieregister bijwerken")  # not closed: the register comes back
    assert again is not None and again.case_id == task.case_id
    resp = eva.post(
        f"/taken/{again.id}", {**base, "bijeenkomsten.0.datum": "", "register_afgesloten": "true"}
    )
    assert resp.status_code == 302, _errors(resp.text)
    assert _task(app, again.id).data["bijeenkomsten"] == []  # no new meetings: an empty list


def test_wijkuitvoeringsplan_participatie_with_an_optional_activity_and_opt_out_rows(app):
    task = _open(app, "wijkuitvoeringsplan", "Participatie bijwerken")
    assert task is not None, "the demo has a wijkuitvoeringsplan in its participation phase"
    member = _member(task.candidate_groups[0])
    if task.assignee not in (None, member):  # the round stays with who completed the last one (a517fac)
        from services import inbox

        inbox.assign(app.extensions["ruimteflow"], task.id, "bea", member)
    pim = _Officer(app, member)
    url = f"/taken/{task.id}"
    page = pim.client.get(url).text
    assert '<select id="veld-activiteit-soort" name="activiteit.soort">' in page
    assert "Laat alle velden leeg als dit niet van toepassing is." in page
    assert 'name="opt_outs.1.gebouw"' in page and 'name="opt_outs.1.alternatief"' in page

    resp = pim.post(
        url,
        {
            "opt_outs.0.gebouw": "Kerkstraat 1",
            "opt_outs.0.alternatief": "hybride",
            "participatie_afgerond": "false",
        },
    )
    assert resp.status_code == 422
    assert re.search(
        r"Opt-outs per gebouw \(BAG-id\)[^,]*, regel 1, Gebouw&#39; heeft een ongeldig formaat", resp.text
    )
    assert 'value="Kerkstraat 1"' in resp.text

    resp = pim.post(url, {"activiteit.soort": "", "opt_outs.0.gebouw": "", "participatie_afgerond": "false"})
    assert resp.status_code == 302, _errors(resp.text)
    assert _task(app, task.id).data == {"activiteit": None, "opt_outs": [], "participatie_afgerond": False}
