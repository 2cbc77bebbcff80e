"""A case's final besluit letter as its PDF states it, and what it closes.

Once the letter is final the besluit is taken, and a final letter is not removed: what would go around it is
refused. Each refusal here is one rule for two places: the step that refuses it, and the face that offers
it, which asks the same function and so offers the action exactly while it is not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def met_brief(brief: FinalBesluit) -> str:
    """ ", met de besluitbrief van <dag>" for a refusal that names the case's final letter (its besluitdatum,
    else the day it was made final); empty when it names neither."""
    dag = brief.besluitdatum or brief.vastgelegd_op
    return f", met de besluitbrief van {datum_nl(dag)}" if dag else ""


def aanvulling_na_besluit(brief: FinalBesluit | None) -> Conflict | None:
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


#: the messages the case's final besluit letter closes, each with its refusal: the model's step refuses the
#: message with it, and whatever lists or offers the messages a case takes leaves it out
#: (services.step_reads.FinalLetters)
NA_BESLUIT = {"aanvulling": aanvulling_na_besluit}


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
