"""A case the caller may not open answers as a case that does not exist (an outside tester's finding).

As coop, ``GET /api/v1/zaken/39`` answered 403 "Zaak Z-2026-000035 is niet door u aangevraagd" and an
unknown case 404: walking ids told which cases exist and their zaaknummers. The same on the documents,
holders, registration and map panel, and on ``POST .../berichten``, which checked the body (400 "Veld
'naam' is verplicht") before who sends it. Now every such route answers both with 404 ``zaak-onbekend``,
naming only the key the caller gave, and a message's sender is checked before its body.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_round4 import bearer, start

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app

ROUTES = [
    ("get", "/api/v1/zaken/{}", None),
    ("get", "/api/v1/zaken/{}/documenten", None),
    ("get", "/api/v1/zaken/{}/houders", None),
    ("get", "/api/v1/zaken/{}/registratie", None),
    ("get", "/api/v1/kaart/zaken/{}", None),
    ("post", "/api/v1/zaken/{}/berichten", {}),  # no 'naam': the body is wrong, the sender is asked first
    ("post", "/api/v1/zaken/{}/berichten", {"naam": "aanvulling", "gegevens": {}}),
    ("post", "/api/v1/zaken/{}/documenten", {}),  # no multipart upload at all
    ("post", "/api/v1/zaken/{}/besluit/concept", {}),  # a body the contract refuses: access comes first
    ("post", "/api/v1/zaken/{}/besluit", {"uitkomst": "weigeren"}),
    ("post", "/api/v1/zaken/{}/conflicten/1/overschrijven", {}),
]


def _answer(client: Any, who: str, method: str, url: str, body: Any) -> tuple[int, str, str]:
    resp = getattr(client, method)(url, json=body, headers=bearer(who))
    problem = json.loads(resp.text)
    return resp.status_code, problem.get("code"), problem.get("detail")


@pytest.mark.parametrize("who", ["coop", "nina", "rob"])
def test_a_case_one_may_not_open_answers_as_one_that_does_not_exist(editor_app: Any, who: str) -> None:
    client = editor_app.test_client()
    made = start(client, "anna", {"activiteiten": ["technische_bouwactiviteit"]})
    assert made.status_code == 201, made.text[:300]
    case_id, ref = made.get_json()["id"], made.get_json()["zaak"]
    unknown_id = case_id + 1000
    for method, url, body in ROUTES:
        refused = _answer(client, who, method, url.format(case_id), body)
        missing = _answer(client, who, method, url.format(unknown_id), body)
        staff_only = who == "coop" and "/kaart/" in url  # the map is for staff: 403 before any case
        expected = (403, "geen-medewerker") if staff_only else (404, "zaak-onbekend")
        assert refused[:2] == missing[:2] == expected, (url, refused, missing)
        assert refused[2] == missing[2].replace(str(unknown_id), str(case_id)), (url, refused, missing)
        assert ref not in refused[2], (url, refused)
