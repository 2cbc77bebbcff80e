"""Who may make a besluit final, and when: the one who may complete the task that takes it, on a case
that is not paused, and never a 'verlenen' without the instemming it needs.

Reviewers' findings: a vergunningverlener outside the besluit task's lane, a second teamleider on a task
another had claimed, and anyone on a paused case made the besluit final through the API; and a 'verlenen'
PDF was made final after the provincie refused its instemming, after which the task could be completed
with neither outcome (the case was stuck for good)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from services import beheer, inbox, users
from services.documents.besluit import draft_besluit, finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from services.store.models import Case, HumanTask
from services.workflow_store import read_workflow
from tests.integration.document_helpers import at_besluit, make_zaak, state

GEGEVENS: dict[str, Any] = {
    "procedure": "regulier",
    "aanvraag": {"activiteiten": ["omgevingsplanactiviteit"]},
    "adviezen": [{"groep": "Omgevingsdienst", "soort": "advies", "oordeel": "akkoord"}],
}
DAY = date(2026, 3, 2)  # the test clock's day


def _invoer(uitkomst: str = "verlenen") -> BesluitInvoer:
    return BesluitInvoer(
        uitkomst=uitkomst, motivering="Past in het omgevingsplan.", besluitdatum=DAY, verzenddatum=DAY
    )


@pytest.fixture
def zaak(platform: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    z = make_zaak(platform)  # 'Besluit nemen' lies in the lane Juridisch
    task = at_besluit(platform, z, GEGEVENS)
    users.add_user(
        platform, "jurist", groups=["Juridisch"], role="vergunningverlener", display_name="Julia Rist"
    )
    users.add_user(platform, "collega", groups=["Juridisch"], role="vergunningverlener")
    return z, task


def test_only_who_may_complete_the_besluit_task_makes_the_besluit_final(platform, zaak):
    z, task = zaak
    before = state(platform)
    with pytest.raises(Forbidden) as err:  # a behandelaar of the case, outside the task's lane
        finalise_besluit(platform, z["zaak"], "anna", _invoer("weigeren"))
    assert err.value.code == "taak-geen-toegang"
    assert state(platform) == before
    draft_besluit(platform, z["zaak"], "anna", _invoer("weigeren"))  # a draft stays open to behandelaars
    inbox.claim(platform, task["id"], "jurist")
    claimed = state(platform)
    with pytest.raises(Forbidden) as err:  # in the lane, but the task is another's
        finalise_besluit(platform, z["zaak"], "collega", _invoer("weigeren"))
    assert err.value.code == "taak-van-ander" and "Julia Rist" in err.value.detail
    assert state(platform) == claimed
    doc = finalise_besluit(platform, z["zaak"], "jurist", _invoer("weigeren"))
    assert doc["titel"] == f"Besluit (weigeren) {z['zaak']}"


def test_no_besluit_is_made_final_on_a_paused_case(platform, zaak):
    z, _ = zaak
    users.add_user(platform, "bea", groups=[], role="beheerder")
    beheer.suspend(platform, z["zaak"], "bea", "onderzoek naar een storing")
    before = state(platform)
    with pytest.raises(Conflict) as err:
        finalise_besluit(platform, z["zaak"], "jurist", _invoer())
    assert err.value.code == "zaak-gepauzeerd"
    assert state(platform) == before


def test_a_permit_is_not_granted_in_the_besluit_without_its_instemming(platform):
    z = make_zaak(platform)
    refused = {
        **GEGEVENS,
        "adviseurs": [{"groep": "Provincie", "soort": "instemming"}],
        "adviezen": [
            {"groep": "Provincie", "soort": "instemming", "positief": False, "toelichting": "Stikstof"}
        ],
    }
    at_besluit(platform, z, refused)
    users.add_user(
        platform, "jurist", groups=["Juridisch"], role="vergunningverlener", display_name="Julia Rist"
    )
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, z["zaak"], "jurist", _invoer("verlenen"))
    assert err.value.code == "instemming-geweigerd" and "Stikstof" in err.value.detail
    assert state(platform) == before
    doc = finalise_besluit(platform, z["zaak"], "jurist", _invoer("weigeren"))
    assert doc["titel"] == f"Besluit (weigeren) {z['zaak']}"


def test_a_besluit_whose_bezwaar_term_has_run_out_is_not_made_final(platform, zaak):
    """Reviewer finding: on 21 April a besluit sent on 3 March was made final; its PDF named 14 April as
    the last day for bezwaar, and the applicant never had that remedy."""
    z, _ = zaak  # sent on DAY, 2 March 2026: bezwaar until 13 April 2026 (6 weeks, Awb 6:7)
    platform.clock.set(datetime(2026, 5, 1, 10, tzinfo=UTC))
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        finalise_besluit(platform, z["zaak"], "jurist", _invoer("weigeren"))
    assert err.value.code == "rechtsmiddeltermijn-verstreken" and "13 april 2026" in err.value.detail
    assert state(platform) == before
    platform.clock.set(datetime(2026, 4, 13, 10, tzinfo=UTC))  # its last day: still open to bezwaar
    doc = finalise_besluit(platform, z["zaak"], "jurist", _invoer("weigeren"))
    assert doc["titel"] == f"Besluit (weigeren) {z['zaak']}"


def test_who_takes_the_besluit_task_drafts_and_makes_final_without_being_a_behandelaar(platform, zaak):
    """Review of 0f98af3: 'Besluit buiten behandeling stellen' lies in the lane Juridisch, where the
    demo has only an adviser; the gate asked both 'may complete the task' and 'is a behandelaar', so
    nobody could make that besluit final, and the case closed without a letter. Who takes the task
    takes the besluit; a behandelaar outside the lane may still draft, another adviser may not."""
    z, _ = zaak
    assert draft_besluit(platform, z["zaak"], "jan", _invoer("weigeren"))["html"]  # jan: adviseur, Juridisch
    doc = finalise_besluit(platform, z["zaak"], "jan", _invoer("weigeren"))
    assert doc["titel"] == f"Besluit (weigeren) {z['zaak']}"
    users.add_user(platform, "welstand", groups=["Welstand"], role="adviseur")
    with pytest.raises(NotFound) as err:  # it may not see the case: as an unknown case
        draft_besluit(platform, z["zaak"], "welstand", _invoer("weigeren"))
    assert err.value.code == "zaak-onbekend"


def test_a_voorschrift_the_task_cannot_take_over_is_refused_at_once():
    """Review of ccc4843: a final besluit took a voorschrift of 1202 characters that the task form (1000)
    refused, and a task with another voorschrift was refused as a difference: stuck for good."""
    with pytest.raises(ValidationError) as err:
        BesluitInvoer(uitkomst="verlenen", voorschriften=["kort", "x" * 1001])
    assert err.value.code == "besluit-te-lang" and err.value.detail.startswith("Voorschrift 2 is langer")
    assert BesluitInvoer(uitkomst="verlenen", voorschriften=["x" * 1000]).voorschriften


def test_a_side_branch_step_does_not_hide_a_refused_instemming_from_the_besluit(platform):
    """Fixer brief11 (session 11): the case's ``gegevens`` are the data of the last task completed on any
    branch. After a step on a side branch (the beslistermijn's bewaking) they no longer held the adviezen,
    and the besluit guard read them there: a 'verlenen' was made final although the provincie refused its
    instemming. The guard reads the open besluit task's own data first."""
    z = make_zaak(platform)
    refused = {
        "adviseurs": [{"groep": "Provincie", "soort": "instemming"}],
        "adviezen": [
            {"groep": "Provincie", "soort": "instemming", "positief": False, "toelichting": "Stikstof"}
        ],
    }
    task = at_besluit(platform, z, GEGEVENS)
    with platform.uow() as uow:  # the besluit task's own data, as the main branch carries them
        case = uow.session.scalars(select(Case).where(Case.reference == z["zaak"])).one()
        row = uow.session.get(HumanTask, task["id"])
        wf = read_workflow(platform, uow.session, case)
        wf.get_task_from_id(UUID(row.spiff_task_id)).data.update(refused)
        case.workflow.document = platform.runtime.dump(wf)
        uow.commit()
    users.add_user(
        platform, "jurist", groups=["Juridisch"], role="vergunningverlener", display_name="Julia Rist"
    )
    before = state(platform)
    with pytest.raises(ValidationError) as err:  # the summary (a side branch's data) has no adviezen
        finalise_besluit(platform, z["zaak"], "jurist", _invoer("verlenen"))
    assert err.value.code == "instemming-geweigerd" and "Stikstof" in err.value.detail
    assert state(platform) == before
