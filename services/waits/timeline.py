"""A case's holder timeline for the case file and (public holders only) the status page.

One row per holder with its intervals as bars over calendar time, the non-working days (Atw) marked,
who holds the case now and since when, and the remaining critical path: the steps still ahead with
the median duration of each from history, and the expected decision date against the legal deadline.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.getallen import als_id
from processes.termijnen import standaard_kalender
from services import policy
from services.clock import NL, in_utc, iso_utc
from services.platform import Platform
from services.store.models import Case, HolderInterval, HumanTask, TaskWait, User
from services.waits import derive as d
from services.waits.store import utc, working_days

#: kinds whose reason text may be shown publicly (the model's public wait texts)
PUBLIC_REASONS = {d.EXTERN, d.INITIATIEFNEMER, d.WETTELIJK}
#: an element is on the usual path when it occurs in at least this share of the closed cases
MAIN_PATH_SHARE = 0.5
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
            a = max(in_utc(datetime.combine(day, datetime.min.time(), NL)), start)
            b = min(in_utc(datetime.combine(day + timedelta(days=1), datetime.min.time(), NL)), end)
            if b > a:
                out.append(
                    {
                        "x": _pct((a - start).total_seconds(), span),
                        "breedte": _pct((b - a).total_seconds(), span),
                    }
                )
        day += timedelta(days=1)
    return out


def _step_medians(s: Session, process_id: str) -> dict[str, tuple[float, float]]:
    """Per task element on the usual path of closed cases: (median order, median days created -> done)."""
    closed = (
        s.scalar(select(func.count()).where(Case.process_id == process_id, Case.status == "afgerond")) or 0
    )
    if not closed:
        return {}
    rows = s.execute(
        select(TaskWait.case_id, TaskWait.element_id, TaskWait.created_at, TaskWait.completed_at)
        .join(Case, Case.id == TaskWait.case_id)
        .where(Case.process_id == process_id, Case.status == "afgerond")
        .order_by(TaskWait.case_id, TaskWait.created_at)
    ).all()
    order: dict[str, list[float]] = defaultdict(list)
    days: dict[str, list[float]] = defaultdict(list)
    cases_with: dict[str, set[int]] = defaultdict(set)
    position: dict[int, int] = defaultdict(int)
    for case_id, element, created, completed in rows:
        if case_id not in cases_with[element]:
            order[element].append(position[case_id])
            position[case_id] += 1
        cases_with[element].add(case_id)
        days[element].append((utc(completed) - utc(created)).total_seconds() / 86400)
    return {
        e: (median(order[e]), median(days[e])) for e in days if len(cases_with[e]) >= MAIN_PATH_SHARE * closed
    }


def critical_path(s: Session, case: Case, now: datetime) -> dict[str, Any] | None:
    """The steps still ahead with their median durations, and the expected decision date; None once
    the case is closed or its besluit was taken (nothing left to estimate)."""
    if case.status == "afgerond" or case.typed_summary.genomen_besluit:
        return None
    medians = _step_medians(s, case.process_id)
    if not medians:
        return None
    names = dict(
        s.execute(select(HumanTask.bpmn_id, HumanTask.name).where(HumanTask.case_id == case.id)).all()
    )
    done = set(s.scalars(select(TaskWait.element_id).where(TaskWait.case_id == case.id)))
    open_rows = s.execute(
        select(HumanTask.bpmn_id, HumanTask.created_at).where(
            HumanTask.case_id == case.id, HumanTask.state == "open"
        )
    ).all()
    reached = [medians[e][0] for e in done | {e for e, _ in open_rows} if e in medians]
    here = max(reached) if reached else -1.0
    steps = []
    for element, created in open_rows:
        if element in medians:
            elapsed = (now - utc(created)).total_seconds() / 86400
            steps.append((medians[element][0], element, max(medians[element][1] - elapsed, 0.0), True))
    for element, (pos, days) in medians.items():
        if element not in done and pos > here and element not in {e for e, _ in open_rows}:
            steps.append((pos, element, days, False))
    steps.sort()
    total = sum(days for _, _, days, _ in steps)
    expected = d.local_day(now + timedelta(days=total))
    deadline = case.uiterlijke_einddatum_afdoening
    return {
        "stappen": [
            {"element": e, "naam": names.get(e, e), "mediaan_dagen": round(days, 1), "loopt": running}
            for _, e, days, running in steps
        ],
        "verwachte_besluitdatum": expected.isoformat(),
        "uiterlijke_besluitdatum": deadline.isoformat() if deadline else None,
        "dagen_marge": (deadline - expected).days if deadline else None,
    }


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
        public = policy.kind(actor, policy.rules(platform.settings)) not in policy.MUNICIPAL_KINDS
        return timeline(s, case, platform.clock.now(), public=public)


def for_status_page(platform: Platform, code: str) -> dict[str, Any]:
    """The public timeline behind a tracking code (the status page looked the code up already)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
        return {} if case is None else timeline(s, case, platform.clock.now(), public=True)
