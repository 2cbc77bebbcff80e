"""A case's final besluit letter as its PDF states it, and what it closes.

Once the letter is final the besluit is taken, and a final letter is not removed: what would go around it is
refused. Each refusal here is one rule for two places: the step that refuses it, and the face that offers
it, which asks the same function and so offers the action exactly while it is not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar, overload

from processes.errors import Conflict, Unprocessable
from processes.termijnen.datums import datum_nl


@dataclass(frozen=True)
class FinalBesluit:
    """What a final besluit PDF states: the day it was taken, the day it was sent, its outcome (each
    None for a besluit document not made by the besluit editor, such as one imported)."""

    besluitdatum: date | None
    verzenddatum: date | None
    uitkomst: str | None
    #: the voorschriften and motivering it states (None for one made before they were stored)
    voorschriften: list[str] | None
    motivering: str | None
    #: the Dutch day its final version was stored: it cannot have been sent before (None: not known)
    vastgelegd_op: date | None = None
    #: its document's id (None: not known)
    document_id: int | None = None


def verzonden_op(brief: FinalBesluit) -> date | None:
    """The day ``brief`` was (or will be) sent: its verzenddatum, but never before the day its final version
    was stored (a letter is not sent before it exists; without a verzenddatum, that day); None when it
    names neither."""
    dagen = [d for d in (brief.verzenddatum, brief.vastgelegd_op) if d is not None]
    return max(dagen) if dagen else None


_T_co = TypeVar("_T_co", covariant=True)
_T = TypeVar("_T")


class _Dagen(Protocol[_T_co]):
    """What ``gegeven`` compares besides a day: a query's column of days (its ``<=`` a condition)."""

    def __le__(self, other: date, /) -> _T_co: ...


@overload
def gegeven(dag: date | None, vandaag: date) -> bool: ...
@overload
def gegeven(dag: _Dagen[_T], vandaag: date) -> _T: ...
def gegeven(dag: Any, vandaag: date) -> Any:
    """Whether a besluit given on ``dag`` is given by ``vandaag``: ``dag`` on or before it (a letter dated
    ahead gives it only on its day), never without a day. The one rule of ``gegeven_op`` and of a query
    over the cases: given a column of days (``Case.decided_on``), the query's condition
    (``decided_on <= :vandaag``, which leaves out a case without a day, NULL, as this does None; the
    worker's pass of services.given_deadlines), so no per-row pass in Python."""
    return dag is not None and dag <= vandaag


def gegeven_op(dag: date | None, vandaag: date) -> date | None:
    """``dag``, the day a besluit is given (``Case.decided_on``: made known, or its letter sent), once
    ``vandaag`` reached it (``gegeven``); None before and without one. A letter dated ahead gives the
    besluit only on its day: until then the beslistermijn counts on (the countdown, the legal deadline of
    the inbox and the map)."""
    return dag if gegeven(dag, vandaag) else None


def bekendgemaakt_op(brief: FinalBesluit | None, vandaag: date) -> date | None:
    """The day the case's besluit was made known by sending its final letter (Awb 3:40, 3:41), as of
    ``vandaag``: the one home of "the besluit of this case, and the day it was made known". A final letter
    counts from its sending (``verzonden_op``) whether or not the task that took it is completed yet; a
    letter dated ahead is not known before its day (None until then), nor is a case without a final letter.
    The term's end (services.domain.termijnen), the ingebrekestelling and the intrekking (``NA_BESLUIT``)
    and the status page read it."""
    return gegeven_op(verzonden_op(brief) if brief is not None else None, vandaag)


def met_brief(brief: FinalBesluit) -> str:
    """ ", met de besluitbrief van <dag>" for a refusal that names the case's final letter (its besluitdatum,
    else the day it was made final); empty when it names neither."""
    dag = brief.besluitdatum or brief.vastgelegd_op
    return f", met de besluitbrief van {datum_nl(dag)}" if dag else ""


def aanvulling_na_besluit(brief: FinalBesluit | None, vandaag: date | None = None) -> Conflict | None:
    """Why a late aanvulling is no longer taken: the letter of 'Besluit buiten behandeling stellen' is
    final, so the besluit is taken (Awb 4:5) and its task may not be withdrawn under it. None while no
    letter is final. The model's step refuses with it (services.domain.termijnen.aanvulling_na_termijn);
    the status page tells it instead of offering the aanvulling (services.status.messages)."""
    if brief is None:
        return None
    return Conflict(
        "Een aanvulling kan niet meer worden meegenomen: de gemeente heeft al besloten de aanvraag buiten "
        "behandeling te stellen (artikel 4:5 Awb)"
        + met_brief(brief)
        + ". Wie het niet eens is met dat besluit, kan er bezwaar tegen maken; een nieuwe aanvraag indienen "
        "kan ook.",
        code="aanvulling-na-besluit",
    )


def intrekking_na_besluit(brief: FinalBesluit | None, vandaag: date | None = None) -> Conflict | None:
    """Why the aanvraag can no longer be withdrawn: its besluit letter is final, so the besluit is taken
    (the task that took it completes with that letter); bezwaar is the way then. None while no letter is
    final. The model's step refuses with it (services.domain.vergunning.intrekking_vastleggen); the status
    page no longer offers the intrekking."""
    if brief is None:
        return None
    return Conflict(
        "Op deze aanvraag is al besloten; intrekken kan niet meer. Wie het niet eens is met het besluit, kan "
        "bezwaar maken.",
        code="intrekking-na-besluit",
    )


def ingebrekestelling_na_besluit(brief: FinalBesluit | None, vandaag: date | None) -> Conflict | None:
    """Why an ingebrekestelling received ``vandaag`` is not taken: the besluit was made known by sending its
    final letter (``bekendgemaakt_op``), so it was given and there is no failure to decide to put the
    gemeente in default for (Awb 4:17), even while the task that took it is still open. None while no
    letter is final or its letter is dated ahead (until then an ingebrekestelling after the term is valid:
    services.domain.dwangsom.dwangsom_starten) or the day is not known."""
    dag = bekendgemaakt_op(brief, vandaag) if vandaag is not None else None
    if dag is None:
        return None
    return Conflict(
        f"De gemeente heeft al beslist: het besluit is op {datum_nl(dag)} verzonden en daarmee bekendgemaakt "
        "(artikel 3:41 Awb). Een ingebrekestelling kan dan niet meer (artikel 4:17 Awb). Wie het niet eens "
        "is met het besluit, kan bezwaar maken.",
        code="ingebrekestelling-na-besluit",
    )


#: the messages the case's final besluit letter closes, each with its refusal (given the letter and the day
#: the message is received): the model's step refuses the message with it, and whatever lists or offers the
#: messages a case takes leaves it out (services.step_reads.FinalLetters)
NA_BESLUIT = {
    "aanvulling": aanvulling_na_besluit,
    "intrekking": intrekking_na_besluit,
    "ingebrekestelling": ingebrekestelling_na_besluit,
}


def verdaging_na_besluit(brief: FinalBesluit | None) -> Unprocessable | None:
    """Why the beslistermijn can no longer be extended: the case's besluit letter is final. The task that
    took the besluit completes with that letter, so a later term would only be told to the applicant while
    the besluit stands (review S20 F1: 'Verdagen' after the letter, then a second letter with the opposite
    outcome). None while no letter is final."""
    if brief is None:
        return None
    return Unprocessable(
        f"Het besluit ('{brief.uitkomst}') is al definitief gemaakt"
        + met_brief(brief)
        + "; verdagen kan dan niet meer. Rond de taak af met dit besluit: een definitief besluit kan niet "
        "worden verwijderd, het wordt gewijzigd of ingetrokken met een nieuw besluit.",
        code="verdaging-na-besluit",
    )
