"""Domain nouns with a fixed set of values, one home each: conflict severity, case status, the document
statuses before final, task state, user role, and the window in which a legal deadline counts as due soon.

They are ``StrEnum``s, so a member compares equal to (and serialises as) its Dutch value: rows,
JSON and templates keep their plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Severity(StrEnum):
    """How serious a location conflict is (``ernst``), most severe first."""

    BLOKKEREND = "blokkerend"
    WAARSCHUWING = "waarschuwing"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for blokkerend down to 1 for info; higher is more severe."""
        return len(_SEVERITY_ORDER) - _SEVERITY_ORDER.index(self)

    @property
    def label(self) -> str:
        """The Dutch name shown in the faces."""
        return _SEVERITY_LABELS[self]


_SEVERITY_ORDER = tuple(Severity)
_SEVERITY_VALUES = frozenset(s.value for s in Severity)
_SEVERITY_LABELS = {
    Severity.BLOKKEREND: "Blokkerend",
    Severity.WAARSCHUWING: "Waarschuwing",
    Severity.INFO: "Informatie",
}


def severity_rank(name: str | None) -> int:
    """The rank of a severity name (see ``Severity.rank``); 0 for none or an unknown name."""
    if name not in _SEVERITY_VALUES:
        return 0
    return Severity(name).rank


def severity_of_rank(rank: int | None) -> Severity | None:
    """The severity with this rank, or None (0, None or out of range)."""
    return next((s for s in Severity if s.rank == rank), None)


def worst(names: Iterable[str]) -> str | None:
    """The most severe of ``names`` (the first of equals), or None when there are none."""
    items = list(names)
    return max(items, key=severity_rank) if items else None


class CaseStatus(StrEnum):
    """Where a case stands (``Case.status``)."""

    LOPEND = "lopend"
    AFGEROND = "afgerond"
    INCIDENT = "incident"
    GEPAUZEERD = "gepauzeerd"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: A case the engine still works on (not finished).
ACTIVE_STATUSES = (CaseStatus.LOPEND, CaseStatus.INCIDENT, CaseStatus.GEPAUZEERD)


#: The statuses of a document (ZGW informatieobject) that is not final yet; it becomes "definitief" at the
#: latest when its case (zaak) closes, as a closed case's documents no longer change.
DOCUMENT_NOT_FINAL = ("in_bewerking", "ter_vaststelling")


class TaskState(StrEnum):
    """Where an inbox task stands (``HumanTask.state``)."""

    OPEN = "open"
    VOLTOOID = "voltooid"
    #: the model moved on without it (a boundary event, a cancelled branch)
    VERVALLEN = "vervallen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: A legal deadline this many days away or closer is due soon: the inbox's badge and filter, the
#: dashboard's count (services.dashboard, the faces' termijn filter).
SOON_DAYS = 14
#: How the faces name a deadline due within SOON_DAYS.
SOON_LABEL = "Binnen 2 weken"


class Role(StrEnum):
    """The role of an account; what each may do is services.policy's call."""

    VERGUNNINGVERLENER = "vergunningverlener"
    ADVISEUR = "adviseur"
    TEAMLEIDER = "teamleider"
    PROJECTLEIDER = "projectleider"
    BEHEERDER = "beheerder"
    INITIATIEFNEMER = "initiatiefnemer"
    MEDEWERKER = "medewerker"

    @property
    def label(self) -> str:
        """The Dutch name shown in the faces."""
        return _ROLE_LABELS.get(self, self.value.capitalize())


_ROLE_LABELS = {Role.BEHEERDER: "Functioneel beheerder"}
