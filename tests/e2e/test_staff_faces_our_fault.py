"""A failure of ours during a staff face's post (a rules file that does not fit the layers while a step
runs its locatiecheck) is not a refusal of what the medewerker typed: it is the error page with what
happened in plain Dutch (web.errors ``OUR_FAULT``) and its foutcode, the detail in the log line of that
foutcode. The task form showed a gis.errors RuleError (a ValidationError by class, 500) at the form as a
422, with the rule's layer, and logged nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from services.clock import today
from services.store.models import HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, status_form
from tests.e2e.test_application_refusals import rules_broken_in
from tests.e2e.test_our_fault_answers import _logged_with
from tests.e2e.test_status_http import apply
from web.errors import OUR_FAULT

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _ours_on_the_error_page(resp: Any, caplog: pytest.LogCaptureFixture) -> None:
    """The error page of a failure of ours, its foutcode named and logged with the rule's detail."""
    assert resp.status_code == 500 and resp.mimetype == "text/html", (resp.status_code, resp.text[:300])
    foutcode = resp.headers["X-Request-ID"]
    assert OUR_FAULT in resp.text and foutcode in resp.text
    assert "bestaat_niet" not in resp.text and "test-zonder-laag" not in resp.text
    assert "bestaat_niet" in _logged_with(caplog, foutcode)


def _beoordelen(app: Any) -> int:
    """The open task 'Aanvraag beoordelen' of the one case applied for on the form."""
    assert apply(app.test_client()).status_code == 303
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return int(
            uow.session.scalars(
                select(HumanTask.id).where(HumanTask.name == "Aanvraag beoordelen", HumanTask.state == "open")
            ).one()
        )


def test_a_broken_rules_file_in_the_next_step_is_ours_on_the_task_form(app, tmp_path, caplog):
    task_id = _beoordelen(app)
    rules_broken_in(app, tmp_path, "kaart_status_opschorting")  # 'Aanvulling vragen', after 'nee'
    anna = logged_in(app, "anna")
    token = fx.csrf_from(anna.get(f"/taken/{task_id}").text)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = anna.post(f"/taken/{task_id}", data={"csrf_token": token, "compleet": "false"})
    _ours_on_the_error_page(resp, caplog)
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        assert uow.session.get(HumanTask, task_id).state == "open"  # the step undone


def test_a_broken_rules_file_in_the_step_after_a_letter_is_ours_on_the_case_page(app, tmp_path, caplog):
    """'Bericht registreren': the aanvulling that came by post moves the case on to 'Termijn hervatten'."""
    task_id = _beoordelen(app)
    anna = logged_in(app, "anna")
    token = fx.csrf_from(anna.get(f"/taken/{task_id}").text)
    assert anna.post(f"/taken/{task_id}", data={"csrf_token": token, "compleet": "false"}).status_code == 302
    rules_broken_in(app, tmp_path, "kaart_status_hervatting")
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        ref = uow.session.get(HumanTask, task_id).case_reference
    page = anna.get(f"/zaken/{ref}").text
    assert '<option value="aanvulling"' in page
    data = {
        **status_form(page),
        "bericht": "aanvulling",
        "tekst": "De tekening per post.",
        "ontvangen_op": today(app.extensions["ruimteflow"].clock).isoformat(),
    }
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = anna.post(f"/zaken/{ref}/berichten", data=data)
    _ours_on_the_error_page(resp, caplog)
