"""The model editor's drafts (issue 17): open, save per user, the warning about other editors, and bad
input that is refused with a specific Dutch problem and leaves the stored draft unchanged."""

from __future__ import annotations

from sqlalchemy import func, select

from services.config import PROJECT_ROOT
from services.store.models import ModelDraft, ProcessDefinition
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

PID = "omgevingsvergunning"
XML = (PROJECT_ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
SCENARIOS = (PROJECT_ROOT / "bpmn" / "tests" / "omgevingsvergunning.yaml").read_text(encoding="utf-8")
EDITED = XML.replace('name="Aanvraag registreren"', 'name="Aanvraag inschrijven"', 1)
#: an internal entity in a task's name (tests/integration/test_deploy_doctype.py has the deploy's refusal)
WITH_DOCTYPE = XML.replace(
    "?>\n", '?>\n<!DOCTYPE bpmn:definitions [<!ENTITY n "inschrijven">]>\n', 1
).replace('name="Aanvraag registreren"', 'name="Aanvraag &n;"', 1)


def _draft_rows(platform) -> list[tuple[str, str, str]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(ModelDraft).order_by(ModelDraft.username)).all()
        return [(d.username, d.xml, d.scenarios) for d in rows]


def test_a_new_draft_starts_from_the_deployed_version_and_the_scenario_file(editor_app):
    bea = EditorClient(editor_app, "bea")
    resp = bea.get(PID)
    assert resp.status_code == 200, resp.text
    body = resp.json
    assert body["process_id"] == PID and body["versie"] == 1 and body["bestand"] == "omgevingsvergunning.bpmn"
    assert body["xml"] == XML and body["scenarios"] == SCENARIOS
    assert body["concept"] is False and body["bijgewerkt"] is None and body["andere_bewerkers"] == []


def test_saving_keeps_the_draft_per_user_and_warns_other_editors(editor_app, editor_platform, clock):
    assert EDITED != XML
    bea = EditorClient(editor_app, "bea")
    saved = bea.put(PID, json={"xml": EDITED, "scenarios": SCENARIOS})
    assert saved.status_code == 200, saved.text
    assert saved.json["concept"] is True and saved.json["xml"] == EDITED
    assert saved.json["bijgewerkt"] == clock.now().isoformat()

    from services import users

    users.add_user(editor_platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    bert = EditorClient(editor_app, "bert")
    mine = bert.get(PID).json
    assert mine["xml"] == XML and mine["concept"] is False  # bea's draft is never bert's
    assert mine["andere_bewerkers"] == [{"gebruiker": "bea", "bijgewerkt": clock.now().isoformat()}]
    clock.advance(minutes=5)
    assert (
        bert.put(
            PID, json={"xml": XML.replace('name="Aanvraag ontvangen"', 'name="Ontvangen"', 1)}
        ).status_code
        == 200
    )
    assert bea.get(PID).json["xml"] == EDITED  # bert's save did not overwrite bea's draft
    assert [r[0] for r in _draft_rows(editor_platform)] == ["bea", "bert"]
    assert bea.get(PID).json["andere_bewerkers"][0]["gebruiker"] == "bert"


def test_saving_only_the_scenarios_keeps_the_xml(editor_app):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED}).status_code == 200
    resp = bea.put(PID, json={"scenarios": SCENARIOS.replace("Reguliere procedure", "Gewone procedure")})
    assert resp.status_code == 200, resp.text
    assert resp.json["xml"] == EDITED and "Gewone procedure" in resp.json["scenarios"]


BAD_BODIES = [
    ({"xml": "dit is geen xml <"}, 400, "concept-geen-xml", "geen geldige XML"),
    ({"xml": "<html><body/></html>"}, 400, "concept-geen-bpmn", "geen BPMN 2.0-model"),
    ({"xml": WITH_DOCTYPE}, 400, "concept-doctype", "(regel 2): DOCTYPE-declaratie"),
    ({"xml": "   "}, 400, "concept-leeg", "geen BPMN-XML"),
    ({}, 400, "concept-leeg", "'xml'"),
    ({"xml": "x" * 2_000_001}, 413, "concept-te-groot", "te groot"),
    ({"scenarios": "- alleen\n- een lijst\n"}, 400, "scenario-ongeldig", "verwacht een tabel"),
    (
        {"scenarios": "model: omgevingsvergunning\nbestanden: [omgevingsvergunning.bpmn]\n"},
        400,
        "scenario-ongeldig",
        "'scenarios' ontbreekt",
    ),  # fmt: skip
    ({"scenarios": "model: [onaf\n"}, 400, "scenario-ongeldig", "YAML"),
    (
        {"scenarios": SCENARIOS.replace("model: omgevingsvergunning", "model: windpark")},
        400,
        "scenario-ongeldig",
        "niet het model van dit concept",
    ),  # fmt: skip
    (
        {"scenarios": SCENARIOS.replace("procedurekeuze.dmn", "onbekend.dmn")},
        400,
        "scenario-ongeldig",
        "onbekend.dmn",
    ),  # fmt: skip
    ({"scenarios": 12}, 400, "scenario-ongeldig", "scenariobestand"),
]


def test_bad_input_is_refused_in_dutch_and_changes_nothing(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": SCENARIOS}).status_code == 200
    before = _draft_rows(editor_platform)
    for body, status, code, words in BAD_BODIES:
        resp = bea.put(PID, json=body)
        assert resp.status_code == status, (body, resp.text[:300])
        assert resp.mimetype == "application/problem+json"
        assert resp.json["code"] == code and words in resp.json["detail"], (code, resp.json["detail"])
        assert _draft_rows(editor_platform) == before
    not_json = bea.put(PID, data="xml=<a/>", content_type="application/x-www-form-urlencoded")
    assert not_json.status_code == 400 and not_json.json["code"] == "geen-json"
    huge = bea.put(PID, data=b"{" + b" " * (3 * 1024 * 1024) + b"}", content_type="application/json")
    assert huge.status_code == 413 and huge.json["code"] == "concept-te-groot"
    assert _draft_rows(editor_platform) == before


def test_unknown_process_is_a_404_problem(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    for resp in (bea.get("bestaat_niet"), bea.put("bestaat_niet", json={"xml": EDITED})):
        assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
        assert resp.json["code"] == "proces-onbekend" and "bestaat_niet" in resp.json["detail"]
    assert _draft_rows(editor_platform) == []


def test_csrf_is_required_for_put_and_post(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    for resp in (
        bea.put(PID, json={"xml": EDITED}, csrf=False),
        bea.post(PID, "valideren", json={"xml": EDITED}, csrf=False),
        bea.post(PID, "in-gebruik-nemen", json={"reden": "spoed"}, csrf=False),
    ):
        assert resp.status_code == 400 and resp.json["code"] == "csrf-ongeldig", resp.text
    assert _draft_rows(editor_platform) == []
    with editor_platform.uow(write=False) as uow:
        assert uow.session.scalar(select(func.max(ProcessDefinition.version)).filter_by(process_id=PID)) == 1


def test_only_a_beheerder_may_edit(editor_app, editor_platform):
    anna = EditorClient(editor_app, "anna")
    for resp in (anna.get(PID), anna.put(PID, json={"xml": EDITED}), anna.post(PID, "vergelijken")):
        assert resp.status_code == 403 and resp.mimetype == "application/problem+json"
        assert "beheerder" in resp.json["detail"]
    assert _draft_rows(editor_platform) == []


def test_anonymous_goes_to_the_login_page(editor_app):
    resp = editor_app.test_client().get(f"/beheer/modellen/{PID}/concept")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]


def test_a_failure_of_ours_is_answered_and_logged_as_everywhere_else(editor_app, monkeypatch, caplog):
    """The editor's blueprint mapped the error tree itself: a 5xx (a layer folder the scenarios' check
    cannot read) answered its detail, a server path, without a foutcode and logged nowhere. It now
    answers as web.errors.domain_answer does for every route."""
    import logging

    from gis.errors import LAYER_NOT_FOUND
    from services import modeleditor
    from tests.config_errors import layers_away
    from web.errors import OUR_FAULT

    def away(*_args: object) -> None:
        raise layers_away()

    monkeypatch.setattr(modeleditor, "test_draft", away)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = EditorClient(editor_app, "bea").post(PID, "testen")
    assert resp.status_code == 500 and resp.mimetype == "application/problem+json"
    foutcode = resp.headers["X-Request-ID"]
    assert resp.json["code"] == LAYER_NOT_FOUND and resp.json["foutcode"] == foutcode
    assert resp.json["detail"] == f"{OUR_FAULT} Foutcode: {foutcode}." and "/srv" not in resp.text
    assert any(foutcode in r.getMessage() and r.exc_info for r in caplog.records)


#: the parser faults whose English text the editor passed through (tester finding), with their Dutch
PARSER_FAULTS = [
    (
        {"xml": XML.replace('version="1.0"', 'version="2.0"', 1)},
        "XML-versie '2.0' wordt niet ondersteund (schrijf version=\"1.0\") (regel 1,",
    ),
    (
        {"xml": XML.replace("xmlns:bpmn=", 'xmlns:leeg="" xmlns:bpmn=', 1)},
        "de naamruimte van voorvoegsel 'leeg:' is leeg",
    ),
    (
        {"xml": XML.split("\n")[0] + "\n<bpmn:definitions id='Definitions_1"},
        "een attribuutwaarde is niet afgesloten (het aanhalingsteken aan het eind ontbreekt) (regel 2, kolom",
    ),
    (
        {"xml": XML.replace("<bpmn:process", "<![CDATA[<bpmn:process", 1)},
        "hier klopt de opbouw van de XML niet",
    ),
    (
        {
            "scenarios": SCENARIOS.replace(
                "model: omgevingsvergunning", "model: !proces omgevingsvergunning", 1
            )
        },
        "een YAML-tag (!proces) is niet toegestaan",
    ),
    (
        {"scenarios": "%YAML 1.1\n%YAML 1.1\n---\n" + SCENARIOS},
        "regel 2, kolom 1: hier klopt de opbouw van de YAML niet",
    ),
]
ENGLISH = (
    "Unsupported",
    "Empty XML",
    "AttValue",
    "expected",
    "CData",
    "could not",
    "constructor",
    "duplicate",
)


def test_the_editor_tells_the_xml_and_yaml_parsers_faults_in_dutch(editor_app):
    """Tester finding: PUT .../concept and POST .../concept/valideren passed some of libxml2's and PyYAML's
    texts through ("Unsupported version '2.0'", "AttValue: ' expected (regel 2, kolom 62)", "could not
    determine a constructor for the tag ..."). A fault without a Dutch text of its own keeps its place."""
    bea = EditorClient(editor_app, "bea")
    for body, dutch in PARSER_FAULTS:
        for resp in (bea.put(PID, json=body), bea.post(PID, "valideren", json=body)):
            assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.text[:300]
            detail = resp.json["detail"]
            assert dutch in detail and not [w for w in ENGLISH if w in detail], detail
            assert "(regel" in detail or "regel " in detail, detail
