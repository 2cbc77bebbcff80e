"""The task page's "Meer: n eerdere berichten" stays on the task page (smalls4, 2): it led to the case page,
which a reader who reaches the case only through a task (an outside party's advice task) may not open.
Now the case file's message pages link to the page the reader is on: the task page reads the page of the
messages asked for (``?berichten=``) as the case page does, and the case page's links are as before."""

from __future__ import annotations

from typing import Any

import pytest

from services import berichten, cases, timeline_page, users
from tests.e2e.harness import logged_in, page_text
from tests.integration.test_berichten_gegevens import NAAM, _received, net
from web import create_app

__all__ = ["net"]  # the fixture: a windpark the netbeheerder (nina) put on its waiting list, twice


def _task_page(p: Any, ref: str) -> tuple[dict[str, Any], Any, Any]:
    """The case's open task (the participatieregister's, Energie en Klimaat's), a logged-in client of a
    projectleider of that team, and the task page as it first opens."""
    [task] = _received(p, ref)["open_taken"]
    users.add_user(p, "pl", groups=["Energie en Klimaat"], role="projectleider", password="demo")
    client = logged_in(create_app(p.settings, platform=p), "pl")
    first = client.get(f"/taken/{task['id']}")
    assert first.status_code == 200, first.text[:300]
    return task, client, first


def test_the_task_pages_meer_link_leads_to_the_earlier_messages_on_the_task_page(
    net: tuple[Any, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p, ref = net
    cases.send_message(p, ref, NAAM, {"uitkomst": "wachtlijst", "positie": 4}, actor="nina")
    monkeypatch.setattr(berichten, "PER_PAGE", 2)
    task, client, first = _task_page(p, ref)
    assert f'href="/taken/{task["id"]}?berichten=2#kop-berichten">Meer: 1 eerder bericht' in first.text
    assert f"/zaken/{ref}?berichten" not in first.text
    second = client.get(f"/taken/{task['id']}?berichten=2")
    shown = page_text(second.text).split("Ontvangen berichten", 1)[1].split("Tijdlijn", 1)[0]
    assert "Positie op de wachtlijst 14" in shown and "Positie op de wachtlijst 9" not in shown, shown
    assert f'href="/taken/{task["id"]}?berichten=1#kop-berichten">Nieuwere berichten' in second.text
    case_page = client.get(f"/zaken/{ref}").text  # the case page links to its own pages, as before
    assert f'href="/zaken/{ref}?berichten=2#kop-berichten">Meer: 1 eerder bericht' in case_page


def test_the_task_pages_timeline_pages_stay_on_the_task_page(
    net: tuple[Any, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline's "Oudere regels tonen" on the task page leads to the task page's next page of lines,
    not to the case page (the merge of paging and smalls4: the timeline's and the documents' links went to
    the case page)."""
    p, ref = net
    monkeypatch.setattr(timeline_page, "PER_PAGE", 3)
    task, client, first = _task_page(p, ref)
    assert f'href="/taken/{task["id"]}?tijdlijn=2#kop-tijdlijn">Oudere regels tonen' in first.text
    assert f"/zaken/{ref}?tijdlijn" not in first.text
    newest = page_text(first.text).split("Tijdlijn", 1)[1]
    second = client.get(f"/taken/{task['id']}?tijdlijn=2")
    older = page_text(second.text).split("Tijdlijn", 1)[1]
    assert older != newest
    assert f'href="/taken/{task["id"]}?tijdlijn=1#kop-tijdlijn">Nieuwere regels tonen' in second.text
