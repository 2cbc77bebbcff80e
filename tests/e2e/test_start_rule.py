"""Who may start which process (outside tester, LOW): as the beheerder bea deployed ``probeintern``
("Interne controle (niet publiek)"), the initiator coop started it through the API (201, a case with a
volgcode) while its public form ``/aanvragen/probeintern`` answers 404. An account that applies (an
initiator, an outside party, an adviser) starts only what the public face offers; the municipality's
registering staff start any process (README, Autorisatie)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask

from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.integration.inbox_case import model

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app

INTERNAL = "probeintern"


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{name}"}


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users, and the tester's internal process (no application form) deployed
    by the beheerder through the API."""
    client = editor_app.test_client()
    xml = model("Vergunningen").replace(
        'id="baan_proef" name="Baanproef"', f'id="{INTERNAL}" name="Interne controle (niet publiek)"'
    )
    resp = client.post(
        "/api/v1/modellen",
        data={"bestand": (io.BytesIO(xml.encode()), f"{INTERNAL}.bpmn")},
        headers=bearer("bea"),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.text[:300]
    return client


def start(client: Any, who: str, proces: str, gegevens: dict[str, Any] | None = None) -> Any:
    body = {"proces": proces, "titel": "Controle", "gegevens": gegevens or {"omschrijving": "Controle"}}
    return client.post("/api/v1/zaken", json=body, headers=bearer(who))


def test_an_applicant_cannot_start_a_process_the_public_face_does_not_offer(client: Any) -> None:
    """The tester's case and its kin: an initiator, an outside party (Netbeheerder) and an adviser are
    refused the internal process (and an unknown one, alike), nothing stored and nothing counted against
    the application budget; its public form is a 404, the same rule."""
    platform = client.application.extensions["ruimteflow"]
    assert client.get(f"/aanvragen/{INTERNAL}").status_code == 404
    before = table_counts(platform)  # the cases, their events, the budget's rows (auth_failure)
    for who in ("coop", "nina", "rob"):
        for proces in (INTERNAL, "bestaatniet"):
            resp = start(client, who, proces)
            assert resp.status_code == 403, (who, proces, resp.text[:300])
            assert resp.mimetype == "application/problem+json"
            problem = json.loads(resp.text)
            assert problem["code"] == "proces-niet-aan-te-vragen", problem
            assert f"'{proces}'" in problem["detail"] and "aanvraagformulier" in problem["detail"]
    assert table_counts(platform) == before


def test_an_initiator_still_starts_the_omgevingsvergunning(client: Any) -> None:
    resp = start(client, "coop", "omgevingsvergunning", {"activiteiten": ["technische_bouwactiviteit"]})
    assert resp.status_code == 201, resp.text[:300]
    assert resp.get_json()["volgcode"]


def test_registering_staff_still_start_an_internal_process(client: Any) -> None:
    for who in ("anna", "bea"):  # a vergunningverlener, the beheerder
        resp = start(client, who, INTERNAL)
        assert resp.status_code == 201, (who, resp.text[:300])
        assert resp.get_json()["status"] == "lopend"


def test_the_command_line_starts_as_an_account_under_the_same_rule(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ruimteflow cases start probeintern --as coop` is the API's start by coop."""
    from web import cli

    platform = client.application.extensions["ruimteflow"]
    url = str(platform.settings.database_url)
    before = table_counts(platform)
    assert cli.main(["cases", "start", INTERNAL, "--as", "coop", "--database", url]) == 2
    err = capsys.readouterr().err
    assert f"'{INTERNAL}'" in err and "aanvraagformulier" in err, err
    assert table_counts(platform) == before
    assert cli.main(["cases", "start", INTERNAL, "--as", "anna", "--database", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "lopend"
