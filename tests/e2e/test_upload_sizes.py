"""Upload sizes: one request may carry the largest document a type allows (bpmn/documenttypen.toml: 100 MB
for a bijlage or aanvulling, 50 MB for an advies), and a file over its own type's cap is refused with a
Dutch message naming that cap, in the case file, the API and on the status page (typed text kept)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from services import cases, inbox
from services.documents.storage import blob_store
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import status_form
from tests.e2e.test_status_http import started
from tests.integration.document_helpers import pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
MB = 1024 * 1024
#: types with small caps, so that the tests need no large bodies: the largest is 3 MB
SMALL_TYPES = """
[standaard.bijlage]
omschrijving = "Bijlage of tekening"
vertrouwelijkheid = "zaakvertrouwelijk"
max_mb = 1
mime = ["application/pdf"]
uploaders = ["behandelaar", "initiatiefnemer"]

[standaard.advies]
omschrijving = "Adviesrapport"
vertrouwelijkheid = "intern"
max_mb = 3
mime = ["application/pdf"]
uploaders = ["behandelaar", "adviseur"]
"""


def big_pdf(mb: float, tag: str) -> bytes:
    return pdf(tag) + b"0" * int(mb * MB)


def use_types(platform: Any, tmp_path: Path, text: str, **settings: Any) -> None:
    types = tmp_path / "typen.toml"
    types.write_text(text)
    for name, value in {"documenttypen_file": str(types), **settings}.items():
        object.__setattr__(platform.settings, name, value)


def post_multipart(client: Any, url: str, fields: dict[str, Any], **kw: Any) -> Any:
    """POST a multipart body encoded in memory (the test client would spool a large one to a temporary
    file that it never closes)."""
    values = {
        k: FileStorage(v[0], filename=v[1], content_type="application/pdf") if isinstance(v, tuple) else v
        for k, v in fields.items()
    }
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}", **kw)


def api_upload(client: Any, ref: str, content: bytes, kind: str) -> Any:
    fields = {"bestand": (io.BytesIO(content), "tekening.pdf"), "informatieobjecttype": kind}
    headers = {"Authorization": "Bearer demo-anna"}
    return post_multipart(client, f"/api/v1/zaken/{ref}/documenten", fields, headers=headers)


def officer_upload(b: Any, ref: str, content: bytes) -> Any:
    fields = {
        "bestand": (io.BytesIO(content), "tekening.pdf"),
        "informatieobjecttype": "bijlage",
        "csrf_token": b.csrf(),
    }
    return post_multipart(b.client, f"/zaken/{ref}/documenten", fields)


def test_a_25_mb_drawing_is_accepted_and_an_advies_over_50_mb_named_refused(
    browser_for, start_case, faces_app
):
    """Tester finding: the documented 100 MB (bijlage) could not be reached: every request over 20 MB
    got a bare 413 'Het verzoek is groter dan toegestaan.'"""
    ref = start_case()["zaak"]
    resp = officer_upload(browser_for("anna"), ref, big_pdf(25, "faces"))
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/zaken/{ref}#documenten")
    client = faces_app.test_client()
    assert api_upload(client, ref, big_pdf(25, "api"), "bijlage").status_code == 201
    refused = api_upload(client, ref, big_pdf(51, "advies"), "advies")
    assert refused.status_code == 413 and refused.mimetype == "application/problem+json"
    problem = refused.get_json()
    assert problem["code"] == "document-te-groot"
    assert problem["detail"] == "Het bestand is groter dan 50 MB, het maximum voor adviesrapport."


def test_the_request_cap_follows_the_types_and_names_its_limit(
    browser_for, start_case, faces_app, faces_platform, tmp_path
):
    use_types(faces_platform, tmp_path, SMALL_TYPES, max_body_bytes=1000)
    ref = start_case()["zaak"]
    client = faces_app.test_client()
    assert api_upload(client, ref, big_pdf(2.5, "advies"), "advies").status_code == 201  # over max_body_bytes
    too_big = api_upload(client, ref, big_pdf(6, "te groot"), "advies")
    assert too_big.status_code == 413 and too_big.mimetype == "application/problem+json"
    detail = too_big.get_json()["detail"]
    assert re.search(r"ten hoogste \d MB", detail), detail
    anna = browser_for("anna")
    before = sorted(blob_store(faces_platform).iter_files())
    resp = officer_upload(anna, ref, big_pdf(6, "faces"))  # the case file, not an error page
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/zaken/{ref}#documenten")
    page = anna.get(resp.headers["Location"]).text
    assert "melding-fout" in page and re.search(r"ten hoogste \d MB", page)
    resp = officer_upload(anna, ref, big_pdf(1.5, "bijlage"))
    page = anna.get(resp.headers["Location"]).text
    assert "Het bestand is groter dan 1 MB, het maximum voor bijlage of tekening." in page
    assert sorted(blob_store(faces_platform).iter_files()) == before


def waiting_for_aanvulling(app: Any) -> tuple[Any, str, str]:
    client = app.test_client()
    code = started(client)
    platform = app.extensions["ruimteflow"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    return client, code, status_form(client.get(f"/status/{code}").text)


def send_aanvulling(client: Any, code: str, form: dict[str, str], content: bytes) -> Any:
    fields = {
        **form,
        "tekst": "Hierbij de gevelaanzichten.",
        "document_": (io.BytesIO(content), "gevelaanzichten.pdf"),
    }
    return post_multipart(client, f"/status/{code}/aanvulling", fields)


def test_the_status_page_takes_a_25_mb_drawing(app):
    client, code, form = waiting_for_aanvulling(app)
    resp = send_aanvulling(client, code, form, big_pdf(25, "status"))
    assert resp.status_code == 303, resp.text[:500]


def test_the_status_page_names_the_cap_and_keeps_the_text(app, tmp_path):
    client, code, form = waiting_for_aanvulling(app)
    use_types(app.extensions["ruimteflow"], tmp_path, SMALL_TYPES)
    platform = app.extensions["ruimteflow"]
    before = sorted(blob_store(platform).iter_files())
    resp = send_aanvulling(client, code, form, big_pdf(1.5, "status"))
    assert resp.status_code == 400
    assert "groter dan 1 MB, het maximum voor bijlage of tekening" in resp.text
    assert ">Hierbij de gevelaanzichten.</textarea>" in resp.text  # what was typed stays
    object.__setattr__(platform.settings, "max_body_bytes", 1000)
    resp = send_aanvulling(client, code, form, big_pdf(30, "status"))
    assert (
        resp.status_code == 413 and 'id="aanvulling-tekst"' in resp.text
    )  # the status page, not an error page
    assert re.search(r"ten hoogste \d MB", resp.text)
    assert sorted(blob_store(platform).iter_files()) == before


def test_the_status_page_shows_at_the_documents_that_the_files_do_not_fit(app):
    """Fixer uploads2 (1): the code holder's files are bounded per case as an account's are
    (``document_mb_per_case``); the status page says so at the aanvulling's documents, keeps the typed
    text, and stores nothing."""
    client, code, form = waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    object.__setattr__(platform.settings, "document_mb_per_case", 1)
    before = sorted(blob_store(platform).iter_files())
    resp = send_aanvulling(client, code, form, big_pdf(1.5, "status"))
    assert resp.status_code == 422  # the API's answer (zaak-opslag-vol): a rule refuses valid input
    assert 'id="aanvulling-documenten-fout"' in resp.text
    assert "het maximum aan bestanden dat u bij deze aanvraag kunt sturen" in resp.text
    assert ">Hierbij de gevelaanzichten.</textarea>" in resp.text  # what was typed stays
    assert sorted(blob_store(platform).iter_files()) == before


def test_the_status_page_holds_an_aanvulling_to_the_application_forms_file_count(app):
    """Review question: are the aanvulling's caps the application form's, and enforced on the server (the
    status page's file inputs carry no limit in HTML)? One more file than ``public.MAX_FILES`` is refused
    with the form's Dutch message, the typed text kept, and nothing is stored."""
    from werkzeug.datastructures import MultiDict

    from services.documents.public import MAX_FILES

    client, code, form = waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    before = sorted(blob_store(platform).iter_files())
    files = [
        (
            "document_",
            FileStorage(io.BytesIO(pdf(f"blad {i}")), f"blad-{i}.pdf", content_type="application/pdf"),
        )
        for i in range(MAX_FILES + 1)
    ]
    fields = MultiDict([*form.items(), ("tekst", "Hierbij de bladen."), *files])
    boundary, body = encode_multipart(fields)
    resp = client.post(
        f"/status/{code}/aanvulling", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert resp.status_code == 400
    assert f"Stuur ten hoogste {MAX_FILES} bestanden tegelijk mee." in resp.text
    assert ">Hierbij de bladen.</textarea>" in resp.text
    assert sorted(blob_store(platform).iter_files()) == before
