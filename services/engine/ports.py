"""What a service task may read while a step runs, as a typed port on the step's own transaction.

Services (locatiecheck, wijkplan rules, grid-congestion links) need a little more than the task data:
the case's conflicts, other running cases, a connection for PostGIS layers. They ask ``StepContext.reads``
(``StepReads``). The case use cases (services.cases) hand in an implementation on the step's own
session (``services.step_reads.SessionReads``), so a service sees the step's writes, holds no second
pool connection and takes its locks in the step's transaction. ``NoReads`` stands in when no database
is involved (the engine alone, unit tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from processes.case_summary import CaseSummary
from processes.termijnen.besluitbrief import FinalBesluit

#: (min_x, min_y, max_x, max_y) in EPSG:28992
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class CaseView:
    """Another case as a service task may see it."""

    id: int
    reference: str
    process_id: str
    geometry_wkt: str | None = None
    summary: CaseSummary = field(default_factory=CaseSummary)


@dataclass(frozen=True)
class ConflictView:
    """One stored conflict of the case (the locatiecheck's projection)."""

    regel: str
    laag: str
    ernst: str
    afdeling: str
    beschrijving: str
    feature_id: str
    overschreven: bool
    feature_naam: str | None = None
    intern: bool = False


class StepReads(Protocol):
    def case_summary(self, case_id: int) -> CaseSummary:
        """The case's summary as the step sees it."""
        ...

    def initiator_email(self, case_id: int) -> str | None:
        """The case's intake e-mail address (``zaak.initiator_email``, lower case); None without one."""
        ...

    def conflicts(self, case_id: int, *, overridden_only: bool = False) -> list[ConflictView]:
        """The case's stored conflicts (only those a person overrode, when asked)."""
        ...

    def running_cases(self, *, exclude_id: int | None, bbox: BBox | None = None) -> list[CaseView]:
        """Running cases other than ``exclude_id``; with ``bbox`` only those with a geometry inside it."""
        ...

    def unfinished_cases(self, process_id: str, *, exclude_id: int | None) -> list[CaseView]:
        """Cases of ``process_id`` that are not finished (running, paused or with an incident)."""
        ...

    def final_besluit(self, case_id: int) -> FinalBesluit | None:
        """The case's latest final besluit made by the besluit editor, as its PDF states it (a besluit
        uploaded as a plain document, such as a signed scan, is not one, nor the letter of a besluit
        herroepen when the aanvraag was taken back in handling: ``CaseSummary.herroepen_brief``); None
        without one."""
        ...

    def task_form(self, case_id: int, element: str) -> dict[str, Any] | None:
        """The form (property ``formulier``, a JSON Schema) of task ``element`` in the case's own model
        version, which a running case keeps; None when that version has no such task or form."""
        ...

    def serialize(self, key: str) -> None:
        """Take a lock named ``key`` until the step's transaction ends: a rule over several cases
        (one plan per wijk) is checked by one step at a time."""
        ...

    def connection(self) -> Any:
        """The step's database connection (PostGIS layer reads), or None without a database."""
        ...


class NoReads:
    """No database: nothing stored to read, nothing to lock."""

    def case_summary(self, case_id: int) -> CaseSummary:
        return CaseSummary()

    def initiator_email(self, case_id: int) -> str | None:
        return None

    def conflicts(self, case_id: int, *, overridden_only: bool = False) -> list[ConflictView]:
        return []

    def running_cases(self, *, exclude_id: int | None, bbox: BBox | None = None) -> list[CaseView]:
        return []

    def unfinished_cases(self, process_id: str, *, exclude_id: int | None) -> list[CaseView]:
        return []

    def final_besluit(self, case_id: int) -> FinalBesluit | None:
        return None

    def task_form(self, case_id: int, element: str) -> dict[str, Any] | None:
        return None

    def serialize(self, key: str) -> None:
        return None

    def connection(self) -> Any:
        return None
