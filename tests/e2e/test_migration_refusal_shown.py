"""The beheerder reads why a migration refused a case whose running step would become another step or
whose awaited message was renamed (review editor11, 1 and 4): on the beheer page and in the API."""

from __future__ import annotations

import html

import jsonschema

from services import cases, deployments, inbox
from tests.e2e.test_api_bad_input import auth, make_client
from tests.integration.test_migration_other_step import MESSAGE_RENAMED, REPLACED
from web.api import schemas


def test_the_face_names_the_case_and_the_replaced_step(faces_platform, browser_for, start_case) -> None:
    ref = start_case("Dakkapel")["zaak"]
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", REPLACED)], user="bea")
    bea = browser_for("bea")

    bea.post("/beheer/modellen/vergunning_klein/migreren")

    page = html.unescape(bea.get("/beheer").text)
    assert (
        f"Zaak {ref} niet gemigreerd: In versie 2 is de stap 'Aanvraag beoordelen' (beoordelen), waarin "
        "deze zaak nu staat, vervangen door een andere stap: 'Milieuadvies geven' (advies_milieu)."
    ) in page


def test_the_api_names_the_renamed_awaited_message(platform) -> None:
    client = make_client(platform)
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Dakkapel"}, headers=auth()
    )
    ref = resp.get_json()["zaak"]
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == ref]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    deployments.deploy(platform, [("vergunning_klein.bpmn", MESSAGE_RENAMED)], user="bea")

    resp = client.post("/api/v1/beheer/modellen/vergunning_klein/migreren", headers=auth("t-bea"))

    assert resp.status_code == 200, resp.text
    body = resp.get_json()
    jsonschema.validate(body, schemas.MIGRATION)
    assert body["gemigreerd"] == []
    [refused] = body["geweigerd"]
    assert refused["zaak"] == ref
    assert "wacht de stap" in refused["reden"]
    assert "niet meer op bericht 'aanvulling' (maar op 'aanvulling_v2')" in refused["reden"]
