"""Firing the timers of due cases: the scheduler's and the CLI's use case (split off services/cases.py,
which re-exports ``fire_due_timers``). Each case's timers fire in one transaction of their own, as every
step does (services.cases); a case whose timer step fails unexpectedly does not keep the others waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from processes.errors import RuimteflowError
from services import incidents, logs, policy, projections, step_effects
from services.clock import FixedClock
from services.platform import Platform
from services.step_reads import step_context
from services.workflow_store import load_workflow, save_workflow

log = logging.getLogger("ruimteflow.cases")


def fire_due_timers(
    platform: Platform, now: datetime | None = None, *, limit: int = 100, stop: Callable[[], bool] = bool
) -> list[dict[str, Any]]:
    """Fire the timers of every due case. Safe with several workers (SKIP LOCKED on PostgreSQL). Returns
    one line per case that moved, or that failed unexpectedly (``fout``; tried again on the next call).
    ``stop`` (a stopping worker; by default ``bool()``, never) ends it after the case in flight.

    Fair turns: a call takes each case at most once (at most ``limit`` cases), oldest due first: the cases
    due when it starts, then, when the clock moved meanwhile (its steps took time), those that came due
    since. A timer loop whose steps take longer than its timer (outside tester contract7, 2) is due again
    by then, but has had its turn: the case whose timer passed while the others' steps ran fires in this
    call, not after the next one begins, where the loop's new timer came before it."""
    moment = now or platform.clock.now()
    if now is not None:  # act as if it is `now`, also inside the engine
        platform = replace(platform, clock=FixedClock(now))
    fired: list[dict[str, Any]] = []
    taken: set[int] = set()
    while due := _not_taken(platform, moment, limit, taken):
        for case_id in due:
            if stop():
                return fired
            taken.add(case_id)
            _fire_and_report(platform, case_id, moment, fired)
        moment, before = platform.clock.now(), moment
        if moment <= before:  # the clock stood still: nothing else came due
            break
    return fired


def _not_taken(platform: Platform, moment: datetime, limit: int, taken: set[int]) -> list[int]:
    """The cases due at ``moment`` (earliest first) that this call has not taken, up to ``limit`` in all."""
    if len(taken) >= limit:
        return []
    with platform.uow(write=False) as uow:
        due = uow.cases.due_ids(moment, limit + len(taken))
    return [case_id for case_id in due if case_id not in taken][: limit - len(taken)]


def _fire_and_report(platform: Platform, case_id: int, moment: datetime, fired: list[dict[str, Any]]) -> None:
    """Fire one case's timers; its line (a move, or an unexpected failure) added to ``fired``."""
    try:
        outcome = _fire_one(platform, case_id, moment)
    except Exception as exc:  # noqa: BLE001 - one case's unexpected failure (a bug, a lost connection)
        # is logged, reported and retried on the next pass; it never keeps the other cases waiting
        logs.failure(log, logging.ERROR, "timer of case %s failed", case_id, exc=exc)  # no row values
        fired.append({"zaak_id": case_id, "fout": logs.error_text(exc)})
        return
    if outcome is not None:
        fired.append(outcome)


def _fire_one(platform: Platform, case_id: int, moment: datetime) -> dict[str, Any] | None:
    now = platform.clock.now()
    with platform.uow() as uow, policy.rules_per_step():
        s = uow.session
        case = uow.cases.lock_due(case_id, moment, skip_locked=platform.is_postgres)
        if case is None:
            return None  # another worker took it, or it is no longer due
        reference = case.reference
        ctx = step_context(platform, case, s)
        before = step_effects.before_step(s, case)
        try:
            with uow.savepoint():
                wf = load_workflow(platform, s, case)
                result = platform.runtime.fire_timers(wf, ctx)
                save_workflow(platform, s, case, wf)
        except RuimteflowError as exc:  # a model error (or a service's refusal) in a timer step: an incident
            incidents.commit_begun(uow, platform.settings, case_id, exc.detail, now, incidents.failed_at(exc))
            return {"zaak": reference, "incident": exc.detail}
        rows = projections.apply(s, case, result, ctx, actor="systeem", now=now)
        step_effects.flag_stuck(uow.cases, case, result, now)
        step_effects.after_step(step_effects.StepFacts(s, case, result, ctx, "systeem", now, *before, rows))
        uow.commit()
        if not result.completed:
            return None  # nothing was due for the engine after all
        return {"zaak": case.reference, "status": case.status, "fase": case.phase}
