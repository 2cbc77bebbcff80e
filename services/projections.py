"""Write the projections of a case from an engine step.

``apply`` runs named steps in a fixed order: sync the inbox rows with the ready tasks (creating any
group a task names), write the timeline events, update the case fields, replace conflicts and links,
and keep the inbox rows' copies of case fields in step. The Dutch texts come from
``services.projection_text``; the read side (dicts for faces and API) lives in
``services.projection_views`` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from processes.constants import TaskState, worst
from processes.termijnen.besluitbrief import gegeven_op
from services import projection_text as text
from services import routing, step_events, task_holding
from services.engine.context import StepContext
from services.engine.runtime import OpenTask, StepResult
from services.policy.autorisatie import listed_external
from services.projection_case import set_geometry, update_case
from services.projection_views import case_dict, conflict_dict, event_dict, task_dict
from services.store.db import insert_missing
from services.store.models import NO_GROUP, Case, CaseConflict, CaseLink, HumanTask, TaskCandidate

__all__ = [
    "apply",
    "case_dict",
    "conflict_dict",
    "event_dict",
    "max_severity",
    "set_geometry",
    "task_dict",
]


@dataclass
class _Step:
    """What one ``apply`` call works on."""

    s: Session
    case: Case
    result: StepResult
    ctx: StepContext
    actor: str | None
    now: datetime
    open_rows: dict[str, HumanTask] = field(default_factory=dict)
    new_rows: list[HumanTask] = field(default_factory=list)
    #: the step's events, written together at the end of ``apply`` (one statement)
    events: list[dict[str, Any]] = field(default_factory=list)

    def event(self, kind: str, message: str, *, actor: str | None, public: bool, **extra: Any) -> None:
        self.events.append(
            {
                "case_id": self.case.id,
                "at": self.now,
                "actor": actor,
                "kind": kind,
                "message": message,
                "public": public,
                "element_id": extra.get("element_id"),
                "data": extra.get("data") or {},
            }
        )


def apply(
    s: Session, case: Case, result: StepResult, ctx: StepContext, *, actor: str | None, now: datetime
) -> list[HumanTask]:
    """Write the projections of one step; return the case's open tasks after it."""
    case.updated_at = now
    step = _Step(s, case, result, ctx, actor, now)
    _sync_tasks(step)
    _write_step_events(step)
    _apply_phase(step)
    named = case.typed_summary.organisaties
    finished_event = update_case(s, case, result, ctx, now=now)
    if (now_named := case.typed_summary.organisaties) and now_named != named:  # the parties without a task
        routing.ensure_named(s, now_named.items(), listed_external(ctx.settings), named)
    if finished_event:
        step.event("afgerond", text.case_closed(result.end_result), actor="systeem", public=True)
    if ctx.conflicts is not None:
        _replace_conflicts(s, case, ctx.conflicts)
    for link in ctx.links:
        _link(s, case.id, link["case_id"], link["reden"])
    open_rows = _refresh_inbox_copies(step)
    closed = held_tasks(s, case.id, manual_ids(result))
    instances = task_holding.next_instances(result)
    step.events += task_holding.keep_looped(s, ctx.settings, actor, closed, step.new_rows, instances)
    step_events.insert_events(s, step.events)
    return open_rows


# -- tasks -------------------------------------------------------------------------------------


#: the case's open inbox rows with their candidate rows (built once, not per step)
_OPEN_ROWS = (
    select(HumanTask)
    .where(
        HumanTask.case_id == bindparam("case_id"),
        HumanTask.state == TaskState.OPEN,
        HumanTask.id.not_in(bindparam("closed", expanding=True)),
    )
    .options(selectinload(HumanTask.candidates))
)


def _sync_tasks(step: _Step) -> None:
    """Expire inbox rows whose task is no longer ready, keep the others' forms as their ``keuzes`` read now;
    add a row (and event) per newly ready task.

    Without an autoflush: what the step changed so far is flushed once, with these rows (issue #12).
    The open rows (the ones a completion read with its task under the case lock, ``step_events.held_open``,
    else read here) leave out the task a completion just closed (still open in the database) and are
    judged by their state in the session, and the groups of all new tasks are ensured at once (a group the
    first new task creates is not in the database yet when the second one asks)."""
    with step.s.no_autoflush:
        closed = sorted(step_events.closed_tasks(step.s))  # not flushed yet: still open in the database
        held = step_events.held_open(step.s, step.case.id)  # read with the completed task: not again
        if held is None:
            rows = step.s.scalars(_OPEN_ROWS, {"case_id": step.case.id, "closed": closed}).all()
        else:
            rows = [t for t in held if t.id not in closed]
        step.open_rows = {t.spiff_task_id: t for t in rows if t.state == TaskState.OPEN}
        ready = {t.spiff_task_id: t for t in step.result.open_tasks}
        for spiff_id, row in step.open_rows.items():
            if (ot := ready.get(spiff_id)) is None:
                row.state = TaskState.VERVALLEN
                row.completed_at = step.now
                for c in row.candidates:
                    c.open = False
            elif ot.properties.get("keuzes") and (form := _task_fields(ot)["form_schema"]) != row.form_schema:
                row.form_schema = form  # only keuzes vary between steps (engine.runtime)
        new = [ot for ot in step.result.open_tasks if ot.spiff_task_id not in step.open_rows]
        groups = {ot.spiff_task_id: routing.candidate_groups(ot) for ot in new}
        wanted = {g for names in groups.values() for g in names}
        earlier = step.case.typed_summary.organisaties  # not yet what this step names (update_case)
        if any(ot.organisations for ot in new):  # the rules file is read only when a case names some
            routing.ensure_organisations(step.s, new, listed_external(step.ctx.settings), earlier)
        if wanted:
            routing.ensure_groups(step.s, wanted - _groups_held(step, rows))
    for ot in new:
        row = _new_task_row(step, ot, groups[ot.spiff_task_id])
        step.s.add(row)
        step.new_rows.append(row)
        step.event(
            "taak-aangemaakt",
            text.task_ready(ot.name, groups[ot.spiff_task_id], ot.reason),
            actor="systeem",
            public=False,
            element_id=ot.bpmn_id,
            data={"groepen": groups[ot.spiff_task_id]},
        )


def _groups_held(step: _Step, rows: Sequence[HumanTask]) -> set[str]:
    """The groups of the task rows the step holds (read above, or closed by the step): each was
    ensured when its row was made, and no group is ever removed, so they need no lookup."""
    held = [*rows, *held_tasks(step.s, step.case.id, manual_ids(step.result))]
    return {g for row in held for g in (row.candidate_groups or [])}


def _task_fields(ot: OpenTask) -> dict[str, Any]:
    """The fields of an inbox row that its task's element gives (the rest is the case's or the claim's)."""
    from services.taakdocumenten import form_with_documents

    return {
        "bpmn_id": ot.bpmn_id,
        "process_id": ot.process_id,
        "lane": ot.lane,
        "name": ot.name,
        "form_schema": form_with_documents(ot.form_schema, ot.properties),
        "instructions": ot.instructions,
        "reason": ot.reason,
        "due_on": date.fromisoformat(ot.due_on) if ot.due_on else None,
    }


def legal_deadline(case: Case, day: date) -> date | None:
    """The legal term an open task of the case works towards on ``day``: its uiterste beslisdatum, until a
    besluit was given (it met or missed the term then: ``projection_case.overdue``; what follows, as a
    bezwaar, is not over it); a letter dated ahead gives it only on its day (``besluitbrief.gegeven_op``)."""
    return None if gegeven_op(case.decided_on, day) else case.uiterlijke_einddatum_afdoening


def _candidates(deadline: date | None, groups: list[str], *, unassigned: bool) -> list[TaskCandidate]:
    """The inbox rows of a task working to ``deadline``: one per candidate group, or one ``NO_GROUP`` row."""
    return [
        TaskCandidate(group_name=g, open=True, unassigned=unassigned, sort_deadline=deadline or date.max)
        for g in groups or [NO_GROUP]
    ]


def refresh_open_rows(
    s: Session,
    case: Case,
    result: StepResult,
    *,
    may_hold: Callable[[str, HumanTask], bool],
    external: frozenset[str] = frozenset(),
) -> list[tuple[str, str, int]]:
    """After a migration: each open row takes what its element gives in the new version (element id,
    lane, name, form, instructions, reason, term) and its candidate groups. A claim stays while
    ``may_hold(assignee, row)`` in the new groups; the claims let go are returned as (task name, former
    assignee, row id)."""
    tasks = {ot.spiff_task_id: ot for ot in result.open_tasks}
    rows = s.scalars(
        select(HumanTask)
        .where(
            HumanTask.case_id == case.id,
            HumanTask.state == TaskState.OPEN,
            HumanTask.spiff_task_id.in_(list(tasks)),
        )
        .options(selectinload(HumanTask.candidates))
    ).all()
    groups = {row.id: routing.candidate_groups(tasks[row.spiff_task_id]) for row in rows}
    moved = [row for row in rows if groups[row.id] != list(row.candidate_groups or [])]
    named = case.typed_summary.organisaties
    routing.ensure_organisations(s, [tasks[row.spiff_task_id] for row in moved], external, named)
    routing.ensure_groups(s, {g for row in moved for g in groups[row.id]})
    for row in rows:
        for name, value in _task_fields(tasks[row.spiff_task_id]).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    released = []
    for row in moved:
        row.candidate_groups = groups[row.id]
        if row.assignee and not may_hold(row.assignee, row):
            released.append((row.name, row.assignee, row.id))
            row.assignee = None
        row.candidates = _candidates(row.legal_deadline, groups[row.id], unassigned=row.assignee is None)
    return released


def _new_task_row(step: _Step, ot: OpenTask, groups: list[str]) -> HumanTask:
    case = step.case
    row = HumanTask(
        case_id=case.id,
        spiff_task_id=ot.spiff_task_id,
        candidate_groups=groups,
        state=TaskState.OPEN,
        **_task_fields(ot),
        procedure=case.procedure,
        case_reference=case.reference,
        case_title=case.title,
        phase=step.result.phase or case.phase,
        location_name=case.location_name,
        created_at=step.now,
        data={},
    )
    row.candidates = _candidates(legal_deadline(case, step.ctx.today()), groups, unassigned=True)
    return row


# -- events ------------------------------------------------------------------------------------


def _write_step_events(step: _Step) -> None:
    """Completed manual tasks, public status lines the model declares, and the services' own events."""
    for done in step.result.completed:
        props, where = done["properties"], done["bpmn_id"]
        if done["manual"]:
            step.event(
                "taak-voltooid",
                text.task_done(done["name"]),
                actor=step.actor,
                public=False,
                element_id=where,
            )
        if line := text.public_status(props.get("publiek") or "", done["data"], where=where):
            others = text.status_for_others(done)  # what a reader other than the applicant reads
            step.event("status", line, actor=step.actor, public=True, element_id=where, data=others)
    for ev in step.ctx.events:
        step.event(
            ev["kind"], ev["message"], actor=step.actor or "systeem", public=ev["public"], data=ev.get("data")
        )


def _apply_phase(step: _Step) -> None:
    phase = step.result.phase
    if not phase or phase == step.case.phase:
        return
    step.event("fase", text.phase_changed(phase), actor="systeem", public=True, data={"fase": phase})
    step.case.phase = phase
    for row in step.open_rows.values():
        row.phase = phase


# -- inbox copies ------------------------------------------------------------------------------


def _refresh_inbox_copies(step: _Step) -> list[HumanTask]:
    """Keep the denormalised inbox columns in step with the case (only rows still open)."""
    case = step.case
    still_open = [r for r in step.open_rows.values() if r.state == TaskState.OPEN] + step.new_rows
    if not still_open:
        return still_open
    before = list(step.open_rows.values()) + held_tasks(step.s, case.id, manual_ids(step.result))
    if step.ctx.conflicts is None and before:
        # the rows open before the step carry the case's severity (an override updates them), also the
        # ones this step ended: no query unless the step replaced the conflicts (issue #12)
        severity = before[0].max_severity
    else:
        severity = max_severity(step.s, case.id)
    deadline = legal_deadline(case, step.ctx.today())
    for row in still_open:
        if row.max_severity != severity:
            row.max_severity = severity
        if row.legal_deadline != deadline:
            row.legal_deadline = deadline
            if deadline is not None:  # a moved term (verdaging, opschorting) gets its own reminder
                row.reminded_on = None
        for c in row.candidates:  # loaded with the row; a new row's were made before this step's besluit
            if c.sort_deadline != (deadline or date.max):
                c.sort_deadline = deadline or date.max
        if row.location_name != case.location_name:
            row.location_name = case.location_name
        if row.case_title != case.title:
            row.case_title = case.title
    return still_open


def manual_ids(result: StepResult) -> set[str]:
    """The SpiffWorkflow ids of the user tasks the step completed."""
    return {str(c["spiff_task_id"]) for c in result.completed if c.get("manual")}


def held_tasks(s: Session, case_id: int, spiff_ids: set[str]) -> list[HumanTask]:
    """The case's task rows with these spiff ids that the step's session already holds (read under the
    case lock, e.g. the row a completion just closed): no second read of them."""
    if not spiff_ids:
        return []
    held = [
        obj
        for obj in list(s.identity_map.values())
        if isinstance(obj, HumanTask) and obj.case_id == case_id and obj.spiff_task_id in spiff_ids
    ]
    return sorted(held, key=lambda t: (t.spiff_task_id, t.id))


# -- conflicts and links -----------------------------------------------------------------------


def _replace_conflicts(s: Session, case: Case, conflicts: list[dict[str, Any]]) -> None:
    existing = {
        (c.regel, c.laag, c.feature_id): c
        for c in s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all()
    }
    keep = set()
    for c in conflicts:
        key = (c["regel"], c["laag"], str(c["feature_id"]))
        keep.add(key)
        row = existing.get(key)
        if row is None:
            row = CaseConflict(
                case_id=case.id, regel=c["regel"], laag=c["laag"], feature_id=str(c["feature_id"])
            )
            s.add(row)
        row.feature_naam = str(c.get("feature_naam") or "").strip() or None  # None: the layer names none
        row.ernst = c["ernst"]
        row.afdeling = c["afdeling"]
        row.beschrijving = c.get("beschrijving", "")
        row.bron = c.get("bron", "")
        row.afstand_m = c.get("afstand_m")
        row.overlap_m2 = c.get("overlap_m2")
        row.overlap_aandeel = c.get("overlap_aandeel")
        row.intern = bool(c.get("intern", False))
    for key, row in existing.items():
        if key not in keep:
            s.delete(row)


def _link(s: Session, a: int, b: int, reason: str) -> None:
    """Link two cases both ways; a link that exists, also one a concurrent step of the other case has
    just written (two answers naming the same congestiegebied), is left as it is."""
    if a == b:
        return
    rows = [{"case_id": x, "other_case_id": y, "reason": reason} for x, y in ((a, b), (b, a))]
    insert_missing(s, CaseLink, rows, ("case_id", "other_case_id", "reason"))


def max_severity(s: Session, case_id: int) -> str | None:
    rows = s.scalars(
        select(CaseConflict.ernst).where(
            CaseConflict.case_id == case_id, CaseConflict.overschreven.is_(False)
        )
    ).all()
    return worst(rows)
