"""The lower bounds of a letter's dates (a zienswijze, bezwaar- or beroepschrift) and a premature letter.

A behandelaar registering a letter types its receipt day and, if it came by post, its postmark. The upper
bounds (not in the future, the postmark not after receipt) are checked where the letter is registered; these
are the lower ones:

* Before the aanvraag was received (the case's day 0): a letter about the case cannot have been received
  or posted then. Always a typing slip: refused, naming both dates.
* A postmark before the term began on a letter received after it ended: the postmark is what would make the
  letter on time (Awb 6:9 lid 2), and a letter is not six weeks in the post. Refused, naming both dates.
* Received before the term began: premature (Awb 6:10; for a zienswijze through Awb 3:16 lid 3). It is not
  inadmissible for that if the besluit already existed when it was filed (lid 1 onder a), nor if the sender
  could reasonably think it did (onder b). A bezwaar- or beroepschrift is therefore recorded, not refused:
  on time with a marking when the besluit had been taken by its receipt, else marked for the officer's
  judgement of onder b (``voortijdig``). The zienswijze's service refuses one received before the
  terinzagelegging began: the model lays the ontwerp down the day it is made, so it did not exist yet.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl, lees_datum
from processes.termijnen.rechtsmiddelen import termijn_naam


def aanvraag_ontvangen(data: Mapping[str, Any]) -> date | None:
    """The case's day of receipt (day 0 of its terms) from a permit model's task data: the term state's
    ``ontvangen``, else the start's ``ontvangen``; None when neither is there."""
    termijn = data.get("termijn")
    raw = (termijn.get("ontvangen") if isinstance(termijn, Mapping) else None) or data.get("ontvangen")
    return lees_datum(str(raw)[:10], "De ontvangstdatum van de aanvraag") if raw else None


def niet_voor_aanvraag(dag: date, veld: str, aanvraag: date | None) -> date:
    """``dag`` (the letter's ``veld``) unless it lies before the aanvraag's receipt: a Dutch refusal."""
    if aanvraag is not None and dag < aanvraag:
        raise ValidationError(
            f"{veld} ({datum_nl(dag)}) ligt vóór de ontvangst van de aanvraag ({datum_nl(aanvraag)}): een "
            "brief over deze zaak kan niet eerder zijn ontvangen of op de post gedaan. Controleer de datum.",
            code="datum-voor-aanvraag",
        )
    return dag


def postdatum_in_termijn(
    ter_post: date | None, ontvangen: date, eerste_dag: date, laatste_dag: date, termijn: str
) -> None:
    """Refuse a postmark before the term's ``eerste_dag`` on a letter received after its ``laatste_dag``:
    only then does the postmark decide (Awb 6:9 lid 2), and no letter is the whole term in the post."""
    if ter_post is not None and ter_post < eerste_dag and ontvangen > laatste_dag:
        raise ValidationError(
            f"De datum van terpostbezorging ({datum_nl(ter_post)}) ligt vóór het begin van {termijn} "
            f"({datum_nl(eerste_dag)}), maar de brief is pas na afloop ervan ontvangen "
            f"({datum_nl(ontvangen)}). Controleer de data.",
            code="postdatum-voor-termijn",
        )


class Voortijdig(NamedTuple):
    """What a premature letter is recorded as: on time or not, the officer's ``oordeel`` (the task's
    instructions and a history line for staff: what to judge), the task's ``markering``, and the
    ``publiek`` history line the sender reads (what happened, no instruction to staff)."""

    tijdig: bool
    oordeel: str
    markering: str
    publiek: str


def voortijdig(
    soort: str, ontvangen: date, eerste_dag: date, genomen: date | None, vandaag: date
) -> Voortijdig | None:
    """A ``soort``schrift received before its term's ``eerste_dag`` (Awb 6:10); None when it was received
    in or after the term. ``genomen``: the day the besluit was taken (None: not recorded). Taken by the
    receipt: on time (lid 1 onder a); else the officer judges whether the sender could reasonably think it
    was (onder b). The handling may wait for the term's first day (lid 2): said only while ``vandaag`` is
    before it (sessie13b, 2: a bezwaar registered weeks after the term began was told it could wait)."""
    if ontvangen >= eerste_dag:
        return None
    voor = f"vóór het begin van de {termijn_naam(soort)} op {datum_nl(eerste_dag)}: voortijdig ingediend."
    wanneer = f"Ontvangen op {datum_nl(ontvangen)}, {voor}"
    publiek = f"{soort.capitalize()}schrift ontvangen op {datum_nl(ontvangen)}, {voor}"
    aanhouden = (
        f" Tot het begin van de termijn op {datum_nl(eerste_dag)} kan de behandeling worden aangehouden "
        "(artikel 6:10 lid 2 Awb)."
        if vandaag < eerste_dag
        else ""
    )
    if genomen is not None and genomen <= ontvangen:
        return Voortijdig(
            True,
            f"{wanneer} Het besluit was toen al genomen (op {datum_nl(genomen)}), dus het {soort}schrift is "
            f"niet niet-ontvankelijk (artikel 6:10 lid 1 onder a Awb).{aanhouden}",
            f"{soort} voortijdig ingediend, ontvankelijk (Awb 6:10 lid 1 onder a)",
            f"{publiek} Het besluit was toen al genomen; dat het {soort}schrift voortijdig is ingediend, "
            "staat de behandeling daarom niet in de weg (artikel 6:10 lid 1 onder a Awb).",
        )
    bestond = (
        f"Het besluit is pas op {datum_nl(genomen)} genomen."
        if genomen is not None
        else "Wanneer het besluit is genomen, is niet vastgelegd."
    )
    return Voortijdig(
        False,
        f"{wanneer} {bestond} Het {soort}schrift is niet-ontvankelijk, tenzij het besluit toen al bestond of "
        "de indiener redelijkerwijs kon menen dat dat zo was (artikel 6:10 lid 1 Awb); dat beoordeelt de "
        f"behandelaar. Controleer ook de ontvangstdatum.{aanhouden}",
        f"{soort} voortijdig ingediend, vóór het besluit: beoordeel artikel 6:10 lid 1 onder b Awb",
        f"{publiek} De gemeente beoordeelt of het {soort}schrift in behandeling kan worden genomen "
        "(artikel 6:10 Awb).",
    )
