"""The beheerder is told (face and API) when a migration starts a waiting timer again because the new
version changed its timer definition (review finding beheer s8, 2: the moved due date was reported nowhere)."""

from __future__ import annotations

import html
from typing import Any

import jsonschema

from services import cases, deployments, inbox
from tests.e2e.conftest import FIXTURE_BPMN
from tests.e2e.test_api_bad_input import auth, make_client
from web.api import schemas

KLEIN = (FIXTURE_BPMN / "vergunning_klein.bpmn").read_text(encoding="utf-8")
P21D = KLEIN.replace(
    '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>', '<bpmn:timeDuration>"P21D"</bpmn:timeDuration>'
)


def _wait_for_aanvulling(platform: Any, ref: str, clock: Any) -> None:
    """The case waits for an aanvulling from 2 March (P14D: due 16 March); then 10 days pass."""
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == ref]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    clock.advance(days=10)


def test_the_face_names_the_moved_term(faces_platform, faces_clock, browser_for, start_case) -> None:
    ref = start_case("Dakkapel")["zaak"]
    _wait_for_aanvulling(faces_platform, ref, faces_clock)
    deployments.deploy(faces_platform, [("vergunning_klein.bpmn", P21D)], user="bea")
    bea = browser_for("bea")

    bea.post("/beheer/modellen/vergunning_klein/migreren")

    page = html.unescape(bea.get("/beheer").text)
    assert (
        f"Zaak {ref}: termijn 'Aanvullingstermijn verlopen' is gewijzigd en loopt opnieuw: "
        "was 16 maart 2026, 10:00, nu 2 april 2026, 10:00."  # P21D: the same Dutch time, in summer time
    ) in page


def test_the_api_names_the_moved_term(platform, clock) -> None:
    client = make_client(platform)
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Dakkapel"}, headers=auth()
    )
    ref = resp.get_json()["zaak"]
    _wait_for_aanvulling(platform, ref, clock)
    deployments.deploy(platform, [("vergunning_klein.bpmn", P21D)], user="bea")

    resp = client.post("/api/v1/beheer/modellen/vergunning_klein/migreren", headers=auth("t-bea"))

    assert resp.status_code == 200, resp.text
    body = resp.get_json()
    jsonschema.validate(body, schemas.MIGRATION)
    assert body["verschoven_termijnen"] == [
        {
            "zaak": ref,
            "element": "wacht_aanvulling",
            "naam": "Aanvullingstermijn verlopen",
            "van": "2026-03-16T09:00:00+00:00",
            "naar": "2026-04-02T08:00:00+00:00",  # 10:00 Dutch summer time
        }
    ]
