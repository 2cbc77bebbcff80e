"""Case use cases: start, complete a task, deliver a message, fire timers.

Each is one transaction: lock the case row, load the workflow, act, run engine steps, write the
workflow and every projection, commit. A concurrent change loses with a clear conflict error.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from processes.errors import Conflict, NotFound, RuimteflowError, ValidationError
from services import policy, projections, step_effects
from services.clock import today
from services.deployments import latest_definition, specs_for
from services.engine.context import StepContext
from services.engine.runtime import ScriptLimitError, StepResult
from services.platform import Platform
from services.store.models import Case, CaseEvent, Counter, HumanTask
from services.waits import store as waits_store
from services.workflow_store import load_workflow, save_workflow


class ConcurrentChange(Conflict):
    code = "gelijktijdige-wijziging"
    title = "Gelijktijdige wijziging"


def _next_reference(session: Session, year: int) -> str:
    name = f"zaak-{year}"
    row = session.scalars(select(Counter).where(Counter.name == name).with_for_update()).first()
    if row is None:
        row = Counter(name=name, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return f"Z-{year}-{row.value:06d}"


def _ctx(platform: Platform, case: Case, session: Session) -> StepContext:
    return StepContext(
        clock=platform.clock,
        case_id=case.id,
        case_reference=case.reference,
        geometry_wkt=case.geometry_wkt,
        settings=platform.settings,
        extras={
            "procedure": case.procedure,
            "platform": platform,
            "session": session,
        },
    )


def start_case(
    platform: Platform,
    process_id: str,
    data: dict[str, Any] | None = None,
    *,
    user: str | None = None,
    geometry_wkt: str | None = None,
    title: str | None = None,
    initiator: str | None = None,
    initiator_type: str | None = None,
    location_name: str | None = None,
) -> dict[str, Any]:
    data = dict(data or {})
    if not isinstance(data, dict):
        raise ValidationError("Startgegevens moeten een JSON-object zijn.", code="data-geen-object")
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        pd = latest_definition(s, process_id)
        spec, subs = specs_for(platform, s, pd)
        reference = _next_reference(s, now.year)
        case = Case(
            reference=reference,
            process_id=process_id,
            definition_id=pd.id,
            procedure=str(data.get("procedure_naam") or pd.name),
            title=title or pd.name,
            status="lopend",
            initiator=initiator,
            initiator_type=initiator_type,
            started_by=user,
            location_name=location_name,
            tracking_code=secrets.token_urlsafe(24),
            created_at=now,
            updated_at=now,
            received_on=now.date(),
        )
        projections.set_geometry(case, geometry_wkt)
        s.add(case)
        s.flush()
        data.setdefault("zaak", reference)
        data.setdefault("ontvangen", now.date().isoformat())
        ctx = _ctx(platform, case, s)
        watermark = step_effects.event_watermark(s, None)
        wf, result = platform.runtime.start(spec, subs, data, ctx)
        save_workflow(platform, s, case, wf)
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor=user,
                kind="zaak-gestart",
                message=f"Zaak {reference} gestart ({pd.name})",
                public=True,
                data={},
            )
        )
        projections.apply(s, case, result, ctx, actor=user, now=now)
        _flag_stuck(s, case, result, now)
        step_effects.after_step(
            step_effects.StepFacts(s, case, result, ctx, user, now, None, None, watermark)
        )
        uow.commit()
        return projections.case_dict(s, case, today=today(platform.clock))


def case_by_key(s: Session, case_key: int | str, *, lock: bool = False, with_workflow: bool = False) -> Case:
    """A case by database id or reference (Z-2026-000123); NotFound otherwise. ``lock`` takes the row lock."""
    key = str(case_key)
    q = (
        select(Case).where(Case.id == int(key))
        if key.isdigit()
        else select(Case).where(Case.reference == key)
    )
    if with_workflow:
        q = q.options(joinedload(Case.workflow))  # the workflow document in the same round trip
    if lock:
        # lock the case row only (PostgreSQL refuses FOR UPDATE on the nullable side of an outer join)
        q = q.with_for_update(of=Case)
    case = s.scalars(q).first()
    if case is None:
        raise NotFound(f"Zaak '{case_key}' bestaat niet.", code="zaak-onbekend")
    return case


def run_step(
    platform: Platform,
    case_key: int | str | Callable[[Session], int],
    act: Callable[[Any, StepContext, Session, Case], StepResult],
    *,
    actor: str | None,
    before_commit: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """Lock, load, act, project, commit. The building block of every state change of a case.

    A script that runs past its limits rolls the step back and leaves an incident on a running case.
    """
    now = platform.clock.now()
    loaded: dict[str, Any] = {}
    try:
        with platform.uow() as uow:
            s = uow.session
            case = case_by_key(
                s, case_key(s) if callable(case_key) else case_key, lock=True, with_workflow=True
            )
            if case.status == "gepauzeerd":
                raise Conflict(f"Zaak {case.reference} is gepauzeerd door beheer.", code="zaak-gepauzeerd")
            loaded.update(id=case.id, status=case.status)
            before = (case.phase, case.status, step_effects.event_watermark(s, case.id))
            wf = load_workflow(platform, s, case)
            ctx = _ctx(platform, case, s)
            result = act(wf, ctx, s, case)
            save_workflow(platform, s, case, wf)
            open_rows = projections.apply(s, case, result, ctx, actor=actor, now=now)
            if before_commit is not None:
                before_commit(s, case)
            _flag_stuck(s, case, result, now)
            step_effects.after_step(step_effects.StepFacts(s, case, result, ctx, actor, now, *before))
            uow.commit()
            return projections.case_dict(s, case, today=today(platform.clock), open_rows=open_rows)
    except StaleDataError as exc:
        raise ConcurrentChange(
            "De zaak is tegelijk door iemand anders gewijzigd; er is niets opgeslagen. Probeer het opnieuw."
        ) from exc
    except ScriptLimitError as exc:
        if loaded.get("status") == "lopend":  # rolled back above; beheer's retry records its own
            _record_incident(platform, loaded["id"], exc.detail)
        raise


def complete_task(
    platform: Platform, task_id: int, user: str, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    from services import forms, inbox

    data = dict(data or {})

    def locate(s: Session) -> int:
        task = s.get(HumanTask, task_id)
        if task is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        return task.case_id

    def act(wf: Any, ctx: StepContext, s: Session, case: Case) -> StepResult:
        row = s.get(HumanTask, task_id)
        assert row is not None
        if row.state != "open":
            raise Conflict(
                f"Taak '{row.name}' is al {'voltooid' if row.state == 'voltooid' else 'vervallen'}"
                f"{' door ' + row.completed_by if row.completed_by else ''}.",
                code="taak-niet-open",
            )
        inbox.check_may_complete(s, row, user)
        clean = forms.validate(row.form_schema, data)
        result = platform.runtime.complete(wf, row.spiff_task_id, clean, ctx)
        row.state = "voltooid"
        row.completed_at = platform.clock.now()
        row.completed_by = user
        row.data = clean
        for c in row.candidates:
            c.open = False
        return result

    return run_step(platform, locate, act, actor=user)


def send_message(
    platform: Platform,
    case_key: int | str,
    name: str,
    payload: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
    via_code: bool = False,
) -> dict[str, Any]:
    """Deliver message ``name`` to the case. The policy decides who may send it: the account
    ``actor``, or (``via_code``) the holder of the case's volgcode on the public status page.
    Without either it is a trusted internal call (scheduler, demo seed, the CLI without --user)."""
    if not name or not isinstance(name, str):
        raise ValidationError("Berichtnaam ontbreekt.", code="bericht-naam")
    payload = dict(payload or {})

    def act(wf: Any, ctx: StepContext, s: Session, case: Case) -> StepResult:
        if via_code or actor is not None:
            sender = policy.Actor.code_holder() if via_code else policy.actor_for(s, str(actor))
            policy.check_may_send(s, sender, case, name, policy.rules(platform.settings))
        result = platform.runtime.send_message(wf, name, payload, ctx)
        s.add(
            CaseEvent(
                case_id=case.id,
                at=platform.clock.now(),
                actor="initiatiefnemer" if via_code else actor,
                kind="bericht",
                message=f"Bericht '{name}' ontvangen",
                public=False,
                data={"bericht": name},
            )
        )
        return result

    return run_step(platform, case_key, act, actor="initiatiefnemer" if via_code else actor)


def fire_due_timers(
    platform: Platform, now: datetime | None = None, *, limit: int = 100
) -> list[dict[str, Any]]:
    """Fire the timers of every due case. Safe with several workers (SKIP LOCKED on PostgreSQL)."""
    moment = now or platform.clock.now()
    if now is not None:  # act as if it is `now`, also inside the engine
        from dataclasses import replace

        from services.clock import FixedClock

        platform = replace(platform, clock=FixedClock(now))
    fired: list[dict[str, Any]] = []
    with platform.uow(write=False) as uow:
        due = uow.session.scalars(
            select(Case.id)
            .where(Case.next_timer_at <= moment, Case.status == "lopend")
            .order_by(Case.next_timer_at)
            .limit(limit)
        ).all()
    for case_id in due:
        outcome = _fire_one(platform, case_id, moment)
        if outcome is not None:
            fired.append(outcome)
    return fired


def _fire_one(platform: Platform, case_id: int, moment: datetime) -> dict[str, Any] | None:
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        q = select(Case).where(Case.id == case_id, Case.next_timer_at <= moment, Case.status == "lopend")
        q = q.with_for_update(skip_locked=True) if platform.is_postgres else q
        case = s.scalars(q).first()
        if case is None:
            return None  # another worker took it, or it is no longer due
        ctx = _ctx(platform, case, s)
        before = (case.phase, case.status, step_effects.event_watermark(s, case.id))
        try:
            wf = load_workflow(platform, s, case)
            result = platform.runtime.fire_timers(wf, ctx)
            save_workflow(platform, s, case, wf)
        except RuimteflowError as exc:  # a model error (or a service's refusal) in a timer step: an incident
            reference = case.reference
            s.rollback()
            _record_incident(platform, case_id, exc.detail)
            return {"zaak": reference, "incident": exc.detail}
        projections.apply(s, case, result, ctx, actor="systeem", now=now)
        _flag_stuck(s, case, result, now)
        step_effects.after_step(step_effects.StepFacts(s, case, result, ctx, "systeem", now, *before))
        uow.commit()
        if not result.completed:
            return None  # nothing was due for the engine after all
        return {"zaak": case.reference, "status": case.status, "fase": case.phase}


def _flag_stuck(s: Session, case: Case, result: StepResult, now: datetime) -> None:
    """A running case the engine left with nothing to wait for becomes an incident beheer sees: no
    ready task, no armed timer and no awaited message (a waiting call shows through its inner wait).
    What remains (a signal nothing can throw any more) names where it stands still."""
    if case.status != "lopend" or result.finished:
        return
    if result.open_tasks or result.next_timer_at is not None or result.expected_messages:
        return
    where = ", ".join(f"'{e}'" for e in result.waiting_elements) or "onbekend"
    detail = (
        "De zaak is niet afgerond maar wacht nergens op (geen open taak, timer, verwacht bericht "
        f"of lopende aanroep); het proces staat stil bij {where}. Pas het model aan en migreer de zaak."
    )
    case.status, case.incident, case.next_timer_at = "incident", detail, None
    s.add(_incident_event(case.id, detail, now, {"elementen": result.waiting_elements}))


def _record_incident(platform: Platform, case_id: int, detail: str) -> None:
    with platform.uow() as uow:
        uow.session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(status="incident", incident=detail, next_timer_at=None, version=Case.version + 1)
        )
        uow.session.add(_incident_event(case_id, detail, platform.clock.now(), {}))
        waits_store.refresh_case(uow.session, case_id, platform.settings)  # held by the system from now
        uow.commit()


def _incident_event(case_id: int, detail: str, at: datetime, data: dict[str, Any]) -> CaseEvent:
    """The audit line of an incident (beheer's list reads the case row; this keeps the history)."""
    return CaseEvent(
        case_id=case_id,
        at=at,
        actor="systeem",
        kind="incident",
        message=f"Incident: {detail}",
        public=False,
        data=data,
    )


def get_case(platform: Platform, case_key: int | str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        return projections.case_dict(uow.session, case, full=True, today=today(platform.clock))
