"""The remaining critical path of a running case and its expected decision date.

The steps ahead come from the procedure's closed cases: the task elements on their usual path, in
their median order, each with the median duration of its tasks (created -> done). Elements whose
tasks ran at the same time in most of the closed cases that had both (beoordelen and the adviesronde)
form one parallel group, which lasts as long as its longest step; the case's open tasks run now, side
by side, and form the first group, each under its own name. No decision is expected before the end of
a period the case waits out whose last day is known: the terinzagelegging of the ontwerpbesluit, or
the term for the applicant's aanvulling.

The closed cases are those "of the same kind": the same procedure and the same bevoegd gezag (a
windpark the provincie decides takes another route than one the gemeente decides). Beside the tasks,
the path holds the waits for an outside organisation that held the case before its besluit in most of
those cases (the provincie's own besluit; not the netbeheerder's answer, which runs beside the path),
with the median duration of each wait. When the besluit is an outside bevoegd gezag's and the history
holds no such wait, no date is given: the page says the platform has no estimate for that part
rather than a date that is certainly too early.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.termijnen.datums import datum_nl
from services import model_labels
from services.clock import start_of_day
from services.store.models import Case, Document, HolderInterval, HumanTask, OutsideWait, TaskWait
from services.waits import derive as d
from services.waits.figures import parties_of
from services.waits.store import utc

#: an element is on the usual path when it occurs in at least this share of the closed cases
MAIN_PATH_SHARE = 0.5
#: two elements run in parallel when their tasks overlapped in at least this share of the closed
#: cases that had both
PARALLEL_SHARE = 0.5


@dataclass(frozen=True)
class Usual:
    """The usual path of a procedure: per element (median order, median days), the element pairs
    whose tasks ran at the same time, and the elements that are waits for an outside organisation
    (element -> that organisation)."""

    steps: dict[str, tuple[float, float]]
    parallel: frozenset[frozenset[str]]
    outside: dict[str, str] = field(default_factory=dict)
    #: per element on the path, the durations (days) of the closed cases, sorted
    durations: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def still_to_go(self, element: str, elapsed: float) -> float | None:
        """The days a step of ``element`` that has run ``elapsed`` days still takes: the median of what
        the closed cases that took longer took beyond that; None when none took longer (the step runs
        longer than in every closed case, so the history gives no estimate)."""
        longer = [days - elapsed for days in self.durations.get(element, ()) if days > elapsed]
        return median(longer) if longer else None


#: the bevoegd gezag values that mean the municipality decides itself (None: not recorded)
OWN_AUTHORITY = (None, "gemeente")


def same_kind(process_id: str, bevoegd_gezag: str | None) -> list[ColumnElement[bool]]:
    """The conditions for the closed cases of the same kind: the procedure and the bevoegd gezag."""
    recorded = Case.summary["bevoegd_gezag"].as_string()
    authority = (
        or_(recorded.is_(None), recorded == "gemeente")
        if bevoegd_gezag in OWN_AUTHORITY
        else recorded == bevoegd_gezag
    )
    return [Case.process_id == process_id, Case.status == CaseStatus.AFGEROND, authority]


def usual_path(s: Session, process_id: str, bevoegd_gezag: str | None = None) -> Usual | None:
    """The usual path of the closed cases of the same kind; None without any."""
    kind = same_kind(process_id, bevoegd_gezag)
    closed = s.scalar(select(func.count()).select_from(Case).where(*kind)) or 0
    if not closed:
        return None
    rows = [
        (case_id, element, utc(created), utc(completed))
        for case_id, element, created, completed in s.execute(
            select(TaskWait.case_id, TaskWait.element_id, TaskWait.created_at, TaskWait.completed_at)
            .join(Case, Case.id == TaskWait.case_id)
            .where(*kind, TaskWait.share == 0)  # a task once, also one a migration moved (its shares)
            .order_by(TaskWait.case_id, TaskWait.created_at)
        )
    ]
    outside = _outside_waits(s, kind)
    rows += [(case_id, element, a, b) for case_id, element, a, b, _ in outside]
    rows.sort(key=lambda r: (r[0], r[2]))
    order: dict[str, list[float]] = defaultdict(list)
    days: dict[str, list[float]] = defaultdict(list)
    spans: dict[int, dict[str, tuple[datetime, datetime]]] = defaultdict(dict)
    position: dict[int, int] = defaultdict(int)
    for case_id, element, a, b in rows:
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
    parties = parties_of(s, {holder for *_, holder in outside})  # named by its party, not another case's
    holders = {
        element: parties.get(holder, holder) for _, element, _, _, holder in outside if element in steps
    }
    durations = {e: tuple(sorted(days[e])) for e in steps}
    return Usual(steps, _parallel_pairs(spans, set(steps)), holders, durations)


def _outside_waits(
    s: Session, kind: list[ColumnElement[bool]]
) -> list[tuple[int, str, datetime, datetime, str]]:
    """The closed waits for an outside organisation that held the case (nothing else to do but wait)
    before its besluit, as (case, element, start, end, organisation): the waits on the path to the
    besluit. A wait that only ran beside the municipality's work, or held the case only after the
    besluit (the netbeheerder's answer), is no part of that path."""
    besluit_op: dict[int, date | None] = {
        case_id: decided for case_id, decided in s.execute(select(Case.id, Case.decided_on).where(*kind))
    }
    held: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    for case_id, element, started in s.execute(
        select(HolderInterval.case_id, HolderInterval.element_id, HolderInterval.started_at)
        .join(Case, Case.id == HolderInterval.case_id)
        .where(*kind, HolderInterval.kind == d.EXTERN, HolderInterval.element_id.is_not(None))
    ):
        held[(case_id, str(element))].append(utc(started))
    out = []
    for case_id, element, holder, a, b in s.execute(
        select(
            OutsideWait.case_id,
            OutsideWait.element_id,
            OutsideWait.holder,
            OutsideWait.started_at,
            OutsideWait.ended_at,
        )
        .join(Case, Case.id == OutsideWait.case_id)
        .where(*kind, OutsideWait.ended_at.is_not(None))
    ):
        decided = besluit_op.get(case_id)
        if b is not None and any(
            decided is None or d.local_day(t) <= decided for t in held.get((case_id, element), [])
        ):
            out.append((case_id, element, utc(a), utc(b), holder))
    return out


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
    terinzagelegging of the ontwerpbesluit up to the end of its post week (a zienswijze posted on its last
    day may come in a week later, Awb 3:16 lid 3 with 6:9; the besluit waits for it), or the term for the
    applicant's aanvulling."""
    found: list[tuple[date, str]] = []
    ter_inzage = case.typed_summary.ter_inzage or {}
    running = (case.opschorting or {}).get("lopend") or {}
    ter_inzage_end = ter_inzage.get("per_post_tot") or ter_inzage.get("tot")
    for what, text in (("ter_inzage", ter_inzage_end), ("aanvulling", running.get("tot_uiterlijk"))):
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
    #: a running step that already runs longer than in every closed case (no estimate of what is left)
    since: datetime | None = None


def _ahead(
    s: Session, case: Case, usual: Usual, now: datetime, waits: list[OutsideWait] | None
) -> list[Step]:
    """The case's open tasks and open waits on the path (each under its own name, with the median time
    it still has) and the elements of the usual path it has not reached yet. ``waits``: the case's
    outside waits when the caller read them already (the timeline does), else read here."""
    done = set(s.scalars(select(TaskWait.element_id).where(TaskWait.case_id == case.id)))
    open_rows: list[tuple[str, str, datetime]] = [
        (e, name, created)
        for e, name, created in s.execute(
            select(HumanTask.bpmn_id, HumanTask.name, HumanTask.created_at)
            .where(HumanTask.case_id == case.id, HumanTask.state == "open")
            .order_by(HumanTask.name, HumanTask.id)
        )
    ]
    if waits is None:
        waits = list(s.scalars(select(OutsideWait).where(OutsideWait.case_id == case.id)))
    open_elements = {e for e, _, _ in open_rows}
    for wait in waits:
        if wait.element_id not in usual.outside:
            continue
        if wait.ended_at is not None:
            done.add(wait.element_id)
        elif wait.element_id not in open_elements:
            open_rows.append((wait.element_id, usual.outside[wait.element_id], wait.started_at))
            open_elements.add(wait.element_id)
    reached = [usual.steps[e][0] for e in done | open_elements if e in usual.steps]
    here = max(reached) if reached else -1.0
    steps = [
        Step(usual.steps[e][0], e, name, left or 0.0, True, None if left is not None else utc(created))
        for e, name, created in open_rows
        if e in usual.steps
        for left in [usual.still_to_go(e, (now - utc(created)).total_seconds() / 86400)]
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
    """The names of elements in the model the case runs and the models it calls (a name filled in per
    task reads without its placeholders: model_labels.step_names)."""
    return model_labels.step_names(s, case.definition_id, elements)


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


def critical_path(
    s: Session, case: Case, now: datetime, waits: list[OutsideWait] | None = None
) -> dict[str, Any] | None:
    """The steps still ahead with their median durations, and the expected decision date; None once
    the case is closed or its besluit was taken (nothing left to estimate), also when its final besluit
    letter was made and the task that took it is still to be completed. When the besluit is an
    outside bevoegd gezag's and the closed cases of the same kind do not tell how long it takes, no date
    (``verwachte_besluitdatum`` None) and ``zonder_schatting`` says why."""
    summary = case.typed_summary
    if case.status == CaseStatus.AFGEROND or summary.genomen_besluit or _letter_made(s, case):
        return None
    usual = usual_path(s, case.process_id, summary.bevoegd_gezag)
    if summary.bevoegd_gezag not in OWN_AUTHORITY and (usual is None or not usual.outside):
        orgaan = summary.extern_bevoegd_gezag or f"de {summary.bevoegd_gezag}"
        return _result(
            case,
            d.local_day(now),
            [],
            None,
            None,
            f"Het besluit neemt {orgaan}; daar "
            "hebben we geen termijn van en geen afgeronde zaken om de duur op te baseren, "
            "dus we noemen geen datum.",
        )
    if usual is None or not usual.steps:
        return None
    groups = _groups(_ahead(s, case, usual, now, waits), usual.parallel)
    today = d.local_day(now)
    beyond = [st for st in groups[0] if st.since is not None] if groups else []
    if beyond:
        return _result(case, today, groups, None, None, _beyond_history(beyond))
    waiting = waits_until(case, today)
    moment, rest = now, groups
    if groups and groups[0][0].running:  # the open tasks run while the case waits
        moment, rest = now + timedelta(days=max(st.days for st in groups[0])), groups[1:]
    moment = _after_wait(moment, waiting)
    for group in rest:
        moment += timedelta(days=max(st.days for st in group))
    outside = [
        {"houder": usual.outside[st.element], "mediaan_dagen": round(usual.steps[st.element][1], 1)}
        for group in groups
        for st in group
        if st.element in usual.outside
    ]
    return {**_result(case, today, groups, d.local_day(moment), waiting, None), "extern": outside}


def _letter_made(s: Session, case: Case) -> bool:
    """Whether the case's final besluit letter was made (the besluit editor's 'Definitief maken'): the
    besluit is taken, though the task that records it may still be open (not the letter of a besluit
    herroepen when the aanvraag was taken back in handling)."""
    standing = Document.standing_final_besluiten_of(case.id)
    return s.scalar(select(Document.id).where(*standing).limit(1)) is not None


def _beyond_history(steps: list[Step]) -> str:
    """Why no date is given while a step runs longer than in every closed case of the same kind (the
    steps are not named: the public page shows this text, and step names are internal)."""
    since = min(d.local_day(st.since) for st in steps if st.since is not None)
    what = "De huidige stap loopt" if len(steps) == 1 else "De huidige stappen lopen"
    return (
        f"{what} al langer dan in alle afgeronde zaken van dezelfde soort (sinds {datum_nl(since)}); "
        "daarom noemen we geen datum."
    )


def _result(
    case: Case,
    today: date,
    groups: list[list[Step]],
    expected: date | None,
    waiting: tuple[str, date] | None,
    no_estimate: str | None,
) -> dict[str, Any]:
    deadline = case.uiterlijke_einddatum_afdoening
    return {
        "stappen": [
            {
                "element": st.element,
                "naam": st.name,
                "mediaan_dagen": round(st.days, 1),
                "loopt": st.running,
                "langer_dan_gebruikelijk": st.since is not None,
                "groep": number,
            }
            for number, group in enumerate(groups, start=1)
            for st in group
        ],
        "verwachte_besluitdatum": expected.isoformat() if expected else None,
        "zonder_schatting": no_estimate,
        "extern": [],
        "wacht_op": waiting[0] if waiting else None,
        "wacht_tot": waiting[1].isoformat() if waiting else None,
        "uiterlijke_besluitdatum": deadline.isoformat() if deadline else None,
        "dagen_marge": (deadline - expected).days if deadline and expected else None,
        "termijn_verstreken": deadline is not None and deadline < today,
        "dagen_verstreken": (today - deadline).days if deadline and deadline < today else 0,
    }


def _after_wait(moment: datetime, waiting: tuple[str, date] | None) -> datetime:
    """``moment``, or the end of the period the case waits out when that is later."""
    if waiting is None:
        return moment
    end = start_of_day(waiting[1] + timedelta(days=1))
    return max(moment, end)
