"""The model editor end to end through its JSON routes (issue 17, "Done when"): a beheerder opens
omgevingsvergunning, sends the Grondzaken advice to Milieu, validates, compares, sees the scenario that
expects Grondzaken fail, fixes the scenario, deploys, and a new case routes the advice to Milieu."""

from __future__ import annotations

from sqlalchemy import select

from services import cases, inbox
from services.store.models import ModelDraft, ModelScenarioText
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

PID = "omgevingsvergunning"
OLD_GROUP = """<spiffworkflow:property name="kandidaatgroepen" value='adviseur["groep"]' />"""
NEW_EXPR = """"Milieu" if adviseur["groep"] == "Grondzaken" else adviseur["groep"]"""
NEW_GROUP = f"""<spiffworkflow:property name="kandidaatgroepen" value='{NEW_EXPR}' />"""
OLD_EXPECT = "advies_geven: [Grondzaken, Landbouw en Buitengebied]"
#: the first scenario's homes on farmland: the locatiecheck asks Grondzaken and Landbouw en Buitengebied
FARMLAND = "POLYGON ((223000 450000, 223060 450000, 223060 450040, 223000 450040, 223000 450000))"


def _fixed(scenarios: str) -> str:
    assert OLD_EXPECT in scenarios and "groep: Grondzaken" in scenarios
    return scenarios.replace(OLD_EXPECT, "advies_geven: [Landbouw en Buitengebied, Milieu]").replace(
        "groep: Grondzaken", "groep: Milieu"
    )


def test_change_an_advice_group_test_fix_deploy_and_route_a_new_case(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    opened = bea.get(PID).json
    assert opened["versie"] == 1 and OLD_GROUP in opened["xml"]
    edited = opened["xml"].replace(OLD_GROUP, NEW_GROUP)
    assert bea.put(PID, json={"xml": edited}).status_code == 200

    checked = bea.post(PID, "valideren")
    assert checked.status_code == 200 and checked.json == {
        "geldig": True,
        "problemen": [],
        "waarschuwingen": [],
    }

    compared = bea.post(PID, "vergelijken").json
    assert compared == {
        "versie": 1,
        "toegevoegd": [],
        "verwijderd": [],
        "gewijzigd": [
            {
                "id": "advies_geven",
                "naam": "{adviseur[titel]}",
                "type": "userTask",
                "wijzigingen": [f"""kandidaatgroepen: 'adviseur["groep"]' → '{NEW_EXPR}'"""],
            }
        ],
        "zaken_op_verwijderd": [],
        "zaken_geweigerd": [],
    }

    failing = bea.post(PID, "testen").json
    assert failing["geslaagd"] is False
    first, *others = failing["scenarios"]
    assert first["geslaagd"] is False and all(o["geslaagd"] for o in others), failing["rapport"]
    assert "Grondzaken" in first["fouten"][0] and "Milieu" in first["fouten"][0]
    assert f"MISLUKT   {PID}.yaml: {first['naam']}" in failing["rapport"]

    fixed = _fixed(opened["scenarios"])
    assert bea.put(PID, json={"scenarios": fixed}).json["xml"] == edited
    passing = bea.post(PID, "testen").json
    assert passing["geslaagd"] is True, passing["rapport"]
    assert (
        "6 van 6 scenario's geslaagd" in passing["rapport"]
    )  # the permit's scenarios (intrekking since 8de26ee, the forward to the provincie since ac15af0, a verdaging
    # at 'Besluit nemen' since review20 F5)

    deployed = bea.post(PID, "in-gebruik-nemen", json={})
    assert deployed.status_code == 200, deployed.text
    assert deployed.json == {
        "process_id": PID,
        "versie": 2,
        "geforceerd": False,
        "ongewijzigd": False,
        "waarschuwingen": [],  # no lane of a group without members
    }
    with editor_platform.uow(write=False) as uow:
        assert uow.session.scalars(select(ModelDraft)).all() == []
        [stored] = uow.session.scalars(select(ModelScenarioText)).all()
        assert (stored.process_id, stored.scenarios, stored.deployed_by) == (PID, fixed, "bea")
        assert stored.forced_reason is None
    reopened = bea.get(PID).json
    assert reopened["versie"] == 2 and reopened["concept"] is False
    assert reopened["xml"] == edited and reopened["scenarios"] == fixed  # the next draft starts from them

    data = {"activiteiten": ["technische_bouwactiviteit"], "onderwerp": "woningbouw"}
    case = cases.start_case(editor_platform, PID, data, user="anna", geometry_wkt=FARMLAND, title="Nieuw")
    [task] = cases.get_case(editor_platform, case["id"])["open_taken"]
    cases.complete_task(editor_platform, task["id"], "anna", {"compleet": True})
    advice = {
        tuple(t["kandidaatgroepen"]) for t in cases.get_case(editor_platform, case["id"])["open_taken"]
        if t["element"] == "advies_geven"
    }  # fmt: skip
    assert advice == {("Milieu",), ("Landbouw en Buitengebied",)}, cases.get_case(editor_platform, case["id"])
    mila = [t for t in inbox.list_tasks(editor_platform, "mila")["taken"] if t["zaak"] == case["zaak"]]
    assert len(mila) == 1 and "Milieu" in mila[0]["kandidaatgroepen"]
