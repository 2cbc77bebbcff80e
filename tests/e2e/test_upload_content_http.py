"""The content check of a ZIP and a PDF over HTTP (review finding: a ZIP holding an .exe and
'../../evil.bat', a zip bomb and a PDF with a JavaScript /OpenAction were stored): through the API each is
a problem+json with its own code, on the public application form and in the officers' case file the Dutch
reason names the file; nothing is stored. A good ZIP and a plain PDF are still accepted."""

from __future__ import annotations

from typing import Any

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_documenten import assert_problem, auth, client, post_file, zaak
from tests.e2e.test_faces_documenten import _state, _upload
from tests.e2e.test_public_documents import apply_with, stored
from tests.integration.document_helpers import EXE, pdf
from tests.unit.documents.upload_samples import BAD_PDFS, BAD_ZIPS, BOMB, GOOD_ZIP, PLAIN_PDF, zip_of

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
__all__ = ["app", "clock", "client", "demo_layers", "zaak"]  # fixtures

#: the tester's archive: an executable and a path out of the folder it is unpacked in
TESTERS_ZIP = zip_of(("tekening.exe", EXE), ("../../evil.bat", b"del /q *\r\n"))
CRON_ZIP = zip_of(("plan.pdf", pdf("plan")), ("/etc/cron.d/x", b"* * * * * root sh\n"))


def test_each_bad_zip_and_active_pdf_is_a_problem_and_nothing_is_stored(
    client: Any, zaak: str, platform: Any
):
    """The initiator sends the tester's archive and a few more (each refusal counts against its uploads
    of the hour, as every refusal does: services.documents.quota), the officer every other kind."""
    url = f"/api/v1/zaken/{zaak}/documenten"
    before = _state(platform)
    bad = [
        (TESTERS_ZIP, "tekeningen.zip", "document-zip-pad"),
        (CRON_ZIP, "tekeningen.zip", "document-zip-pad"),
    ]
    # a sample over 500 kB (the huge directory, tested in tests/unit/documents) would be spooled by the
    # test client to a temporary file it never closes (tests.e2e.test_public_documents ``apply_in_memory``)
    bad += [(content, "tekeningen.zip", code) for _w, content, code, _ in BAD_ZIPS if len(content) < 500_000]
    bad += [(content, "plan.pdf", code) for _what, content, code, _words in BAD_PDFS]
    for i, (content, name, code) in enumerate(bad):
        token = "t-piet" if i < 5 else "t-anna"
        resp = post_file(client, url, token, content, name=name, informatieobjecttype="bijlage")
        assert f"'{name}'" in assert_problem(resp, 400, code)["detail"]
    assert _state(platform) == before
    assert client.get(url, headers=auth("t-anna")).get_json()["documenten"] == []


def test_a_good_zip_and_a_plain_pdf_are_still_stored(client: Any, zaak: str):
    url = f"/api/v1/zaken/{zaak}/documenten"
    for content, name in ((GOOD_ZIP, "tekeningen.zip"), (PLAIN_PDF, "plan.pdf")):
        resp = post_file(client, url, "t-piet", content, name=name, informatieobjecttype="bijlage")
        assert resp.status_code == 201, resp.get_json()
    listed = client.get(url, headers=auth("t-anna")).get_json()["documenten"]
    assert sorted(d["titel"] for d in listed) == ["plan", "tekeningen"]


def test_the_public_form_names_the_refused_file_and_keeps_nothing(app: Any):
    before = stored(app)
    for content, name, words in (
        (CRON_ZIP, "tekeningen.zip", "&#39;/etc/cron.d/x&#39;, een pad buiten de map"),
        (BOMB, "nullen.zip", "zipbom"),
        (BAD_PDFS[0][1], "plan.pdf", "bevat JavaScript"),
    ):
        resp = apply_with(app.test_client(), [(pdf("goed"), "goed.pdf"), (content, name)])
        assert resp.status_code == 400 and words in resp.text, resp.text[resp.text.find("veld-fout") :][:400]
        assert "Er is nog niets opgeslagen" in resp.text
    assert stored(app) == before
    assert apply_with(app.test_client(), [(GOOD_ZIP, "tekeningen.zip")]).status_code == 303


def test_the_case_file_names_the_refused_file_and_keeps_nothing(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    for content, name, words in (
        (TESTERS_ZIP, "tekeningen.zip", "&#39;../../evil.bat&#39;"),
        (BAD_PDFS[2][1], "plan.pdf", "een programma op de computer start"),
    ):
        page = anna.get(_upload(anna, ref, content, name).headers["Location"]).text
        assert 'class="melding melding-fout"' in page and words in page and f"&#39;{name}&#39;" in page
    assert _state(faces_platform) == before
