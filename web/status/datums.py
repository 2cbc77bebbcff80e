"""A day in Dutch words for the status pages (the template filter ``nl_datum``)."""

from __future__ import annotations

from datetime import date, datetime

from processes.termijnen.datums import datum_nl
from services.clock import in_nl


def dutch_date(value: str | date | None) -> str:
    """A day in Dutch words. A moment (a datetime or an ISO string with a time) is read on the Dutch
    calendar: 23:30 UTC on 3 March is 4 March in the Netherlands."""
    if not value:
        return "—"
    if isinstance(value, datetime):
        return datum_nl(in_nl(value).date())
    if isinstance(value, date):
        return datum_nl(value)
    text = str(value)
    if "T" in text:
        return datum_nl(in_nl(datetime.fromisoformat(text)).date())
    return datum_nl(date.fromisoformat(text[:10]))
