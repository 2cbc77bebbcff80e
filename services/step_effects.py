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
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services import zgw_publication
from services.engine.context import StepContext
from services.engine.runtime import StepResult
from services.mail import compose as mail_compose
from services.store.models import Case, CaseEvent
from services.waits import incremental as waits_incremental


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

    @property
    def started(self) -> bool:
        return self.status_before is None

    @property
    def phase_changed(self) -> bool:
        return self.case.phase != self.phase_before

    def new_events(self) -> list[CaseEvent]:
        """The case events this step wrote, oldest first."""
        self.session.flush()
        return list(
            self.session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == self.case.id, CaseEvent.id > self.event_watermark)
                .order_by(CaseEvent.id)
            )
        )


def event_watermark(s: Session, case_id: int | None) -> int:
    """The highest event id of a case so far (0 for a new case)."""
    if case_id is None:
        return 0
    return int(s.scalar(select(func.max(CaseEvent.id)).where(CaseEvent.case_id == case_id)) or 0)


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
