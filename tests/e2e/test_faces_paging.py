"""The case page shows a long case's timeline a page at a time, the newest first, with "Oudere regels
tonen" to the pages before them (tester finding, MEDIUM: a wijkuitvoeringsplan's case page was 1.4 to
1.9 MB)."""

from __future__ import annotations

from typing import Any

import pytest

from services import timeline_page
from tests.e2e.test_api_paging import _lines


def test_the_case_page_pages_its_timeline(
    browser_for: Any, start_case: Any, faces_platform: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    texts = _lines(faces_platform, ref, 6, public=False)
    monkeypatch.setattr(timeline_page, "PER_PAGE", 4)
    page = anna.get(f"/zaken/{ref}").text
    assert texts[-1] in page and texts[-4] in page and texts[-5] not in page
    assert f"/zaken/{ref}?tijdlijn=2#kop-tijdlijn" in page and "Oudere regels tonen" in page
    older = anna.get(f"/zaken/{ref}?tijdlijn=2").text
    assert texts[-5] in older and texts[-1] not in older and "Nieuwere regels tonen" in older
