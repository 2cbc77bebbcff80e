"""The remaining critical path of a running case and its expected decision date.

The steps ahead come from the procedure's closed cases: the task elements on their usual path, in
their median order, each with the median duration of its tasks (created -> done). Elements whose
tasks ran at the same time in most of the closed cases that had both (beoordelen and the adviesronde)
form one parallel group, which lasts as long as its longest step; the case's open tasks run now, side
by side, and form the first group, each under its own name. No decision is expected before the end of
a period the case waits out whose last day is known: the terinzagelegging of the ontwerpbesluit, or
the term for the applicant's aanvulling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services import model_labels
from services.clock import start_of_day
from services.store.models import Case, HumanTask, TaskWait
from services.waits import derive as d
from services.waits.store import utc

#: an element is on the usual path when it occurs in at least this share of the closed cases
MAIN_PATH_SHARE = 0.5
#: two elements run in parallel when their tasks overlapped in at least this share of the closed
#: cases that had both
PARALLEL_SHARE = 0.5


@dataclass(frozen=True)
class Usual:
    """The usual path of a procedure: per element (median order, median days), and the element
    pairs whose tasks ran at the same time."""

    steps: dict[str, tuple[float, float]]
    parallel: frozenset[frozenset[str]]


def usual_path(s: Session, process_id: str) -> Usual | None:
    """The usual path of the procedure's closed cases; None without any."""
    closed = (
        s.scalar(select(func.count()).where(Case.process_id == process_id, Case.status == "afgerond")) or 0
    )
    if not closed:
        return None
    rows = s.execute(
        select(TaskWait.case_id, TaskWait.element_id, TaskWait.created_at, TaskWait.completed_at)
        .join(Case, Case.id == TaskWait.case_id)
        .where(Case.process_id == process_id, Case.status == "afgerond")
        .order_by(TaskWait.case_id, TaskWait.created_at)
    ).all()
    order: dict[str, list[float]] = defaultdict(list)
    days: dict[str, list[float]] = defaultdict(list)
    spans: dict[int, dict[str, tuple[datetime, datetime]]] = defaultdict(dict)
    position: dict[int, int] = defaultdict(int)
    for case_id, element, created, completed in rows:
        a, b = utc(created), utc(completed)
        per = spans[case_id]
        if element not in per:
            order[element].append(position[case_id])
            position[case_id] += 1
        old = per.get(element, (a, b))
        per[element] = (min(old[0], a), max(old[1], b))
        days[element].append((b - a).total_seconds() / 86400)
    cases_with = Counter(e for per in spans.values() for e in per)
    steps = {
        e: (median(order[e]), median(days[e])) for e in days if cases_with[e] >= MAIN_PATH_SHARE * closed
    }
    return Usual(steps, _parallel_pairs(spans, set(steps)))


def _parallel_pairs(
    spans: dict[int, dict[str, tuple[datetime, datetime]]], elements: set[str]
) -> frozenset[frozenset[str]]:
    both: Counter[frozenset[str]] = Counter()
    overlapping: Counter[frozenset[str]] = Counter()
    for per in spans.values():
        present = sorted(e for e in per if e in elements)
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pair = frozenset((a, b))
                both[pair] += 1
                (a0, a1), (b0, b1) = per[a], per[b]
                overlapping[pair] += a0 < b1 and b0 < a1
    return frozenset(p for p, n in both.items() if overlapping[p] and overlapping[p] >= PARALLEL_SHARE * n)


def waits_until(case: Case, today: date) -> tuple[str, date] | None:
    """(what, last day) of a period the case waits out whose end is known and still ahead: the
    terinzagelegging of the ontwerpbesluit, or the term for the applicant's aanvulling."""
    found: list[tuple[date, str]] = []
    ter_inzage = case.typed_summary.ter_inzage or {}
    running = (case.opschorting or {}).get("lopend") or {}
    for what, text in (("ter_inzage", ter_inzage.get("tot")), ("aanvulling", running.get("tot_uiterlijk"))):
        try:
            last = date.fromisoformat(str(text)) if text else None
        except ValueError:
            last = None
        if last is not None and last >= today:
            found.append((last, what))
    if not found:
        return None
    last, what = max(found)
    return what, last


@dataclass(frozen=True)
class Step:
    position: float
    element: str
    name: str
    days: float
    running: bool


def _ahead(s: Session, case: Case, usual: Usual, now: datetime) -> list[Step]:
    """The case's open tasks (each under its own name, with the median time it still has) and the
    elements of the usual path it has not reached yet."""
    done = set(s.scalars(select(TaskWait.element_id).where(TaskWait.case_id == case.id)))
    open_rows = s.execute(
        select(HumanTask.bpmn_id, HumanTask.name, HumanTask.created_at)
        .where(HumanTask.case_id == case.id, HumanTask.state == "open")
        .order_by(HumanTask.name, HumanTask.id)
    ).all()
    open_elements = {e for e, _, _ in open_rows}
    reached = [usual.steps[e][0] for e in done | open_elements if e in usual.steps]
    here = max(reached) if reached else -1.0
    steps = [
        Step(pos, e, name, max(days - (now - utc(created)).total_seconds() / 86400, 0.0), True)
        for e, name, created in open_rows
        if e in usual.steps
        for pos, days in [usual.steps[e]]
    ]
    later = sorted(
        (pos, e, days)
        for e, (pos, days) in usual.steps.items()
        if e not in done and e not in open_elements and pos > here
    )
    names = _model_names(s, case, [e for _, e, _ in later])
    steps += [Step(pos, e, names.get(e, e), days, False) for pos, e, days in later]
    return steps


def _model_names(s: Session, case: Case, elements: list[str]) -> dict[str, str]:
    """The names of elements in the model the case runs; a name filled in per task ("{adviseur[titel]}")
    tells nothing before the task exists, and is left out."""
    if not elements:
        return {}
    found, _ = model_labels.definition_model(s, case.definition_id)
    return {e: found[e][1] for e in elements if e in found and found[e][1] and "{" not in found[e][1]}


def _groups(steps: list[Step], parallel: frozenset[frozenset[str]]) -> list[list[Step]]:
    """The steps in groups that run at the same time: the running ones first (with what ran in parallel
    with them), then each step ahead with the first group it runs in parallel with, else on its own."""
    groups: list[list[Step]] = [[st for st in steps if st.running]]
    for st in (st for st in steps if not st.running):
        home = next(
            (g for g in groups if any(frozenset((st.element, o.element)) in parallel for o in g)), None
        )
        if home is None:
            groups.append([st])
        else:
            home.append(st)
    return [g for g in groups if g]


def critical_path(s: Session, case: Case, now: datetime) -> dict[str, Any] | None:
    """The steps still ahead with their median durations, and the expected decision date; None once
    the case is closed or its besluit was taken (nothing left to estimate)."""
    if case.status == "afgerond" or case.typed_summary.genomen_besluit:
        return None
    usual = usual_path(s, case.process_id)
    if usual is None or not usual.steps:
        return None
    groups = _groups(_ahead(s, case, usual, now), usual.parallel)
    today = d.local_day(now)
    waiting = waits_until(case, today)
    moment, rest = now, groups
    if groups and groups[0][0].running:  # the open tasks run while the case waits
        moment, rest = now + timedelta(days=max(st.days for st in groups[0])), groups[1:]
    moment = _after_wait(moment, waiting)
    for group in rest:
        moment += timedelta(days=max(st.days for st in group))
    expected = d.local_day(moment)
    deadline = case.uiterlijke_einddatum_afdoening
    return {
        "stappen": [
            {
                "element": st.element,
                "naam": st.name,
                "mediaan_dagen": round(st.days, 1),
                "loopt": st.running,
                "groep": number,
            }
            for number, group in enumerate(groups, start=1)
            for st in group
        ],
        "verwachte_besluitdatum": expected.isoformat(),
        "wacht_op": waiting[0] if waiting else None,
        "wacht_tot": waiting[1].isoformat() if waiting else None,
        "uiterlijke_besluitdatum": deadline.isoformat() if deadline else None,
        "dagen_marge": (deadline - expected).days if deadline else None,
        "termijn_verstreken": deadline is not None and deadline < today,
        "dagen_verstreken": (today - deadline).days if deadline and deadline < today else 0,
    }


def _after_wait(moment: datetime, waiting: tuple[str, date] | None) -> datetime:
    """``moment``, or the end of the period the case waits out when that is later."""
    if waiting is None:
        return moment
    end = start_of_day(waiting[1] + timedelta(days=1))
    return max(moment, end)
