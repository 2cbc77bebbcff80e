"""The reason a forced release of a model gives is stored with the version and read by other beheerders:
a bidi or control character other than a line break or tab is refused at ``reden`` (processes.tekens,
``tekst-ongeldig``), nothing stored; a reason of invisible characters alone is none, so failing scenarios
still refuse the release; accents, emoji and line breaks stay."""

from __future__ import annotations

from sqlalchemy import select

from services.store.models import ModelScenarioText
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template
from tests.e2e.test_modeleditor_gate import EDITED, PID, WRONG, _state

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes


def test_a_force_reason_with_a_refused_character_is_refused(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    before = _state(editor_platform)
    for reason, said in (("Spoed \u202etoor", "leesrichting omkeert"), ("Spoed\x85akkoord", "stuurteken")):
        resp = bea.post(PID, "in-gebruik-nemen", json={"reden": reason})
        assert (resp.status_code, resp.mimetype) == (400, "application/problem+json"), resp.text
        assert (resp.json["code"], resp.json["veld"]) == ("tekst-ongeldig", "reden"), resp.json
        assert said in resp.json["detail"]
        assert _state(editor_platform) == before


def test_a_force_reason_of_invisible_characters_is_no_reason(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    assert bea.put(PID, json={"xml": EDITED, "scenarios": WRONG}).status_code == 200
    before = _state(editor_platform)
    resp = bea.post(PID, "in-gebruik-nemen", json={"reden": "\u200b\u2060\ufeff"})
    assert resp.status_code == 422 and resp.json["code"] == "scenarios-mislukt", resp.text
    assert _state(editor_platform) == before
    reason = "Spoed, akkoord Zoë 👍\nzie het verslag\tvan maandag"
    assert bea.post(PID, "in-gebruik-nemen", json={"reden": reason}).json["geforceerd"] is True
    with editor_platform.uow(write=False) as uow:
        assert uow.session.scalars(select(ModelScenarioText)).one().forced_reason == reason
