"""A migration never leaves a case standing still on a timer that fell due before it, and keeps a running one.

Review sessie11d finding 1: the scheduler is often stopped during an upgrade, and the ter-inzage timer falls
due at midnight. A case whose timer was due but not yet fired when the beheerder migrated it was reported as
migrated, but never moved again: no open task, no timer, no awaited message, no incident. SpiffWorkflow's
``do_engine_steps`` refreshes the timers last; the migration step ran no other task, so that refresh found
the timer due and left its event-based gateway READY without running it. Nothing runs a READY gateway: the
case's next timer (``next_timer_at``) skipped it, so the scheduler never stepped the case again, and a timer
on another branch (the beslistermijn's bewakingsmoment in August) kept the stuck-case guard quiet. Now a
timer the step leaves fired counts as due at its own moment: the scheduler's next pass runs it, on the new
version, as it would have had it fired just after the migration. Also: a running duration term under an
unchanged step keeps its due moment through a migration (suspected in the review; it does).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from processes import vergunning as v
from services import beheer, cases, deployments
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import ontwerp_ter_inzage
from tests.integration.migration_steps import DUE, klein_waiting_case
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_migration_timer_term import V1
from tests.integration.test_zienswijze_postweek import MODEL_2026_12_06B, POSTWEEK_WACHT

locatie = ov.locatie

#: v2 of the small permit model changes a step the waiting case is not at: its wait is unchanged
V2 = V1.replace(
    '<bpmn:userTask id="besluiten" name="Besluit nemen">',
    '<bpmn:userTask id="besluiten" name="Besluit nemen over de aanvraag">',
)


def test_a_ter_inzage_timer_due_at_the_migration_fires_on_the_schedulers_next_pass(
    any_platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(any_platform, clock, locatie, MODEL_2026_12_06B, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(v, "met_postweek", lambda periode: dict(periode))  # laid down before the upgrade
        ontwerp_ter_inzage(oud)
    due = oud.zaak()["volgende_timer"]
    assert due == "2026-04-14T22:00:00+00:00"  # the end of 14 April
    # 15 April 10:00: the timer is due, the scheduler (stopped for the upgrade) has not fired it
    oud.clock.advance(seconds=(datetime(2026, 4, 15, 8, 0, tzinfo=UTC) - oud.clock.now()).total_seconds())
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")

    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")

    assert result["gemigreerd"] == [oud.ref] and result["geweigerd"] == []
    case = oud.zaak()
    assert (case["status"], case.get("incident"), case["volgende_timer"]) == ("lopend", None, due)
    fired = cases.fire_due_timers(oud.p)
    assert fired == [{"zaak": oud.ref, "status": "lopend", "fase": "ter inzage"}]
    case = oud.zaak()
    assert case["wacht_op"] == POSTWEEK_WACHT  # the new version's post week, as after any migration
    assert case["volgende_timer"] == "2026-04-21T22:00:00+00:00"
    case = oud.op(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and [t["naam"] for t in case["open_taken"]] == ["Besluit nemen"]


def test_a_term_due_at_the_migration_ends_the_case_as_the_scheduler_would(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = klein_waiting_case(any_platform, clock)  # waits for an aanvulling, P14D due 16 March 09:00
    clock.advance(days=5)  # 17 March: due, not fired
    deployments.deploy(any_platform, [("vergunning_klein.bpmn", V2)], user="bea")

    result = beheer.migrate(any_platform, "vergunning_klein", "bea")

    assert result["gemigreerd"] == [ref] and result["verschoven_termijnen"] == []
    case = cases.get_case(any_platform, ref)
    assert (case["status"], case.get("incident"), case["volgende_timer"]) == ("lopend", None, DUE)
    assert cases.fire_due_timers(any_platform) == [{"zaak": ref, "status": "afgerond", "fase": "beoordeling"}]
    assert cases.get_case(any_platform, ref)["samenvatting"]["resultaat"] == "buiten behandeling gesteld"


def test_a_running_term_under_an_unchanged_step_keeps_its_due_moment(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = klein_waiting_case(any_platform, clock)  # 12 March; P14D due 16 March 09:00
    deployments.deploy(any_platform, [("vergunning_klein.bpmn", V2)], user="bea")

    result = beheer.migrate(any_platform, "vergunning_klein", "bea")

    assert result["gemigreerd"] == [ref] and result["verschoven_termijnen"] == []
    assert cases.get_case(any_platform, ref)["volgende_timer"] == DUE  # not 26 March
    clock.advance(days=4, minutes=-1)
    assert cases.fire_due_timers(any_platform) == []
    clock.advance(minutes=2)  # 16 March 09:01
    assert cases.fire_due_timers(any_platform) == [{"zaak": ref, "status": "afgerond", "fase": "beoordeling"}]


def test_a_migration_that_leaves_a_branch_nothing_runs_makes_the_case_an_incident(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: were the fired gateway not scheduled (the runtime blind to its timer), the
    stuck-case guard names the branch that stands still, though a timer in August and an awaited
    ingebrekestelling on another branch keep the case as a whole waiting."""
    from services.engine import runtime

    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_06B, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(v, "met_postweek", lambda periode: dict(periode))
        ontwerp_ter_inzage(oud)
    oud.clock.advance(seconds=(datetime(2026, 4, 15, 8, 0, tzinfo=UTC) - oud.clock.now()).total_seconds())
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    monkeypatch.setattr(runtime, "timer_definitions", lambda spec: [])

    assert beheer.migrate(oud.p, "omgevingsvergunning", "bea")["gemigreerd"] == [oud.ref]

    case = oud.zaak()
    assert case["status"] == "incident" and "'ti_wacht'" in case["incident"], case.get("incident")
