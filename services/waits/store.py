"""The holder-interval projection in the database: read a case's history, write its intervals.

:func:`history` reads a case's whole history, :func:`refresh` derives its intervals and its outside
waits (``outside_wait``) from it and writes the difference, with the completed tasks in
``task_wait`` (``services.waits.task_waits``); :func:`rebuild` does so for every case (``ruimteflow
wachten herbouw``). The step subscriber (``services.waits.incremental``) records the engine's waits of
each step and carries the stored intervals and outside waits on from what the step changed; a rebuilt
projection equals the one the steps wrote. A running case whose steps recorded no waits (the first
release) gets its engine's waits recorded once by the rebuild (``services.waits.unrecorded``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Exists, Row, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.termijnen import standaard_kalender
from services.clock import as_utc as utc  # the one home; re-exported for the waits modules
from services.policy import external_groups  # noqa: F401  (the policy decides who is external)
from services.policy import rules as policy_rules
from services.policy.authority import wait_holder
from services.public_phases import made_known_on
from services.store.db import plain
from services.store.models import (
    Case,
    CaseEvent,
    HolderInterval,
    HumanTask,
    OutsideWait,
    TaskWait,
)
from services.waits import derive as d
from services.waits import moves, task_life, unrecorded
from services.waits import outside as o
from services.waits.task_waits import write_task_waits

WAIT_EVENT = "wacht"
#: the key of a ``wacht`` event's data that holds the day the besluit was made known whose term it waits
#: out (``made_known_with``)
MADE_KNOWN = "bekendgemaakt"


def working_days(start: datetime, end: datetime | None) -> int | None:
    """Atw working days from the start day (exclusive) to the end day (inclusive), Dutch local days."""
    if end is None:
        return None
    return standaard_kalender().werkdagen_tussen(d.local_day(start), d.local_day(end))


# -- the history of a case ----------------------------------------------------------------------
def snapshot_of(waiting: Iterable[dict[str, Any]], case: Case, settings: Any) -> list[list[str | None]]:
    """The engine's waits of a step (``StepResult.waiting``) as stored in a ``wacht`` event, each held by
    whom the case routes the model's ``houder`` to (``policy.authority.wait_holder``: the organisation the case
    names for a party, the group of its own outside bevoegd gezag), as its tasks are: so that organisation,
    not its party, is asked in the outside waits, the holder timeline and the overviews."""
    rules = policy_rules(settings) if settings is not None else None
    seen: dict[tuple[str, str | None, str], None] = {}
    for w in waiting:
        houder = wait_holder(case, w.get("houder"), rules)
        seen[(str(w.get("bpmn_id") or ""), houder, str(w.get("wacht_op") or ""))] = None
    return [list(k) for k in seen]


def task_span(t: HumanTask | Row[Any]) -> d.TaskSpan:
    """The span of a task row (or of a plain row of the same columns)."""
    return d.TaskSpan(
        t.id,
        t.bpmn_id,
        t.name,
        tuple(t.candidate_groups or ([t.lane] if t.lane else [])),
        utc(t.created_at),
        utc(t.completed_at) if t.completed_at else None,
    )


def snapshot(at: datetime, data: dict[str, Any] | None) -> d.WaitSnapshot:
    """The waits recorded in a ``wacht`` event, with the day its term's besluit was made known."""
    waits = tuple(d.Wait(str(e), h, str(r)) for e, h, r in (data or {}).get("wachten", []))
    day = (data or {}).get(MADE_KNOWN)
    return d.WaitSnapshot(at, waits, date.fromisoformat(str(day)) if day else None)


def made_known_with(case: Case, current: list[list[str | None]]) -> date | None:
    """The day recorded with a step's waits ``current`` (``snapshot_of``): when they hold a bezwaar- or
    beroepstermijn, the day its besluit is made known (``made_known_on``: the term begins the day after);
    else None."""
    if not any(d.is_remedy(d.Wait(str(e), h, str(r))) for e, h, r in current):
        return None
    return made_known_on(case)


def last_snapshot(s: Session, case_id: int) -> d.WaitSnapshot | None:
    """What the case waits on as its last step recorded it (its last ``wacht`` event): the model's
    declared waits, each an element with a ``wacht_op`` (filled from the case's data, as the status page
    shows it) and its ``houder``, with the day recorded with them; None for a case whose steps recorded no
    waits (the first release)."""
    row = s.execute(
        select(CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == WAIT_EVENT)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    return snapshot(utc(row[0]), row[1]) if row else None


Span = task_life.Span
Moved = list[moves.TaskMove] | None  # a list to fill with a case's task moves, read with its interruptions


def interruptions(s: Session, case_id: int, moved: Moved = None) -> tuple[list[Span], list[Span]]:
    """(incidents, pauses by beheer): (start, end or None) of each, paired in event order, from one read
    of the case's events of those four kinds; ``moved``: filled with the case's task moves in that read."""
    return interruptions_of(s, [case_id], moved).get(case_id, ([], []))


def interruptions_of(
    s: Session, case_ids: Iterable[int], moved: Moved = None
) -> dict[int, tuple[list[Span], list[Span]]]:
    """``interruptions`` of each of ``case_ids`` (a case without such events is left out), in one read;
    ``moved``: filled with their open tasks' moves by a migration (``moves.MOVED_EVENT``) in it."""
    spans = task_life.SPAN_ENDS
    kinds = [*spans, *spans.values(), *([moves.MOVED_EVENT] if moved is not None else [])]
    events: dict[int, list[tuple[str, datetime]]] = {}
    row: Any
    for row in plain(s).execute(
        select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id.in_(list(case_ids)), CaseEvent.kind.in_(kinds))
        .order_by(CaseEvent.id)
    ):
        if moved is not None and row[1] == moves.MOVED_EVENT:
            moved.append(moves.move_of(utc(row[2]), row[3]))
        else:
            events.setdefault(row[0], []).append((row[1], utc(row[2])))
    found = {case_id: task_life.stood_still(kept) for case_id, kept in events.items()}
    return {case_id: (spans["incident"], spans["gepauzeerd"]) for case_id, spans in found.items()}


def closed_at(case: Case) -> datetime | None:
    return utc(case.closed_at) if case.closed_at and case.status == CaseStatus.AFGEROND else None


def history(s: Session, case: Case) -> d.History:
    """The whole history of the case (for the rebuild)."""
    moved: list[moves.TaskMove] = []  # a task a migration moved: its former groups up to the move
    incidents, pauses = interruptions(s, case.id, moved)
    rows = s.scalars(select(HumanTask).where(HumanTask.case_id == case.id).order_by(HumanTask.id))
    tasks = moves.split(map(task_span, rows), moved)
    snapshots = tuple(
        snapshot(utc(row[0]), row[1])
        for row in s.execute(
            select(CaseEvent.at, CaseEvent.data)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind == WAIT_EVENT)
            .order_by(CaseEvent.id)
        ).all()
    )
    started, ended = utc(case.created_at), closed_at(case)
    return d.History(started, ended, tasks, snapshots, tuple(incidents), tuple(pauses), made_known_on(case))


def wait_event(
    case: Case, current: list[list[str | None]], now: datetime, *, derived: bool = False
) -> CaseEvent:
    """The ``wacht`` event of a step whose engine waits (or the day recorded with them:
    ``made_known_with``) differ from the last recorded ones; ``derived``: recorded by ``wachten
    herbouw`` for a case whose release wrote none (``record_current_waits``)."""
    text = "; ".join(str(r) for _, _, r in current)
    message = f"Wacht op: {text}" if current else "Wachten beëindigd"
    data: dict[str, Any] = {"wachten": current, "afgeleid": True} if derived else {"wachten": current}
    day = made_known_with(case, current)
    if day is not None:
        data[MADE_KNOWN] = day.isoformat()
    return CaseEvent(
        case_id=case.id,
        at=now,
        actor="systeem",
        kind=WAIT_EVENT,
        message=f"{message} (afgeleid door wachten herbouw)" if derived else message,
        public=False,
        data=data,
    )


def running_at(now: datetime) -> ColumnElement[bool]:
    """The condition for the holder interval that runs at ``now``: the case's holder now. Not always the
    open one: the step that records a besluit sent later stores the gemeente's interval up to the first
    moment of its term, and the term's from then (``derive``)."""
    iv = HolderInterval
    return and_(iv.started_at <= now, or_(iv.ended_at.is_(None), iv.ended_at > now))


def sending_at(now: datetime) -> Exists:
    """Whether the gemeente holds the case at ``now`` because it still sends a besluit whose bezwaar- or
    beroepstermijn has not begun (its interval that runs now: ``derive.sends_besluit`` as a query), as a
    condition on ``Case`` (a lookup of the case's intervals by its id): set-based, for a whole map."""
    iv = HolderInterval
    held = (iv.case_id == Case.id, running_at(now), iv.kind == d.AFDELING, iv.reason == d.SENDING)
    return select(iv.id).where(*held).exists()


# -- writing the projection ---------------------------------------------------------------------
_INTERVAL: Any = HolderInterval.__table__
#: a case's stored intervals as plain rows (``write_intervals`` touches a row by its id, no ORM object)
INTERVAL_ROWS = select(*_INTERVAL.c).where(_INTERVAL.c.case_id == bindparam("case_id"))
_CHANGE_INTERVAL = update(_INTERVAL).where(_INTERVAL.c.id == bindparam("row_id"))
_DROP_INTERVALS = delete(_INTERVAL).where(_INTERVAL.c.id.in_(bindparam("ids", expanding=True)))
_INSERT_INTERVALS = insert(_INTERVAL)


def write_intervals(
    s: Session,
    case: Case,
    intervals: list[d.Interval],
    *,
    rows: list[Any] | None = None,
    first_seq: int = 0,
) -> None:
    """Make the stored intervals of ``case`` from ``first_seq`` on (``rows``: plain rows of
    ``INTERVAL_ROWS``, else all of them) equal ``intervals``, touching only rows that differ, in set-based
    statements."""
    if rows is None:
        rows = list(plain(s).execute(INTERVAL_ROWS.order_by(_INTERVAL.c.seq), {"case_id": case.id}))
    changed, new = [], []
    for i, iv in enumerate(intervals):
        values = {
            "process_id": case.process_id,
            "holder": iv.holder,
            "kind": iv.kind,
            "public_holder": iv.public_holder,
            "element_id": iv.element_id,
            "reason": iv.reason[:2000],
            "started_at": iv.start,
            "ended_at": iv.end,
            "working_days": working_days(iv.start, iv.end),
            "parallel": list(iv.parallel),
        }
        if i >= len(rows):
            new.append({"case_id": case.id, "seq": first_seq + i, **values})
        elif any(_as_stored(getattr(rows[i], key)) != value for key, value in values.items()):
            changed.append({"row_id": rows[i].id, **values})
    connection = s.connection()
    if changed:
        connection.execute(_CHANGE_INTERVAL, changed)
    if new:
        connection.execute(_INSERT_INTERVALS, new)
    if len(rows) > len(intervals):
        connection.execute(_DROP_INTERVALS, {"ids": [row.id for row in rows[len(intervals) :]]})


def _as_stored(value: Any) -> Any:
    return utc(value) if isinstance(value, datetime) else value


_INSERT_OUTSIDE = insert(OutsideWait.__table__)  # type: ignore[arg-type]


def write_outside(
    s: Session, case: Case, spans: list[o.OutsideSpan], *, rows: list[OutsideWait] | None = None
) -> None:
    """Make the stored outside waits of ``case`` (``rows``, else all of them) equal ``spans``: a row is
    the span with its organisation, element and start (its end, working days and reason may change);
    only rows that differ are touched."""
    if rows is None:
        rows = list(s.scalars(select(OutsideWait).where(OutsideWait.case_id == case.id)))
    stored = {(r.holder, r.element_id, utc(r.started_at)): r for r in rows}
    new = []
    for span in spans:
        days = working_days(span.start, span.end)
        row = stored.pop((span.holder, span.element_id, span.start), None)
        if row is None:
            new.append(
                {
                    "case_id": case.id,
                    "process_id": case.process_id,
                    "holder": span.holder,
                    "element_id": span.element_id,
                    "reason": span.reason[:2000],
                    "started_at": span.start,
                    "ended_at": span.end,
                    "working_days": days,
                }
            )
        elif (utc(row.ended_at) if row.ended_at else None, row.working_days, row.reason) != (
            span.end,
            days,
            span.reason[:2000],
        ):  # a wait that goes on may say more now (the waiting-list position)
            row.ended_at, row.working_days, row.reason = span.end, days, span.reason[:2000]
    for row in stored.values():  # a wait that ended at the moment it began
        s.delete(row)
    if new:
        s.execute(_INSERT_OUTSIDE, new)  # one set-based statement


_OPEN_OUTSIDE = select(OutsideWait).where(
    OutsideWait.case_id == bindparam("case_id"), OutsideWait.ended_at.is_(None)
)


def carry_outside(s: Session, case: Case, snapshot: d.WaitSnapshot, external: frozenset[str]) -> None:
    """Carry the case's stored outside waits on over the waits a step recorded (``snapshot``): only the
    open ones can end, only new ones begin."""
    rows = list(s.scalars(_OPEN_OUTSIDE, {"case_id": case.id}))
    spans = [o.OutsideSpan(utc(r.started_at), None, r.holder, r.element_id, r.reason) for r in rows]
    write_outside(s, case, o.carry_outside(spans, [snapshot], closed_at(case), external), rows=rows)


def refresh(s: Session, case: Case, external: frozenset[str], *, tasks_done: bool = True) -> None:
    """Derive the case's intervals from its history and store them, with its completed tasks."""
    s.flush()
    whole = history(s, case)
    derived = d.derive(whole, external)
    write_intervals(s, case, derived)
    follow_holder(case, derived[-1] if derived else None)
    write_outside(s, case, o.outside_waits(whole, external))
    if tasks_done:
        write_task_waits(s, case, external)


def follow_holder(case: Case, last: d.Interval | None) -> None:
    """The case's holder (``Case.holder``: the case file, the lists, the map) is the one its holder
    timeline names now when someone must act (a team, an outside organisation, the initiator) or a legal
    term runs ("Terinzagelegging", not the model's "Belanghebbenden"; ``d.NAMED``, the rule of "Ligt bij",
    services.waits.timeline.lies_with), as the status page does (services.status.view): with parallel tasks
    the timeline's choice (an outside organisation's task first, then the longest open, then by name), not
    the first open task's group."""
    named = (
        last is not None and last.end is None and last.kind in d.NAMED and case.status == CaseStatus.LOPEND
    )
    if named and last is not None and case.holder != last.holder:  # set only a change: no dirty row
        case.holder = last.holder


def refresh_case(s: Session, case_id: int, settings: Any) -> None:
    """Refresh one case's projection after a change made outside a step (an incident recorded, a
    pause by beheer begun or ended)."""
    case = s.get(Case, case_id, populate_existing=True)
    if case is not None:
        refresh(s, case, external_groups(s, settings), tasks_done=False)


def rebuild(platform: Any, *, batch: int = 200) -> dict[str, int]:
    """Rebuild the whole projection from the history (``ruimteflow wachten herbouw``), first recording
    the engine's waits of each running case whose steps recorded none (``afgeleide_wachten``)."""
    with platform.uow() as uow:
        s = uow.session
        s.execute(delete(TaskWait))
        s.execute(delete(HolderInterval))
        s.execute(delete(OutsideWait))
        external = external_groups(s, platform.settings)
        ids = list(s.scalars(select(Case.id).order_by(Case.id)))
        recorded = set(s.scalars(select(CaseEvent.case_id).where(CaseEvent.kind == WAIT_EVENT).distinct()))
        derived = 0
        for i, case_id in enumerate(ids):
            case = s.get(Case, case_id)
            assert case is not None
            if case_id not in recorded:
                derived += record_current_waits(platform, s, case)
            refresh(s, case, external)
            if i % batch == batch - 1:
                s.flush()
                s.expunge_all()
        uow.commit()
        intervals = s.scalar(select(func.count()).select_from(HolderInterval)) or 0
        tasks = s.scalar(select(func.count()).select_from(TaskWait).where(TaskWait.share == 0)) or 0
        outside = s.scalar(select(func.count()).select_from(OutsideWait)) or 0
    return {
        "zaken": len(ids),
        "intervallen": intervals,
        "taken": tasks,
        "buiten_wachten": outside,
        "afgeleide_wachten": derived,
    }


def record_current_waits(platform: Any, s: Session, case: Case) -> bool:
    """Record the engine's waits now of a case whose steps recorded none (a case of the first release,
    ``services.waits.unrecorded``), as of its last step; True when it waits for something."""
    found = unrecorded.current_waits(platform, s, case)
    current = snapshot_of(found[1], case, platform.settings) if found is not None else []
    if found is None or not current:
        return False
    event = wait_event(case, current, found[0], derived=True)
    s.add(event)
    return True
