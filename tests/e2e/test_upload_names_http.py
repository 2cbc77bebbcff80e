"""A file's name must agree with its content, over HTTP (outside tester: anonymously on the public
application form 'plattegrond.hta', a PDF/HTA polyglot, was accepted as application/pdf, and as the
initiator 'bouwtekening.hta' and 'situatie.html' through the API; an officer downloaded them under those
names). Each way in refuses them in Dutch naming the file and what it is, nothing stored; a .JPG or .jpeg
photo still passes; a download is named with an extension of its content, also for a document stored
before the check.
The polyglot is named .html here: a .hta is refused before this rule as a program's name (services/documents/mime.py, tests/unit/documents/test_script_names.py)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update

from services.store.models import DocumentVersion
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_documenten import assert_problem, auth, client, post_file, zaak
from tests.e2e.test_faces_documenten import _doc_id, _state, _upload
from tests.e2e.test_public_documents import apply_with, platform_of, stored
from tests.integration.document_helpers import pdf
from tests.unit.documents.test_upload_names import JPEG, POLYGLOT, XHTML

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
__all__ = ["app", "clock", "client", "demo_layers", "zaak"]  # fixtures

REFUSAL = "is een PDF-bestand; de naam moet eindigen op .pdf."


def _rename_stored(platform: Any, name: str) -> None:
    """What a document stored before the check may be called: every version's name set to ``name``."""
    with platform.uow() as uow:
        uow.session.execute(update(DocumentVersion).values(bestandsnaam=name))
        uow.commit()


def test_the_api_refuses_the_testers_files_as_problems_and_stores_nothing(
    client: Any, zaak: str, platform: Any
):
    url = f"/api/v1/zaken/{zaak}/documenten"
    before = _state(platform)
    for content, name, soort, words in (
        (POLYGLOT, "bouwtekening.html", "bijlage", f"'bouwtekening.html' {REFUSAL}"),
        (XHTML, "situatie.html", "aanvraagformulier", "'situatie.html' is een XML-bestand"),
    ):
        resp = post_file(client, url, "t-piet", content, name=name, informatieobjecttype=soort)
        problem = assert_problem(resp, 400, "document-naam-past-niet")
        assert words in problem["detail"] and problem["veld"] == "bestand", problem
        assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert _state(platform) == before
    assert client.get(url, headers=auth("t-anna")).get_json()["documenten"] == []


def test_a_new_version_through_the_api_is_held_to_the_same_rule(client: Any, zaak: str, platform: Any):
    url = f"/api/v1/zaken/{zaak}/documenten"
    doc = post_file(client, url, "t-anna", pdf("v1"), name="plattegrond.pdf", informatieobjecttype="bijlage")
    before = _state(platform)
    versies = f"/api/v1/documenten/{doc.get_json()['id']}/versies"
    resp = post_file(client, versies, "t-anna", POLYGLOT, name="plattegrond-v2.html")
    assert (
        f"'plattegrond-v2.html' {REFUSAL}" in assert_problem(resp, 400, "document-naam-past-niet")["detail"]
    )
    assert _state(platform) == before


def test_the_api_takes_a_photo_named_jpg_or_jpeg_and_names_a_file_without_extension(client: Any, zaak: str):
    url = f"/api/v1/zaken/{zaak}/documenten"
    for content, name in ((JPEG, "FOTO.JPG"), (JPEG + b"2", "gevel.jpeg"), (pdf("plan"), "plattegrond")):
        resp = post_file(client, url, "t-piet", content, name=name, informatieobjecttype="bijlage")
        assert resp.status_code == 201, resp.get_json()
    listed = client.get(url, headers=auth("t-anna")).get_json()["documenten"]
    names = sorted(d["versies"][-1]["bestandsnaam"] for d in listed)
    assert names == ["FOTO.JPG", "gevel.jpeg", "plattegrond.pdf"]


def test_an_api_download_of_a_document_stored_before_the_check_carries_its_contents_extension(
    client: Any, zaak: str, platform: Any
):
    url = f"/api/v1/zaken/{zaak}/documenten"
    doc = post_file(client, url, "t-anna", POLYGLOT, name="plattegrond.pdf", informatieobjecttype="bijlage")
    _rename_stored(platform, "plattegrond.hta")
    got = client.get(f"/api/v1/documenten/{doc.get_json()['id']}/inhoud", headers=auth("t-anna"))
    got.close()
    assert got.headers["Content-Disposition"] == 'attachment; filename="plattegrond.hta.pdf"'


def test_the_public_form_refuses_the_polyglot_and_keeps_nothing(app: Any):
    before = stored(app)
    resp = apply_with(app.test_client(), [(pdf("goed"), "goed.pdf"), (POLYGLOT, "plattegrond.html")])
    assert resp.status_code == 400 and f"&#39;plattegrond.html&#39; {REFUSAL}" in resp.text, resp.text
    assert "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before
    assert apply_with(app.test_client(), [(JPEG, "Gevel.JPG")]).status_code == 303


def test_the_status_page_download_carries_its_contents_extension(app: Any):
    """The status page sent the stored name as it was (and without the download headers of the rest)."""
    client = app.test_client()
    resp = apply_with(client, [(POLYGLOT, "plattegrond.pdf")])
    assert resp.status_code == 303, resp.text
    code = re.search(r"/status/([A-Za-z0-9_-]{32})", client.get(resp.headers["Location"]).text).group(1)  # type: ignore[union-attr]
    _rename_stored(platform_of(app), "plattegrond.hta")
    [doc] = client.get(f"/api/v1/status/{code}").json["documenten"]
    download = client.get(doc["url"])
    download.close()
    assert download.headers["Content-Disposition"] == 'attachment; filename="plattegrond.hta.pdf"'
    assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_case_file_refuses_the_polyglot_and_names_a_download_by_its_content(
    browser_for, start_case, faces_platform
):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    page = anna.get(_upload(anna, ref, POLYGLOT, "plattegrond.html").headers["Location"]).text
    assert 'class="melding melding-fout"' in page and f"&#39;plattegrond.html&#39; {REFUSAL}" in page
    assert _state(faces_platform) == before
    assert _upload(anna, ref, POLYGLOT, "plattegrond.PDF").status_code == 303
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    _rename_stored(faces_platform, "plattegrond.hta")
    got = anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud")
    assert got.headers["Content-Disposition"] == 'attachment; filename="plattegrond.hta.pdf"'
