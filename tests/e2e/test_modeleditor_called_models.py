"""The model editor with a model that calls another (windpark calls omgevingsvergunning).

Review finding (rv5 modeller, 1, follow-up): a new version of the permit gives windpark a new version
with the new permit file. A windpark draft begun before that is not stale: windpark's own file did not
change, so taking it into use needs no reason (it was refused with 'concept-verouderd')."""

from __future__ import annotations

from services import deployments, users
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

PID = "omgevingsvergunning"
OLD_NAME = 'name="Aanvraag inhoudelijk beoordelen"'


def _editors(app, platform) -> tuple[EditorClient, EditorClient]:
    users.add_user(platform, "bert", groups=["Beheer"], role="beheerder", password="demo")
    return EditorClient(app, "bea"), EditorClient(app, "bert")


def _newest(platform, process_id: str):
    with platform.uow(write=False) as uow:
        pd = deployments.latest_definition(uow.session, process_id)
        return pd.version, pd.main_file_hash, list(pd.file_hashes)


def test_a_callers_draft_needs_no_reason_after_a_new_version_of_the_model_it_calls(
    editor_app, editor_platform
):
    bea, bert = _editors(editor_app, editor_platform)
    windpark = bert.get("windpark").json["xml"]
    edited = windpark.replace('name="Participatieregister bijwerken"', 'name="Participatie bijwerken"', 1)
    assert edited != windpark
    assert bert.put("windpark", json={"xml": edited}).json["versie"] == 1

    permit = bea.get(PID).json["xml"]
    assert (
        bea.put(PID, json={"xml": permit.replace(OLD_NAME, 'name="Inhoudelijk beoordelen"')}).status_code
        == 200
    )
    assert bea.post(PID, "in-gebruik-nemen", json={}).json["versie"] == 2
    assert _newest(editor_platform, "windpark")[0] == 2  # the same windpark file with the new permit

    resp = bert.post("windpark", "in-gebruik-nemen", json={})
    assert resp.status_code == 200, resp.text
    assert (resp.json["versie"], resp.json["geforceerd"]) == (3, False)
    permit_file = _newest(editor_platform, PID)[1]
    assert permit_file in _newest(editor_platform, "windpark")[2]


def test_a_callers_draft_is_still_stale_after_a_new_version_of_its_own_file(editor_app, editor_platform):
    bea, bert = _editors(editor_app, editor_platform)
    windpark = bert.get("windpark").json["xml"]
    for who, name in ((bert, "Participatie 1"), (bea, "Participatie 2")):
        edited = windpark.replace('name="Participatieregister bijwerken"', f'name="{name}"', 1)
        assert who.put("windpark", json={"xml": edited}).status_code == 200
    assert bea.post("windpark", "in-gebruik-nemen", json={}).json["versie"] == 2
    stale = bert.post("windpark", "in-gebruik-nemen", json={})
    assert stale.status_code == 409 and stale.json["code"] == "concept-verouderd", stale.text
