"""A wait for an outside organisation beside the municipality's work is counted (windpark review finding 6).

The netbeheerder answers a windpark's transportverzoek six weeks late (term 16 March, reminder,
escalation) while the team prepares the permit route. The one-holder intervals give those weeks to the
team, as before; the heatmap's outside column, the organisations' answer times and the holder timeline
(an extra row) now show the netbeheerder's wait as well, and `ruimteflow wachten herbouw` derives it
again for the cases that were there before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case, HolderInterval, OutsideWait
from services.waits import figures, heatmap, timeline
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
)

DAYS = 42


def late_answer(platform: Platform, clock: FixedClock) -> tuple[Platform, str]:
    """A windpark whose netbeheerder answers 'wachtlijst' after 42 days, the permit work open meanwhile."""
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = windpark.start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    windpark.participatie(wp, ref)
    for _ in range(DAYS):  # six weeks pass day by day; the timers fire when due
        clock.advance(days=1)
        cases.fire_due_timers(wp)
        if any(t["element"] == "escaleren" for t in cases.get_case(wp, ref)["open_taken"]):
            doe(wp, ref, "escaleren", {"contact": "Gebeld met netbeheerder, antwoord volgt."})
    assert [t["element"] for t in cases.get_case(wp, ref)["open_taken"]] == ["vergunning_voorbereiden"]
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 7})
    return wp, ref


def _timeline(platform: Platform, ref: str) -> dict[str, Any]:
    return timeline.for_case_file(platform, ref, "pim")


def _held(platform: Platform, ref: str) -> list[tuple[str, str]]:
    with platform.uow(write=False) as uow:
        case_id = cases.case_by_key(uow.session, ref).id
        rows = uow.session.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case_id).order_by(HolderInterval.seq)
        )
        return [(r.holder, r.kind) for r in rows]


def _outside(platform: Platform) -> list[tuple[Any, ...]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutsideWait).order_by(OutsideWait.case_id, OutsideWait.started_at))
        return [(r.case_id, r.holder, r.element_id, r.started_at, r.ended_at, r.working_days) for r in rows]


def test_the_netbeheerders_late_answer_beside_the_permit_work_is_counted(
    any_platform: Platform, clock: FixedClock
) -> None:
    start = clock.now()
    wp, ref = late_answer(any_platform, clock)
    # one holder at a time, as before: the team preparing the permit held the case all along
    assert ("Netbeheerder", "extern") not in _held(wp, ref)
    rows = _timeline(wp, ref)["rijen"]
    assert [(r["houder"], r["dagen"]) for r in rows if not r["tegelijk"]] == [("Vergunningen", 42.0)]
    # ... and the netbeheerder's wait beside it, in a row of its own: the 42 days until its answer
    [beside] = [r for r in rows if r["tegelijk"]]
    assert (beside["houder"], beside["soort"], beside["dagen"]) == ("Netbeheerder", "extern", 42.0)
    assert [s["van"][:10] for s in beside["segmenten"]] == ["2026-03-02", "2026-03-17", "2026-03-25"]
    assert "uiterlijk 16 maart 2026" in beside["segmenten"][0]["reden"]

    # the heatmap's outside column: the term, the wait after the reminder, the wait after the escalation
    view = heatmap.heatmap(wp, "windpark", groep="Netbeheerder", van="2026-03-01", tot="2026-04-30")
    outside = {r["element"]: (r["buiten"]["aantal"], r["buiten"]["mediaan"]) for r in view["elementen"]}
    assert outside == {
        "wacht_antwoord": (1, 15 * 24.0),
        "wacht_na_herinnering": (1, 8 * 24.0),
        "antwoord_na_escalatie": (1, 19 * 24.0),
    }
    assert "Netbeheerder" in view["groepen"]
    everyone = heatmap.heatmap(wp, "windpark", van="2026-03-01", tot="2026-04-30")
    assert sum(r["buiten"]["aantal"] for r in everyone["elementen"]) == 3

    # the organisations' figures: asked once, answered after 28 working days, not within its 10 (review
    # sessie9b 1: counted per element, one late answer was three questions, one of them "on time")
    with wp.uow(write=False) as uow:
        [net] = figures.organisations(uow.session, start - timedelta(days=1))
        own = figures.own_answers(uow.session, start - timedelta(days=1), ["Netbeheerder"])
    assert (net["organisatie"], net["gevraagd"], net["termijn_werkdagen"]) == ("Netbeheerder", 1, 10)
    assert (net["mediaan_werkdagen"], net["binnen_termijn"], net["aandeel_binnen_termijn"]) == (28.0, 0, 0.0)
    assert own["organisaties"] == [net] and own["modellen"] == ["windpark"]
    with wp.uow(write=False) as uow:
        days = uow.session.scalars(select(OutsideWait.working_days).where(OutsideWait.ended_at.is_not(None)))
        assert sorted(days) == [6, 11, 11]  # 2-17 March, 17-25 March, 25 March - 13 April (Easter)


def test_the_rebuild_derives_the_outside_waits_of_existing_cases(
    platform: Platform, clock: FixedClock
) -> None:
    from web.cli import main

    wp, ref = late_answer(platform, clock)
    before = _outside(wp)
    assert len(before) == 4 and before[-1][2] == "wachtlijst" and before[-1][4] is None  # still on the list
    with wp.uow() as uow:  # a database from before the outside waits: the table is empty
        uow.session.execute(delete(OutsideWait))
        uow.commit()
    assert _timeline(wp, ref)["rijen"][-1]["tegelijk"] is False
    assert main(["wachten", "herbouw", "--json", "--database", wp.settings.resolved_database_url]) == 0
    assert _outside(wp) == before
    assert any(r["tegelijk"] for r in _timeline(wp, ref)["rijen"])


def test_a_closed_case_ends_its_outside_waits(platform: Platform, clock: FixedClock) -> None:
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = windpark.start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    windpark.participatie(wp, ref)
    clock.advance(days=3)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    doe(wp, ref, "beoordelen", {"besluit": "verlenen"})
    clock.advance(days=2)
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert zaak["status"] == "afgerond"
    with wp.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        closed = case.closed_at
    [(_, holder, element, began, ended, days)] = _outside(wp)
    assert (holder, element, ended, days) == ("Netbeheerder", "wacht_antwoord", closed, 4)
    assert isinstance(began, datetime) and ended is not None


def test_an_answer_ends_the_question_even_when_the_next_wait_follows_at_once(
    platform: Platform, clock: FixedClock
) -> None:
    """Review sessie9c 1: the netbeheerder answers "wachtlijst" within its term; the waiting-list wait
    begins the moment the answer ends the first one, and was chained into the same question, so the
    on-time answer counted as one late question of 60 working days. An answer received ends a
    question; a reminder or an escalation (a timer) does not."""
    start = clock.now()
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = windpark.start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    windpark.participatie(wp, ref)
    clock.advance(days=3)  # answered within its 10 working days: on the waiting list
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 7})
    for _ in range(90):  # three months on the waiting list
        clock.advance(days=1)
        cases.fire_due_timers(wp)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    with wp.uow(write=False) as uow:
        [net] = figures.organisations(uow.session, start - timedelta(days=1))
        days = sorted(
            uow.session.scalars(select(OutsideWait.working_days).where(OutsideWait.ended_at.is_not(None)))
        )
    assert (net["gevraagd"], net["binnen_termijn"]) == (2, 1)  # the answer, and the waiting list
    assert days[0] <= 10 and net["mediaan_werkdagen"] == sum(days) / 2
