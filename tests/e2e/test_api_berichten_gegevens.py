"""The netbeheerder's answers over the API, each kept whole: a second answer no longer takes the first one's
fields from the case (services.berichten ``gegevens``); an answer over its caps is refused as before
(problem+json, ``bericht-te-groot``) and leaves no line; GET /zaken/{zaak} gives the messages a page at a
time (``berichten_pagina``, ``berichten_eerder``)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from processes import berichtgrenzen
from services import berichten
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_round4 import bearer, pims_transportverzoek, problem, send

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app

EERSTE = {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": "Betuwe-Oost"}
TWEEDE = {"uitkomst": "wachtlijst", "positie": 9}


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>)."""
    return editor_app.test_client()


def _case(client: Any, ref: str, query: str = "") -> dict[str, Any]:
    resp = client.get(f"/api/v1/zaken/{ref}{query}", headers=bearer("pim"))
    assert resp.status_code == 200, resp.text[:300]
    return dict(resp.get_json())


def test_both_answers_of_the_netbeheerder_are_in_the_case_over_the_api(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = pims_transportverzoek(client)
    for answer in (EERSTE, TWEEDE):
        assert send(client, "nina", ref, "netbeheerder_antwoord", answer).status_code == 200
    too_long = {"uitkomst": "wachtlijst", "positie": 3, "congestiegebied": "Oost" * 100}
    refused = send(client, "nina", ref, "netbeheerder_antwoord", too_long)
    assert problem(refused, 400, berichtgrenzen.TOO_LARGE)["veld"] == "congestiegebied"
    case = _case(client, ref)
    assert [b["gegevens"] for b in case["berichten"]] == [EERSTE, TWEEDE]
    assert case["berichten_eerder"] == 0 and case["samenvatting"]["gegevens"]["netbericht"]["positie"] == 9
    monkeypatch.setattr(berichten, "PER_PAGE", 1)
    newest, before = _case(client, ref), _case(client, ref, "?berichten_pagina=2")
    assert [b["gegevens"] for b in newest["berichten"]] == [TWEEDE] and newest["berichten_eerder"] == 1
    assert [b["gegevens"] for b in before["berichten"]] == [EERSTE] and before["berichten_eerder"] == 0
    bad = client.get(f"/api/v1/zaken/{ref}?berichten_pagina=0", headers=bearer("pim"))
    assert problem(bad, 400, bad.get_json()["code"])["veld"] == "berichten_pagina"
