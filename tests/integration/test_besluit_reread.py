"""Making the besluit letter final reads the open tasks' choices again, and does nothing else.

The upload of a final letter ('Definitief maken', or a letter filed with its outcome) ends with
``task_choices.reread_choices``: a step without an action (``WorkflowRuntime.reread``) that
reads the open tasks' ``keuzes`` again, as 'Verdagen' is no longer offered once the letter is final. It ran
the engine's steps, and those end by looking at the timers: with the warning 'Beslistermijn verloopt
binnenkort' due and the scheduler not yet past, the letter armed the timer and a second reread created the
warning task (review: reread fires timers). A due timer is the scheduler's. And a reread that failed with
anything but a RuimteflowError (a database error after the letter's own commit) turned the letter made into
a 500, whose retry was refused with besluit-al-definitief.

Dates (test_omgevingsvergunning): the term ends Tuesday 28 April 2026, the warning is due on 14 April
(00:00 Dutch time).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from services import beheer, cases, task_choices
from services.clock import today
from services.documents.service import NewDocument, import_document
from services.store.models import Case, CaseEvent, HumanTask, WorkflowState
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import TAAK, app_with_tom, besluit_acties, bij_het_besluit
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.integration.test_verdaging_bij_besluit import TOKEN, VERLENEN

z, locatie = ov.z, ov.locatie
WARNING = "Beslistermijn verloopt binnenkort"
WARNING_DUE = "2026-04-13T22:00:00+00:00"  # 14 April, 00:00 Dutch time


def _written(z: Omgeving) -> tuple[list[str], list[str], str]:
    """The case's task rows (names), its events (kinds) and its stored process state."""
    with z.p.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == z.ref)).one()
        tasks = s.scalars(select(HumanTask.name).where(HumanTask.case_id == case.id).order_by(HumanTask.id))
        events = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
        document = s.scalars(select(WorkflowState.document).where(WorkflowState.case_id == case.id)).one()
        return list(tasks), list(events), document


def test_reading_the_choices_again_fires_no_due_timer(z: Omgeving) -> None:
    bij_het_besluit(z)
    z.clock.advance(days=43)  # 14 April: the warning is due; the scheduler has not passed yet
    assert z.zaak()["volgende_timer"] == WARNING_DUE
    tasks, events, _ = _written(z)

    z.brief("tom", VERLENEN)  # the letter made final, and the choices read again
    assert besluit_acties(z) == ["besluiten"]  # what the reread is for
    after_letter = _written(z)
    assert after_letter[:2] == (tasks, [*events, "document-toegevoegd"])
    task_choices.reread_choices(z.p, z.ref, "tom")  # read once more: still a read
    assert _written(z) == after_letter  # no task, no event, the process state as it was

    assert z.waarschuwingen() == []
    case = z.zaak()
    assert ov.namen(case["open_taken"]) == ["Besluit nemen"]
    assert case["volgende_timer"] == WARNING_DUE  # still the scheduler's to fire
    assert cases.fire_due_timers(z.p)
    assert [w["naam"] for w in z.waarschuwingen()] == [WARNING]


def test_a_failing_reread_leaves_the_letter_made(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The letter is committed before the reread: whatever stops the reread, 'Definitief maken' answers
    with the letter made (201), not a 500 whose retry is refused as already final."""
    bij_het_besluit(z)
    z.later(days=43)  # 14 April

    def database_gone(*_: Any) -> None:
        raise OperationalError("UPDATE zaak", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(z.p.runtime, "reread", database_gone)
    dag = today(z.clock).isoformat()
    body = {
        "uitkomst": "verlenen",
        "motivering": VERLENEN["motivering"],
        "besluitdatum": dag,
        "verzenddatum": dag,
    }
    client = app_with_tom(z).test_client()
    with caplog.at_level(logging.WARNING, logger=task_choices.__name__):
        resp = client.post(f"/api/v1/zaken/{z.ref}/besluit", headers=TOKEN, json=body)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["informatieobjecttype"] == "besluit"
    assert any(z.ref in r.getMessage() and r.exc_info for r in caplog.records), caplog.text
    assert besluit_acties(z) == ["besluiten", "verdagen"]  # not read again: the choice's refusal guards it
    retry = client.post(f"/api/v1/zaken/{z.ref}/besluit", headers=TOKEN, json=body)
    assert retry.status_code == 409 and retry.get_json()["code"] == "besluit-al-definitief"


def test_a_final_letter_filed_as_a_document_reads_the_choices_again(z: Omgeving) -> None:
    """Only 'Definitief maken' read the choices again: a final besluit letter filed as a document of type
    besluit with its outcome (an import, as a data migration brings the letter of an older system) left
    'Verdagen' offered until the case's next step, with only the choice's refusal guarding it. The upload
    of every final letter reads them again now, by the path the editor's letter takes too."""
    bij_het_besluit(z)
    z.later(days=43)  # 14 April: the term runs until 28 April
    assert besluit_acties(z) == ["besluiten", "verdagen"]
    _import_letter(z)
    assert besluit_acties(z) == ["besluiten"]


def _import_letter(z: Omgeving) -> None:
    """A final besluit letter 'verlenen' of today filed as a document with its outcome (an import)."""
    dag = today(z.clock)
    meta = NewDocument(
        "besluit", "besluit.pdf", besluitdatum=dag, verzenddatum=dag, besluit_uitkomst="verlenen"
    )
    import_document(z.p, z.ref, pdf("besluit"), meta)


def _besluit_genomen(z: Omgeving) -> None:
    """'Besluit nemen' done ('verlenen', sent today): the case waits for its bezwaartermijn, no task open."""
    bij_het_besluit(z)
    z.doe("tom", TAAK, {"besluit": "verlenen", "motivering": VERLENEN["motivering"]})


def _paused(z: Omgeving) -> None:
    bij_het_besluit(z)
    beheer.suspend(z.p, z.ref, "bea", "migratie")


def _closed(z: Omgeving) -> None:
    _besluit_genomen(z)
    assert z.later(days=50)["status"] == "afgerond"


@pytest.mark.parametrize(
    "state", [_paused, _closed, _besluit_genomen], ids=["paused", "closed", "no-task-open"]
)
def test_a_final_letter_filed_into_a_case_with_no_open_task_reads_no_choices(
    z: Omgeving, state: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A final letter imported into a case paused by beheer, closed, or with no task open has no task's
    choices to read again. The read was tried: a paused case refused it with a warning in the log, and in
    a closed case it recorded the case's end ('afgerond') a second time. Not tried now."""
    state(z)
    before = _written(z)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        _import_letter(z)
    assert [r.getMessage() for r in caplog.records] == []
    tasks, events, document = _written(z)
    assert events[len(before[1]) :] == ["document-toegevoegd"]  # a closed case's end not recorded again
    assert (tasks, events[: len(before[1])], document) == before


def _task_actions_in_the_api(z: Omgeving) -> list[str]:
    """The choices of 'Besluit nemen' as the API gives the task to tom (GET /api/v1/taken/<id>)."""
    client = app_with_tom(z).test_client()
    resp = client.get(f"/api/v1/taken/{z.taak('tom', TAAK)['id']}", headers=TOKEN)
    assert resp.status_code == 200, resp.get_json()
    return list(resp.get_json()["formulier"]["properties"]["actie"]["enum"])


def test_a_final_letter_imported_while_paused_is_read_at_the_resume(z: Omgeving) -> None:
    """A paused case takes no step, so a final letter imported into it reads no choices (above). The resume
    did not read them either: 'Verdagen' stayed offered (and was refused when picked) until the case's next
    step. The resume reads the open tasks' choices again, by the letter's own reread."""
    _paused(z)
    z.later(days=43)  # 14 April: the term runs until 28 April; the paused case fires no timer
    _import_letter(z)
    assert _task_actions_in_the_api(z) == ["besluiten", "verdagen"]  # paused: not read yet
    events = _written(z)[1]
    beheer.resume(z.p, z.ref, "bea")
    assert _task_actions_in_the_api(z) == ["besluiten"]
    assert _written(z)[1] == [*events, "hervat"]  # the read records nothing of its own


def test_a_term_that_ended_while_paused_is_read_at_the_resume(z: Omgeving) -> None:
    """The other fact a paused case's choices read that changes without a step: the day. Paused at
    'Besluit nemen' and resumed after the term's last day (28 April), 'Verdagen' is no longer offered from
    the resume on, not only from the scheduler's next pass."""
    _paused(z)
    z.later(days=60)  # 1 May
    beheer.resume(z.p, z.ref, "bea")
    assert _task_actions_in_the_api(z) == ["besluiten"]
