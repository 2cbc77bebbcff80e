"""The public lines of a case's status page, a page at a time: the newest ``PER_PAGE`` (shown oldest
first) and how many came before them (``EARLIER``), never a long case's whole history at once (a running
wijkuitvoeringsplan's 369 public lines made the page 91-224 KB). Only the public lines are read: no
internal note, no actor (services/status/view.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.termijnen.datums import als_datum
from services import timeline_page
from services.clock import in_nl, iso_utc
from services.store.models import Case, CaseConflict, CaseEvent

#: the most public lines the status page shows at once (services.timeline_page's, for the same reason)
PER_PAGE = timeline_page.PER_PAGE
#: the field of the public status that counts the public lines before its page
EARLIER = timeline_page.EARLIER


def withdrawn_on(s: Session, case: Case) -> date | None:
    """The day the case's intrekking was received (``ontvangen_op`` of its first public ``intrekking``
    line: a behandelaar registering a letter gives its day of receipt), or None. A line recorded before it
    carried that day gives the day it was recorded."""
    first = (
        select(CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.public.is_(True), CaseEvent.kind == "intrekking")
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    row = s.execute(first.limit(1)).first()
    if row is None:
        return None
    received = (row.data or {}).get("ontvangen_op")
    return als_datum(received, "De ontvangst van de intrekking") if received else in_nl(row.at).date()


def read_projections(s: Session, case: Case) -> dict[str, Any]:
    """The start of each phase and the public remarks of one case."""
    phase_events = s.execute(
        select(CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "fase")
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    started: dict[str, date] = {}
    for line in phase_events:
        name = (line.data or {}).get("fase")
        if isinstance(name, str):
            started.setdefault(name, in_nl(line.at).date())
    remarks = s.execute(
        select(CaseConflict.beschrijving, CaseConflict.ernst)
        .where(
            CaseConflict.case_id == case.id,
            CaseConflict.intern.is_(False),
            CaseConflict.overschreven.is_(False),
        )
        .order_by(CaseConflict.id)
    ).all()
    return {"remarks": remarks, "started": started}


def public_lines(s: Session, case: Case, read: dict[str, Any], phased: bool, page: int = 1) -> dict[str, Any]:
    """The page's timeline (``page`` 1: the newest ``PER_PAGE`` public lines, oldest first), how many
    public lines came before it, and the location remarks from ``read_projections``. ``phased``: the model
    has public phases, which the step bar shows in public words (its internal phase lines are left out)."""
    where = [CaseEvent.case_id == case.id, CaseEvent.public.is_(True)]
    if phased:
        where.append(CaseEvent.kind != "fase")
    skip = (min(max(page, 1), timeline_page.LAST_PAGE) - 1) * PER_PAGE
    newest = (
        select(CaseEvent.at, CaseEvent.message)
        .where(*where)
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    )
    rows = list(s.execute(newest.limit(PER_PAGE).offset(skip)))[::-1]
    earlier = 0
    if len(rows) == PER_PAGE:
        total = s.scalar(select(func.count()).select_from(CaseEvent).where(*where)) or 0
        earlier = max(total - skip - len(rows), 0)
    return {
        "tijdlijn": [
            {"tijdstip": iso_utc(at), "datum": in_nl(at).date().isoformat(), "tekst": message}
            for at, message in rows
        ],
        EARLIER: earlier,
        # one line per kind of remark, not one per nearby feature
        "aandachtspunten": [
            {"tekst": text, "ernst": ernst} for text, ernst in dict.fromkeys(read["remarks"])
        ],
    }
