"""The upload budget of an account outside the municipality over HTTP (security finding: demo-coop uploaded
twelve different 10 MB files to its own case in a row, all 201): 429 problem+json with Retry-After past the
budget, 422 past the bytes per case, both in the OpenAPI document; staff uploads go on."""

from __future__ import annotations

import io
import logging

import pytest

from services import cases, users
from tests.e2e.test_upload_sizes import post_multipart
from tests.integration.core_helpers import setup_klein
from tests.integration.document_helpers import pdf
from web import create_app

UPLOAD = "/zaken/{case_key}/documenten"  # as the OpenAPI document names them (its server is /api/v1)
VERSION = "/documenten/{document_id}/versies"


@pytest.fixture
def client(platform, monkeypatch):
    setup_klein(platform)
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(platform, "piet", role="initiatiefnemer", token="t-piet")
    small = platform.settings.with_(document_uploads_per_case_per_hour=2, document_mb_per_case=1)
    monkeypatch.setattr(platform, "settings", small)
    return create_app(small, platform=platform).test_client()


@pytest.fixture
def zaak(platform, client):
    return cases.start_case(platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen")["zaak"]


def post_file(client, url, token, content, **form):
    fields = {"bestand": (io.BytesIO(content), "tekening.pdf"), **form}
    return post_multipart(client, url, fields, headers={"Authorization": f"Bearer {token}"})


def listed(client, zaak):
    resp = client.get(f"/api/v1/zaken/{zaak}/documenten", headers={"Authorization": "Bearer t-anna"})
    return [d["titel"] for d in resp.get_json()["documenten"]]


def test_past_the_budget_an_upload_and_a_version_get_429_with_retry_after(client, zaak):
    url = f"/api/v1/zaken/{zaak}/documenten"
    first = post_file(client, url, "t-piet", pdf("1"), informatieobjecttype="bijlage", titel="een")
    assert first.status_code == 201, first.get_json()
    assert post_file(client, url, "t-piet", pdf("2"), informatieobjecttype="bijlage").status_code == 201
    for resp in (
        post_file(client, url, "t-piet", pdf("3"), informatieobjecttype="bijlage", titel="drie"),
        post_file(client, f"/api/v1/documenten/{first.get_json()['id']}/versies", "t-piet", pdf("v2")),
    ):
        assert resp.status_code == 429 and resp.mimetype == "application/problem+json"
        problem = resp.get_json()
        assert problem["code"] == "te-veel-pogingen" and problem["title"] == "Te veel verzoeken"
        assert "niet opgeslagen" in problem["detail"] and "ten hoogste 2 per uur" in problem["detail"]
        assert int(resp.headers["Retry-After"]) == problem["retry_after"] > 0
    assert "drie" not in listed(client, zaak)
    staff = post_file(client, url, "t-anna", pdf("4"), informatieobjecttype="bijlage", titel="van anna")
    assert staff.status_code == 201, staff.get_json()


def test_past_the_bytes_per_case_an_upload_gets_422(client, zaak):
    url = f"/api/v1/zaken/{zaak}/documenten"
    groot = pdf("groot") + b"%" + b"0" * 1_100_000 + b"\n"  # under the type's 100 MB, over the case's 1 MB
    resp = post_file(client, url, "t-piet", groot, informatieobjecttype="bijlage", titel="groot")
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    problem = resp.get_json()
    assert problem["code"] == "zaak-opslag-vol" and problem["max_bytes"] == 1024 * 1024
    assert problem["opgeslagen"] == 0 and "gemeente" in problem["detail"]
    assert "groot" not in listed(client, zaak)


#: what a virus scanner that cannot be reached says, to the public too: not the socket's error
SCANNER_AWAY = (
    "De virusscanner is niet bereikbaar; het document is niet opgeslagen. Probeer het later opnieuw."
)


def test_a_scanner_out_of_reach_is_503_without_the_socket_error_which_is_logged(
    platform, client, zaak, monkeypatch, tmp_path, caplog
):
    """The 503 quoted the raw socket error ("([Errno 2] No such file or directory)", a host:port's
    "Connection refused") to whoever uploaded, the public included; it belongs in the log line its
    foutcode names, and was in no log line at all."""
    away = platform.settings.with_(clamd_address=str(tmp_path / "clamd.sock"))  # configured, not listening
    monkeypatch.setattr(platform, "settings", away)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = post_file(
            client, f"/api/v1/zaken/{zaak}/documenten", "t-piet", pdf("x"), informatieobjecttype="bijlage"
        )
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
    problem = resp.get_json()
    assert problem["code"] == "virusscan-onbereikbaar"
    assert problem["detail"] == f"{SCANNER_AWAY} Foutcode: {problem['foutcode']}.", problem["detail"]
    logged = [r for r in caplog.records if problem["foutcode"] in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info, [r.getMessage() for r in caplog.records]
    assert "No such file or directory" in caplog.text  # the cause, in the traceback of that line


def test_the_openapi_document_names_the_new_answers(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (UPLOAD, VERSION):
        answers = paths[path]["post"]["responses"]
        assert {"413", "422", "429"} <= set(answers), path
        assert "Retry-After" in answers["429"]["headers"], path
