"""A migration that moves an open task to another team changes the case's holder at the moment of
migrating: the holder intervals, the case's ``houder``, the case list and the holder timeline follow, and
the time before the migration stays the old team's (also after ``wachten herbouw``).

Outside tester's finding (SQLite and PostgreSQL): a new version routed "Invoer" to Juridisch and the
migration moved the only open task there, yet ``houder`` and the case list still said Vergunningen and
the timeline's "nu" said Vergunningen since before the migration; on PostgreSQL a Juridisch interval
was made, back-dated to the task's creation, rewriting who held the case before the migration.
"""

from __future__ import annotations

from sqlalchemy import select

from services import beheer, case_queries, cases, deployments
from services.clock import FixedClock, iso_utc
from services.platform import Platform
from services.store.models import CaseEvent, HolderInterval
from services.waits import store, timeline
from tests.integration.inbox_case import model, open_task_row, start_case


def _intervals(platform: Platform, ref: str) -> list[tuple[str, str | None, str | None]]:
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case_id).order_by(HolderInterval.seq)
        )
        return [
            (
                r.holder,
                iso_utc(store.utc(r.started_at)),
                iso_utc(store.utc(r.ended_at)) if r.ended_at else None,
            )
            for r in rows
        ]


def _migrated_an_hour_later(platform: Platform, clock: FixedClock) -> tuple[str, str, str]:
    """A case whose task Vergunningen held an hour, then a migration moved it to Juridisch: its reference,
    the moment it started and the moment of the migration."""
    ref = start_case(platform)
    started = iso_utc(clock.now())
    clock.advance(hours=1)
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]
    return ref, started, iso_utc(clock.now())


def test_a_task_moved_by_a_migration_changes_the_holder_at_the_moment_of_migrating(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, started, migrated = _migrated_an_hour_later(any_platform, clock)
    expected = [("Vergunningen", started, migrated), ("Juridisch", migrated, None)]
    assert _intervals(any_platform, ref) == expected  # was [("Vergunningen", started, None)]
    clock.advance(hours=1)
    assert cases.get_case(any_platform, ref)["houder"] == "Juridisch"  # was Vergunningen
    [row] = case_queries.search_cases(any_platform, "bea")["zaken"]
    assert (row["houder"], row["houder_sinds"]) == ("Juridisch", migrated)
    with any_platform.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, ref)
        now = timeline.timeline(uow.session, case, clock.now(), public=False)["nu"]
        moved = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "taak-verplaatst")
        ).one()
    assert (now["houder"], now["sinds"]) == ("Juridisch", migrated)
    assert moved.public is False and "van Vergunningen naar Juridisch" in moved.message
    store.rebuild(any_platform)  # the whole history gives the same rows
    assert _intervals(any_platform, ref) == expected


def test_the_new_team_completes_the_task_and_the_intervals_stay_as_migrated(
    platform: Platform, clock: FixedClock
) -> None:
    ref, started, migrated = _migrated_an_hour_later(platform, clock)
    clock.advance(hours=2)
    cases.complete_task(platform, open_task_row(platform, ref).id, "jan", {})
    done = iso_utc(clock.now())
    expected = [("Vergunningen", started, migrated), ("Juridisch", migrated, done)]
    assert _intervals(platform, ref) == expected
    store.rebuild(platform)
    assert _intervals(platform, ref) == expected


def test_a_completion_at_the_moment_of_the_migration_keeps_the_time_before_it_the_old_teams(
    platform: Platform, clock: FixedClock
) -> None:
    """A step at the migration's own moment (a fixed clock) derives the last window again, from before the
    migration: it reads the move with the case's events, and does not give the hour before it to Juridisch."""
    ref, started, migrated = _migrated_an_hour_later(platform, clock)
    cases.complete_task(platform, open_task_row(platform, ref).id, "jan", {})
    expected = [("Vergunningen", started, migrated)]  # Juridisch held it for no time
    assert _intervals(platform, ref) == expected
    store.rebuild(platform)
    assert _intervals(platform, ref) == expected
