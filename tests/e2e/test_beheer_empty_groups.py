"""A deploy and a migration tell the beheerder about tasks that nobody will see.

Review finding (s8 beheer 1): v2 of a model named its lane 'Vergunning' (a typo of 'Vergunningen'). The
deploy made that group without a word, and the migration took anna's claimed task away from her and put
it in the empty group: no officer saw it any more, and the page only said "1 zaak gemigreerd".
"""

from __future__ import annotations

import html as markup
import io
import json

from sqlalchemy import select

from services import beheer, deployments, users
from services.store.models import HumanTask
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_faces_beheer import KLEIN

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

TYPO = KLEIN.replace(
    '<bpmn:lane id="Lane_verg" name="Vergunningen">', '<bpmn:lane id="Lane_verg" name="Vergunning">'
)
WARNING = "Lane 'Vergunning' hoort bij een nieuwe groep zonder leden; taken daar ziet niemand"


def _claimed_case(platform, start_case) -> tuple[str, int]:
    from services import inbox

    ref = start_case()["zaak"]
    with platform.uow(write=False) as uow:
        task_id = uow.session.scalars(select(HumanTask.id).where(HumanTask.case_reference == ref)).one()
    inbox.claim(platform, task_id, "anna")
    return ref, task_id


def test_the_deploy_page_warns_about_a_lane_without_members(browser_for):
    bea = browser_for("bea")
    data = {"bestand": [(io.BytesIO(TYPO.encode()), "vergunning_klein.bpmn")]}
    assert bea.post("/beheer/modellen", data, content_type="multipart/form-data").status_code == 302
    html = markup.unescape(bea.get("/beheer").text)
    assert "is gedeployed als versie 2" in html
    assert WARNING in html and "melding-waarschuwing" in html
    assert "Lane 'Vergunningen'" not in html  # the lanes whose group has members are not named


def test_a_deploy_answer_names_lanes_without_members(faces_platform):
    [v2] = deployments.deploy(faces_platform, [("vergunning_klein.bpmn", TYPO)], user="bea")
    assert v2["versie"] == 2 and any(w.startswith(WARNING) for w in v2["waarschuwingen"])
    users.add_user(faces_platform, "vera", groups=["Vergunning"], role="vergunningverlener")
    [again] = deployments.deploy(faces_platform, [("vergunning_klein.bpmn", TYPO)], user="bea")
    assert again["ongewijzigd"] and not any("'Vergunning'" in w for w in again["waarschuwingen"])


def test_the_migration_names_the_released_claim_and_the_task_nobody_sees(
    faces_platform, browser_for, start_case
):
    ref, task_id = _claimed_case(faces_platform, start_case)
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", TYPO)], user="bea")
    bea = browser_for("bea")
    assert bea.post("/beheer/modellen/vergunning_klein/migreren").status_code == 302
    html = markup.unescape(bea.get("/beheer").text)
    assert "1 zaak gemigreerd naar versie 2" in html
    assert f"Zaak {ref}: taak 'Aanvraag beoordelen' is niet meer toegewezen aan anna" in html
    assert (
        f"Zaak {ref}: taak 'Aanvraag beoordelen' hoort nu alleen bij de groep 'Vergunning' "
        "zonder leden; niemand ziet haar" in html
    )


def test_the_migration_answer_over_the_api(faces_platform, faces_app, start_case):
    ref, _ = _claimed_case(faces_platform, start_case)
    users.add_user(faces_platform, "beheer-api", groups=["Beheer"], role="beheerder", token="t-beheer")
    client, auth = faces_app.test_client(), {"Authorization": "Bearer t-beheer"}
    body = {"bestanden": [{"naam": "vergunning_klein.bpmn", "inhoud": TYPO}]}
    resp = client.post(
        "/api/v1/modellen", data=json.dumps(body), headers=auth, content_type="application/json"
    )
    assert resp.status_code == 201, resp.get_json()
    assert any(w.startswith(WARNING) for w in resp.get_json()["gedeployed"][0]["waarschuwingen"])
    resp = client.post("/api/v1/beheer/modellen/vergunning_klein/migreren", headers=auth)
    assert resp.status_code == 200, resp.get_json()
    answer = resp.get_json()
    assert answer["vrijgegeven"] == [{"zaak": ref, "taak": "Aanvraag beoordelen", "was": "anna"}]
    assert answer["zonder_leden"] == [{"zaak": ref, "taak": "Aanvraag beoordelen", "groepen": ["Vergunning"]}]


def test_a_migration_into_staffed_groups_names_nothing(faces_platform, start_case):
    _claimed_case(faces_platform, start_case)
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", TYPO)], user="bea")
    users.add_user(faces_platform, "anna", groups=["Vergunning"], role="vergunningverlener")
    result = beheer.migrate(faces_platform, "vergunning_klein", "bea")
    assert (result["vrijgegeven"], result["zonder_leden"]) == ([], [])


def test_taking_a_draft_into_use_in_the_editor_warns_too(editor_app, editor_platform):
    from services.config import PROJECT_ROOT
    from tests.e2e.modeleditor_fixtures import EditorClient

    xml = (PROJECT_ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")
    renamed = xml.replace(
        '<bpmn:lane id="Lane_juridisch" name="Juridisch"', '<bpmn:lane id="Lane_juridisch" name="Juristen"'
    )
    bea = EditorClient(editor_app, "bea")
    assert bea.put("omgevingsvergunning", json={"xml": renamed}).status_code == 200
    resp = bea.post("omgevingsvergunning", "in-gebruik-nemen", json={"reden": "nieuwe teamnaam"})
    assert resp.status_code == 200, resp.text
    assert resp.json["versie"] == 2
    assert any(
        w.startswith("Lane 'Juristen' hoort bij een nieuwe groep zonder leden")
        for w in resp.json["waarschuwingen"]
    )
    # the Adviseurs lane has no members either, but its tasks name their groups (kandidaatgroepen)
    assert not any("Adviseurs" in w for w in resp.json["waarschuwingen"])
