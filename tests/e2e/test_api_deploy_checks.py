"""POST /api/v1/modellen checks its files as the beheer page does (services/model_uploads.py).

Review pentest12b, 2: the API read every upload whole and deployed it whatever its name and size (a 40 MB
'notes.txt' became a new model version, 201); the beheer page refused both."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from services import deployments
from tests.conftest import FIXTURES
from tests.e2e.test_api_bad_input import auth, make_client, platform_of, refused, table_counts

MODEL = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
#: a valid model padded past 5 MB with an XML comment: only its size is wrong
BIG = MODEL.replace("</bpmn:definitions>", "<!-- " + "x" * (5 * 1024 * 1024) + " -->\n</bpmn:definitions>")


@pytest.fixture
def client(platform: Any) -> Any:
    return make_client(platform)


def multipart(client: Any, *files: tuple[str, str]) -> Any:
    """Encoded in memory (the test client spools a large body to a temporary file it never closes)."""
    data = {"bestand": [FileStorage(io.BytesIO(text.encode()), filename=name) for name, text in files]}
    boundary, body = encode_multipart(MultiDict(data))
    return client.post(
        "/api/v1/modellen",
        data=body,
        headers=auth("t-bea"),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def as_json(client: Any, *files: tuple[str, str]) -> Any:
    body = {"bestanden": [{"naam": name, "inhoud": text} for name, text in files]}
    return client.post(
        "/api/v1/modellen", data=json.dumps(body), headers=auth("t-bea"), content_type="application/json"
    )


@pytest.mark.parametrize("post", [multipart, as_json])
@pytest.mark.parametrize(
    ("files", "code", "says"),
    [
        ((("notes.txt", MODEL),), "bestand-soort", "'notes.txt' is geen .bpmn- of .dmn-bestand."),
        ((("vergunning_klein.bpmn", BIG),), "bestand-te-groot", "groter dan 5 MB"),
        ((("a.bpmn", MODEL), ("notes.txt", MODEL)), "bestand-soort", "'notes.txt'"),
    ],
)
def test_a_model_file_the_beheer_page_refuses_is_refused_by_the_api_too(client, post, files, code, says):
    before = table_counts(platform_of(client))
    versions = deployments.list_definitions(platform_of(client))
    body = refused(post(client, *files), 422)
    assert body["code"] == code and says in body["detail"], body
    assert table_counts(platform_of(client)) == before
    assert deployments.list_definitions(platform_of(client)) == versions


def test_more_model_files_than_the_beheer_page_takes_are_refused(client):
    body = refused(multipart(client, *[(f"m{i}.bpmn", MODEL) for i in range(21)]), 422)
    assert body["code"] == "te-veel-bestanden" and "Maximaal 20 bestanden" in body["detail"]


def test_a_model_file_within_the_checks_still_deploys_through_both_bodies(client):
    changed = MODEL.replace("</bpmn:definitions>", "<!-- nieuw -->\n</bpmn:definitions>")
    assert multipart(client, ("vergunning_klein.bpmn", changed)).status_code == 201
    again = as_json(client, ("vergunning_klein.bpmn", changed.replace("nieuw", "nog nieuwer")))
    assert again.status_code == 201, again.text
