"""A failure of ours during a staff face's post (a rules file that does not fit the layers while a step
runs its locatiecheck) is not a refusal of what the medewerker typed: it is a 500 with what happened in
plain Dutch (web.errors ``OUR_FAULT``) and its foutcode, the detail in the log line of that foutcode; a
form that was typed in (the task form, 'Bericht registreren', the besluit editor, an override's reason)
is shown again with what was typed, the other faces raise it on to the error page. The task form showed a gis.errors RuleError (then a ValidationError by class, 500) at the form as a
422, with the rule's layer, and logged nothing."""

from __future__ import annotations

import importlib
import io
import logging
from typing import Any

import pytest
from sqlalchemy import select

from services.clock import today
from services.store.models import HumanTask
from tests.config_errors import RULE_ON_MISSING_LAYER, rule_on_missing_layer, rules_broken_in
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, status_form
from tests.e2e.our_fault import logged_with
from tests.e2e.test_status_http import apply
from web.errors import OUR_FAULT

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _ours_on_the_error_page(resp: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A page (the error page, or a form shown again) of a failure of ours, its foutcode named and logged
    with the rule's detail."""
    assert resp.status_code == 500 and resp.mimetype == "text/html", (resp.status_code, resp.text[:300])
    foutcode = resp.headers["X-Request-ID"]
    assert OUR_FAULT in resp.text and foutcode in resp.text
    assert "bestaat_niet" not in resp.text and "test-zonder-laag" not in resp.text
    assert "bestaat_niet" in logged_with(caplog, foutcode)


def _beoordelen(app: Any) -> int:
    """The open task 'Aanvraag beoordelen' of the one case applied for on the form."""
    assert apply(app.test_client()).status_code == 303
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return int(
            uow.session.scalars(
                select(HumanTask.id).where(HumanTask.name == "Aanvraag beoordelen", HumanTask.state == "open")
            ).one()
        )


def _reference(app: Any, task_id: int) -> str:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return str(uow.session.get(HumanTask, task_id).case_reference)


def _rule_broken_once(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """``module.name`` raises a RuleError the first time it is called (a face that asks again after a
    refusal, the dashboard, gets its answer then)."""
    original, raised = getattr(module, name), []

    def ours_once(*args: Any, **kwargs: Any) -> Any:
        if raised:
            return original(*args, **kwargs)
        raised.append(True)
        raise rule_on_missing_layer()

    monkeypatch.setattr(module, name, ours_once)


def test_a_broken_rules_file_in_the_next_step_is_ours_on_the_task_form(app, tmp_path, caplog):
    task_id = _beoordelen(app)
    rules_broken_in(app, tmp_path, "kaart_status_opschorting")  # 'Aanvulling vragen', after 'nee'
    anna = logged_in(app, "anna")
    token = fx.csrf_from(anna.get(f"/taken/{task_id}").text)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = anna.post(
            f"/taken/{task_id}",
            data={"csrf_token": token, "compleet": "false", "notitie": "Tekening ontbreekt."},
        )
    _ours_on_the_error_page(resp, caplog)
    assert "Tekening ontbreekt." in resp.text  # the form again, what was typed kept
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        assert uow.session.get(HumanTask, task_id).state == "open"  # the step undone


def test_a_broken_rules_file_in_the_step_after_a_letter_is_ours_on_the_case_page(app, tmp_path, caplog):
    """'Bericht registreren': the aanvulling that came by post moves the case on to 'Termijn hervatten'."""
    task_id = _beoordelen(app)
    anna = logged_in(app, "anna")
    token = fx.csrf_from(anna.get(f"/taken/{task_id}").text)
    assert anna.post(f"/taken/{task_id}", data={"csrf_token": token, "compleet": "false"}).status_code == 302
    rules_broken_in(app, tmp_path, "kaart_status_hervatting")
    ref = _reference(app, task_id)
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
    assert "De tekening per post." in resp.text  # the form again, what was typed kept


#: each other face that shows a refusal on its own page, the use case it calls raising a failure of ours
#: once: (who, method, path, module of the use case, its name, what is posted; a file as (bytes, name))
FACES = {
    "inbox-oppakken": ("anna", "POST", "/taken/1/oppakken", "services.inbox", "claim", {}),
    "zaak-opnieuw": ("bea", "POST", "/beheer/zaken/Z-1/opnieuw", "services.beheer", "retry", {}),
    "zaken-zoeken": ("anna", "GET", "/zaken?q=dakkapel", "services.case_queries", "search_cases", {}),
    "dashboard-team": ("bea", "GET", "/dashboard?team=Vergunningen", "services.dashboard", "for_user", {}),
    "afleveringen-filter": (
        "bea",
        "GET",
        "/beheer/afleveringen?status=mislukt",
        "services.outbox.beheer",
        "deliveries",
        {},
    ),
    "modellen-deployen": (
        "bea",
        "POST",
        "/beheer/modellen",
        "services.model_uploads",
        "model_files",
        {"bestand": (b"<definitions/>", "model.bpmn")},
    ),
    "volglink": (None, "POST", "/volglink", "services.tracking_links", "resend", {"email": "a@example.nl"}),
}


@pytest.mark.parametrize("face", list(FACES))
def test_no_other_face_shows_a_failure_of_ours_as_a_refusal(app, face, monkeypatch, caplog):
    """Each caught every ValidationError and showed its detail as a refusal (a message, a 4xx), unlogged;
    none runs a step or the locatiecheck today, so the use case raises the RuleError itself here."""
    who, method, path, module, name, data = FACES[face]
    if "{zaak}" in path:  # the refusal is shown on the case's page
        path = path.format(zaak=_reference(app, _beoordelen(app)))
    _rule_broken_once(monkeypatch, importlib.import_module(module), name)
    client = logged_in(app, who) if who else app.test_client()
    if method == "POST":
        files = {
            key: (io.BytesIO(value[0]), value[1]) for key, value in data.items() if isinstance(value, tuple)
        }
        token = fx.csrf_from(client.get("/volglink" if who is None else "/taken").text)
        data = {"csrf_token": token, **data, **files}
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = client.open(path, method=method, data=data)
    _ours_on_the_error_page(resp, caplog)


def test_the_besluit_editor_shows_no_failure_of_ours_as_a_refusal(
    browser_for, faces_platform, monkeypatch, caplog
):
    from tests.e2e.casefile_fixtures import to_besluit
    from web.faces import besluit

    _, task = to_besluit(browser_for, faces_platform, monkeypatch)
    _rule_broken_once(monkeypatch, besluit, "_invoer")
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = browser_for("tom").post(
            f"/taken/{task['id']}/besluit",
            {"uitkomst": "verlenen", "motivering": "Past in de omgeving.", "actie": "concept"},
        )
    _ours_on_the_error_page(resp, caplog)
    assert "Past in de omgeving." in resp.text  # the editor again, what was typed kept


@pytest.mark.parametrize("back", ["task", "case"])
def test_a_failure_of_ours_keeps_the_reason_of_an_override(
    browser_for, start_case, enrich_case, faces_platform, monkeypatch, caplog, back
):
    """Was a FACES entry (on a conflict that did not exist, so no form to show the reason at): the
    override's reason is typed, so the page it was typed on comes again with it."""
    import services.conflict_override
    from services.store.models import CaseConflict
    from tests.e2e.task_rows import open_task_of

    ref = start_case()["zaak"]
    enrich_case(ref, conflicts=[{"ernst": "blokkerend", "afdeling": "Natuur"}])
    task = open_task_of(faces_platform, ref)
    with faces_platform.uow(write=False) as uow:
        conflict_id = uow.session.scalars(select(CaseConflict.id)).one()
    _rule_broken_once(monkeypatch, services.conflict_override, "override_conflict")
    terug = f"/taken/{task.id}" if back == "task" else f"/zaken/{ref}"
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = browser_for("anna").post(
            f"/zaken/{ref}/conflicten/{conflict_id}/overschrijven",
            {"reden": "Ecoloog: geen effect.", "terug": terug},
        )
    _ours_on_the_error_page(resp, caplog)
    assert ">Ecoloog: geen effect.</textarea>" in resp.text  # the reason kept


def test_a_deploy_failure_of_ours_that_is_no_validation_error_is_the_error_page(app, monkeypatch, caplog):
    """'Deployen' showed any other RuimteflowError's detail at the overview, unlogged, with its status; a
    5xx one is ours, the error page as above."""
    from processes.errors import RuimteflowError
    from services import model_uploads

    def ours(*_args: Any, **_kwargs: Any) -> Any:
        raise RuimteflowError(RULE_ON_MISSING_LAYER, code="x", status=500)

    monkeypatch.setattr(model_uploads, "model_files", ours)
    bea = logged_in(app, "bea")
    data = {"csrf_token": fx.csrf_from(bea.get("/taken").text), "bestand": (io.BytesIO(b"<x/>"), "m.bpmn")}
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = bea.post("/beheer/modellen", data=data)
    _ours_on_the_error_page(resp, caplog)
