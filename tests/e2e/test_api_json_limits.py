"""The cap of a JSON body (web/uploads.py): 2 MB unless its view names its own, refused before it is read.

The app-wide body cap is 20 MB because of uploads; a JSON body of 8 MB of small objects (about 1.2
million) took about 5 s in the JSON hygiene walk on any JSON route before anything refused it.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask

from processes import berichtgrenzen
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import ACTIVITEIT, bearer, pims_transportverzoek, platform_of, problem
from web import hygiene
from web.uploads import JSON_TOO_LARGE

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>)."""
    return editor_app.test_client()


def many_small_objects(size: int) -> bytes:
    """A start request whose gegevens hold ``size`` bytes of small objects (the pentest's shape)."""
    gegevens = {**ACTIVITEIT, "x": [{"a": 1}] * (size // 8)}
    return json.dumps({"proces": "omgevingsvergunning", "gegevens": gegevens}, separators=(",", ":")).encode()


def chunked(client: Any, path: str, raw: bytes, who: str) -> Any:
    """POST ``raw`` as JSON without a Content-Length (a chunked body, as a WSGI server hands it on)."""
    return client.post(
        path,
        input_stream=io.BytesIO(raw),
        content_type="application/json",
        headers={**bearer(who), "Transfer-Encoding": "chunked"},  # werkzeug: no Content-Length then
        environ_overrides={"wsgi.input_terminated": True},
    )


def _never_parsed(raw: bytes | str) -> Any:
    raise AssertionError("the over-size body was parsed")


def test_a_json_body_over_its_cap_is_refused_by_its_length_before_it_is_read(
    client: Any, monkeypatch: Any
) -> None:
    before = table_counts(platform_of(client))
    raw = many_small_objects(3_000_000)
    with monkeypatch.context() as patched:  # refused by its declared length: never parsed
        patched.setattr(hygiene, "parse_json", _never_parsed)
        resp = client.post("/api/v1/zaken", data=raw, content_type="application/json", headers=bearer("anna"))
    detail = problem(resp, 413, JSON_TOO_LARGE)["detail"]
    assert "ten hoogste 2 MB" in detail and "dit verzoek: 2,9 MB" in detail, detail
    assert table_counts(platform_of(client)) == before


def test_a_json_body_without_a_length_gets_the_same_specific_refusal(client: Any) -> None:
    """werkzeug cuts a body without a Content-Length off at the cap without a word, and the JSON check
    refused what was left as invalid JSON (400 json-ongeldig at position 524288 on a message route); now
    the answer is the route's own refusal: json-te-groot, or bericht-te-groot on a message route."""
    ref = pims_transportverzoek(client)
    before = table_counts(platform_of(client))
    resp = chunked(client, "/api/v1/zaken", many_small_objects(3_000_000), "anna")
    detail = problem(resp, 413, JSON_TOO_LARGE)["detail"]
    assert "ten hoogste 2 MB" in detail and "dit verzoek" not in detail  # its size is not known
    message = {"naam": "netbeheerder_antwoord", "gegevens": {"uitkomst": "capaciteit", "x": [0] * 300_000}}
    resp = chunked(client, f"/api/v1/zaken/{ref}/berichten", json.dumps(message).encode(), "nina")
    assert problem(resp, 413, berichtgrenzen.TOO_LARGE)["veld"] == "gegevens"
    assert table_counts(platform_of(client)) == before


def test_the_larger_caps_of_the_beheerders_routes_are_the_beheerders_only(
    client: Any, monkeypatch: Any
) -> None:
    """A JSON deploy (10 MB) and the model editor's draft (3 MB) are the beheerder's, but the role was checked
    by the view, after the body was read: an initiator's 3 MB of small objects was parsed before its 403.
    Anyone else's body is capped as any JSON body (2 MB), before it is read; a beheerder's is read."""
    raw = many_small_objects(3_000_000)
    coop = EditorClient(client.application, "coop")
    with monkeypatch.context() as patched:
        patched.setattr(hygiene, "parse_json", _never_parsed)
        resp = client.post(
            "/api/v1/modellen", data=raw, content_type="application/json", headers=bearer("coop")
        )
        assert "ten hoogste 2 MB" in problem(resp, 413, JSON_TOO_LARGE)["detail"]
        resp = coop.put("omgevingsvergunning", data=raw, content_type="application/json")
        assert resp.status_code == 413 and resp.json["code"] == "concept-te-groot", resp.text[:300]
        assert "maximaal 2097152" in resp.json["detail"]
    resp = client.post("/api/v1/modellen", data=raw, content_type="application/json", headers=bearer("bea"))
    assert resp.status_code in (400, 422), resp.text[:300]  # read, and refused for what it says
    resp = EditorClient(client.application, "bea").put(
        "omgevingsvergunning", data=raw, content_type="application/json"
    )
    assert resp.status_code in (400, 422), resp.text[:300]
