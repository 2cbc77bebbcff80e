"""The inbox face: tabs and counts, filters, claim, unclaim, assign, and who sees which task."""

from __future__ import annotations

import re
import sys
from datetime import date

from sqlalchemy import select

from services.store.models import CaseEvent, HumanTask


def _task_id(platform, ref: str) -> int:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask.id).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).one()


def _assignee(platform, task_id: int) -> str | None:
    with platform.uow(write=False) as uow:
        return uow.session.get(HumanTask, task_id).assignee


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r"<tr.*?</tr>", body, re.S)


def test_tabs_show_counts_and_land_on_the_team_when_nothing_is_claimed(browser_for, start_case):
    start_case("Dakkapel Dorpsstraat 1")
    start_case("Uitbouw Kerkweg 12", location="Kerkweg 12")
    page = browser_for("anna").get("/inbox")
    assert page.status_code == 200
    assert re.search(r"Mijn taken <span class=\"aantal\"[^>]*>0</span>", page.text)
    assert re.search(r"Taken van mijn team <span class=\"aantal\"[^>]*>2</span>", page.text)
    assert 'aria-current="page">Taken van mijn team' in page.text
    rows = _rows(page.text)
    assert len(rows) == 2
    assert (
        "Aanvraag beoordelen" in rows[0]
        and "Kleine vergunning" in rows[0]
        and "Dorpsstraat 1, Ruimtedal" in rows[0]
    )
    assert "Niemand" in rows[0] and "Oppakken" in rows[0]


def test_claim_unclaim_and_assign_are_audited(browser_for, start_case, faces_platform):
    case = start_case()
    task_id = _task_id(faces_platform, case["zaak"])
    anna = browser_for("anna")
    resp = anna.post(f"/taken/{task_id}/oppakken", {"terug": "/inbox?tab=team"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox?tab=team"
    assert _assignee(faces_platform, task_id) == "anna"
    mine = anna.get("/inbox?tab=mijn")
    assert "U hebt taak &#39;Aanvraag beoordelen&#39;" in mine.text
    assert len(_rows(mine.text)) == 1 and "Teruggeven" in mine.text

    anna.post(f"/taken/{task_id}/teruggeven")
    assert _assignee(faces_platform, task_id) is None

    team = anna.get("/inbox?tab=team").text
    assert f'id="toewijzen-{task_id}"' in team
    assert '<option value="tom">Tom Bakker</option>' in team  # a colleague in Vergunningen
    anna.post(f"/taken/{task_id}/toewijzen", {"gebruiker": "tom"})
    assert _assignee(faces_platform, task_id) == "tom"
    assert "toegewezen aan Tom Bakker." in anna.get("/inbox?tab=team").text  # his name, not the login

    with faces_platform.uow(write=False) as uow:
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "taak-toewijzing").order_by(CaseEvent.id)
        ).all()
        assert [e.actor for e in events] == ["anna", "anna", "anna"]


def test_claiming_a_task_someone_else_holds_is_explained(browser_for, start_case, faces_platform):
    task_id = _task_id(faces_platform, start_case()["zaak"])
    browser_for("tom").post(f"/taken/{task_id}/oppakken")
    anna = browser_for("anna")
    anna.post(f"/taken/{task_id}/oppakken")
    assert "al opgepakt door Tom Bakker" in anna.get("/inbox").text  # his name, not the login (vvl16, F5)
    assert _assignee(faces_platform, task_id) == "tom"


def test_assigning_a_task_a_colleague_claimed_meanwhile_says_who_has_it(
    browser_for, start_case, faces_platform
):
    """Before: a 403 error page saying only group members may assign, to a group member."""
    task_id = _task_id(faces_platform, start_case()["zaak"])
    anna = browser_for("anna")
    assert f'id="toewijzen-{task_id}"' in anna.get("/inbox?tab=team").text  # her page offers it
    browser_for("tom").post(f"/taken/{task_id}/oppakken")
    resp = anna.post(f"/taken/{task_id}/toewijzen", {"gebruiker": "anna", "terug": "/inbox?tab=team"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox?tab=team"
    inbox = anna.get("/inbox?tab=team").text
    assert "Taak &#39;Aanvraag beoordelen&#39; is intussen opgepakt door Tom Bakker" in inbox
    assert _assignee(faces_platform, task_id) == "tom"


def test_handing_back_a_task_the_teamleider_took_over_is_said_on_the_inbox(
    browser_for, start_case, faces_platform
):
    """Review vvl16, F5: anna held the task, the teamleider gave it to himself, and her "Teruggeven" in
    the inbox she still had open ended on a 403 error page "Alleen tom of een teamleider kan deze taak
    teruggeven."."""
    task_id = _task_id(faces_platform, start_case()["zaak"])
    anna = browser_for("anna")
    anna.post(f"/taken/{task_id}/oppakken")
    browser_for("tom").post(f"/taken/{task_id}/toewijzen", {"gebruiker": "tom"})
    resp = anna.post(f"/taken/{task_id}/teruggeven", {"terug": "/inbox?tab=mijn"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox?tab=mijn"
    assert (
        "Taak &#39;Aanvraag beoordelen&#39; is opgepakt door Tom Bakker; alleen die persoon of een "
        "teamleider kan haar teruggeven." in anna.get("/inbox?tab=mijn").text
    )
    assert _assignee(faces_platform, task_id) == "tom"


def test_claiming_a_task_one_already_holds_writes_no_second_history_line(
    browser_for, start_case, faces_platform
):
    """Review vvl16, F5: a second "Oppakken" of a task she already held (a double click) wrote a second
    line "Taak ... opgepakt door ..." in the case's history."""
    task_id = _task_id(faces_platform, start_case()["zaak"])
    anna = browser_for("anna")
    for _ in range(2):
        assert anna.post(f"/taken/{task_id}/oppakken", {"terug": "/inbox"}).status_code == 302
    assert _assignee(faces_platform, task_id) == "anna"
    with faces_platform.uow(write=False) as uow:
        lines = uow.session.scalars(
            select(CaseEvent.message).where(CaseEvent.kind == "taak-toewijzing").order_by(CaseEvent.id)
        ).all()
    assert lines == ["Taak 'Aanvraag beoordelen' opgepakt door Anna de Vries"]


def test_another_teams_task_is_refused_by_url_and_by_action(browser_for, start_case, faces_platform):
    task_id = _task_id(faces_platform, start_case()["zaak"])
    jet = browser_for("jet")  # Juridisch, not Vergunningen
    assert _rows(jet.get("/inbox?tab=team").text) == []
    page = jet.get(f"/taken/{task_id}")
    assert page.status_code == 403
    assert "Geen toegang" in page.text and "hoort niet bij uw teams" in page.text
    assert jet.post(f"/taken/{task_id}/oppakken").status_code == 403
    assert jet.post(f"/taken/{task_id}", {"compleet": "true"}).status_code == 403
    assert _assignee(faces_platform, task_id) is None


def test_deadline_column_uses_text_as_well_as_colour(browser_for, start_case, enrich_case, faces_platform):
    late = start_case("Te laat")["zaak"]
    soon = start_case("Bijna")["zaak"]
    later = start_case("Ruim")["zaak"]
    enrich_case(late, deadline=date(2026, 2, 27))  # the fixed clock says 2 March 2026
    enrich_case(soon, deadline=date(2026, 3, 9))
    enrich_case(later, deadline=date(2026, 5, 1))
    rows = _rows(browser_for("anna").get("/inbox?tab=team").text)
    assert [re.search(r"Z-\d{4}-\d{6}", r).group(0) for r in rows] == [
        late,
        soon,
        later,
    ]  # sorted by deadline
    assert "termijn-te-laat" in rows[0] and "3 dagen te laat" in rows[0] and "27 februari 2026" in rows[0]
    assert "termijn-binnenkort" in rows[1] and "nog 7 dagen" in rows[1]
    assert "termijn-ruim" in rows[2] and "nog 60 dagen" in rows[2]


def test_filters_by_deadline_window_severity_and_procedure(browser_for, start_case, enrich_case):
    late = start_case("Te laat")["zaak"]
    conflict = start_case("Met conflict")["zaak"]
    start_case("Gewoon")
    enrich_case(late, deadline=date(2026, 2, 27))
    enrich_case(conflict, deadline=date(2026, 6, 1), conflicts=[{"ernst": "waarschuwing"}])
    anna = browser_for("anna")
    overdue = _rows(anna.get("/inbox?tab=team&termijn=te-laat").text)
    assert len(overdue) == 1 and late in overdue[0]
    warned = _rows(anna.get("/inbox?tab=team&ernst=waarschuwing").text)
    assert len(warned) == 1 and conflict in warned[0] and "Waarschuwing" in warned[0]
    assert len(_rows(anna.get("/inbox?tab=team&procedure=Kleine+vergunning").text)) == 3
    assert len(_rows(anna.get("/inbox?tab=team&procedure=Windpark").text)) == 0
    page = anna.get("/inbox?tab=team&termijn=onzin&ernst=<x>").text  # unknown values are ignored
    assert len(_rows(page)) == 3 and "<x>" not in page


def test_script_in_a_case_title_is_escaped_everywhere(browser_for, start_case, faces_platform):
    evil = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    case = start_case(evil, location=evil, initiator=evil)
    task_id = _task_id(faces_platform, case["zaak"])
    anna = browser_for("anna")
    for url in (
        "/inbox?tab=team",
        f"/taken/{task_id}",
        f"/zaken/{case['zaak']}",
        "/zaken",
        "/zaken?q=script",
    ):
        html = anna.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html, url


def test_one_inbox_page_reads_in_one_unit_of_work(browser_for, start_case, faces_platform, monkeypatch):
    """The tab counts, the page of tasks, who may do what with each, the colleagues and the filter choices
    come from one read (services.inbox_page), not seven that each saw another moment. The login session's
    own read (services.sessions) comes before the page and is counted apart."""
    start_case("Dakkapel Dorpsstraat 1")
    anna = browser_for("anna")
    real = type(faces_platform).uow
    opened: list[tuple[str, bool]] = []

    def counting(self, *, write=True):
        opened.append((sys._getframe(1).f_globals["__name__"], write))
        return real(self, write=write)

    monkeypatch.setattr(type(faces_platform), "uow", counting)
    for url in ("/inbox", "/inbox?tab=team"):
        opened.clear()
        page = anna.get(url)
        assert page.status_code == 200 and len(_rows(page.text)) == 1
        page_reads = [o for o in opened if o[0] != "services.sessions"]
        assert page_reads == [("services.inbox_page", False)], (url, opened)


def test_only_the_beheerder_has_every_open_task(browser_for, start_case):
    start_case("Dakkapel Dorpsstraat 1")
    for who, has in (("bea", True), ("anna", False)):
        page = browser_for(who).get("/inbox?tab=alle")
        assert page.status_code == 200
        assert ("Alle open taken</a>" in page.text) is has, who
        assert ('aria-current="page">Alle open taken' in page.text) is has, who
