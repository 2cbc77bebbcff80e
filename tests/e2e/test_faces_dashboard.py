"""Capacity dashboard for team leads: figures from the projections, as tables and SVG charts."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from services import dashboard
from services.store.models import HumanTask


def _open_task_id(platform, ref: str) -> int:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask.id).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).one()


def test_capacity_figures(faces_platform, faces_clock, start_case, enrich_case, browser_for):
    late, soon, later = (start_case(t)["zaak"] for t in ("Te laat", "Bijna", "Ruim"))
    enrich_case(late, deadline=date(2026, 2, 27))
    enrich_case(soon, deadline=date(2026, 3, 10))
    enrich_case(later, deadline=date(2026, 6, 1))
    done = start_case("Wordt besloten")["zaak"]
    enrich_case(done, deadline=date(2026, 4, 27))
    anna, jet = browser_for("anna"), browser_for("jet")
    faces_clock.advance(days=2)
    anna.post(f"/taken/{_open_task_id(faces_platform, done)}", {"compleet": "true"})
    faces_clock.advance(days=3)
    jet.post(f"/taken/{_open_task_id(faces_platform, done)}", {"besluit": "verlenen"})
    anna.post(f"/taken/{_open_task_id(faces_platform, later)}/oppakken")

    figures = dashboard.capacity(faces_platform, ["Vergunningen", "Juridisch"])
    teams = {t["team"]: t for t in figures["teams"]}
    assert teams["Vergunningen"] == {
        "team": "Vergunningen",
        "open": 3,
        "niet_toegewezen": 2,
        "te_laat": 1,
        "binnen_2_weken": 1,
    }
    assert teams["Juridisch"]["open"] == 0
    assert figures["totaal"]["open"] == 3
    proc = figures["procedures"][0]
    assert proc["procedure"] == "Kleine vergunning" and proc["afgerond"] == 1 and proc["lopend"] == 3
    assert proc["mediaan_doorlooptijd_dagen"] == 5.0
    assert proc["aandeel_binnen_termijn"] == 1.0
    steps = {s["stap"]: s for s in figures["stappen"]}
    assert steps["Aanvraag beoordelen"]["mediaan_doorlooptijd_dagen"] == 2.0
    assert steps["Besluit nemen"]["mediaan_doorlooptijd_dagen"] == 3.0

    html = browser_for("tom").get("/dashboard").text
    assert "<h1>Capaciteitsdashboard</h1>" in html
    assert re.search(r'<svg class="grafiek"[^>]*role="img"', html)
    assert '<th scope="row">Vergunningen</th><td class="getal">3</td>' in html
    assert "100% (1 van 1)" in html and "5,0 dagen" in html


def test_team_lead_sees_own_teams_and_can_pick_one(browser_for):
    tom = browser_for("tom")
    html = tom.get("/dashboard").text
    assert '<option value="Vergunningen">' in html and '<option value="Juridisch">' not in html
    assert tom.get("/dashboard?team=Vergunningen&periode=90").status_code == 200
    other = tom.get("/dashboard?team=Juridisch").text  # not his team: falls back to his own teams
    assert "Al mijn teams" in other and '<th scope="row">Juridisch</th>' not in other
    bea = browser_for("bea").get("/dashboard").text
    assert '<option value="Juridisch">' in bea  # beheerder: every team


def test_dashboard_is_for_team_leads_only(browser_for):
    assert browser_for("anna").get("/dashboard").status_code == 403
    assert browser_for("jet").get("/dashboard").status_code == 403
    assert 'href="/dashboard"' not in browser_for("anna").get("/inbox").text
    assert 'href="/dashboard"' in browser_for("tom").get("/inbox").text


def test_a_case_is_handled_on_its_besluit_day_not_at_the_end_of_the_bezwaar_term(
    faces_platform, faces_clock, start_case, enrich_case, browser_for
):
    """Tester finding: the dashboard measured lead time and 'binnen termijn' at the case's closing, which
    for a permit lies six weeks of bezwaartermijn after the besluit; a besluit taken in time counted as
    late, and every lead time held those six weeks."""
    import dataclasses
    from datetime import UTC, datetime

    from services.store.models import Case

    ref = start_case("Besloten, daarna bezwaartermijn")["zaak"]
    enrich_case(ref, deadline=date(2026, 4, 27))
    faces_clock.advance(days=2)
    browser_for("anna").post(f"/taken/{_open_task_id(faces_platform, ref)}", {"compleet": "true"})
    faces_clock.advance(days=3)
    browser_for("jet").post(f"/taken/{_open_task_id(faces_platform, ref)}", {"besluit": "verlenen"})
    with faces_platform.uow() as uow:  # the besluit of 20 March; the case closes after the bezwaartermijn
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        besluit = {"besluit": "verlenen", "datum": "2026-03-20"}
        case.summary = dataclasses.replace(case.typed_summary, besluit=besluit).to_json()
        case.decided_on = case.typed_summary.besluit_op()  # beside the summary, as the projection stores it
        case.closed_at = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
        received = case.received_on
        uow.commit()
    [proc] = dashboard.capacity(faces_platform, ["Vergunningen"])["procedures"]
    assert (proc["afgerond"], proc["binnen_termijn"], proc["aandeel_binnen_termijn"]) == (1, 1, 1.0)
    assert proc["mediaan_doorlooptijd_dagen"] == float((date(2026, 3, 20) - received).days)


def test_a_besluit_taken_in_time_but_made_known_after_the_term_counts_as_late(
    faces_platform, faces_clock, start_case, enrich_case, browser_for
):
    """Reviewer question, settled by Awb 4:13 with 3:40: a besluit is given when it is made known, so one
    taken on the last day and sent after it was not given within the term."""
    import dataclasses
    from datetime import UTC, datetime

    from services.store.models import Case

    ref = start_case("Op tijd genomen, te laat verzonden")["zaak"]
    enrich_case(ref, deadline=date(2026, 4, 27))
    faces_clock.advance(days=2)
    browser_for("anna").post(f"/taken/{_open_task_id(faces_platform, ref)}", {"compleet": "true"})
    browser_for("jet").post(f"/taken/{_open_task_id(faces_platform, ref)}", {"besluit": "verlenen"})
    with faces_platform.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        case.summary = dataclasses.replace(
            case.typed_summary,
            besluit={"besluit": "verlenen", "datum": "2026-04-27"},
            rechtsmiddel={"soort": "bezwaar", "van": "2026-04-29", "tot": "2026-06-10", "tot_tekst": ""},
        ).to_json()
        case.decided_on = case.typed_summary.besluit_op()  # beside the summary, as the projection stores it
        case.closed_at = datetime(2026, 6, 11, 9, 0, tzinfo=UTC)
        uow.commit()
    [proc] = dashboard.capacity(faces_platform, ["Vergunningen"])["procedures"]
    assert (proc["afgerond"], proc["binnen_termijn"]) == (1, 0)


def test_the_dashboard_says_which_cases_its_lead_times_cover(browser_for):
    """Reviewer finding (kaart 6): the procedure and holder figures ignored the team filter; they are now
    of the chosen teams' cases, and the page says so (the beheerder without a team: every case)."""
    tom = browser_for("tom")
    assert "Over zaken waarin een van uw teams een taak had of heeft." in tom.get("/dashboard").text
    one = tom.get("/dashboard?team=Vergunningen").text
    assert "Per procedure: zaken waarin Vergunningen een taak had of heeft" in one
    assert "Over alle zaken van de gemeente." in browser_for("bea").get("/dashboard").text


# -- a team the viewer may not choose is refused by name (review api17, 1) ----------------------------------
@pytest.mark.parametrize(("user", "team"), [("tom", "Vergunningenn"), ("tom", "Juridisch"), ("bea", "Typo")])
def test_the_api_refuses_a_team_that_is_not_one_of_the_viewers(faces_app, user, team):
    """Reviewer finding (api17, 1): an unknown team (a typo) or another's team was dropped without a
    word: 200 with the figures of all the viewer's teams (the beheerder's: every case)."""
    resp = faces_app.test_client().get(
        f"/api/v1/dashboard?team={team}", headers={"Authorization": f"Bearer demo-{user}"}
    )
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.text[:300]
    problem = json.loads(resp.text)
    assert problem["code"] == "parameter-ongeldig" and problem["veld"] == "team", problem
    assert f"'{team}'" in problem["detail"], problem
    if user == "tom":
        assert "Teamleider, Vergunningen" in problem["detail"], problem


def test_the_api_takes_ones_own_team_or_none(faces_app):
    client = faces_app.test_client()
    tom = {"Authorization": "Bearer demo-tom"}
    assert (
        json.loads(client.get("/api/v1/dashboard?team=Vergunningen", headers=tom).text)["team"]
        == "Vergunningen"
    )
    assert json.loads(client.get("/api/v1/dashboard?team=", headers=tom).text)["team"] is None


def test_the_face_says_in_dutch_that_a_team_is_not_one_of_the_viewers(browser_for):
    resp = browser_for("tom").get("/dashboard?team=Juridisch")
    assert resp.status_code == 400
    html = resp.text
    assert "Team &#39;Juridisch&#39; is geen van uw teams" in html, html[:3000]
    assert "Teamleider, Vergunningen" in html
    assert "Al mijn teams" in html and '<th scope="row">Juridisch</th>' not in html
    assert "<title>Fout: Capaciteitsdashboard" in html
