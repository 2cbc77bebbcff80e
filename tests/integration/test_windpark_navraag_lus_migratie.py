"""Running windpark cases of the version whose inquiry about the provincie's or Rijk's besluit was a cycle
timer on the wait (it added a 'navragen' task every term, also beside an open one) move onto the inquiry
loop, or are refused with a Dutch reason while an inquiry is open; nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from services import beheer, cases, deployments, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.energie_fixtures import ROOT, doe, elementen
from tests.integration.test_windpark_intrekking import MODELLEN  # noqa: F401 (fixture)
from tests.integration.test_windpark_intrekking_migratie import met_oud_windpark
from tests.integration.windpark_steps import wachtend_bij

#: windpark.bpmn as shipped with the cycle timer (git show 3107411:bpmn/windpark.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "windpark_navraag_cyclus.bpmn"
NAVRAAG = {"navraag": "Gebeld met de provincie."}


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    wp = met_oud_windpark(platform, monkeypatch, OUD)
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    yield wp


def _open(wp: Platform, ref: str) -> int:
    return elementen(cases.get_case(wp, ref)).count("besluit_navragen")


def _nieuw(wp: Platform) -> None:
    deployments.deploy(wp, deployments.read_files([ROOT / "bpmn" / "windpark.bpmn"]), user="bea")


def test_cases_waiting_for_the_besluit_move_onto_the_inquiry_loop(oud: Platform, clock: FixedClock) -> None:
    gedaan = wachtend_bij(oud, "besluit_extern")  # its first inquiry done, none open
    open_ = wachtend_bij(oud, "besluit_extern")  # two inquiries open: the tester's finding
    clock.set(clock.now() + timedelta(weeks=8, days=3))
    cases.fire_due_timers(oud)
    doe(oud, gedaan, "besluit_navragen", NAVRAAG, user="pim")
    clock.set(clock.now() + timedelta(weeks=8))
    cases.fire_due_timers(oud)
    assert (_open(oud, gedaan), _open(oud, open_)) == (1, 2)
    doe(oud, gedaan, "besluit_navragen", NAVRAAG, user="pim")
    start = clock.now()
    voor_termijn = wachtend_bij(oud, "besluit_extern")  # no inquiry yet
    _nieuw(oud)

    result = beheer.migrate(oud, "windpark", "bea")
    assert sorted(result["gemigreerd"]) == sorted([voor_termijn, gedaan])
    [geweigerd] = result["geweigerd"]
    assert geweigerd["zaak"] == open_
    assert "navragen' een randgebeurtenis gekregen" in geweigerd["reden"], geweigerd["reden"]
    assert "{" not in geweigerd["reden"] and "bijvoorbeeld" not in geweigerd["reden"], geweigerd["reden"]
    assert "Rond die stap eerst af" in geweigerd["reden"]
    # the case before its first term keeps that term; the one past it is asked about at once
    assert [t["zaak"] for t in result["verschoven_termijnen"]] == [gedaan]
    cases.fire_due_timers(oud)
    assert (_open(oud, voor_termijn), _open(oud, gedaan)) == (0, 1)
    for weken in (8, 16, 24):  # the terms pass; one inquiry each, never a second beside it
        clock.set(start + timedelta(weeks=weken, days=3))
        cases.fire_due_timers(oud)
        assert (_open(oud, voor_termijn), _open(oud, gedaan)) == (1, 1)

    # the refused case migrates once its open inquiries are done (the old version added one every term)
    while _open(oud, open_):
        doe(oud, open_, "besluit_navragen", NAVRAAG, user="pim")
    assert beheer.migrate(oud, "windpark", "bea")["gemigreerd"] == [open_]
    cases.fire_due_timers(oud)
    assert _open(oud, open_) == 1  # its first term is long past: one inquiry now, and only one
    clock.set(clock.now() + timedelta(weeks=8, days=3))
    cases.fire_due_timers(oud)
    assert [_open(oud, ref) for ref in (voor_termijn, gedaan, open_)] == [1, 1, 1]
    besluit = {"besluit": "verleend", "datum": clock.now().date().isoformat()}  # not before the aanvraag
    for ref in (voor_termijn, gedaan, open_):
        zaak = cases.send_message(oud, ref, "besluit_extern", besluit)
        assert "besluit_navragen" not in elementen(zaak) and zaak.get("incident") is None
    clock.set(start + timedelta(weeks=60))
    cases.fire_due_timers(oud)
    assert [_open(oud, ref) for ref in (voor_termijn, gedaan, open_)] == [0, 0, 0]
