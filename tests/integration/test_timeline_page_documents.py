"""The timeline's page and its count (``tijdlijn_eerder``) hold no line about a document its reader may
not read: such a line is left out in the read itself (services.timeline_page), so a page of an adviser
who may not open anna's geheim note is full of lines it reads and its count tells nothing of the note.
On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from services import case_queries, timeline_page
from tests.integration.document_helpers import pdf, upload
from tests.integration.test_documents import platform, zaak  # noqa: F401 (fixtures: both databases)
from tests.integration.test_documents_timeline import hidden_note


def _all_lines(p: Any, ref: str, who: str) -> tuple[list[dict[str, Any]], list[int]]:
    """Every line ``who`` reads, page after page (newest page first), and each page's length."""
    pages = [case_queries.read_case(p, ref, who)]
    while pages[-1]["tijdlijn_eerder"]:
        pages.append(case_queries.read_case(p, ref, who, lines_page=len(pages) + 1))
    return [e for page in reversed(pages) for e in page["tijdlijn"]], [len(p["tijdlijn"]) for p in pages]


def test_the_page_and_its_count_leave_out_the_lines_of_a_hidden_document(
    platform: Any,  # noqa: F811
    zaak: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = hidden_note(platform, zaak)
    for i in range(3):
        upload(platform, zaak, "anna", pdf(f"bijlage {i}"), titel=f"Bijlage {i}")
    monkeypatch.setattr(timeline_page, "PER_PAGE", 2)
    anna, anna_pages = _all_lines(platform, zaak["zaak"], "anna")
    ria, ria_pages = _all_lines(platform, zaak["zaak"], "ria")
    hidden = [e for e in anna if (e["gegevens"] or {}).get("document") == secret["id"]]
    assert len(hidden) == 2  # its upload and its deletion
    assert [e["tekst"] for e in ria] == [e["tekst"] for e in anna if e not in hidden]
    assert all(n == 2 for n in ria_pages[:-1]) and all(n == 2 for n in anna_pages[:-1])
    first = case_queries.read_case(platform, zaak["zaak"], "ria")
    assert first["tijdlijn_eerder"] == len(ria) - 2
