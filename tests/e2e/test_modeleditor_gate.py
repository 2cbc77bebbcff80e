"""The model editor's checks (issue 17): validation marks the refused element, the comparison lists the
cases on a removed element, and "In gebruik nemen" is refused (422) while scenarios fail unless a
non-empty reason is given (then forced, with an audit line). A refusal changes nothing."""

from __future__ import annotations

import logging
import re

from sqlalchemy import func, select

from services import cases
from services.config import PROJECT_ROOT
from services.log_text import LOGGED_TEXT_MAX
from services.store.models import ModelDraft, ModelScenarioText, ProcessDefinition
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

PID = "omgevingsvergunning"
XML = (PROJECT_ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
JAVASCRIPT = XML.replace(
    '<bpmn:scriptTask id="adviesverzoeken" name="Adviesverzoeken samenstellen" scriptFormat="python">',
    '<bpmn:scriptTask id="adviesverzoeken" name="Adviesverzoeken samenstellen" scriptFormat="javascript">',
)
RENAMED = re.sub(
    r'(id|bpmnElement|sourceRef|targetRef)="ontvankelijkheid"', r'\1="volledigheid"', XML
).replace(
    "<bpmn:flowNodeRef>ontvankelijkheid</bpmn:flowNodeRef>",
    "<bpmn:flowNodeRef>volledigheid</bpmn:flowNodeRef>",
)
#: one scenario that fails on the unchanged model: the first task is not for Water
WRONG = """model: omgevingsvergunning
bestanden: [omgevingsvergunning.bpmn, procedurekeuze.dmn, advies-routering.dmn]
scenarios:
  - naam: Ontvankelijkheid bij Water
    start:
      gegevens: {activiteiten: [technische_bouwactiviteit]}
    stappen:
      - verwacht:
          open_taken: {ontvankelijkheid: [Water]}
"""
EDITED = XML.replace('name="Aanvraag registreren"', 'name="Aanvraag inschrijven"', 1)


def _state(platform) -> tuple[int, list[tuple[str, str]], int]:
    """(newest version, drafts (user, xml hash), stored scenario texts)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        version = s.scalar(select(func.max(ProcessDefinition.version)).filter_by(process_id=PID))
        drafts = [(d.username, str(hash(d.xml + d.scenarios))) for d in s.scalars(select(ModelDraft))]
        return version, drafts, s.scalar(select(func.count()).select_from(ModelScenarioText)) or 0


def test_validation_marks_the_refused_element(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    resp = bea.post(PID, "valideren", json={"xml": JAVASCRIPT})  # saved first, then checked
    assert resp.status_code == 200, resp.text
    assert resp.json["geldig"] is False
    [problem] = resp.json["problemen"]
    assert problem["element"] == "adviesverzoeken" and "Scripttaal 'javascript'" in problem["melding"]
    assert bea.get(PID).json["xml"] == JAVASCRIPT
    refused = bea.post(PID, "in-gebruik-nemen", json={"reden": "toch doen"})
    assert refused.status_code == 422 and refused.json["code"] == "model-geweigerd"
    assert refused.json["problemen"][0]["element"] == "adviesverzoeken"
    assert _state(editor_platform)[0] == 1


def test_validation_names_a_process_that_is_gone(editor_app):
    bea = EditorClient(editor_app, "bea")
    other = XML.replace('<bpmn:process id="omgevingsvergunning"', '<bpmn:process id="omgevingsvergunning2"')
    other = other.replace('processRef="omgevingsvergunning"', 'processRef="omgevingsvergunning2"')
    resp = bea.post(PID, "valideren", json={"xml": other}).json
    assert resp["geldig"] is False
    assert "bevat het proces 'omgevingsvergunning' niet meer" in resp["problemen"][0]["melding"]


def test_compare_lists_the_running_cases_on_a_removed_element(editor_app, editor_platform):
    case = cases.start_case(
        editor_platform, PID, {"activiteiten": ["technische_bouwactiviteit"]}, user="anna"
    )
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": RENAMED}).status_code == 200
    resp = bea.post(PID, "vergelijken").json
    assert [r["id"] for r in resp["toegevoegd"]] == ["volledigheid"]
    assert resp["verwijderd"] == [
        {"id": "ontvankelijkheid", "naam": "Ontvankelijkheid beoordelen", "type": "userTask"}
    ]
    assert resp["zaken_op_verwijderd"] == [{"zaak": case["zaak"], "element": "ontvankelijkheid"}]
    flows = {r["id"]: r["wijzigingen"] for r in resp["gewijzigd"]}
    assert any("naar: 'ontvankelijkheid' → 'volledigheid'" in lines for lines in flows.values()), flows


def test_deploy_with_failing_scenarios_and_no_reason_is_refused(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    before = _state(editor_platform)
    for body in ({}, {"reden": ""}, {"reden": "   "}, None):
        resp = bea.post(PID, "in-gebruik-nemen", **({"json": body} if body is not None else {}))
        assert resp.status_code == 422 and resp.mimetype == "application/problem+json", resp.text
        assert resp.json["code"] == "scenarios-mislukt"
        assert "'Ontvankelijkheid bij Water'" in resp.json["detail"]
        assert _state(editor_platform) == before
    assert bea.post(PID, "in-gebruik-nemen", json={"reden": 5}).json["code"] == "reden-ongeldig"
    assert _state(editor_platform) == before


def test_a_forced_deploy_needs_a_reason_and_leaves_an_audit_line(editor_app, editor_platform, caplog):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    with caplog.at_level(logging.WARNING, logger="ruimteflow.modeleditor"):
        resp = bea.post(PID, "in-gebruik-nemen", json={"reden": "  Spoedreparatie van de naam  "})
    assert resp.status_code == 200, resp.text
    assert resp.json == {
        "process_id": PID,
        "versie": 2,
        "geforceerd": True,
        "ongewijzigd": False,
        "waarschuwingen": [],
    }
    with editor_platform.uow(write=False) as uow:
        [row] = uow.session.scalars(select(ModelScenarioText)).all()
        assert (row.forced_reason, row.deployed_by, row.scenarios) == (
            "Spoedreparatie van de naam",
            "bea",
            WRONG,
        )
    assert any(
        "bea" in r.getMessage() and "Spoedreparatie van de naam" in r.getMessage() for r in caplog.records
    )
    assert _state(editor_platform)[:2] == (2, [])


def test_a_force_reason_cannot_forge_a_log_line(editor_app, editor_platform, caplog):
    """Review pentest13, 6: a reason with a newline wrote a second, real-looking log line (a user mallory
    made beheerder); the logged reason is escaped as a logged path is, and capped. Stored whole."""
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    fake = "2026-12-05 15:00:00,000 INFO ruimteflow.users: gebruiker mallory aangemaakt: rol beheerder"
    reason = f"test\n{fake}\r\u2028{fake}" + "x" * 500  # NEL (\x85) is refused: test_force_reason_text
    with caplog.at_level(logging.WARNING, logger="ruimteflow.modeleditor"):
        assert bea.post(PID, "in-gebruik-nemen", json={"reden": reason}).status_code == 200
    [line] = [r.getMessage() for r in caplog.records if r.name == "ruimteflow.modeleditor"]
    assert len(line.splitlines()) == 1, line
    assert not any(c in line for c in "\n\r\x85\u2028"), line
    assert f"door bea: test\\x0a{fake}\\x0d\\u2028{fake}" in line, line
    assert line.endswith(f"... (+{len(reason) - LOGGED_TEXT_MAX})") and len(line) < 400, line
    with editor_platform.uow(write=False) as uow:
        assert uow.session.scalars(select(ModelScenarioText)).one().forced_reason == reason


def test_testing_without_scenarios_is_a_clear_422(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": ""}).status_code == 200
    for action in ("testen", "in-gebruik-nemen"):
        resp = bea.post(PID, action)
        assert resp.status_code == 422 and resp.json["code"] == "scenarios-ontbreken", resp.text
    assert _state(editor_platform)[0] == 1


def test_another_users_draft_is_not_deployed(editor_app, editor_platform):
    from services import users

    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    users.add_user(editor_platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    before = _state(editor_platform)
    resp = EditorClient(editor_app, "bert").post(PID, "in-gebruik-nemen", json={"reden": "van bea"})
    assert resp.status_code == 404 and resp.json["code"] == "concept-onbekend"
    assert _state(editor_platform) == before


def test_a_draft_of_an_older_version_needs_a_reason(editor_app, editor_platform):
    from services import users

    users.add_user(editor_platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    bea, bert = EditorClient(editor_app, "bea"), EditorClient(editor_app, "bert")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    assert (
        bert.put(
            PID, json={"xml": XML.replace('name="Aanvraag ontvangen"', 'name="Ontvangen"', 1)}
        ).status_code
        == 200
    )
    assert bea.post(PID, "in-gebruik-nemen", json={"reden": "naam"}).json["versie"] == 2
    before = _state(editor_platform)
    stale = bert.post(PID, "in-gebruik-nemen", json={})
    assert stale.status_code == 409 and stale.json["code"] == "concept-verouderd", stale.text
    assert "versie 2" in stale.json["detail"] and "versie 1" in stale.json["detail"]
    assert _state(editor_platform) == before
    assert bert.post(PID, "in-gebruik-nemen", json={"reden": "bewust"}).json["versie"] == 3


def test_a_draft_changed_while_it_was_tested_is_not_deployed(editor_app, editor_platform, monkeypatch, clock):
    from services.modeleditor import drafts, release

    bea = EditorClient(editor_app, "bea")
    right = WRONG.replace("[Water]", "[Vergunningen]")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": right}).status_code == 200
    real = release.testing.run

    def run_and_edit(platform, process_id, user):
        outcome = real(platform, process_id, user)
        clock.advance(seconds=1)
        drafts.save_draft(platform, process_id, user, {"xml": XML})  # another tab saves meanwhile
        return outcome

    monkeypatch.setattr(release.testing, "run", run_and_edit)
    resp = bea.post(PID, "in-gebruik-nemen", json={})
    assert resp.status_code == 409 and resp.json["code"] == "concept-gewijzigd", resp.text
    assert _state(editor_platform)[0] == 1 and bea.get(PID).json["xml"] == XML
    monkeypatch.setattr(release.testing, "run", real)
    assert bea.post(PID, "in-gebruik-nemen", json={}).status_code == 200  # the scenario passes


def test_a_first_save_from_a_page_loaded_before_a_release_needs_a_reason(editor_app, editor_platform):
    """Tester finding (rv5 modeller 2): bert's page loaded version 1, bea took version 2 into use, then
    bert's page saved its first draft and took it into use: the draft was recorded as based on version
    2 and bea's change was silently undone. The page sends the version it loaded (``versie``)."""
    from services import users

    users.add_user(editor_platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    bea, bert = EditorClient(editor_app, "bea"), EditorClient(editor_app, "bert")
    loaded = bert.get(PID).json
    assert loaded["versie"] == 1 and loaded["concept"] is False
    assert bea.put(PID, json={"xml": EDITED, "versie": 1}).status_code == 200
    assert bea.post(PID, "in-gebruik-nemen", json={"reden": "naam"}).json["versie"] == 2
    mine = XML.replace('name="Aanvraag ontvangen"', 'name="Ontvangen"', 1)
    saved = bert.put(PID, json={"xml": mine, "scenarios": loaded["scenarios"], "versie": loaded["versie"]})
    assert saved.status_code == 200 and saved.json["versie"] == 1, saved.text
    before = _state(editor_platform)
    stale = bert.post(PID, "in-gebruik-nemen", json={})
    assert stale.status_code == 409 and stale.json["code"] == "concept-verouderd", stale.text
    assert "versie 2" in stale.json["detail"] and "versie 1" in stale.json["detail"]
    assert _state(editor_platform) == before
    # a later save of the same page keeps the draft on the version it loaded
    assert bert.put(PID, json={"xml": mine, "versie": 2}).json["versie"] == 1


def test_a_save_with_a_version_that_is_not_deployed_is_refused(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    before = _state(editor_platform)
    for bad in (0, 2, -1, "1", 1.5, True, [1]):
        resp = bea.put(PID, json={"xml": EDITED, "versie": bad})
        assert resp.status_code == 400 and resp.json["code"] == "versie-ongeldig", (bad, resp.text)
        assert "versie" in resp.json["detail"]
    assert _state(editor_platform) == before


def test_an_unchanged_release_keeps_the_audit_of_a_forced_one(editor_app, editor_platform):
    """Tester finding (rv5 modeller 6): after bea forced version 2 with a reason, bert fixed only the
    scenarios and took the unchanged model "into use": the row of version 2 was overwritten with bert
    and no reason. Each release from the editor now adds its own row; an unchanged one says so."""
    from services import users

    users.add_user(editor_platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    bea, bert = EditorClient(editor_app, "bea"), EditorClient(editor_app, "bert")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    assert bea.post(PID, "in-gebruik-nemen", json={"reden": "Spoed, akkoord teamleider"}).json["versie"] == 2
    right = WRONG.replace("[Water]", "[Vergunningen]")
    assert bert.put(PID, json={"scenarios": right, "versie": 2}).status_code == 200
    resp = bert.post(PID, "in-gebruik-nemen", json={})
    assert resp.status_code == 200, resp.text
    assert resp.json == {
        "process_id": PID,
        "versie": 2,
        "geforceerd": False,
        "ongewijzigd": True,
        "waarschuwingen": [],
    }
    with editor_platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(ModelScenarioText).order_by(ModelScenarioText.id)).all()
        v2 = uow.session.scalars(select(ProcessDefinition.id).filter_by(process_id=PID, version=2)).one()
        assert [
            (r.definition_id, r.deployed_by, r.forced_reason, r.new_version, r.scenarios) for r in rows
        ] == [
            (v2, "bea", "Spoed, akkoord teamleider", True, WRONG),
            (v2, "bert", None, False, right),
        ]
    assert _state(editor_platform)[:2] == (2, [])
    assert EditorClient(editor_app, "bea").get(PID).json["scenarios"] == right  # a new draft starts from it


def test_odd_scenario_values_are_a_400_not_a_500(editor_app, editor_platform):
    """Tester finding (rv5 modeller 7): 'klok: {dagen: .inf}' and the like gave a 500 in Testen and In
    gebruik nemen. Saving refuses them (400 scenario-ongeldig naming the scenario and the field); a draft
    stored before that check is refused the same way by Testen and In gebruik nemen."""
    bea = EditorClient(editor_app, "bea")
    odd = WRONG.replace("    stappen:\n", "    stappen:\n      - klok: {dagen: .inf}\n")
    assert odd != WRONG
    resp = bea.put(PID, json={"xml": EDITED, "scenarios": odd})
    assert resp.status_code == 400 and resp.json["code"] == "scenario-ongeldig", resp.text
    assert "'Ontvankelijkheid bij Water' stap 1" in resp.json["detail"] and "'klok'" in resp.json["detail"]
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    with editor_platform.uow() as uow:  # as stored by a version without the check
        uow.session.scalars(select(ModelDraft)).one().scenarios = odd
        uow.commit()
    before = _state(editor_platform)
    for action in ("testen", "in-gebruik-nemen"):
        resp = bea.post(PID, action, json={})
        assert resp.status_code == 400 and resp.mimetype == "application/problem+json", (action, resp.text)
        assert resp.json["code"] == "scenario-ongeldig" and "stap 1" in resp.json["detail"]
    assert _state(editor_platform) == before


def test_yaml_aliases_in_the_scenarios_are_refused(editor_app, editor_platform):
    """Tester finding (rv5 modeller 9): a scenario text with nested aliases kept a worker busy for
    hours. Aliases are refused at once (400), even a harmless one; the draft stays as it was."""
    bea = EditorClient(editor_app, "bea")
    before = _state(editor_platform)
    harmless = WRONG.replace("model: omgevingsvergunning\n", "model: omgevingsvergunning\nx: &a [1]\ny: *a\n")
    resp = bea.put(PID, json={"xml": EDITED, "scenarios": harmless})
    assert resp.status_code == 400 and resp.json["code"] == "scenario-ongeldig", resp.text
    assert (
        "verwijzing" in resp.json["detail"]
        and "*a" in resp.json["detail"]
        and "regel 3" in resp.json["detail"]
    )
    assert _state(editor_platform) == before
