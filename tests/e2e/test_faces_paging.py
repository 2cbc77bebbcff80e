"""The case page shows a long case's timeline and documents a page at a time, the newest first, with
"Oudere regels tonen" and "Oudere documenten tonen" to the pages before them (tester finding, MEDIUM: a
wijkuitvoeringsplan's case page was 1.4 to 1.9 MB)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from services import timeline_page
from services.documents import dossier
from tests.e2e.test_api_paging import _lines
from tests.integration.document_helpers import pdf


def _upload(b: Any, ref: str, title: str) -> None:
    data = {
        "bestand": (io.BytesIO(pdf(title)), f"{title}.pdf"),
        "informatieobjecttype": "bijlage",
        "titel": title,
    }
    assert b.post(f"/zaken/{ref}/documenten", data, content_type="multipart/form-data").status_code == 303


def test_the_case_page_pages_its_timeline_and_documents(
    browser_for: Any, start_case: Any, faces_platform: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    for i in range(3):
        _upload(anna, ref, f"Bijlage {i}")
    texts = _lines(faces_platform, ref, 6, public=False)
    monkeypatch.setattr(timeline_page, "PER_PAGE", 4)
    monkeypatch.setattr(dossier, "PER_PAGE", 2)
    page = anna.get(f"/zaken/{ref}").text
    assert texts[-1] in page and texts[-4] in page and texts[-5] not in page
    assert f"/zaken/{ref}?tijdlijn=2#kop-tijdlijn" in page and "Oudere regels tonen" in page
    assert ">Bijlage 2</a>" in page and ">Bijlage 1</a>" in page and ">Bijlage 0</a>" not in page
    assert "Oudere documenten tonen (1 eerder document)" in page
    older = anna.get(f"/zaken/{ref}?tijdlijn=2&documenten=2").text
    assert texts[-5] in older and texts[-1] not in older and "Nieuwere regels tonen" in older
    assert (
        ">Bijlage 0</a>" in older and ">Bijlage 1</a>" not in older and "Nieuwere documenten tonen" in older
    )
