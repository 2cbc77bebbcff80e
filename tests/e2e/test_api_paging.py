"""A long case is read a page at a time (tester finding, MEDIUM: a wijkuitvoeringsplan with 3,116 lines and
955 documents answered GET /zaken/{zaak} with 796 KB and its documents with 722 KB). GET /zaken/{zaak} gives
the newest ``timeline_page.PER_PAGE`` lines its reader may read, oldest first, with how many came before
them (``tijdlijn_eerder``; ``tijdlijn_pagina`` the others); GET /zaken/{zaak}/documenten takes ``limiet``
and ``vanaf`` as the other lists do, the newest first chosen. Each reads its page, not the history: the
timeline's read is limited and only the page's documents are read whole. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services import cases, timeline_page, users
from services.cases import case_by_key
from services.platform import Platform
from services.store.models import CaseEvent
from tests.integration.core_helpers import setup_klein
from tests.integration.document_helpers import pdf
from tests.sql_statements import statements
from web import create_app

#: the timeline's read of its lines (projection_views._EVENT_COLUMNS)
LINES_READ = "SELECT case_event.id, case_event.at, case_event.actor, case_event.kind, case_event.message"


@pytest.fixture
def app(any_platform: Platform) -> Iterator[tuple[Any, Platform, str]]:
    """The small permit, piet's case on it, anna (Vergunningen) who handles it: the client, platform and case."""
    setup_klein(any_platform)
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(any_platform, "piet", role="initiatiefnemer", token="t-piet")
    ref = str(
        cases.start_case(any_platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen")["zaak"]
    )
    yield create_app(any_platform.settings, platform=any_platform).test_client(), any_platform, ref


def _lines(p: Platform, ref: str, n: int, *, public: bool) -> list[str]:
    """``n`` notes on the case after its own lines (every other one public when ``public``): their texts."""
    texts = [f"Notitie {i}" for i in range(n)]
    with p.uow() as uow:
        case = case_by_key(uow.session, ref)
        start = datetime(2026, 3, 2, 9, tzinfo=UTC)
        for i, text in enumerate(texts):
            at, shown = start + timedelta(minutes=i), public and i % 2 == 0
            uow.session.add(
                CaseEvent(case_id=case.id, at=at, actor="anna", kind="notitie", message=text, public=shown)
            )
        uow.commit()
    return texts


def _get(client: Any, url: str, token: str = "t-anna") -> Any:
    resp = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text[:300]
    return resp.get_json()


def test_a_long_timeline_is_read_a_page_at_a_time(
    app: tuple[Any, Platform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """More lines than a page: the newest PER_PAGE, oldest first, and the count of those before them; the
    next page the rest; the read of the lines is limited to the page."""
    client, p, ref = app
    own = len(_get(client, f"/api/v1/zaken/{ref}")["tijdlijn"])
    texts = _lines(p, ref, 7, public=False)
    monkeypatch.setattr(timeline_page, "PER_PAGE", 5)
    with statements(p) as sent:
        newest = _get(client, f"/api/v1/zaken/{ref}")
    assert [e["tekst"] for e in newest["tijdlijn"]] == texts[-5:]
    assert newest["tijdlijn_eerder"] == own + 2
    reads = [sql for sql in sent if sql.startswith(LINES_READ)]
    assert len(reads) == 1 and " LIMIT " in reads[0], reads
    pages = [newest]
    while pages[-1]["tijdlijn_eerder"]:  # the next pages, each of the lines before the last one's
        pages.append(_get(client, f"/api/v1/zaken/{ref}?tijdlijn_pagina={len(pages) + 1}"))
    assert [len(page["tijdlijn"]) for page in pages] == [5, 5, own + 2 - 5]
    lines = [e["tekst"] for page in reversed(pages) for e in page["tijdlijn"]]
    assert len(lines) == own + 7 and lines[-7:] == texts
    bad = client.get(f"/api/v1/zaken/{ref}?tijdlijn_pagina=0", headers={"Authorization": "Bearer t-anna"})
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    assert bad.get_json()["veld"] == "tijdlijn_pagina"


def test_the_initiator_pages_and_counts_only_the_public_lines(
    app: tuple[Any, Platform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """piet reads the public lines only: his page holds PER_PAGE of them and his count tells of no
    internal line."""
    client, p, ref = app
    own = len(_get(client, f"/api/v1/zaken/{ref}", "t-piet")["tijdlijn"])
    texts = _lines(p, ref, 12, public=True)  # 6 of them public
    monkeypatch.setattr(timeline_page, "PER_PAGE", 4)
    seen = _get(client, f"/api/v1/zaken/{ref}", "t-piet")
    assert [e["tekst"] for e in seen["tijdlijn"]] == texts[::2][-4:]
    assert seen["tijdlijn_eerder"] == own + 2


def _upload(client: Any, ref: str, title: str) -> int:
    data = {
        "bestand": (io.BytesIO(pdf(title)), f"{title}.pdf"),
        "informatieobjecttype": "bijlage",
        "titel": title,
    }
    resp = client.post(
        f"/api/v1/zaken/{ref}/documenten",
        data=data,
        headers={"Authorization": "Bearer t-anna"},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.text[:300]
    return int(resp.get_json()["id"])


def test_the_documents_of_a_case_come_a_page_at_a_time(app: tuple[Any, Platform, str]) -> None:
    """``limiet`` the newest documents, ``vanaf`` those before them, oldest first as the whole list; the
    total and how many are older than the page; only the page's documents read whole; a bad bound 400."""
    client, p, ref = app
    ids = [_upload(client, ref, f"Bijlage {i}") for i in range(3)]
    url = f"/api/v1/zaken/{ref}/documenten"
    assert [d["id"] for d in _get(client, url)["documenten"]] == ids
    with statements(p) as sent:
        newest = _get(client, f"{url}?limiet=2")
    assert [d["id"] for d in newest["documenten"]] == ids[1:]
    assert (newest["totaal"], newest["eerder"]) == (3, 1)
    whole = [sql for sql in sent if "document.titel" in sql and "FROM document" in sql]
    assert whole and all("document.id IN" in sql for sql in whole), whole
    older = _get(client, f"{url}?limiet=2&vanaf=2")
    assert [d["id"] for d in older["documenten"]] == ids[:1] and (older["totaal"], older["eerder"]) == (3, 0)
    assert _get(client, f"{url}?vanaf=5")["documenten"] == []
    for query, veld in (("limiet=0", "limiet"), ("limiet=501", "limiet"), ("vanaf=-1", "vanaf")):
        bad = client.get(f"{url}?{query}", headers={"Authorization": "Bearer t-anna"})
        assert bad.status_code == 400 and bad.mimetype == "application/problem+json", bad.text[:300]
        assert bad.get_json()["veld"] == veld
