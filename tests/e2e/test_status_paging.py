"""The public status page and its JSON twin show a long case's public lines a page at a time (tester
finding, MEDIUM: a running wijkuitvoeringsplan's 369 public lines made /status/<code> 91-224 KB): the
newest ``PER_PAGE``, oldest first, how many came before them (``tijdlijn_eerder``), "Oudere regels tonen"
to the page before (``?tijdlijn=2``; the API's ``tijdlijn_pagina``). No internal line is shown or counted.
On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services import cases, users
from services.platform import Platform
from services.status import public_lines
from tests.e2e.test_api_paging import _lines
from tests.integration.core_helpers import setup_klein
from web import create_app


@pytest.fixture
def status(any_platform: Platform) -> Iterator[tuple[Any, Platform, str, str]]:
    """piet's small permit: the client, platform, case and its tracking code."""
    setup_klein(any_platform)
    users.add_user(any_platform, "piet", role="initiatiefnemer", token="t-piet")
    case = cases.start_case(any_platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen")
    client = create_app(any_platform.settings, platform=any_platform).test_client()
    yield client, any_platform, str(case["zaak"]), str(case["volgcode"])


def test_the_status_page_shows_the_public_lines_a_page_at_a_time(
    status: tuple[Any, Platform, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, p, ref, code = status
    own = len(client.get(f"/api/v1/status/{code}").get_json()["tijdlijn"])
    texts = _lines(p, ref, 12, public=True)  # 6 of them public
    public = texts[::2]
    monkeypatch.setattr(public_lines, "PER_PAGE", 4)
    newest = client.get(f"/api/v1/status/{code}").get_json()
    assert [e["tekst"] for e in newest["tijdlijn"]] == public[-4:]
    assert newest["tijdlijn_eerder"] == own + 2
    before = client.get(f"/api/v1/status/{code}?tijdlijn_pagina=2").get_json()
    assert [e["tekst"] for e in before["tijdlijn"]][-2:] == public[:2]
    page = client.get(f"/status/{code}").get_data(as_text=True)
    assert public[-1] in page and public[-5] not in page and texts[-1] not in page
    assert f"/status/{code}?tijdlijn=2#kop-tijdlijn" in page and "Oudere regels tonen" in page
    older = client.get(f"/status/{code}?tijdlijn=2").get_data(as_text=True)
    assert public[-5] in older and public[-1] not in older and "Nieuwere regels tonen" in older
    bad = client.get(f"/api/v1/status/{code}?tijdlijn_pagina=0")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    assert bad.get_json()["veld"] == "tijdlijn_pagina"
