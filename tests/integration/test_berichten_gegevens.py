"""Every message a case receives is kept whole, and the case file reads them a page at a time.

The netbeheerder's answer (``netbeheerder_antwoord``: uitkomst, positie, alternatief, congestiegebied) kept
only a text, sender and day in its history line; its fields lived in the process variable ``netbericht``,
last one only. A second answer replaced the first: the first capacity or queue answer was gone from the case
file and the inzage export. Now each line keeps the message's other fields (services.berichten,
``gegevens``), shown under "Ontvangen berichten" with their Dutch labels, to whom may read its texts.

And the case file read every message line of a case whole, however many (an applicant's are capped per day,
not in total; an organisation's not at all): now it reads ``berichten.PER_PAGE`` of them, the newest, and
counts the rest (``berichten_eerder``, "Meer" on the page). On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services import berichten, case_queries, cases, users
from services.platform import Platform
from services.store.models import CaseEvent
from tests.e2e.harness import logged_in, page_text
from tests.integration.test_berichten_bewaard import _export
from tests.integration.test_berichten_variabele import NETBERICHT, _hiding, wp
from web import create_app

__all__ = ["wp"]  # the fixture: a windpark whose transportverzoek nina answered (capaciteit)

NAAM = "netbeheerder_antwoord"
EERSTE = {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": "Betuwe-Oost"}
TWEEDE = {"uitkomst": "wachtlijst", "positie": 9}


@pytest.fixture
def net(any_platform: Platform) -> tuple[Platform, str]:
    """A windpark the netbeheerder (nina) put on its waiting list, at 14, then moved up to 9."""
    from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform
    from tests.integration.test_windpark import start

    energie_platform(any_platform, WIND_MODELLEN)
    users.add_user(any_platform, "nina", groups=["Netbeheerder"], role="adviseur")
    ref = str(start(any_platform, 3.0)["zaak"])
    cases.send_message(any_platform, ref, NAAM, EERSTE, actor="nina")
    cases.send_message(any_platform, ref, NAAM, TWEEDE, actor="nina")
    return any_platform, ref


def _received(p: Platform, ref: str, user: str = "pim", **page: Any) -> dict[str, Any]:
    return case_queries.case_file(p, ref, user, **page)


def _page(p: Platform, ref: str, query: str = "") -> str:
    users.add_user(p, "pl", groups=["Energie en Klimaat"], role="projectleider", password="demo")
    client = logged_in(create_app(p.settings, platform=p), "pl")
    resp = client.get(f"/zaken/{ref}{query}")
    assert resp.status_code == 200, resp.text[:300]
    return page_text(resp.text)


def test_the_first_answers_fields_stay_in_the_case_file_after_a_second(net: tuple[Platform, str]) -> None:
    p, ref = net
    seen = _received(p, ref)["berichten"]
    assert [(b["bericht"], b["gegevens"]) for b in seen] == [(NAAM, EERSTE), (NAAM, TWEEDE)]
    assert _received(p, ref)["samenvatting"]["gegevens"]["netbericht"] == TWEEDE  # the model: the last only
    shown = _page(p, ref).split("Ontvangen berichten", 1)[1].split("Tijdlijn", 1)[0]
    assert "Positie op de wachtlijst 14" in shown and "Congestiegebied Betuwe-Oost" in shown, shown
    assert shown.index("Positie op de wachtlijst 14") < shown.index("Positie op de wachtlijst 9")
    assert "Uitkomst wachtlijst" in shown


def test_the_fields_follow_the_texts_visibility(wp: tuple[Platform, str], tmp_path: Path) -> None:
    """An adviser whose list hides ``netbericht`` reads neither the answer's text nor its fields; the
    projectleider both. The timeline's line names the message only, as before."""
    p, ref = wp
    [line] = _received(p, ref, "mo")["berichten"]  # shipped: advisers read netbericht
    assert line["gegevens"] == {"uitkomst": "capaciteit"}
    p.settings = p.settings.with_(bpmn_dir=_hiding(tmp_path, NETBERICHT))
    seen = _received(p, ref, "mo")
    assert seen["berichten"] == [] and "capaciteit" not in json.dumps(seen["berichten"])
    assert [b["gegevens"] for b in _received(p, ref)["berichten"]] == [{"uitkomst": "capaciteit"}]
    lines = [e["gegevens"] for e in seen["tijdlijn"] if e["soort"] == berichten.EVENT_KIND]
    assert lines == [{"bericht": NAAM}]


def test_a_line_kept_before_its_fields_reads_with_none(net: tuple[Platform, str]) -> None:
    p, ref = net
    with p.uow() as uow:
        first = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == berichten.EVENT_KIND).order_by(CaseEvent.id)
        ).first()
        assert first is not None
        first.data = {"bericht": NAAM, "tekst": "", "variabelen": ["netbericht"]}  # as written before
        uow.commit()
    assert [b["gegevens"] for b in _received(p, ref)["berichten"]] == [{}, TWEEDE]
    shown = _page(p, ref).split("Ontvangen berichten", 1)[1].split("Tijdlijn", 1)[0]
    assert "Positie op de wachtlijst 9" in shown and "Positie op de wachtlijst 14" not in shown


def test_the_case_file_reads_a_page_of_the_messages_and_counts_the_rest(
    net: tuple[Platform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three answers, two a page: the case file reads two lines whole (``received`` twice), says one came
    before, and its next page holds that one; the timeline names all three without reading them."""
    p, ref = net
    cases.send_message(p, ref, NAAM, {"uitkomst": "wachtlijst", "positie": 4}, actor="nina")
    monkeypatch.setattr(berichten, "PER_PAGE", 2)
    read: list[Any] = []
    whole = berichten.received
    monkeypatch.setattr(berichten, "received", lambda *a: read.append(a) or whole(*a))
    first = _received(p, ref)
    assert len(read) == 2
    assert [b["gegevens"].get("positie") for b in first["berichten"]] == [9, 4]
    assert first["berichten_eerder"] == 1
    assert [e["gegevens"] for e in first["tijdlijn"] if e["soort"] == "bericht"] == [{"bericht": NAAM}] * 3
    second = _received(p, ref, messages_page=2)
    assert [b["gegevens"] for b in second["berichten"]] == [EERSTE] and second["berichten_eerder"] == 0
    assert _received(p, ref, messages_page=3)["berichten"] == []
    shown = _page(p, ref)
    assert "Meer: 1 eerder bericht" in shown and "Nieuwere berichten" not in shown
    later = _page(p, ref, "?berichten=2")
    assert "Positie op de wachtlijst 14" in later and "Nieuwere berichten" in later and "Meer:" not in later


def test_the_export_of_the_person_who_sent_an_answer_holds_its_fields(
    net: tuple[Platform, str], tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer registered by post from a named person at the netbeheerder: her inzage export has its
    fields, as the case file does."""
    p, ref = net
    brief = {"uitkomst": "capaciteit", "indiener": "Jet Stroom (Liander)", "kenmerk": "TV-2026-118"}
    cases.send_message(p, ref, NAAM, brief)  # registered by the CLI without --user
    z = type("Z", (), {"p": p})()
    [case] = json.loads(_export(z, "jet stroom", tmp_path / "uit", capsys, monkeypatch))["ingediend"]
    [item] = [i for i in case["items"] if i["soort"] == "bericht ontvangen"]
    assert item["gegevens"] == {"uitkomst": "capaciteit", "kenmerk": "TV-2026-118"}
