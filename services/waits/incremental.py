"""The step subscriber: carry a case's holder intervals on from what the step itself changed.

A step adds history only at its own moment or later (tasks it created or ended, the engine's waits
it recorded, an incident). Everything before stays as it was, so the stored intervals up to the
open one stay right and only that one can grow, end, or be followed by new ones. The subscriber
reads the open interval, the tasks open now or ended since the case's previous event, the last
recorded waits and the incidents, and carries the intervals on over this step's moments
(:func:`services.waits.derive.carry_on`): its cost does not grow with the length of the case.

When an earlier step of the case ran at the same moment (a fixed clock), that moment was already
carried on with what was true half-way; then the last interval that began before this moment is
derived again from its start (a window, still not the whole case). So it is when the stored rows run
on past this moment: the step that took a besluit sent later stored the gemeente's interval up to the
first moment of its bezwaar- or beroepstermijn and the term's from then (``derive``). ``store.rebuild`` derives every
case from its whole history; the tests compare both after every step.

The outside waits (``outside_wait``) change only when a step records other waits: then the open ones
are read and carried on over the new waits alone (a step that leaves the waits as they were sends no
statement for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from services import step_events
from services.public_phases import made_known_on
from services.store.db import plain
from services.store.models import Case, CaseEvent, HolderInterval, HumanTask
from services.waits import derive as d
from services.waits import moves, store
from services.waits.task_waits import write_task_waits

#: how many interval rows are read at a time, newest first, to find the open one
PAGE = 4
LATEST = datetime.max.replace(tzinfo=UTC)


#: the statements of every step, built once (no statement construction per step)
_TAIL = store.INTERVAL_ROWS.order_by(HolderInterval.seq.desc()).limit(PAGE).offset(bindparam("offset"))
_WAITS = (
    select(CaseEvent.at, CaseEvent.data)
    .where(CaseEvent.case_id == bindparam("case_id"), CaseEvent.kind == store.WAIT_EVENT)
    .order_by(CaseEvent.id.desc())
    .limit(PAGE)
    .offset(bindparam("offset"))
)
_OPEN_TASKS = select(HumanTask).where(
    HumanTask.case_id == bindparam("case_id"), HumanTask.completed_at.is_(None)
)
#: the tasks ended after a moment, as the columns of their spans: a plain read, no objects (store.db.plain)
_ENDED_TASKS = select(
    HumanTask.id,
    HumanTask.bpmn_id,
    HumanTask.name,
    HumanTask.candidate_groups,
    HumanTask.lane,
    HumanTask.created_at,
    HumanTask.completed_at,
).where(HumanTask.case_id == bindparam("case_id"), HumanTask.completed_at > bindparam("after"))


#: the tasks ended after ``after`` (part 1) and ``_TAIL``'s first page (part 0) in one statement (issue #12):
#: the spans' columns (as ``_ENDED_TASKS``), then the interval rows' (an interval's id in ``id``), each part
#: with the other's columns NULL
_FIRST_PAGE = _TAIL.subquery()
_INTERVAL_ONLY = [c for c in _FIRST_PAGE.c if c.key != "id"]
_ENDED_AND_TAIL = union_all(
    _ENDED_TASKS.add_columns(
        *(cast(null(), c.type).label(c.key) for c in _INTERVAL_ONLY), literal_column("1").label("part")
    ),
    select(
        _FIRST_PAGE.c.id,
        *(cast(null(), c.type) for c in list(_ENDED_TASKS.selected_columns)[1:]),
        *_INTERVAL_ONLY,
        literal_column("0"),
    ),
)


def tail(s: Session, case_id: int, now: datetime, first_page: list[Any] | None = None) -> list[Any]:
    """The stored rows from the last one that began before ``now`` on (oldest first), as plain rows
    (``store.INTERVAL_ROWS``); [] if none did. ``first_page``: the newest ``PAGE`` rows, when read."""
    rows: list[Any] = []
    offset = 0
    while True:
        page: Sequence[Any]
        if offset == 0 and first_page is not None:
            page = first_page
        else:
            page = plain(s).execute(_TAIL, {"case_id": case_id, "offset": offset}).all()
        for row in page:
            rows.append(row)
            if store.utc(row.started_at) < now:
                return rows[::-1]
        if len(page) < PAGE:
            return []
        offset += PAGE


def ended_and_tail(s: Session, case_id: int, now: datetime, after: datetime) -> tuple[list[Any], list[Any]]:
    """The tasks ended after ``after`` (rows of ``_ENDED_TASKS``' columns) and :func:`tail`, whose first
    page comes in the same statement."""
    found = plain(s).execute(_ENDED_AND_TAIL, {"case_id": case_id, "offset": 0, "after": after}).all()
    first_page = sorted((row for row in found if row.part == 0), key=lambda row: -row.seq)  # newest first
    return [row for row in found if row.part == 1], tail(s, case_id, now, first_page)


def as_interval(row: Any) -> d.Interval:
    """The interval a stored row (``store.INTERVAL_ROWS``) holds."""
    return d.Interval(
        store.utc(row.started_at),
        store.utc(row.ended_at) if row.ended_at else None,
        row.holder,
        row.kind,
        row.public_holder,
        row.element_id,
        row.reason,
        tuple(row.parallel or ()),
    )


def recorded(at: datetime, data: dict[str, Any] | None) -> d.WaitSnapshot:
    """The waits a ``wacht`` event recorded at ``at`` (as stored) with its ``data``."""
    return store.snapshot(store.utc(at), data)


def snapshots_since(s: Session, case_id: int, after: datetime) -> list[d.WaitSnapshot]:
    """The recorded waits later than ``after``, with the last one before it (oldest first)."""
    found: list[d.WaitSnapshot] = []
    offset = 0
    while True:
        page = plain(s).execute(_WAITS, {"case_id": case_id, "offset": offset}).all()
        for row in page:
            found.append(recorded(row[0], row[1]))
            if found[-1].at <= after:
                return found[::-1]
        if len(page) < PAGE:
            return found[::-1]
        offset += PAGE


def recent_history(
    s: Session,
    case: Case,
    after: datetime,
    *,
    incidents: bool,
    pauses: bool = False,
    waits: list[d.WaitSnapshot] | None = None,
    open_now: list[HumanTask] | None = None,
    ended: list[Any] | None = None,
) -> d.History:
    """What of the case's history is active later than ``after``: enough to carry the intervals on.
    ``incidents``: whether one can be (the case was or is an incident); ``pauses``: whether a pause by
    beheer can be (a window that starts before the last resume); ``waits``: the recorded waits
    from the last one at or before ``after`` on, when the caller has them; ``open_now``: the case's
    open task rows, when the step holds them (the projections just wrote them); ``ended``: the tasks ended
    after ``after``, when the caller read them (``ended_and_tail``)."""
    # two index range reads (case_id, completed_at): an OR of both would scan the case's tasks
    if open_now is None:
        open_now = list(s.scalars(_OPEN_TASKS, {"case_id": case.id}))
    spans = {t.id: store.task_span(t) for t in open_now}  # an open task has not ended: no row in both
    if ended is None:
        ended = list(plain(s).execute(_ENDED_TASKS, {"case_id": case.id, "after": after}))
    spans.update((row.id, store.task_span(row)) for row in ended)
    # a task a migration moved: its former groups up to the move. This step's moves are in the session; an
    # earlier step's lie before ``after`` unless a window is derived again (read with the interruptions)
    moved = moves.written(s, case.id)
    found, stood = store.interruptions(s, case.id, moved) if incidents or pauses else ([], [])
    tasks = moves.split((spans[task_id] for task_id in sorted(spans)), moved)
    active = tuple((a, b) for a, b in (found if incidents else []) if b is None or b > after)
    paused = tuple((a, b) for a, b in (stood if pauses else []) if b is None or b > after)
    snapshots = tuple(waits if waits is not None else snapshots_since(s, case.id, after))
    started, closed = store.utc(case.created_at), store.closed_at(case)
    return d.History(started, closed, tasks, snapshots, active, paused, made_known_on(case))


def previous_event_at(s: Session, watermark: int) -> datetime | None:
    """When the case's last event before this step happened (None for a new case)."""
    at = s.scalar(select(CaseEvent.at).where(CaseEvent.id == watermark)) if watermark else None
    return store.utc(at) if at is not None else None


def _still_open(rows: list[HumanTask] | None, case_id: int) -> list[HumanTask] | None:
    """The step's open task rows of the case (a row is open exactly while it has no completed_at);
    None when the step did not pass them."""
    if rows is None:
        return None
    return [t for t in rows if t.case_id == case_id and t.completed_at is None]


def update(
    s: Session, case: Case, facts: Any, external: frozenset[str], waits: list[d.WaitSnapshot]
) -> d.Interval | None:
    """Carry the stored intervals of ``case`` on over this step (``waits``: the last recorded waits
    before the step and the ones it recorded, if they changed); the last interval, if any."""
    s.flush()
    now = store.utc(facts.now)
    open_now = _still_open(getattr(facts, "open_tasks", None), case.id)
    previous = getattr(facts, "previous_event_at", None)  # read with the watermark, before the step
    ended = None  # the tasks ended since it, read with the stored rows when it is known
    if previous is not None:
        previous = store.utc(previous)
        ended, rows = ended_and_tail(s, case.id, now, previous)
    else:
        rows = tail(s, case.id, now)
    if not rows:  # nothing began before this moment: the case is this young, derive it whole
        derived = d.derive(store.history(s, case), external)
        store.write_intervals(s, case, derived)
        return derived[-1] if derived else None
    if previous is None:
        previous = previous_event_at(s, facts.event_watermark)
    if len(rows) == 1 and previous is not None and previous < now:
        # an incident active since the previous event leaves the case an incident before or after
        incident = CaseStatus.INCIDENT in (case.status, facts.status_before)
        # a message a paused case received
        paused = CaseStatus.GEPAUZEERD in (case.status, facts.status_before)
        after, kept = previous, [as_interval(rows[0])]
        recent = recent_history(
            s, case, after, incidents=incident, pauses=paused, waits=waits, open_now=open_now, ended=ended
        )
    else:  # an earlier step at this same moment: derive the window from the last start before it
        after, kept = store.utc(rows[0].started_at) - timedelta(microseconds=1), []
        recent = recent_history(s, case, after, incidents=True, pauses=True, open_now=open_now)
    intervals = d.carry_on(kept, recent, after, external)
    store.write_intervals(s, case, intervals, rows=rows, first_seq=rows[0].seq)
    return intervals[-1] if intervals else None


def on_step(facts: Any) -> None:
    """The step subscriber: record the engine's waits when they changed (and carry the outside waits
    on over them), carry the intervals on, and record the tasks the step completed."""
    s, case, result = facts.session, facts.case, facts.result
    s.flush()
    waiting = [] if result.finished or case.status == CaseStatus.INCIDENT else result.waiting
    current = store.snapshot_of(waiting, case, facts.ctx.settings)
    known = facts.recorded_waits  # the last recorded waits, read with the watermark before the step
    before = list(known) if known is not None else snapshots_since(s, case.id, LATEST)
    last = [[w.element_id, w.houder, w.reason] for w in before[-1].waits] if before else []
    # the organisations were read before the step, with the case's last event (step_effects.before_step)
    external = store.external_groups(s, facts.ctx.settings, step_events.organisations(s, case.id))
    day = store.made_known_with(case, current)  # of the besluit whose term they wait out: may lie ahead
    if (current, day) != (last, before[-1].made_known if before else None):
        event = store.wait_event(case, current, facts.now)
        s.add(event)
        before.append(store.snapshot(store.utc(facts.now), event.data))
        # the outside waits change only with the recorded waits (a closing case records none)
        store.carry_outside(s, case, before[-1], external)
    store.follow_holder(case, update(s, case, facts, external, before))
    completed = facts.completed_tasks()  # the step's completed user tasks, read once for all subscribers
    if completed:
        write_task_waits(s, case, external, done=completed)
