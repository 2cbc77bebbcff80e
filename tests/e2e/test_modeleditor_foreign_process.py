"""A draft may not take another deployed model into use.

Review finding (rv5 modeller, 3): a draft of omgevingsvergunning that also held a small process with
id "windpark" validated, compared as 0 changes, and its release silently made windpark v2 from that
stub (a new windpark case ended at once). Now Valideren names the process and "In gebruik nemen" is
refused (422, code proces-van-ander-model); no version is made."""

from __future__ import annotations

from sqlalchemy import func, select

from services.store.models import ProcessDefinition
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

PID = "omgevingsvergunning"


def _with_process(xml: str, process_id: str, executable: str = "true") -> str:
    stub = (
        f'<bpmn:process id="{process_id}" name="Stub" isExecutable="{executable}">'
        '<bpmn:startEvent id="stub_s"><bpmn:outgoing>stub_f</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:sequenceFlow id="stub_f" sourceRef="stub_s" targetRef="stub_e"/>'
        '<bpmn:endEvent id="stub_e"><bpmn:incoming>stub_f</bpmn:incoming></bpmn:endEvent></bpmn:process>'
    )
    return xml.replace("</bpmn:definitions>", stub + "</bpmn:definitions>")


def _versions(platform) -> dict[str, int]:
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(ProcessDefinition.process_id, func.max(ProcessDefinition.version)).group_by(
                ProcessDefinition.process_id
            )
        ).all()
    return dict(rows)


def test_a_draft_holding_another_deployed_process_is_refused(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    draft = _with_process(bea.get(PID).json["xml"], "windpark")
    before = _versions(editor_platform)

    resp = bea.post(PID, "valideren", json={"xml": draft})
    assert resp.status_code == 200 and resp.json["geldig"] is False, resp.text
    [problem] = resp.json["problemen"]
    assert problem["element"] == "windpark" and problem["code"] == "proces-van-ander-model"
    assert "'windpark'" in problem["melding"] and "windpark.bpmn" in problem["melding"]

    resp = bea.post(PID, "in-gebruik-nemen", json={"reden": "toch"})
    assert resp.status_code == 422 and resp.json["code"] == "proces-van-ander-model", resp.text
    assert _versions(editor_platform) == before


def test_a_non_executable_copy_of_another_model_is_refused_too(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    draft = _with_process(bea.get(PID).json["xml"], "transportverzoek", executable="false")
    resp = bea.post(PID, "valideren", json={"xml": draft})
    assert [p["code"] for p in resp.json["problemen"]] == ["proces-van-ander-model"], resp.text


def test_a_new_process_of_its_own_is_not_another_model(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    draft = _with_process(bea.get(PID).json["xml"], "deelproces", executable="false")
    resp = bea.post(PID, "valideren", json={"xml": draft})
    assert resp.json == {"geldig": True, "problemen": [], "waarschuwingen": []}
