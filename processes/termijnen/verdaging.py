"""The verdaging of the beslistermijn in a permit model's term state (Ow 16.64 lid 2: once, by at most six
weeks, decided on or before the last day of the term), and not once the case's besluit letter is final:
``verdaag`` records it on the state and recomputes the term (its weeks and the end are checked by
processes.termijnen.beslistermijn), and ``verdaging_mogelijk`` says whether one would be accepted today, so
a task offers 'verdagen' exactly while choosing it is not refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import Unprocessable, ValidationError
from processes.termijnen.besluitbrief import FinalBesluit, verdaging_na_besluit
from processes.termijnen.datums import datum_nl
from processes.termijnen.staat import bereken, lees


def verdaag(
    state: Mapping[str, Any],
    weken: Any,
    vandaag: date,
    *,
    reden: str = "",
    besluit: FinalBesluit | None = None,
) -> dict[str, Any]:
    """``state`` with the verdaging decided on ``vandaag``; refused once ``besluit``, the case's final
    besluit letter, is there (``verdaging_na_besluit``), when the term was extended before or has ended,
    without a reason, or with weeks the law does not allow."""
    if (na_besluit := verdaging_na_besluit(besluit)) is not None:
        raise na_besluit
    eerder = state.get("verdaging")
    if eerder:
        raise Unprocessable(
            f"De beslistermijn is al eenmaal verdaagd (met {eerder['weken']} weken op "
            f"{datum_nl(lees(eerder['besloten_op'], 'datum'))}); een tweede verdaging is niet "
            "toegestaan.",
            code="verdaging-al-gebruikt",
        )
    if not str(reden or "").strip():
        raise Unprocessable(
            "Geef de reden van de verdaging op (die wordt aan de aanvrager meegedeeld).",
            code="verdaging-zonder-reden",
        )
    s = dict(state)
    s["verdaging"] = {"weken": weken, "besloten_op": vandaag.isoformat(), "reden": str(reden)}
    return bereken(s, vandaag)


def verdaging_mogelijk(state: Mapping[str, Any], vandaag: date, besluit: FinalBesluit | None = None) -> bool:
    """Whether a verdaging decided on ``vandaag`` is accepted (Ow 16.64 lid 2: once, decided on or before
    the last day of the term as it stands that day; not once ``besluit``, the case's final letter, is
    there): ``verdaag`` itself is asked, so a task offers 'verdagen' (its ``keuzes``) exactly while choosing
    it is not refused. Its weeks and reason are the form's."""
    try:
        verdaag(state, 1, vandaag, reden="-", besluit=besluit)
    except ValidationError:
        return False
    return True
