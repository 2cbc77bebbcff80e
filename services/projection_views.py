"""Read the projections of a case back as the dicts the faces and the API show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import JSON, Integer, bindparam, null, select, type_coerce
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from services import berichten, timeline_page
from services.clock import in_nl, iso_utc, start_of_day
from services.projection_case import case_overdue, days_left, term_stands_still
from services.store.models import Case, CaseConflict, CaseEvent, CaseLink, HumanTask
from services.waits.timeline import WaitsNow, case_now

#: what task_dict shows, read as plain rows: no ORM objects, and not the task's own data, engine id or
#: reminder day, which no task view shows
TASK_COLUMNS = tuple(
    c for c in HumanTask.__table__.c if c.name not in ("data", "spiff_task_id", "reminded_on")
)
#: which received messages a case file holds, judged by ``berichten.heading`` of each (policy.shows_message)
ShowsMessage = Callable[[Mapping[str, Any]], bool]
_CASE_ID: Any = bindparam("case_id", type_=Integer)
_IS_MESSAGE = CaseEvent.kind == berichten.EVENT_KIND
_KEPT_TEXT = CaseEvent.data[berichten.TEXT].as_string().is_not(None)
#: the case file's reads, built once (building a statement cost more than running it); the timeline
#: (a page of it: services.timeline_page) reads of a received message's line only its name (``bericht``);
#: the messages' headings (``_HEADINGS``) what the policy judges them by (its ``variabelen``, whether it
#: kept its text: ``bewaard``): what it said is read a page at a time (``_MESSAGES``), never every line of
#: a case whole
_OPEN_TASKS = (
    select(*TASK_COLUMNS)
    .where(HumanTask.case_id == _CASE_ID, HumanTask.state == "open")
    .order_by(HumanTask.id)
)
_EVENT_COLUMNS = (
    CaseEvent.id,
    CaseEvent.at,
    CaseEvent.actor,
    CaseEvent.kind,
    CaseEvent.message,
    CaseEvent.public,
    CaseEvent.element_id,
    type_coerce(sql_case((_IS_MESSAGE, null()), else_=CaseEvent.data), JSON).label("data"),
    sql_case((_IS_MESSAGE, CaseEvent.data[berichten.EVENT_KIND].as_string())).label("bericht"),
)
_HEADINGS = (
    select(
        CaseEvent.id,
        CaseEvent.data[berichten.EVENT_KIND].as_string().label("bericht"),
        type_coerce(CaseEvent.data[berichten.VARIABLES], JSON).label("variabelen"),
        _KEPT_TEXT.label("bewaard"),
    )
    .where(CaseEvent.case_id == _CASE_ID, _IS_MESSAGE)
    .order_by(CaseEvent.id)
)
#: the lines of a page of the messages a case received, whole (``ids``: at most ``berichten.PER_PAGE``)
_MESSAGES = (
    select(CaseEvent.at, CaseEvent.actor, CaseEvent.data)
    .where(CaseEvent.case_id == _CASE_ID, _IS_MESSAGE, CaseEvent.id.in_(bindparam("ids", expanding=True)))
    .order_by(CaseEvent.id)
)
_CONFLICTS = (
    select(*(c for c in CaseConflict.__table__.c if c.name != "details"))
    .where(CaseConflict.case_id == _CASE_ID)
    .order_by(CaseConflict.id)
)
_LINKS = (
    select(CaseLink.reason, Case.reference, Case.title, Case.id)
    .join(Case, Case.id == CaseLink.other_case_id)
    .where(CaseLink.case_id == _CASE_ID)
    .order_by(CaseLink.id)
)


def merged_links(links: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each linked case once (``zaak``: its reference), where it was first linked, with every reason
    it is linked for (a case is linked once per reason, ``case_link``): ``redenen``, and ``reden``, them
    joined by "; " (as the case file and the map panel show it)."""
    merged: dict[str, dict[str, Any]] = {}
    for link in links:
        merged.setdefault(link["zaak"], {**link, "redenen": []})["redenen"].append(link["reden"])
    return [{**link, "reden": "; ".join(link["redenen"])} for link in merged.values()]


def task_dict(t: Any) -> dict[str, Any]:
    """``t``: a HumanTask, or a row of TASK_COLUMNS."""
    return {
        "id": t.id,
        "zaak": t.case_reference,
        "zaak_id": t.case_id,
        "naam": t.name,
        "element": t.bpmn_id,
        "procedure": t.procedure,
        "fase": t.phase,
        "lane": t.lane,
        "kandidaatgroepen": t.candidate_groups,
        "toegewezen_aan": t.assignee,
        #: held by someone: also when an outside party does not read the name (policy.documents.task_names)
        "opgepakt": t.assignee is not None,
        "status": t.state,
        "vervaldatum": t.due_on.isoformat() if t.due_on else None,
        "wettelijke_termijn": t.legal_deadline.isoformat() if t.legal_deadline else None,
        "formulier": t.form_schema,
        "instructies": t.instructions,
        "reden": t.reason,
        "locatie": t.location_name,
        "zaak_titel": t.case_title,
        "hoogste_ernst": t.max_severity,
        "aangemaakt_op": iso_utc(t.created_at),
        "voltooid_op": iso_utc(t.completed_at),
        "voltooid_door": t.completed_by,
    }


def conflict_dict(c: Any) -> dict[str, Any]:
    """``c``: a CaseConflict, or a row with its columns."""
    return {
        "id": c.id,
        "regel": c.regel,
        "laag": c.laag,
        "feature_id": c.feature_id,
        "feature_naam": c.feature_naam,
        "ernst": c.ernst,
        "afdeling": c.afdeling,
        "beschrijving": c.beschrijving,
        "bron": c.bron,
        "afstand_m": c.afstand_m,
        "overlap_m2": c.overlap_m2,
        "overlap_aandeel": c.overlap_aandeel,
        "intern": c.intern,
        "overschreven": c.overschreven,
        "reden_overschrijving": c.override_reason,
        "overschreven_door": c.override_by,
    }


def event_dict(e: Any) -> dict[str, Any]:
    """``e``: a CaseEvent, or a row with its columns (of ``_EVENT_COLUMNS``: a message's line with its name, not
    its data). A received message's line without what it said (``berichten.timeline_data``): the case
    file's ``berichten`` has that, for whom may read it."""
    if e.kind == berichten.EVENT_KIND:
        data = berichten.timeline_data(e.data) if e.data is not None else {berichten.EVENT_KIND: e.bericht}
    else:
        data = e.data
    return {
        "tijdstip": iso_utc(e.at),
        "door": e.actor,
        "soort": e.kind,
        "tekst": e.message,
        "publiek": e.public,
        "element": e.element_id,
        "gegevens": data,
    }


def waiting_list(case: Case) -> dict[str, Any] | None:
    """A running case's place on the netbeheerder's waiting list, as its transportverzoek recorded it
    (summary ``netcapaciteit``): ``positie`` and ``navraag_op``, the day the municipality next asks the
    netbeheerder about it (None on a model version from before that day was planned). None off the list.
    The one source of the status page's date and the API's: the engine's next timer (``volgende_timer``)
    may be another branch's (a reminder, the permit's term), so it is not this date."""
    net: dict[str, Any] = dict(case.typed_summary.netcapaciteit or {})
    if case.status != CaseStatus.LOPEND or net.get("status") != "wachtlijst":
        return None
    return {"positie": net.get("positie"), "navraag_op": net.get("navraag_op")}


def case_dict(
    s: Session,
    case: Case,
    *,
    full: bool = False,
    today: date | None = None,
    open_rows: list[HumanTask] | None = None,
    waits: WaitsNow | None = None,
    messages_page: int = 1,
    shows_message: ShowsMessage | None = None,
    lines: timeline_page.LinesShown | None = None,
) -> dict[str, Any]:
    """The case as the faces and the API read it; ``waits``: its last waits on ``today`` when the caller
    read them already (``timeline.waits_now``: the case page, whose "Wacht op" shows them too);
    ``messages_page``: which page of the messages received the case file holds (1: the newest), of those
    ``shows_message`` keeps (None: every one; ``policy.shows_message``: those its viewer may read);
    ``lines``: which page of the timeline, of the lines its viewer reads (services.timeline_page)."""
    d = case.uiterlijke_einddatum_afdoening
    ref_day = today or in_nl(case.updated_at).date()
    # the gemeente until a bezwaar- or beroepstermijn begins (the rule goes by the day: its first moment)
    held = case_now(s, case, start_of_day(ref_day), waits)
    out: dict[str, Any] = {
        "id": case.id,
        "zaak": case.reference,
        "proces": case.process_id,
        "procedure": case.procedure,
        "titel": case.title,
        "status": case.status,
        "fase": case.phase,
        "initiatiefnemer": case.initiator,
        #: its kind (inwoner, bedrijf, ...): whether its name's words are cut from what outside parties read
        "soort_initiatiefnemer": case.initiator_type,
        "locatie": case.location_name,
        "houder": held.houder,
        "wacht_op": held.wacht_op,
        "wachtlijst": waiting_list(case),
        "uiterlijke_einddatum_afdoening": d.isoformat() if d else None,
        #: deprecated alias of uiterlijke_einddatum_afdoening (the ZGW name), kept for clients reading it
        "uiterlijkeEinddatumAfdoening": d.isoformat() if d else None,
        "dagen_over": days_left(case, ref_day),
        "te_laat": case_overdue(case, ref_day),
        "termijn_opgeschort": term_stands_still(case),
        "opschorting": case.opschorting or {},
        "verlenging": case.verlenging or {},
        "termijn_uitleg": case.deadline_info or {},
        "definitief": case.final,
        "volgende_timer": iso_utc(case.next_timer_at),
        "incident": case.incident,
        "volgcode": case.tracking_code,
        "gestart_op": iso_utc(case.created_at),
        #: when its personal data was removed after its bewaartermijn (services.bewaren); None while kept
        "geanonimiseerd_op": iso_utc(case.geanonimiseerd_op),
        "samenvatting": case.typed_summary.fields(),
        "geometrie_wkt": case.geometry_wkt,
        "open_taken": [task_dict(t) for t in _open_tasks(s, case, open_rows)],
    }
    if full:
        out.update(_case_file(s, case, messages_page, shows_message, lines))
    return out


def _open_tasks(s: Session, case: Case, open_rows: list[HumanTask] | None) -> list[Any]:
    if open_rows is not None:
        return sorted(open_rows, key=lambda r: r.id)
    return list(s.execute(_OPEN_TASKS, {"case_id": case.id}))


def _received(s: Session, case: Case, page: int, shows: ShowsMessage | None) -> dict[str, Any]:
    """Page ``page`` of the messages the case received that ``shows`` keeps (judged by their lines'
    headings: a line's name, variables and whether it kept its text), with what they said, oldest first
    (``berichten.PER_PAGE`` of them, page 1 the newest), and how many of those came before them
    (``berichten.EARLIER``): the page and the count never hold a message ``shows`` leaves out, and only
    the page's lines are read whole (none read when the page is empty)."""
    kept = [
        e.id
        for e in s.execute(_HEADINGS, {"case_id": case.id})
        if shows is None or shows(berichten.heading(e.bericht, e.variabelen, bool(e.bewaard)))
    ]
    per_page = berichten.PER_PAGE
    skip = (min(max(page, 1), berichten.LAST_PAGE) - 1) * per_page
    ids = kept[::-1][skip : skip + per_page]
    rows = s.execute(_MESSAGES, {"case_id": case.id, "ids": ids}).all() if ids else []
    return {
        berichten.FIELD: [berichten.received(e.at, e.actor, e.data) for e in rows],
        berichten.EARLIER: max(len(kept) - skip - len(ids), 0),
    }


def _case_file(
    s: Session,
    case: Case,
    messages_page: int = 1,
    shows_message: ShowsMessage | None = None,
    lines: timeline_page.LinesShown | None = None,
) -> dict[str, Any]:
    """The parts of the full case view: a page of the timeline (``lines``: which lines its viewer reads,
    and which page; None: every line, the newest page) with how many lines came before it, a page of the
    messages received with their texts (``_received``: of those ``shows_message`` keeps), conflicts and
    linked cases (plain rows)."""
    key = {"case_id": case.id}
    events, earlier = timeline_page.page_of(s, case.id, _EVENT_COLUMNS, lines or timeline_page.LinesShown())
    return {
        "tijdlijn": [event_dict(e) for e in events],
        timeline_page.EARLIER: earlier,
        **_received(s, case, messages_page, shows_message),
        "conflicten": [conflict_dict(c) for c in s.execute(_CONFLICTS, key)],
        "gekoppelde_zaken": merged_links(
            {"zaak": link.reference, "reden": link.reason, "titel": link.title, "id": link.id}
            for link in s.execute(_LINKS, key)
        ),
    }
