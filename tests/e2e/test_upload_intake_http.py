"""The intake's new refusals over HTTP (the session note on uploads, items 1 to 3): a script by its name,
alone or in a ZIP, an Office document with macros, a damaged PDF with a script in a compressed stream.
Through the API each is a problem+json with its own code and members; in the officers' case file the
Dutch reason names the file; nothing is stored. A plain .txt letter, a Word document without macros, a
normal PDF and a damaged one with ordinary compressed content are still accepted. A document type that
takes text, ZIPs and Word documents, as a municipality may configure one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.e2e.test_api_documenten import assert_problem, auth, client, post_file, zaak
from tests.e2e.test_api_response_keys import closed
from tests.e2e.test_faces_documenten import _state, _upload
from tests.unit.documents.office_samples import DOCX, GOOD_DOCX, MACRO_DOCS
from tests.unit.documents.test_pdf_compressed import SCRIPT, damaged
from tests.unit.documents.upload_samples import PLAIN_PDF, zip_of

__all__ = ["client", "zaak"]  # fixtures

BAT = b"@echo off\r\ndel /q *\r\n"
#: (content, file name, code, the members besides, words of the Dutch reason)
BAD = [
    (BAT, "start.bat", "document-uitvoerbare-extensie", {"extensie": "bat"}, "heeft de extensie .bat"),
    (
        zip_of(("LEESMIJ.txt", b"Zie de tekening."), ("opschonen.ps1", b"Remove-Item ~")),
        "stukken.zip",
        "document-zip-uitvoerbare-extensie",
        {"extensie": "ps1", "bestand": "opschonen.ps1"},
        "&#39;opschonen.ps1&#39; in &#39;stukken.zip&#39; heeft de extensie .ps1",
    ),
    (
        MACRO_DOCS[0][1],
        "brief.docx",
        "document-office-macro",
        {"bestand": "[Content_Types].xml"},
        "bevat macro&#39;s",
    ),
    (damaged(SCRIPT), "plan.pdf", "document-pdf-javascript", {}, "bevat JavaScript"),
]
GOOD = [
    (b"Geachte heer,\r\n\r\nmet vriendelijke groet", "brief.txt"),
    (GOOD_DOCX, "brief.docx"),
    (PLAIN_PDF, "plan.pdf"),
    (damaged(b"BT /F1 12 Tf (Geachte heer) Tj ET"), "beschadigd.pdf"),
]


def office_types(tmp_path: Path) -> str:
    types = tmp_path / "typen.toml"
    types.write_text(
        '[standaard.bijlage]\nomschrijving = "Bijlage of tekening"\nvertrouwelijkheid = "zaakvertrouwelijk"\n'
        f'max_mb = 20\nmime = ["application/pdf", "application/zip", "text/plain", "{DOCX}"]\n'
        'uploaders = ["behandelaar", "initiatiefnemer"]\n'
    )
    return str(types)


@pytest.fixture
def office_platform(platform: Any, tmp_path: Path) -> Any:
    object.__setattr__(platform.settings, "documenttypen_file", office_types(tmp_path))
    return platform


def test_each_refusal_is_a_problem_with_its_code_and_nothing_is_stored(
    office_platform: Any, client: Any, zaak: str
) -> None:
    """Each answer holds only members the published Problem schema declares (extensie, bestand)."""
    url = f"/api/v1/zaken/{zaak}/documenten"
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Problem"]
    validator = Draft202012Validator(closed(schema))
    before = _state(office_platform)
    for content, name, code, members, _words in BAD:
        resp = post_file(client, url, "t-anna", content, name=name, informatieobjecttype="bijlage")
        problem = assert_problem(resp, 400, code)
        assert f"'{name}'" in problem["detail"], problem
        assert {k: problem[k] for k in members} == members, problem
        assert not [e.message for e in validator.iter_errors(problem)], problem
    assert _state(office_platform) == before
    for content, name in GOOD:
        resp = post_file(client, url, "t-anna", content, name=name, informatieobjecttype="bijlage")
        assert resp.status_code == 201, resp.get_json()
    listed = client.get(url, headers=auth("t-anna")).get_json()["documenten"]
    assert sorted(d["titel"] for d in listed) == ["beschadigd", "brief", "brief", "plan"]


def test_the_case_file_names_the_refused_file_and_keeps_nothing(
    browser_for: Any, start_case: Any, faces_platform: Any, tmp_path: Path
) -> None:
    object.__setattr__(faces_platform.settings, "documenttypen_file", office_types(tmp_path))
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    for content, name, _code, _members, words in BAD:
        page = anna.get(_upload(anna, ref, content, name).headers["Location"]).text
        assert 'class="melding melding-fout"' in page and words in page, name
        assert f"&#39;{name}&#39;" in page, name
    assert _state(faces_platform) == before
    for content, name in GOOD:
        assert "melding-fout" not in anna.get(_upload(anna, ref, content, name).headers["Location"]).text
