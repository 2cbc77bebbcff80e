"""The context of one engine step, visible to registered helpers and services.

Services (locatiecheck, termijn computation) do not only return data to the workflow: they also
update the case's projections (deadline, conflicts, links, public events). They write those
effects here; the engine adapter applies them in the same transaction as the workflow state.
What they may read besides the task data comes through ``reads`` (``ports.StepReads``), on the
step's own transaction.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from processes.case_summary import CaseUpdates
from processes.termijnen.besluitbrief import FinalBesluit, bekendgemaakt_op
from services.clock import Clock, today

from .ports import NoReads, StepReads

#: Where a step's GIS layers come from (services.domain.energie_gis.lagen): given the step (None outside
#: one), the layers by name as GeoDataFrames, or None for none.
LayerSource = Callable[["StepContext | None"], Mapping[str, Any] | None]


@dataclass
class StepContext:
    clock: Clock
    case_id: int | None
    case_reference: str
    geometry_wkt: str | None = None
    settings: Any = None
    #: case columns and summary fields (processes/case_summary.py); an unknown key is refused
    case_updates: CaseUpdates = field(default_factory=CaseUpdates)
    events: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] | None = None
    links: list[dict[str, Any]] = field(default_factory=list)
    #: reads and rule locks on the step's own transaction
    reads: StepReads = field(default_factory=NoReads)
    procedure: str | None = None
    #: thread CPU time when the step's first script started (the step's script budget)
    script_cpu_started: float | None = None
    #: the Platform's layer source; None = the locatiecheck's configured layers
    layer_source: LayerSource | None = None
    #: the case's final besluit letter once read in this step (``final_besluit``; a list of one: read)
    _letter: list[FinalBesluit | None] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.case_updates, CaseUpdates):
            self.case_updates = CaseUpdates(self.case_updates)

    def today(self) -> date:
        return today(self.clock)

    def event(self, kind: str, message: str, *, public: bool = False, **data: Any) -> None:
        self.events.append({"kind": kind, "message": message, "public": public, "data": data})

    def final_besluit(self) -> FinalBesluit | None:
        """The case's final besluit letter as its PDF states it (``StepReads.final_besluit``, made in the
        task that takes it): the process counts from the dates it names and keeps its outcome; None outside
        a case or when none was made. Read when a service asks, once per step (a step's services may ask
        more than once: ``termijn_verstreken``, then the van rechtswege gateway): a letter is written outside
        steps, and which one still stands changes only with the case's summary, which the step writes after
        its services. The step's projection does not read it: ``Case.decided_on`` comes from the summary
        (services.documents.final_letter.record_sending)."""
        if self.case_id is None:
            return None
        if not self._letter:
            self._letter.append(self.reads.final_besluit(self.case_id))
        return self._letter[0]

    def besluit_bekendgemaakt_op(self) -> date | None:
        """The day the case's besluit was made known by sending its final letter, as of today
        (``besluitbrief.bekendgemaakt_op``: also while the task that took it is still open); None before."""
        return bekendgemaakt_op(self.final_besluit(), self.today())


_current: contextvars.ContextVar[StepContext | None] = contextvars.ContextVar("ruimteflow_step", default=None)


def current() -> StepContext:
    ctx = _current.get()
    if ctx is None:
        raise RuntimeError("No engine step is running")
    return ctx


@contextmanager
def step(ctx: StepContext) -> Iterator[StepContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
