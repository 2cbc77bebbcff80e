"""Beheer: model versions and deploy by upload, incidents and retry, suspend/resume, migration."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from services import beheer, cases, deployments
from services.store.models import Case, CaseEvent, HumanTask
from tests.e2e.conftest import FIXTURE_BPMN

KLEIN = (FIXTURE_BPMN / "vergunning_klein.bpmn").read_text(encoding="utf-8")

#: v2 of vergunning_klein: a legal check ('Juridische toets') before the decision.
WITH_TOETS = (
    KLEIN.replace(
        '<bpmn:sequenceFlow id="f3" sourceRef="gw_compleet" targetRef="besluiten" />',
        '<bpmn:sequenceFlow id="f3" sourceRef="gw_compleet" targetRef="toets" />'
        '<bpmn:sequenceFlow id="f10" sourceRef="toets" targetRef="besluiten" />',
    )
    .replace(
        "<bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f9</bpmn:outgoing></bpmn:userTask>",
        "<bpmn:incoming>f10</bpmn:incoming><bpmn:outgoing>f9</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:userTask id="toets" name="Juridische toets"><bpmn:incoming>f3</bpmn:incoming>'
        "<bpmn:outgoing>f10</bpmn:outgoing></bpmn:userTask>",
    )
    .replace(
        "<bpmn:flowNodeRef>besluiten</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>toets</bpmn:flowNodeRef><bpmn:flowNodeRef>besluiten</bpmn:flowNodeRef>",
    )
)

#: v2 without the decision task: the gateway goes straight to the end.
WITHOUT_BESLUIT = (
    re.sub(r'<bpmn:userTask id="besluiten".*?</bpmn:userTask>', "", KLEIN, flags=re.S)
    .replace(
        '<bpmn:sequenceFlow id="f3" sourceRef="gw_compleet" targetRef="besluiten" />',
        '<bpmn:sequenceFlow id="f3" sourceRef="gw_compleet" targetRef="einde" />',
    )
    .replace('<bpmn:sequenceFlow id="f9" sourceRef="besluiten" targetRef="einde" />', "")
    .replace(
        "<bpmn:incoming>f9</bpmn:incoming></bpmn:endEvent>",
        "<bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>",
    )
    .replace("<bpmn:flowNodeRef>besluiten</bpmn:flowNodeRef>", "")
)


def incident_model(script: str) -> str:
    """A process whose script task runs after a one-hour timer (a broken script gives an incident)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_inc" targetNamespace="x">
  <bpmn:process id="incident_proef" name="Incidentproef" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen"><bpmn:flowNodeRef>s</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>wacht</bpmn:flowNodeRef><bpmn:flowNodeRef>reken</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>controle</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wacht" name="Een uur wachten"><bpmn:incoming>a</bpmn:incoming>
      <bpmn:outgoing>b</bpmn:outgoing><bpmn:timerEventDefinition id="t1"><bpmn:timeDuration>"PT1H"</bpmn:timeDuration>
      </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="reken" name="Rekenen"><bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>
      <bpmn:script>{script}</bpmn:script></bpmn:scriptTask>
    <bpmn:userTask id="controle" name="Controle"><bpmn:incoming>c</bpmn:incoming><bpmn:outgoing>d</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>d</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="wacht" /><bpmn:sequenceFlow id="b" sourceRef="wacht" targetRef="reken" />
    <bpmn:sequenceFlow id="c" sourceRef="reken" targetRef="controle" /><bpmn:sequenceFlow id="d" sourceRef="controle" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>"""


def _upload(b, *files: tuple[str, str]):
    data = {"bestand": [(io.BytesIO(text.encode()), name) for name, text in files]}
    return b.post("/beheer/modellen", data, content_type="multipart/form-data")


def _case(platform, ref: str) -> Case:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(Case).where(Case.reference == ref)).one()


def _open_tasks(platform, ref: str) -> list[HumanTask]:
    with platform.uow(write=False) as uow:
        return list(
            uow.session.scalars(
                select(HumanTask).where(HumanTask.case_reference == ref, HumanTask.state == "open")
            ).all()
        )


def test_beheer_lists_models_and_renders_a_diagram_or_elements(browser_for):
    bea = browser_for("bea")
    html = bea.get("/beheer").text
    assert "Kleine vergunning" in html and "versie 1" in html and "nieuwste" in html
    page = bea.get("/beheer/modellen/vergunning_klein").text
    assert "Aanvraag beoordelen" in page and "Gebruikerstaak" in page and "<code>beoordelen</code>" in page
    assert "Vergunningen" in page
    xml = bea.get("/beheer/modellen/vergunning_klein/bpmn")
    assert xml.mimetype == "application/xml" and b"vergunning_klein" in xml.data
    assert bea.get("/beheer/modellen/bestaat_niet").status_code == 404


def test_deploy_a_new_version_by_upload(browser_for):
    bea = browser_for("bea")
    resp = _upload(bea, ("vergunning_klein.bpmn", WITH_TOETS))
    assert resp.status_code == 302
    html = bea.get("/beheer").text
    assert "is gedeployed als versie 2" in html
    assert 'versie 2</a> <span class="label">nieuwste</span>' in html
    assert "Juridische toets" in bea.get("/beheer/modellen/vergunning_klein?versie=2").text
    assert "Juridische toets" not in bea.get("/beheer/modellen/vergunning_klein?versie=1").text


def test_a_refused_model_shows_its_problems(browser_for):
    bea = browser_for("bea")
    broken = KLEIN.replace('targetRef="einde"', 'targetRef="nergens"')
    resp = _upload(bea, ("kapot.bpmn", broken))
    assert resp.status_code == 422
    assert "Het model is niet gedeployed" in resp.text and "kapot.bpmn" in resp.text
    assert _upload(bea, ("notities.txt", "hallo")).status_code == 422
    assert "geen .bpmn- of .dmn-bestand" in _upload(bea, ("notities.txt", "hallo")).text
    assert _upload(bea, ("leeg.bpmn", "")).status_code == 422
    assert bea.post("/beheer/modellen", {}).status_code == 400
    assert "versie 2" not in bea.get("/beheer").text


def test_model_upload_is_for_beheerders_only(browser_for):
    for user in ("anna", "tom"):
        assert _upload(browser_for(user), ("vergunning_klein.bpmn", WITH_TOETS)).status_code == 403


def test_suspend_and_resume_are_audited_and_block_work(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    bea = browser_for("bea")
    assert "Pauzeren" in bea.get(f"/zaken/{ref}").text
    bea.post(f"/beheer/zaken/{ref}/pauzeren", {"terug": f"/zaken/{ref}"})
    assert _case(faces_platform, ref).status == "gepauzeerd"
    task = _open_tasks(faces_platform, ref)[0]
    anna = browser_for("anna")
    assert "gepauzeerd" in anna.get(f"/taken/{task.id}").text
    refused = anna.post(f"/taken/{task.id}", {"compleet": "true"})
    assert refused.status_code == 409 and "gepauzeerd" in refused.text
    assert ref in bea.get("/beheer").text.split("Gepauzeerde zaken", 1)[1]
    bea.post(f"/beheer/zaken/{ref}/hervatten")
    assert _case(faces_platform, ref).status == "lopend"
    with faces_platform.uow(write=False) as uow:
        kinds = [
            (e.kind, e.actor) for e in uow.session.scalars(select(CaseEvent).order_by(CaseEvent.id)).all()
        ]
    assert ("gepauzeerd", "bea") in kinds and ("hervat", "bea") in kinds
    assert browser_for("anna").post(f"/beheer/zaken/{ref}/pauzeren").status_code == 403


def test_incident_retry_after_migrating_to_a_fixed_version(browser_for, faces_platform, faces_clock):
    deployments.deploy(
        faces_platform, [("incident.bpmn", incident_model("x = niet_bestaand + 1"))], user="bea"
    )
    ref = cases.start_case(faces_platform, "incident_proef", {}, user="anna", title="Rekenfout")["zaak"]
    faces_clock.advance(hours=2)
    cases.fire_due_timers(faces_platform)
    assert _case(faces_platform, ref).status == "incident"
    bea = browser_for("bea")
    page = bea.get("/beheer").text.split("Zaken met een incident", 1)[1].split("Gepauzeerde zaken", 1)[0]
    assert ref in page and "niet_bestaand" in page

    bea.post(f"/beheer/zaken/{ref}/opnieuw")  # still broken
    assert "Opnieuw proberen mislukt" in bea.get("/beheer").text
    assert _case(faces_platform, ref).status == "incident"

    _upload(bea, ("incident.bpmn", incident_model("x = 1")))
    bea.post("/beheer/modellen/incident_proef/migreren")
    assert "1 zaak gemigreerd naar versie 2" in bea.get("/beheer").text
    bea.post(f"/beheer/zaken/{ref}/opnieuw")
    case = _case(faces_platform, ref)
    assert (case.status, case.incident) == ("lopend", None)
    assert [t.name for t in _open_tasks(faces_platform, ref)] == ["Controle"]
    with faces_platform.uow(write=False) as uow:
        kinds = [
            (e.kind, e.actor)
            for e in uow.session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
            ).all()
        ]
    assert ("gemigreerd", "bea") in kinds and ("incident-opgelost", "bea") in kinds


def test_migration_keeps_claims_and_follows_the_new_version(faces_platform, browser_for, start_case):
    at_start = start_case("Nog te beoordelen")["zaak"]
    task = _open_tasks(faces_platform, at_start)[0]
    browser_for("anna").post(f"/taken/{task.id}/oppakken")
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", WITH_TOETS)], user="bea")
    result = beheer.migrate(faces_platform, "vergunning_klein", "bea")
    assert result == {
        "process_id": "vergunning_klein",
        "naar_versie": 2,
        "gemigreerd": [at_start],
        "geweigerd": [],
        "verschoven_termijnen": [],
        "vrijgegeven": [],
        "zonder_leden": [],
    }
    after = _open_tasks(faces_platform, at_start)
    assert [(t.id, t.assignee) for t in after] == [(task.id, "anna")]  # same task, still claimed
    cases.complete_task(faces_platform, task.id, "anna", {"compleet": True})
    assert [t.name for t in _open_tasks(faces_platform, at_start)] == ["Juridische toets"]


def test_migration_refuses_a_case_whose_current_step_is_gone(faces_platform, start_case):
    ref = start_case("Bij besluit")["zaak"]
    cases.complete_task(faces_platform, _open_tasks(faces_platform, ref)[0].id, "anna", {"compleet": True})
    waiting = start_case("Wacht op aanvulling")["zaak"]
    cases.complete_task(
        faces_platform, _open_tasks(faces_platform, waiting)[0].id, "anna", {"compleet": False}
    )
    before = _case(faces_platform, ref).definition_id
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", WITHOUT_BESLUIT)], user="bea")
    result = beheer.migrate(faces_platform, "vergunning_klein", "bea")
    assert result["gemigreerd"] == [waiting]  # the P14D timer keeps running in the new version
    assert [r["zaak"] for r in result["geweigerd"]] == [ref]
    assert "Besluit nemen" in result["geweigerd"][0]["reden"]
    assert _case(faces_platform, ref).definition_id == before
    assert [t.name for t in _open_tasks(faces_platform, ref)] == ["Besluit nemen"]
    assert _case(faces_platform, waiting).next_timer_at is not None
