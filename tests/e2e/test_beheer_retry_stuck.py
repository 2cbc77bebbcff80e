"""'Opnieuw proberen' on a case that stands still says so, and writes no 'opgelost' line.

Review finding (s8 beheer 3): a case whose only wait is a signal that nothing throws is a 'stuck'
incident. The retry said "incident opgelost, de zaak loopt weer" and logged "incident-opgelost", while
the same commit made the case an incident again; the API answered 200 with status incident.
"""

from __future__ import annotations

import html

from sqlalchemy import select

from services import beheer, cases, deployments, users
from services.store.models import Case, CaseEvent
from tests.e2e.stuck_case import stuck_case


def _events(platform, ref: str) -> list[tuple[str, str | None, str]]:
    with platform.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == ref)).one()
        rows = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
        return [(e.kind, e.actor, e.message) for e in rows]


def test_the_page_says_the_retry_solved_nothing(faces_platform, browser_for):
    ref = stuck_case(faces_platform)
    before = len(_events(faces_platform, ref))
    bea = browser_for("bea")
    assert bea.post(f"/beheer/zaken/{ref}/opnieuw").status_code == 302
    page = html.unescape(bea.get("/beheer").text)
    assert "incident opgelost" not in page
    assert "Opnieuw proberen heeft niets opgelost: De zaak is niet afgerond maar wacht nergens op" in page
    assert "melding-fout" in page
    case = cases.get_case(faces_platform, ref)
    assert case["status"] == "incident" and "'w'" in case["incident"]
    new = _events(faces_platform, ref)[before:]
    assert [(kind, actor) for kind, actor, _ in new] == [("incident", "bea")]
    assert new[0][2].startswith("Opnieuw proberen door bea heeft niets opgelost: De zaak is niet afgerond")


def test_the_api_answers_409_with_the_reason(faces_platform, faces_app):
    ref = stuck_case(faces_platform)
    users.add_user(faces_platform, "beheer-api", groups=["Beheer"], role="beheerder", token="t-beheer")
    resp = faces_app.test_client().post(
        f"/api/v1/beheer/zaken/{ref}/opnieuw", headers={"Authorization": "Bearer t-beheer"}
    )
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    assert resp.get_json()["code"] == "opnieuw-mislukt"
    assert "wacht nergens op" in resp.get_json()["detail"]
    assert "incident-opgelost" not in [kind for kind, _, _ in _events(faces_platform, ref)]


def test_a_retry_that_does_solve_it_still_says_so(faces_platform, faces_clock):
    from tests.e2e.test_faces_beheer import incident_model

    deployments.deploy(faces_platform, [("incident.bpmn", incident_model("x = 1"))], user="bea")
    ref = cases.start_case(faces_platform, "incident_proef", {}, user="anna", title="Goed")["zaak"]
    with faces_platform.uow() as uow:  # an incident that a retry clears (the timer is due)
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        case.status, case.incident = "incident", "tijdelijke storing"
        uow.commit()
    faces_clock.advance(hours=2)
    row = beheer.retry(faces_platform, ref, "bea")
    assert (row["status"], row["incident"]) == ("lopend", None)
    assert ("incident-opgelost", "bea") in [(k, a) for k, a, _ in _events(faces_platform, ref)]
