"""A task form refused by a rule of the process shows the refusal at its field (review vvl16, F4). Before,
"De datum van het aanvullingsverzoek (...) ligt in de toekomst", "De opschorting begint (...) vóór de
ontvangst..." and a verdaging over six weeks stood only in the summary above the form, no field marked,
and a malformed date's field error ended in English "heeft een ongeldig formaat (date)"."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from services.clock import today
from services.store.models import HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in
from tests.e2e.kaart_status_fixtures import csrf_from

clock, demo_layers, demo_database, app = fx.clock, fx.demo_layers, fx.demo_database, fx.testing_demo_app

ASK = {"compleet": "false", "ontbrekend": "gevelaanzicht", "aanvullingstermijn_dagen": "14"}


def _claimed(app: Any, name: str, actie: str | None = None) -> tuple[Any, int]:
    """anna, holding the first open demo task ``name`` (whose form offers ``actie``, if given), and that
    task's id."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.execute(
            select(HumanTask.id, HumanTask.form_schema)
            .where(HumanTask.name == name, HumanTask.state == "open")
            .order_by(HumanTask.id)
        ).all()
    offered = [i for i, form in rows if actie is None or actie in form["properties"]["actie"]["enum"]]
    task_id = offered[0] if offered else None
    assert task_id is not None, name
    anna = logged_in(app, "anna")
    anna.post(
        f"/taken/{task_id}/oppakken", data={"csrf_token": csrf_from(anna.get(f"/taken/{task_id}").text)}
    )
    return anna, int(task_id)


def _post(client: Any, task_id: int, data: dict[str, str]) -> Any:
    token = csrf_from(client.get(f"/taken/{task_id}").text)
    return client.post(f"/taken/{task_id}", data={"csrf_token": token, **data})


def _field_error(page: str, field: str) -> str:
    """The error shown at the field ``field`` of the task form ('' if none)."""
    found = re.search(rf'id="veld-{field}-fout"[^>]*>(.*?)</', page, re.S)
    return html.unescape(re.sub(r"\s+", " ", found.group(1))).strip() if found else ""


def test_the_aanvullingsverzoeks_dates_are_refused_at_their_field(app):
    anna, task_id = _claimed(app, "Ontvankelijkheid beoordelen")
    tomorrow = (today(app.extensions["ruimteflow"].clock) + timedelta(days=1)).isoformat()
    for day, words in (
        (tomorrow, "ligt in de toekomst"),
        ("2000-01-03", "vóór de ontvangst van de aanvraag"),
        ("2026-13-45", "verwacht: een datum als JJJJ-MM-DD"),
    ):
        resp = _post(anna, task_id, {**ASK, "verzoek_verzonden_op": day})
        assert resp.status_code == 422, (day, resp.status_code)
        error = _field_error(resp.text, "verzoek_verzonden_op")
        assert words in error and "(date)" not in error, (day, error)
        assert 'value="gevelaanzicht"' in resp.text or ">gevelaanzicht</textarea>" in resp.text
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        assert uow.session.get(HumanTask, task_id).state == "open"


def test_a_verdaging_over_six_weeks_is_refused_at_its_field(app):
    anna, task_id = _claimed(app, "Aanvraag inhoudelijk beoordelen", "verdagen")  # within its term
    resp = _post(anna, task_id, {"actie": "verdagen", "verdaging_weken": "7", "verdaging_reden": "Advies."})
    assert resp.status_code == 422, resp.status_code
    assert "ten hoogste 6 weken" in _field_error(resp.text, "verdaging_weken"), resp.text
