"""The case row's part of a step's projections: fields the services set, the summary, who holds
the case and what it waits for, and closing it when the process finished."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.orm import Session

from processes.case_summary import CASE_COLUMNS
from processes.constants import DOCUMENT_NOT_FINAL, CaseStatus
from processes.termijnen.besluitbrief import FinalBesluit, gegeven_op, verzonden_op
from services import projection_text as text
from services.engine.context import StepContext
from services.engine.outcome import ORGANISATIONS_VARIABLE, case_organisations
from services.engine.runtime import StepResult
from services.store.models import Case, Document

#: the case_updates keys that are columns of the case row (the others are summary fields)
CASE_FIELDS = CASE_COLUMNS
_DATE_FIELDS = ("uiterlijke_einddatum_afdoening", "received_on")


def set_geometry(case: Case, wkt: str | None) -> None:
    case.geometry_wkt = wkt
    if wkt:
        from shapely import wkt as shapely_wkt

        minx, miny, maxx, maxy = shapely_wkt.loads(wkt).bounds
        case.min_x, case.min_y, case.max_x, case.max_y = minx, miny, maxx, maxy
    else:  # none: no box
        case.min_x = case.min_y = case.max_x = case.max_y = None


def update_case(s: Session, case: Case, result: StepResult, ctx: StepContext, *, now: datetime) -> bool:
    """Write the step's case fields; True when the case finished in this step (the caller logs it)."""
    _apply_updates(case, ctx.case_updates)
    if result.completed:
        _merge_summary(case, gegevens=_json_safe(result.completed[-1]["data"]))
    named = named_organisations(result)
    if named is not None:
        _merge_summary(case, organisaties=named or None)
    _set_holder_and_wait(case, result, ctx)
    set_next_timer(case, result.next_timer_at, result.next_timer_day, result.next_timer_wat)
    _merge_summary(
        case,
        verwachte_berichten=result.expected_messages,
        wachtende_elementen=result.waiting_elements,
    )
    if result.finished:
        case.status = CaseStatus.AFGEROND
        case.incident = None  # a finished case stands still nowhere; its history keeps the incident line
        case.closed_at = now
        set_next_timer(case)
        case.waiting_for = None
        if result.end_result:
            _merge_summary(case, resultaat=result.end_result)
        finalise_documents(s, case)
    if case.uiterlijke_einddatum_afdoening and not result.finished:
        case.overdue = case_overdue(case, ctx.today())
    return result.finished


def finalise_documents(s: Session, case: Case) -> None:
    """A closed case's documents no longer change (services.documents.checks.check_case_open): those not
    final yet (deleted ones aside) become ``definitief`` as the case closes, in its step, as the zaakregistratie
    makes them at the zaak's end (services.zgw.definitief)."""
    s.execute(
        update(Document)
        .where(
            Document.case_id == case.id,
            Document.status.in_(DOCUMENT_NOT_FINAL),
            Document.verwijderd.is_(False),
        )
        .values(status="definitief")
    )


def named_organisations(result: StepResult) -> dict[str, str] | None:
    """The case's own outside organisations (process variable ``organisaties``) as the last task the step
    completed carries them (a called process's tasks carry the caller's data); None when no completed
    task carries the variable (the summary keeps what it had). A malformed value is refused in Dutch."""
    for done in reversed(result.completed):
        data = done.get("data") or {}
        if ORGANISATIONS_VARIABLE in data:
            return case_organisations(data[ORGANISATIONS_VARIABLE])
    return None


def overdue(
    status: str, deadline: date | None, recorded: bool | None, day: date, decided_on: date | None
) -> bool:
    """Past its legal date on ``day``. A besluit given (``decided_on``: ``CaseSummary.besluit_op``) on or
    before the uiterste beslisdatum met the term (Awb 4:13), also while the case runs on in its
    bezwaartermijn; one given after it was late. A case without a besluit is late from the day after its
    uiterste beslisdatum while it runs, whether or not it took a step since (the column is written only by
    steps); a closed one keeps what its last step recorded. ``overdue_running`` is the same as a query."""
    if decided_on is None and status == CaseStatus.AFGEROND:
        return bool(recorded)
    if deadline is None or day <= deadline:
        return False
    return decided_on is None or decided_on > deadline


def case_overdue(case: Case, day: date) -> bool:
    """``overdue`` of a case row."""
    return overdue(case.status, case.uiterlijke_einddatum_afdoening, case.overdue, day, case.decided_on)


def sent_unrecorded(case: Case, day: date) -> date | None:
    """The day the case's besluit was made known by sending its final letter, by ``day``, while the task
    that took it has not recorded it yet (``Case.decided_on`` from ``record_letter``, the summary naming
    no besluit): the status page tells the besluit as taken and sent. None otherwise, also for a
    letter dated ahead of ``day``."""
    sent = gegeven_op(case.decided_on, day)
    if sent is None or case.typed_summary.genomen_besluit or case.status != CaseStatus.LOPEND:
        return None
    return sent


def days_left(case: Case, day: date) -> int | None:
    """Days from ``day`` to the legal deadline; none without a deadline or once a besluit was given by
    ``day`` (``gegeven_op``: a letter dated ahead counts on until its day; ``te_laat`` then says whether it
    met the term)."""
    deadline = case.uiterlijke_einddatum_afdoening
    return (deadline - day).days if deadline and gegeven_op(case.decided_on, day) is None else None


def term_stands_still(case: Case) -> bool:
    """The case's beslistermijn stands still (an opschorting runs): its date is provisional. The case
    views give it as ``termijn_opgeschort`` (the case file; the case list and the inbox through
    services.waits.open_requests.for_case_rows) and mark the date with it, the status page says it in
    words (services.status.deadline). ``case``: a Case, or a row with its ``opschorting``."""
    opschorting = case.opschorting or {}
    return bool(opschorting.get("indicatie") or opschorting.get("lopend"))


def overdue_running(day: date) -> ColumnElement[bool]:
    """The running cases ``overdue`` finds late on ``day``, as a query condition."""
    deadline = Case.uiterlijke_einddatum_afdoening
    return and_(
        Case.status == CaseStatus.LOPEND,
        deadline < day,
        or_(Case.decided_on.is_(None), Case.decided_on > deadline),
    )


def _apply_updates(case: Case, updates: dict[str, Any]) -> None:
    for key, value in updates.items():
        if key in CASE_FIELDS:
            if key in _DATE_FIELDS and isinstance(value, str):
                value = date.fromisoformat(value)
            setattr(case, key, value)
        else:
            _merge_summary(case, **{key: value})


def _set_holder_and_wait(case: Case, result: StepResult, ctx: StepContext) -> None:
    waits = [w["wacht_op"] for w in result.waiting]
    holders = [w["houder"] for w in result.waiting if w.get("houder")]
    open_groups = [
        g for ot in result.open_tasks for g in (ot.candidate_groups or ([ot.lane] if ot.lane else []))
    ]
    if "waiting_for" not in ctx.case_updates:
        case.waiting_for = text.waiting_for(waits, open_groups, bool(result.open_tasks))
    if "holder" not in ctx.case_updates:
        case.holder = (open_groups or holders or [None])[0]


def record_letter(case: Case, brief: FinalBesluit | None) -> None:
    """Record the case's final besluit letter that stands (``brief``; None: none) in its summary
    (``besluitbrief``), where its day is read: a case with a beslistermijn whose letter is final while the task
    that took it is still open was decided on the day that letter is sent (``besluitbrief.verzonden_op``; Awb
    3:40, 3:41), as ``Case.decided_on`` gives it (``CaseSummary.besluit_op``, while the summary records no
    besluit): a letter sent within the term met it (``overdue``), one dated after it did not. Written where a
    letter is made final or its verzenddatum recorded (services.documents.final_letter.record_sending), not
    in each step; a herstart ends its standing in the summary itself (``CaseSummary.herroepen_brief``)."""
    recorded = None
    if (
        brief is not None
        and brief.document_id is not None
        and case.uiterlijke_einddatum_afdoening is not None
    ):
        day = verzonden_op(brief)
        recorded = {"document": brief.document_id, "verzonden_op": day.isoformat()} if day else None
    _merge_summary(case, besluitbrief=recorded)


def _merge_summary(case: Case, **values: Any) -> None:
    """Set summary fields (an unknown key is refused) and store the versioned document, with the day
    its besluit was given beside it (``Case.decided_on``)."""
    summary = case.typed_summary.merged(values)
    case.summary = summary.to_json()
    case.decided_on = summary.besluit_op()


def _json_safe(data: dict[str, Any], limit: int = 4000) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k.startswith("_") or k.startswith("spiff__"):
            continue
        try:
            dumped = json.dumps(v, default=str)
        except (TypeError, ValueError):
            continue
        if len(dumped) <= limit:
            out[k] = json.loads(dumped)
    return out


def set_next_timer(
    case: Case, at: datetime | None = None, day: date | None = None, wat: str | None = None
) -> None:
    """The case's next timer: when it fires (``next_timer_at``, what the scheduler reads), the Dutch day it
    stands for and the wait it ends (the map's milestone: engine/timer_milestone.py); none of the three
    without a timer."""
    case.next_timer_at, case.next_timer_day, case.next_timer_wat = at, day, wat
