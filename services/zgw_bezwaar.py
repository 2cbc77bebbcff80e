"""The beslissing op bezwaar of a case as a besluit in the Besluiten API (``services.zgw_publication`` sends
it as "beslissing-op-bezwaar"; ``services.zgw.besluiten.beslissing_op_bezwaar`` delivers it).

The step that records the beslissing (services.domain.bezwaar_beslissing) writes a "bezwaar" case event
whose data hold it (``beslissing``: the uitkomst, the day it was made known, the last day for beroep).
Each is one message, under ref ``beslissing-op-bezwaar:<n>``: the n-th beslissing of the case, counted from
its events, which numbers the besluit (its identificatie ends in ``-BB<n>``). A case decided on bezwaar twice
(after a herroepen buitenbehandelingstelling and a new besluit) registers two besluiten, each once, and a
resync numbers them as the steps did.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from services.store.models import CaseEvent

KIND = "beslissing-op-bezwaar"
#: the service (serviceTaskOperator) that records a beslissing op bezwaar: services.domain.bezwaar_beslissing
SERVICE = "beslissing_op_bezwaar"
#: the kind of the case event that records a beslissing op bezwaar, and its data key
EVENT, DATA = "bezwaar", "beslissing"
#: what the message carries of the beslissing
FIELDS = (
    "uitkomst",
    "uitkomst_tekst",
    "beslist_op",
    "beroep_tot",
    "herroepen",
    "nieuw_besluit",
    "herroepen_besluit",
    "besluit_uiterlijk",
)

#: built once (no statement construction per step)
_EVENTS = (
    select(CaseEvent)
    .where(CaseEvent.case_id == bindparam("case_id"), CaseEvent.kind == EVENT)
    .order_by(CaseEvent.id)
)


def _beslissing(event: CaseEvent) -> dict[str, Any] | None:
    beslissing = (event.data or {}).get(DATA)
    if event.kind == EVENT and isinstance(beslissing, dict) and beslissing.get("beslist_op"):
        return beslissing
    return None


def of_events(s: Session, case_id: int, events: list[CaseEvent]) -> list[tuple[str, dict[str, Any]]]:
    """(ref, payload) of each beslissing op bezwaar among ``events``, the step's own (stored, the last of
    the case's): numbered among the case's beslissingen. No read when there is none."""
    new = sum(1 for e in events if _beslissing(e) is not None)
    return of_case(s, case_id)[-new:] if new else []


def of_case(s: Session, case_id: int) -> list[tuple[str, dict[str, Any]]]:
    """(ref, payload) of every beslissing op bezwaar of the case, in order: its FIELDS and ``nummer``."""
    found = [b for e in s.scalars(_EVENTS, {"case_id": case_id}) if (b := _beslissing(e)) is not None]
    return [
        (f"{KIND}:{n}", {**{k: b[k] for k in FIELDS if k in b}, "nummer": n}) for n, b in enumerate(found, 1)
    ]
