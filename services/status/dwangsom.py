"""The dwangsom bij niet tijdig beslissen on the initiator's status page (Awb 4:17-4:18, 6:12): the
beschikking that set it, in the decision block, and, under "Wat kunt u doen?", that beroep at the rechtbank
for not deciding in time is open once two weeks passed after the ingebrekestelling; why an ingebrekestelling
sent while the beslistermijn runs is refused."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from processes.constants import CaseStatus
from processes.nederlands import aantal, euro
from processes.termijnen.datums import als_datum, datum_nl, weekdag_nl
from processes.termijnen.dwangsom import standaard_tarief
from services.projection_case import sent_unrecorded, term_stands_still
from services.status.lookup import term_passed
from services.store.models import Case

#: the days a dwangsom runs at most (Awb 4:17 lid 2), named wherever the page promises one
AT_MOST = f"ten hoogste {standaard_tarief().max_dagen} dagen"


def _stand(case: Case) -> Mapping[str, Any] | None:
    stand = case.typed_summary.dwangsom
    return stand if isinstance(stand, Mapping) and stand.get("start") else None


def beschikking(case: Case, day: date) -> str | None:
    """The dwangsom set (Awb 4:18) in words: the beschikking's day, amount, days, that the gemeente pays it
    and until when bezwaar is open; a dwangsom set before beschikkingen were recorded, its amount and days.
    A beschikking dated after ``day`` (with a besluit whose letter is sent then) is told as set on that
    day, not as set already. Also one set in the beslistermijn before a herstart
    (``CaseSummary.eerdere_dwangsom``), first. None while none is set, or when none was due."""
    eerder = case.typed_summary.eerdere_dwangsom
    teksten = [t for t in (_vastgesteld(eerder, day), _vastgesteld(_stand(case), day)) if t]
    return " ".join(teksten) or None


def _vastgesteld(stand: Mapping[str, Any] | None, day: date) -> str | None:
    if not isinstance(stand, Mapping) or stand.get("status") != "vastgesteld" or not stand.get("dagen"):
        return None
    bedrag, dagen = stand.get("bedrag_euro") or 0, int(stand["dagen"])
    ran = aantal(dagen, "dag", "dagen", in_woorden=False)
    besch = stand.get("beschikking")
    if not isinstance(besch, Mapping):
        return f"De dwangsom is vastgesteld op {euro(bedrag)} ({ran})."
    van = datum_nl(als_datum(stand["start"], "De eerste dwangsomdag"))
    tot = datum_nl(als_datum(besch["laatste_dag"], "De laatste dwangsomdag"))
    bezwaar = als_datum(besch["bezwaar_tot"], "Het einde van de bezwaartermijn")
    datum = als_datum(besch["datum"], "De datum van de beschikking")
    op = datum_nl(datum)
    vastgesteld = (
        f"wordt de dwangsom op {op} bij beschikking vastgesteld"
        if datum > day
        else f"heeft zij op {op} bij beschikking de dwangsom vastgesteld"
    )
    return (
        f"Omdat de gemeente niet op tijd besliste, {vastgesteld} op {euro(bedrag)} ({ran}, van {van} tot en met "
        f"{tot}; artikel 4:18 Awb). De gemeente betaalt dit bedrag aan u. Bezwaar tegen deze vaststelling kan "
        f"tot en met {weekdag_nl(bezwaar)} {datum_nl(bezwaar)}."
    )


def beroep_niet_tijdig(case: Case, day: date) -> str | None:
    """Once two weeks passed after the ingebrekestelling was received without a besluit (the dwangsom's
    first day, Awb 4:17 lid 3), beroep at the rechtbank for not deciding in time is open (Awb 6:12 lid 2)
    as long as no besluit is taken; None before, after a besluit, or on a closed case."""
    stand = _stand(case)
    if stand is None or case.status != CaseStatus.LOPEND or case.typed_summary.genomen_besluit:
        return None
    if sent_unrecorded(case, day) is not None:  # its letter was sent, the task that took it still open
        return None
    start = als_datum(stand["start"], "De eerste dwangsomdag")
    if day < start:
        return None
    ontvangen = datum_nl(als_datum(stand["ingebrekestelling_ontvangen"], "De ingebrekestelling"))
    return (
        f"Beroep bij de rechtbank: de gemeente heeft twee weken na uw ingebrekestelling (ontvangen op "
        f"{ontvangen}) nog niet beslist. Sinds {datum_nl(start)} kunt u daarom ook beroep instellen bij de "
        "rechtbank omdat de gemeente niet op tijd beslist (artikel 6:12 lid 2 Awb). Dat kan zolang er geen "
        "besluit is; de rechtbank behandelt zo'n beroep versneld (artikel 8:55b Awb)."
    )


def ingebrekestelling_te_vroeg(case: Case, day: date) -> str | None:
    """Why an ingebrekestelling sent on ``day`` is refused while the beslistermijn runs without a besluit
    (it is valid only after the term, Awb 4:17 lid 1), with until when the term runs now: after a
    verdaging its new last day, while it stands still (an opschorting) that day as provisional. None when
    the term passed, a besluit was taken, or the case has no term or is closed."""
    last = case.uiterlijke_einddatum_afdoening
    if (
        last is None
        or case.status != CaseStatus.LOPEND
        or case.typed_summary.genomen_besluit
        or term_passed(case, day)
    ):
        return None
    tot = f"{weekdag_nl(last)} {datum_nl(last)}"
    if term_stands_still(case):
        tot += " (voorlopig: de termijn staat nu stil)"
    elif weken := int((case.verlenging or {}).get("duur_weken") or 0):
        tot += f" (verlengd met {aantal(weken, 'week', 'weken', in_woorden=False)})"
    return (
        "Een ingebrekestelling kan pas als de beslistermijn voorbij is en de gemeente nog niet heeft "
        f"beslist. De beslistermijn loopt nog tot en met {tot}."
    )


def ingebrekestelling_text(dwangsom: dict[str, Any]) -> str:
    """After an ingebrekestelling (Awb 4:17): when it came, and from when a dwangsom is due; once it is
    set before a besluit (at its maximum, Awb 4:18), over which days it was due (services.status.deadline
    adds it to the passed term's words)."""
    received = datum_nl(
        als_datum(dwangsom["ingebrekestelling_ontvangen"], "De ontvangst van de ingebrekestelling")
    )
    first = als_datum(dwangsom["start"], "De start van de dwangsom")
    start = datum_nl(first)
    text = f"Uw ingebrekestelling is ontvangen op {received}."
    if dwangsom.get("status") == "wachttijd":
        return f"{text} Heeft de gemeente op {start} nog niet beslist, dan is zij vanaf die dag een dwangsom verschuldigd (Awb 4:17)."
    most = standaard_tarief().max_dagen
    if dwangsom.get("status") == "vastgesteld":  # it runs no more: the days it ran, and that it is set
        last = datum_nl(first + timedelta(days=int(dwangsom["dagen"]) - 1))
        reached = f"het maximum van {most} dagen is bereikt en " if dwangsom.get("maximum_bereikt") else ""
        return (
            f"{text} Van {start} tot en met {last} was de gemeente u een dwangsom verschuldigd (Awb 4:17); "
            f"{reached}de dwangsom is vastgesteld (Awb 4:18)."
        )
    text += f" Sinds {start} is de gemeente u een dwangsom verschuldigd voor elke dag dat zij nog niet beslist (Awb 4:17)"
    if dwangsom.get("status") == "maximum":
        return f"{text}; het maximum van {most} dagen is bereikt."
    return f"{text}, ten hoogste {most} dagen."
