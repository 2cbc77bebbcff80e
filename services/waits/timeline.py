"""A case's holder timeline for the case file and (public holders only) the status page.

One row per holder with its intervals as bars over calendar time, the non-working days (Atw) marked,
who holds the case now and since when, and the remaining critical path (services.waits.critical_path):
the steps still ahead with the median duration of each from history, and the expected decision date
against the legal deadline.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.getallen import als_id
from processes.termijnen import standaard_kalender
from services import policy
from services.clock import iso_utc, start_of_day
from services.platform import Platform
from services.store.models import Case, HolderInterval, User
from services.waits import derive as d
from services.waits.critical_path import critical_path
from services.waits.store import utc, working_days

#: kinds whose reason text may be shown publicly (the model's public wait texts)
PUBLIC_REASONS = {d.EXTERN, d.INITIATIEFNEMER, d.WETTELIJK}
MAX_MARKED_DAYS = 800


def _pct(part: float, whole: float) -> float:
    return round(100 * part / whole, 2) if whole > 0 else 0.0


def _rows(
    intervals: list[HolderInterval], start: datetime, end: datetime, public: bool
) -> list[dict[str, Any]]:
    span = (end - start).total_seconds()
    rows: dict[str, dict[str, Any]] = {}
    for iv in intervals:
        a, b = utc(iv.started_at), utc(iv.ended_at) if iv.ended_at else end
        name = iv.public_holder if public else iv.holder
        row = rows.setdefault(
            name, {"houder": name, "soort": iv.kind, "segmenten": [], "dagen": 0.0, "werkdagen": 0}
        )
        days = iv.working_days if iv.working_days is not None else working_days(a, b) or 0
        row["segmenten"].append(
            {
                "x": _pct((a - start).total_seconds(), span),
                "breedte": max(_pct((b - a).total_seconds(), span), 0.3),
                "van": iso_utc(a),
                "tot": iso_utc(b) if iv.ended_at else None,
                "werkdagen": days,
                "reden": iv.reason if not public or iv.kind in PUBLIC_REASONS else "",
            }
        )
        row["dagen"] = round(row["dagen"] + (b - a).total_seconds() / 86400, 1)
        row["werkdagen"] += days
    return list(rows.values())


def _non_working(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The weekend days and holidays in the range, as stripes (x and width in percent)."""
    first, last = d.local_day(start), d.local_day(end)
    if (last - first).days > MAX_MARKED_DAYS:
        return []
    kal, span, out = standaard_kalender(), (end - start).total_seconds(), []
    day = first
    while day <= last:
        if not kal.is_werkdag(day):  # in UTC: a day of the clock change lasts 23 or 25 hours
            a = max(start_of_day(day), start)
            b = min(start_of_day(day + timedelta(days=1)), end)
            if b > a:
                out.append(
                    {
                        "x": _pct((a - start).total_seconds(), span),
                        "breedte": _pct((b - a).total_seconds(), span),
                    }
                )
        day += timedelta(days=1)
    return out


def timeline(s: Session, case: Case, now: datetime, *, public: bool) -> dict[str, Any]:
    intervals = list(
        s.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case.id).order_by(HolderInterval.seq)
        )
    )
    start = utc(case.created_at)
    end = utc(case.closed_at) if case.status == "afgerond" and case.closed_at else max(now, start)
    current = intervals[-1] if intervals and intervals[-1].ended_at is None else None
    path = critical_path(s, case, now)
    if path is not None and public:
        path = {**path, "stappen": []}  # step names are internal; the dates are public
    return {
        "van": iso_utc(start),
        "tot": iso_utc(end),
        "rijen": _rows(intervals, start, end, public),
        "vrije_dagen": _non_working(start, end),
        "nu": None
        if current is None
        else {
            "houder": current.public_holder if public else current.holder,
            "soort": current.kind,
            "sinds": iso_utc(current.started_at),
            "werkdagen": working_days(utc(current.started_at), now) or 0,
            "reden": current.reason if not public or current.kind in PUBLIC_REASONS else "",
        },
        "kritiek_pad": path,
        "publiek": public,
    }


def for_case_file(platform: Platform, case_key: int | str, username: str) -> dict[str, Any]:
    """The timeline on the officers' case file, by id or reference (the caller checked access);
    an outside party's or initiator's account sees the public variant."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case_id = als_id(case_key)
        q = (
            select(Case).where(Case.id == case_id)
            if case_id is not None
            else select(Case).where(Case.reference == str(case_key))
        )
        case = s.scalars(q).first()
        user = s.scalars(select(User).where(User.username == username)).first()
        if case is None or user is None:
            return {}
        actor = policy.Actor.of(user)
        public = not policy.is_municipal(actor, policy.rules(platform.settings))
        return timeline(s, case, platform.clock.now(), public=public)


def for_status_page(platform: Platform, code: str) -> dict[str, Any]:
    """The public timeline behind a tracking code (the status page looked the code up already)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
        return {} if case is None else timeline(s, case, platform.clock.now(), public=True)
