"""Case use cases: start, complete a task, deliver a message, fire timers.

Each is one transaction: lock the case row, load the workflow, act, run engine steps, write the
workflow and every projection, commit. A concurrent change loses with a clear conflict error.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from processes import berichtgrenzen, tekens
from processes.constants import CaseStatus
from processes.errors import ConcurrentChange, Conflict, ValidationError
from processes.termijnen.datums import ontvangstdag
from services import berichten, incidents, policy, projections, step_effects, step_events, task_holding, users
from services.case_timers import fire_due_timers
from services.clock import in_nl, today
from services.deployments import latest_definition, specs_for
from services.engine.context import StepContext
from services.engine.runtime import NotWaiting, ProcessError, StepResult
from services.engine.types import Specs, Workflow
from services.platform import Platform
from services.step_reads import FinalLetters, step_context
from services.store.models import Case, CaseEvent, HumanTask, ProcessDefinition
from services.store.repository import CaseRepository, SqlCaseRepository
from services.store.uow import UnitOfWork
from services.workflow_store import load_workflow, save_workflow

__all__ = ["fire_due_timers"]  # the timers have a module of their own (services.case_timers)

log = logging.getLogger("ruimteflow.cases")
#: the field and label of a new case's title, initiator, initiator type and location (``tekens.check_line``)
_SHOWN_LINES = (
    ("titel", "De titel"),
    ("initiatiefnemer", "De naam van de initiatiefnemer"),
    ("soort_initiatiefnemer", "De soort initiatiefnemer"),
    ("locatie", "De locatie"),
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
    initiator_email: str | None = None,
    before_commit: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """Start a case. ``initiator_email`` (else the intake's ``email`` field) links it to the initiator.
    ``before_commit`` writes more in the same transaction (an application's bijlagen: all or nothing)."""
    data = dict(data or {})
    if not isinstance(data, dict):
        raise ValidationError("Startgegevens moeten een JSON-object zijn.", code="data-geen-object")
    berichtgrenzen.check_data(data, berichtgrenzen.STARTGEGEVENS)  # before anything is read or written
    tekens.check_data(data)
    given = zip((title, initiator, initiator_type, location_name), _SHOWN_LINES, strict=True)  # None: blank
    title, initiator, initiator_type, location_name = (tekens.check_line(t, *n) for t, n in given)
    platform.registry.check_input(process_id, data)
    intake_email = data.get("email") if isinstance(data.get("email"), str) else None
    now = platform.clock.now()
    email = policy.normal_email(initiator_email or intake_email)
    with platform.uow() as uow, policy.rules_per_step():
        s = uow.session
        # the accounts the case will belong to, held until the commit: the anonymisation of an account
        # whose last case is destroyed waits for this case, or this start for it (services.bewaren)
        users.initiator_accounts(s, user, email, lock="share")
        pd = latest_definition(s, process_id)
        spec, subs = specs_for(platform, s, pd)
        reference = uow.cases.next_reference((registered := in_nl(now).date()).year)  # the Dutch day
        case = _new_case(reference, pd, data, now, title, initiator, initiator_type, user, location_name)
        case.received_on = received = ontvangstdag(data.get("ontvangen"), registered)  # the terms' day 0
        case.initiator_email = email
        projections.set_geometry(case, geometry_wkt)
        uow.cases.add(case)
        data.setdefault("zaak", reference)
        data.setdefault("ontvangen", received.isoformat())
        _first_step(platform, uow, case, (spec, subs), data, user, now, pd.name)
        if before_commit is not None:
            before_commit(s, case)
        uow.commit()
        return projections.case_dict(s, case, today=today(platform.clock))


def _new_case(
    reference: str,
    pd: ProcessDefinition,
    data: dict[str, Any],
    now: datetime,
    title: str | None,
    initiator: str | None,
    initiator_type: str | None,
    user: str | None,
    location_name: str | None,
) -> Case:
    """The row of a new running case with the next reference and an unguessable tracking code."""
    return Case(
        reference=reference,
        process_id=pd.process_id,
        definition_id=pd.id,
        procedure=str(data.get("procedure_naam") or pd.name),
        title=title or pd.name,
        status=CaseStatus.LOPEND,
        initiator=initiator,
        initiator_type=initiator_type,
        started_by=user,
        location_name=location_name,
        tracking_code=secrets.token_urlsafe(24),
        created_at=now,
        updated_at=now,
    )


def _first_step(
    platform: Platform,
    uow: UnitOfWork,
    case: Case,
    specs: Specs,
    data: dict[str, Any],
    user: str | None,
    now: datetime,
    model_name: str,
) -> None:
    """Start the workflow of a new case and write it with its projections."""
    s = uow.session
    ctx = step_context(platform, case, s)
    watermark = step_effects.event_watermark(s, None)
    wf, result = platform.runtime.start(specs[0], specs[1], data, ctx)
    save_workflow(platform, s, case, wf)
    started = f"Zaak {case.reference} gestart ({model_name})"
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id, at=now, actor=user, kind="zaak-gestart", message=started, public=True, data={}
        )
    )
    rows = projections.apply(s, case, result, ctx, actor=user, now=now)
    step_effects.flag_stuck(uow.cases, case, result, now)
    step_effects.after_step(
        step_effects.StepFacts(s, case, result, ctx, user, now, None, None, watermark, None, None, rows)
    )


def case_by_key(s: Session, case_key: int | str, *, lock: bool = False, with_workflow: bool = False) -> Case:
    """A case by database id or reference (Z-2026-000123); NotFound otherwise. ``lock`` takes the row lock."""
    return SqlCaseRepository(s).get(case_key, lock=lock, with_workflow=with_workflow)


Act = Callable[[Workflow, StepContext, Session, Case], StepResult]


def run_step(
    platform: Platform,
    case_key: int | str | Callable[[CaseRepository], Case],
    act: Act,
    *,
    actor: str | None,
    before_commit: Callable[[Session, Case], None] | None = None,
    check: Callable[[Case], None] | None = None,
    on_failure: Callable[[Session, Case, ProcessError], None] | None = None,
    paused_ok: bool = False,
    incident_for: type[ProcessError] = ProcessError,
    task_id: int | None = None,
) -> dict[str, Any]:
    """Lock, load, act, project, commit: the building block of every state change of a case.

    ``check`` may refuse the step once the case is locked; a case paused by beheer is refused unless
    ``paused_ok`` (a message from outside, whose receipt the pause may not refuse). The step runs in a savepoint: when the
    model fails (``ProcessError``) its writes are undone and, in the same transaction, ``on_failure``
    records what beheer needs. By default a running case becomes an incident, as in a timer step: a model
    that fails in an officer's step (no gateway condition true, an unknown name) fails the same way at
    every try with the same data, until the case is migrated to a fixed version. ``incident_for`` narrows which errors do
    so (a migration or a reread, after which the case stands as it stood: only a script past its limits).
    The incident keeps what failed (its element; ``task_id``: the task row the step completes), and a later
    step that gets past it ends the incident (``incidents.end_when_passed``): a failure that depends on the
    entered data is over once the officer completes the task with other data.
    """
    now = platform.clock.now()
    try:
        with platform.uow() as uow, policy.rules_per_step():
            s = uow.session
            if callable(case_key):  # finds and locks the case itself (e.g. by one of its tasks)
                case = case_key(uow.cases)
            else:
                case = uow.cases.get(case_key, lock=True, with_workflow=True)
            if check is not None:
                check(case)
            if not paused_ok:
                check_not_paused(case)
            case_id, status = case.id, case.status
            try:
                with uow.savepoint():
                    outcome = _step(platform, uow, case, act, actor, before_commit, now, task_id)
            except ProcessError as exc:
                if on_failure is not None:
                    on_failure(s, case, exc)
                    uow.commit()
                elif isinstance(exc, incident_for) and status == CaseStatus.LOPEND:
                    failed = incidents.failed_at(exc, task_id)
                    incidents.commit_begun(uow, platform.settings, case_id, exc.detail, now, failed)
                raise
            uow.commit()
            return projections.case_dict(s, case, today=today(platform.clock), open_rows=outcome)
    except StaleDataError as exc:
        raise ConcurrentChange(
            "De zaak is tegelijk door iemand anders gewijzigd; er is niets opgeslagen. Probeer het opnieuw."
        ) from exc


def check_not_paused(case: Case) -> None:
    """A case paused by beheer takes no step, and no besluit is made final in it, until it is resumed."""
    if case.status == CaseStatus.GEPAUZEERD:
        raise Conflict(f"Zaak {case.reference} is gepauzeerd door beheer.", code="zaak-gepauzeerd")


def holds_timers(case: Case) -> bool:
    """Whether a step of an officer or a message on the case fires no due timer (``timers_held``): a case
    paused by beheer (its timers wait for the resume), or one in incident (a due timer may be what failed,
    e.g. its script in another branch: the scheduler skips the case, and the officer's work in a healthy
    branch goes on; the held timers fire once the incident ends, by beheer's retry or a step past it). The
    step's own errors are no timer's: completing the very task whose failure made the incident still ends it."""
    return case.status in (CaseStatus.GEPAUZEERD, CaseStatus.INCIDENT)


def _step(
    platform: Platform,
    uow: UnitOfWork,
    case: Case,
    act: Act,
    actor: str | None,
    before_commit: Callable[[Session, Case], None] | None,
    now: datetime,
    task_id: int | None = None,
) -> Any:
    """The body of a step (in its savepoint); returns the open task rows for the answer."""
    s = uow.session
    before = step_effects.before_step(s, case)
    wf = load_workflow(platform, s, case)
    ctx = step_context(platform, case, s)
    result = act(wf, ctx, s, case)
    save_workflow(platform, s, case, wf)
    open_rows = projections.apply(s, case, result, ctx, actor=actor, now=now)
    if before_commit is not None:
        before_commit(s, case)
    incidents.end_when_passed(s, case, result, task_id, actor, now)  # before the waits read the case
    step_effects.flag_stuck(uow.cases, case, result, now)
    step_effects.after_step(step_effects.StepFacts(s, case, result, ctx, actor, now, *before, open_rows))
    s.flush()  # a stale version fails here, inside the savepoint
    return open_rows


def complete_task(
    platform: Platform,
    task_id: int,
    user: str,
    data: dict[str, Any] | None = None,
    *,
    before_commit: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """Complete the task ``task_id`` as ``user`` with the form ``data``, in one step; ``before_commit``
    writes more in that step's transaction (the line of the worker's pass that completes a besluit task
    with its sent letter: services.given_besluiten)."""
    from services import forms, inbox
    from services.taakdocumenten import check_task_documents

    data = dict(data or {})
    berichtgrenzen.check_data(data, berichtgrenzen.TAAKGEGEVENS)  # before the case is locked and loaded
    held: list[HumanTask] = []  # the completed row stays in the session for the step's subscribers

    def locate(repo: CaseRepository) -> Case:  # the task's case, locked, in one read
        return repo.get_by_task(task_id, lock=True, with_workflow=True)

    def check(case: Case) -> None:  # the caller's rights before anything is told, even a pause
        s = object_session(case)
        # read under the case lock, with its candidate rows: one read, and one flush of all its changes
        row = step_events.read_for_completion(s, case.id, task_id) if s else None
        assert s is not None and row is not None
        held.append(row)
        inbox.check_may_complete(s, platform, row, user)  # its rights first, then its state

    def act(wf: Workflow, ctx: StepContext, s: Session, case: Case) -> StepResult:
        row = held[0]
        check_task_documents(s, platform, row, case, user)  # e.g. the advice report of an advice task
        clean = forms.validate(row.form_schema, data)
        platform.registry.check_input(case.process_id, clean)
        if row.assignee is None:
            task_holding.claim_on_complete(s, row, user, platform.clock.now())
        result = platform.runtime.complete(wf, row.spiff_task_id, clean, ctx, hold_timers=holds_timers(case))
        row.state = "voltooid"
        row.completed_at = platform.clock.now()
        row.completed_by = user
        row.data = clean
        for c in row.candidates:
            c.open = False
        step_events.closed_task(s, row)  # found open under the lock: the projections and waits know it
        return result

    return run_step(
        platform, locate, act, actor=user, check=check, before_commit=before_commit, task_id=task_id
    )


def send_message(
    platform: Platform,
    case_key: int | str,
    name: str,
    payload: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
    via_code: bool = False,
    before_commit: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """Deliver message ``name`` to the case. The policy decides who may send it: the account
    ``actor``, or (``via_code``) the holder of the case's volgcode on the public status page.
    Without either it is a trusted internal call (scheduler, demo seed, the CLI without --user)."""
    if not name or not isinstance(name, str):
        raise ValidationError("Berichtnaam ontbreekt.", code="bericht-naam")
    payload, rules = dict(payload or {}), policy.rules(platform.settings)
    berichtgrenzen.check_data(payload)  # before the case is locked and loaded: every way in
    tekens.check_data(payload)

    def act(wf: Workflow, ctx: StepContext, s: Session, case: Case) -> StepResult:
        outside = False
        if via_code or actor is not None:
            sender = policy.Actor.code_holder() if via_code else policy.actor_for(s, str(actor))
            outside = policy.check_may_send(s, sender, case, name, rules)
        platform.registry.check_input(case.process_id, payload)
        try:
            result = platform.runtime.send_message(
                wf, name, payload, ctx, merge_ok=not outside, hold_timers=holds_timers(case)
            )
        except NotWaiting as refused:  # a retry, or too late: the sender learns what the case does take
            waits = (str(m) for m in case.typed_summary.verwachte_berichten or [])
            taken = FinalLetters(s, [case], ctx.today()).still_taken(
                case.id, waits
            )  # not what the letter closed
            refused.extra["verwacht"] = sorted(taken)
            raise
        s.add(
            CaseEvent(
                case_id=case.id,
                at=platform.clock.now(),
                actor="initiatiefnemer" if via_code else actor,
                kind="bericht",
                message=f"Bericht '{name}' ontvangen",
                public=False,
                # its text kept, the last one's or not, with the variables the model stored it in
                data=berichten.event_data(name, payload, result.message_variables),
            )
        )
        return result

    # a paused case still receives what the initiator may send (its receipt day counts, Awb 4:15),
    # whoever registers it, and takes the step the message triggers, but fires no timer in it; the other
    # messages (an organisation's answer) wait for the resume
    actor_name = "initiatiefnemer" if via_code else actor
    paused_ok = policy.code_holder_may_send(name, rules)
    return run_step(
        platform, case_key, act, actor=actor_name, paused_ok=paused_ok, before_commit=before_commit
    )


def get_case(platform: Platform, case_key: int | str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        return projections.case_dict(uow.session, case, full=True, today=today(platform.clock))
