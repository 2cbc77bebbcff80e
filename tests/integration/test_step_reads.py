"""Service tasks read through ports on the step's own session: one connection per step, and the
one-plan-per-wijk rule holds when two steps race it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select

from services import cases
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.models import Case
from tests.integration.children import race
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    energie_platform,
    geen_lagen,
    geen_locatiecheck_conflicten,
)
from tests.integration.threads import one_waits_for_a_lock

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WIJK = "POLYGON ((190000 445000, 191000 445000, 191000 446000, 190000 446000, 190000 445000))"


def _start_plan(platform: Platform, code: str) -> dict[str, Any]:
    data = {"wijk_code": code, "wijk_naam": "Centrum", "transitievisie_alternatief": "warmtenet"}
    return cases.start_case(platform, "wijkuitvoeringsplan", data, user="pim", geometry_wkt=WIJK)


def test_a_step_holds_one_pool_connection_while_its_services_read(platform: Platform) -> None:
    energie_platform(platform, WIJK_MODEL)
    _start_plan(platform, "WK0100")
    held: list[int] = []

    def on_checkout(*_: Any) -> None:
        held.append(platform.engine.pool.checkedout())  # type: ignore[attr-defined]

    event.listen(platform.engine, "checkout", on_checkout)
    try:
        _start_plan(platform, "WK0200")  # wup_start reads the other plans and the case summary
    finally:
        event.remove(platform.engine, "checkout", on_checkout)
    assert held and max(held) == 1


def _race(url: str, barrier: Any, results: Any) -> None:  # runs in a child process
    platform = Platform.create(Settings(database_url=url), FixedClock(START), migrate=False)
    platform.runtime.environment.services["locatiecheck"] = geen_locatiecheck_conflicten
    platform.layer_source = geen_lagen
    barrier.wait()
    try:
        _start_plan(platform, "WK0101")
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - report the error type to the parent
        results.put(f"{type(exc).__name__}:{getattr(exc, 'code', '')}")
    finally:
        platform.close()


def _two_at_once(url: str) -> list[str]:
    return sorted(race(_race, [(url,), (url,)], timeout=120))


def _plans_for(platform: Platform, code: str) -> list[str]:
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(Case.reference, Case.summary).where(Case.process_id == "wijkuitvoeringsplan")
        ).all()
    return [ref for ref, summary in rows if (summary or {}).get("wijk_code") == code]


@pytest.mark.postgres
def test_two_steps_race_the_one_plan_per_wijk_rule_on_postgres_and_one_wins(pg_platform: Platform) -> None:
    energie_platform(pg_platform, WIJK_MODEL)
    _start_plan(pg_platform, "WK0999")  # another wijk: the year's reference counter exists
    outcomes = _two_at_once(pg_platform.settings.resolved_database_url)
    assert outcomes == ["Conflict:wijkplan-bestaat", "ok"]
    assert len(_plans_for(pg_platform, "WK0101")) == 1


def test_two_steps_race_the_one_plan_per_wijk_rule_on_sqlite_and_one_wins(platform: Platform) -> None:
    energie_platform(platform, WIJK_MODEL)
    _start_plan(platform, "WK0999")
    outcomes = _two_at_once(platform.settings.resolved_database_url)
    assert outcomes == ["Conflict:wijkplan-bestaat", "ok"]
    assert len(_plans_for(platform, "WK0101")) == 1


@pytest.mark.postgres
def test_a_rule_lock_holds_a_second_step_until_the_first_ends(pg_platform: Platform) -> None:
    """The port's lock is what makes the wijk rule safe on its own (not the reference counter)."""
    import threading

    from services.step_reads import SessionReads

    order: list[str] = []
    with pg_platform.uow() as first:
        SessionReads(first.session).serialize("wijkplan:WK0101")

        def second() -> None:
            with pg_platform.uow() as other:
                SessionReads(other.session).serialize("wijkplan:WK0101")
                order.append("tweede")

        thread = threading.Thread(target=second)
        thread.start()
        assert one_waits_for_a_lock(pg_platform)  # the second step waits for the rule lock
        order.append("eerste klaar")
        first.commit()
    thread.join(timeout=10)
    assert order == ["eerste klaar", "tweede"]
    with pg_platform.uow() as a, pg_platform.uow() as b:  # another key does not wait
        SessionReads(a.session).serialize("wijkplan:WK0101")
        SessionReads(b.session).serialize("wijkplan:WK0202")


def test_a_service_reads_a_task_form_of_the_cases_own_model_version(platform: Platform) -> None:
    from services.step_reads import SessionReads

    energie_platform(platform, WIJK_MODEL)
    case_id = _start_plan(platform, "WK0109")["id"]
    with platform.uow(write=False) as uow:
        reads = SessionReads(uow.session)
        form = reads.task_form(case_id, "fase_afronden")
        assert form is not None and "plan beëindigen" in form["properties"]["naar_fase"]["enum"]
        assert reads.task_form(case_id, "fase_overgang") is None  # a service task: no form
        assert reads.task_form(case_id, "bestaat_niet") is None
