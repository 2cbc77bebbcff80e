"""What else a step causes, written in the step's own transaction: one seam for every subscriber.

``cases.start_case`` and ``cases.run_step`` call :func:`after_step` once per step, after the
projections and before the commit. Each subscriber gets the same :class:`StepFacts` and writes its own
rows in the step's session (holder intervals, outbox messages, notifications). A subscriber must not
commit, open a second session or call a remote system; delivery happens after the commit, in the worker.

Subscribers are listed explicitly in :data:`SUBSCRIBERS` (nothing registers itself at import time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from services import projection_case, projections, step_events, zgw_publication
from services.engine.context import StepContext
from services.engine.runtime import StepResult
from services.mail import compose as mail_compose
from services.policy import ORGANISATION_KIND
from services.store.db import plain
from services.store.models import Case, CaseEvent, Group, HumanTask
from services.store.repository import CaseRepository, incident_event
from services.waits import incremental as waits_incremental
from services.waits import task_waits
from services.waits.store import WAIT_EVENT


@dataclass(frozen=True)
class StepFacts:
    """One step of one case, as its subscribers see it."""

    session: Session
    case: Case
    result: StepResult
    ctx: StepContext
    actor: str | None
    now: datetime
    #: the case's phase and status before the step (None for a case the step started)
    phase_before: str | None
    status_before: str | None
    #: events with an id above this one were written by this step
    event_watermark: int
    #: when the case's last event before the step happened (None for a new case, or when not read)
    previous_event_at: datetime | None = None
    #: the case's last recorded waits before the step (``waits.incremental.snapshots_since`` of its last
    #: ``wacht`` event: [] when it has none), read with the watermark; None when not read
    recorded_waits: list[Any] | None = None
    #: the case's open task rows after the step (as the projections left them); None when not known
    open_tasks: list[HumanTask] | None = None
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def started(self) -> bool:
        return self.status_before is None

    @property
    def phase_changed(self) -> bool:
        return self.case.phase != self.phase_before

    def new_events(self) -> list[CaseEvent]:
        """The case events this step wrote, oldest first: the ones its session stored since
        :func:`before_step` or :func:`event_watermark` started tracking them (no read back)."""
        self.session.flush()
        stored = step_events.written(self.session)
        assert stored is not None, "StepFacts is built only after before_step/event_watermark"
        return [e for e in stored if e.case_id == self.case.id]

    def completed_tasks(self) -> list[HumanTask]:
        """The rows of the user tasks this step completed, by the spiff id index (not a scan of the
        case's tasks); read once per step for every subscriber that needs them (zgw, waits)."""
        if "completed" not in self._memo:
            ids = projections.manual_ids(self.result)
            rows = projections.held_tasks(self.session, self.case.id, ids)
            if ids and {t.spiff_task_id for t in rows} != ids:
                found = self.session.scalars(select(HumanTask).where(HumanTask.spiff_task_id.in_(ids)))
                rows = [t for t in found if t.case_id == self.case.id]
            self._memo["completed"] = rows
        return list(self._memo["completed"])


_LAST_EVENT = (
    select(CaseEvent.id, CaseEvent.at)
    .where(CaseEvent.case_id == bindparam("case_id"))
    .order_by(CaseEvent.id.desc())
    .limit(1)
)


def event_watermark(s: Session, case_id: int | None) -> int:
    """The highest event id of a case so far (0 for a new case); tracks the step's events from here."""
    step_events.track(s)
    return last_event(s, case_id)[0]


def last_event(s: Session, case_id: int | None) -> tuple[int, datetime | None]:
    """The id and moment of the case's last event so far ((0, None) for a new case): one indexed row."""
    if case_id is None:
        return 0, None
    row = plain(s).execute(_LAST_EVENT, {"case_id": case_id}).first()
    return (0, None) if row is None else (int(row[0]), row[1])


#: the last column of the read before a step: the name of an organisation (part 3), else empty
_NO_NAME = cast(null(), String).label("name")


def _newest(part: int, *where: Any) -> Any:
    """The case's newest event (of those ``where`` admits), tagged ``part``."""
    newest = (
        select(CaseEvent.id, CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == bindparam("case_id"), *where)
        .order_by(CaseEvent.id.desc())
        .limit(1)
        .subquery()
    )
    return select(literal_column(str(part)).label("part"), newest, _NO_NAME)


#: the groups of kind organisatie (part 3), which the waits subscriber counts as outside
#: (``policy.external_groups``); only beheer makes one (services/organisations.py), never a step
_ORGANISATIONS = select(
    literal_column("3").label("part"),
    cast(null(), Integer),
    cast(null(), DateTime(timezone=True)),
    cast(null(), JSON),
    Group.name,
).where(Group.kind == ORGANISATION_KIND)


#: before a step, in one statement: the case's last event (part 0) and its last ``wacht`` event (part 1).
#: Only the waits subscriber writes a ``wacht`` event in a step, after it reads the last one: the one
#: read here is the one it would read.
_BEFORE = union_all(_newest(0), _newest(1, CaseEvent.kind == WAIT_EVENT), _ORGANISATIONS)
#: before a completion, also the case's claim, release, pause and incident events since its first open
#: task was made, with a pause or incident still open then (part 2, the kind in the last column): the waits
#: subscriber files the completed task's waiting and working time from them (``waits.task_life``)
_CLAIMS = task_waits.life_reads(literal_column("2").label("part"))
_BEFORE_COMPLETION = union_all(_newest(0), _newest(1, CaseEvent.kind == WAIT_EVENT), *_CLAIMS, _ORGANISATIONS)


def before_step(s: Session, case: Case) -> tuple[str | None, str | None, int, datetime | None, list[Any]]:
    """What :class:`StepFacts` records of the case before a step: phase, status, last event id and moment,
    and its last recorded waits (a completion's: with the claims of its case's open tasks,
    ``step_events.claims_since``). From here the session remembers the events it stores
    (``services.step_events``)."""
    step_events.track(s)
    since = step_events.held_since(s, case.id)  # a completion: its task's claims are read here too
    if since is None:
        rows = plain(s).execute(_BEFORE, {"case_id": case.id}).all()
    else:
        rows = plain(s).execute(_BEFORE_COMPLETION, {"case_id": case.id, "since": since}).all()
        claims = sorted((row for row in rows if row[0] == 2), key=lambda row: row[1])
        step_events.keep_claims(s, case.id, since, [(row[2], row[4], row[3]) for row in claims])
    step_events.keep_organisations(s, case.id, frozenset(row[4] for row in rows if row[0] == 3))
    parts = {row[0]: row for row in rows if row[0] < 2}
    last, waits = parts.get(0), parts.get(1)
    recorded = [waits_incremental.recorded(waits[2], waits[3])] if waits is not None else []
    return (case.phase, case.status, *((int(last[1]), last[2]) if last else (0, None)), recorded)


Subscriber = Callable[[StepFacts], None]

#: Called in this order after every step, inside its transaction.
SUBSCRIBERS: tuple[Subscriber, ...] = (
    zgw_publication.on_step,
    mail_compose.on_step,
    waits_incremental.on_step,
)

#: Observers of the steps run in the current context only (the scenario runner records the path).
_OBSERVERS: ContextVar[tuple[Subscriber, ...]] = ContextVar("step_observers", default=())


@contextmanager
def observe(subscriber: Subscriber) -> Iterator[None]:
    """Also call ``subscriber`` after every step run in this context (thread or task), until the block ends."""
    token = _OBSERVERS.set(_OBSERVERS.get() + (subscriber,))
    try:
        yield
    finally:
        _OBSERVERS.reset(token)


def after_step(facts: StepFacts) -> None:
    for subscriber in SUBSCRIBERS + _OBSERVERS.get():
        subscriber(facts)


def flag_stuck(repo: CaseRepository, case: Case, result: StepResult, now: datetime) -> None:
    """A running case the engine left with nothing to wait for becomes an incident beheer sees: no
    ready task, no armed timer and no awaited message (a waiting call shows through its inner wait).
    What remains (a signal nothing can throw any more) names where it stands still."""
    detail = stuck(result) if case.status == CaseStatus.LOPEND else None
    if detail is None:
        return
    case.status, case.incident = CaseStatus.INCIDENT, detail
    projection_case.set_next_timer(case)
    repo.add_event(incident_event(case.id, detail, now, {"elementen": result.waiting_elements}))


def stuck(result: StepResult) -> str | None:
    """Why a case the step left unfinished stands still (``flag_stuck``), or None when it waits for
    something. A branch that stands still (an engine step left ready that no step runs) is stuck too,
    however much the other branches still wait for: a timer further on must not hide it."""
    if result.stalled and not result.finished:
        where = ", ".join(f"'{e}'" for e in result.stalled)
        return (
            f"Het proces staat stil bij {where}: die stap is aan de beurt, maar niets voert haar uit "
            "(geen open taak, timer of verwacht bericht). Kies 'Opnieuw proberen', of pas het model aan en "
            "migreer de zaak."
        )
    if result.finished or result.open_tasks or result.next_timer_at is not None or result.expected_messages:
        return None
    where = ", ".join(f"'{e}'" for e in result.waiting_elements) or "onbekend"
    return (
        "De zaak is niet afgerond maar wacht nergens op (geen open taak, timer, verwacht bericht "
        f"of lopende aanroep); het proces staat stil bij {where}. Pas het model aan en migreer de zaak."
    )
