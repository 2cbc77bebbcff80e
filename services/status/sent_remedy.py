"""The bezwaar- or beroepstermijn of a besluit made known by sending its final letter while the task that
took it is still open (``sent_unrecorded``): the term runs from the day after the sending (Awb 6:7, 6:8),
though the model does not wait for a bezwaar yet, so the status page's form is not offered. Its last day is
the one the bekendmaking will record (processes.vergunning.rechtsmiddel, as services.domain.vergunning's
``bekendmaking`` computes it), for the procedure the case's beslistermijn runs under."""

from __future__ import annotations

from datetime import date
from typing import Any

from processes.termijnen.datums import als_datum, datum_nl
from processes.vergunning import rechtsmiddel
from services.public_phases import procedure_of
from services.store.models import Case


def taken_and_sent(sent: date) -> str:
    """The besluit taken and its letter sent on ``sent``, as the term block says it."""
    return f"Er is een besluit genomen en op {datum_nl(sent)} verzonden."


def remedy_of_sending(case: Case, day: date, sent: date | None) -> dict[str, Any] | None:
    """The rechtsmiddel block (as ``deadline._remedy`` gives it after the bekendmaking: ``soort``,
    ``laatste_dag``, ``tekst``) of a case whose besluit letter was sent on ``sent`` while 'Besluit nemen'
    is open (the case's ``sent_unrecorded`` on ``day``, as its caller read it once:
    services.status.deadline.case_deadline): which rechtsmiddel, until which day, and how to lodge it now
    (a bezwaar by letter to the gemeente: the page's form comes only once the task is done; a beroep at
    the rechtbank). None when ``sent`` is None, or for a case without a regulier or uitgebreid procedure
    (no bekendmaking of its own)."""
    procedure = procedure_of(case) if sent is not None else None
    if sent is None or procedure is None:
        return None
    rm = rechtsmiddel(procedure, sent)
    soort = str(rm["soort"])
    last = als_datum(rm["tot"], "Het einde van de termijn")
    told = taken_and_sent(sent)
    if day > last:
        how = f"{soort.capitalize()} was mogelijk tot en met {datum_nl(last)}."
    elif soort == "bezwaar":
        how = (
            f"U kunt tot en met {datum_nl(last)} bezwaar maken met een brief aan de gemeente; het formulier "
            "op deze pagina is daarvoor nog niet beschikbaar."
        )
    else:
        how = f"U kunt tot en met {datum_nl(last)} beroep instellen bij de rechtbank."
    return {"soort": soort, "laatste_dag": last.isoformat(), "tekst": f"{told} {how}", "bezwaar": None}
