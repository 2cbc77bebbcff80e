"""Write the projections of a case from an engine step, and read them back as dicts.

The inbox, map, status page and dashboards read these rows; they never deserialize workflows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services.engine.context import StepContext
from services.engine.runtime import StepResult
from services.store.models import Case, CaseConflict, CaseEvent, CaseLink, HumanTask, TaskCandidate

SEVERITY_RANK = {"blokkerend": 3, "waarschuwing": 2, "info": 1}
CASE_FIELDS = {
    "phase",
    "title",
    "initiator",
    "initiator_type",
    "location_name",
    "holder",
    "waiting_for",
    "uiterlijke_einddatum_afdoening",
    "deadline_info",
    "opschorting",
    "verlenging",
    "final",
    "overdue",
    "received_on",
    "procedure",
}


def set_geometry(case: Case, wkt: str | None) -> None:
    case.geometry_wkt = wkt
    if wkt:
        from shapely import wkt as shapely_wkt

        minx, miny, maxx, maxy = shapely_wkt.loads(wkt).bounds
        case.min_x, case.min_y, case.max_x, case.max_y = minx, miny, maxx, maxy


def _json_safe(data: dict[str, Any], limit: int = 4000) -> dict[str, Any]:
    import json

    out: dict[str, Any] = {}
    for k, v in data.items():
        if k.startswith("_") or k.startswith("spiff__"):
            continue
        try:
            text = json.dumps(v, default=str)
        except (TypeError, ValueError):
            continue
        if len(text) <= limit:
            out[k] = json.loads(text)
    return out


def apply(
    s: Session, case: Case, result: StepResult, ctx: StepContext, *, actor: str | None, now: datetime
) -> list[HumanTask]:
    """Write the projections of one step; return the case's open tasks after it."""
    case.updated_at = now
    # -- tasks -------------------------------------------------------------------------------
    open_rows = {
        t.spiff_task_id: t
        for t in s.scalars(
            select(HumanTask)
            .where(HumanTask.case_id == case.id, HumanTask.state == "open")
            .options(selectinload(HumanTask.candidates))
        ).all()
    }
    ready_ids = {t.spiff_task_id for t in result.open_tasks}
    for spiff_id, row in open_rows.items():
        if spiff_id not in ready_ids:
            row.state = "vervallen"
            row.completed_at = now
            for c in row.candidates:
                c.open = False
    from services.routing import route
    from services.taakdocumenten import form_with_documents

    new_rows: list[HumanTask] = []
    for ot in result.open_tasks:
        if ot.spiff_task_id in open_rows:
            continue
        groups = route(s, case, ot)
        row = HumanTask(
            case_id=case.id,
            spiff_task_id=ot.spiff_task_id,
            bpmn_id=ot.bpmn_id,
            name=ot.name,
            lane=ot.lane,
            candidate_groups=groups,
            state="open",
            form_schema=form_with_documents(ot.form_schema, ot.properties),
            instructions=ot.instructions,
            reason=ot.reason,
            due_on=date.fromisoformat(ot.due_on) if ot.due_on else None,
            procedure=case.procedure,
            case_reference=case.reference,
            case_title=case.title,
            phase=result.phase or case.phase,
            location_name=case.location_name,
            created_at=now,
            data={},
        )
        row.candidates = [
            TaskCandidate(
                group_name=g,
                open=True,
                unassigned=True,
                sort_deadline=case.uiterlijke_einddatum_afdoening or date.max,
            )
            for g in groups
        ]
        s.add(row)
        new_rows.append(row)
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor="systeem",
                kind="taak-aangemaakt",
                message=f"Taak '{ot.name}' klaar voor {', '.join(groups) or 'iedereen'}"
                + (f" ({ot.reason})" if ot.reason else ""),
                public=False,
                element_id=ot.bpmn_id,
                data={"groepen": groups},
            )
        )
    # -- events ------------------------------------------------------------------------------
    for done in result.completed:
        props = done["properties"]
        if done["manual"]:
            s.add(
                CaseEvent(
                    case_id=case.id,
                    at=now,
                    actor=actor,
                    kind="taak-voltooid",
                    message=f"Taak '{done['name']}' voltooid",
                    public=False,
                    element_id=done["bpmn_id"],
                    data={},
                )
            )
        if props.get("publiek"):
            from services.engine.runtime import _format

            s.add(
                CaseEvent(
                    case_id=case.id,
                    at=now,
                    actor=actor,
                    kind="status",
                    message=_format(props["publiek"], done["data"]),
                    public=True,
                    element_id=done["bpmn_id"],
                    data={},
                )
            )
    for ev in ctx.events:
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor=actor or "systeem",
                kind=ev["kind"],
                message=ev["message"],
                public=ev["public"],
                data=ev.get("data") or {},
            )
        )
    # -- case fields -------------------------------------------------------------------------
    if result.phase and result.phase != case.phase:
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor="systeem",
                kind="fase",
                message=f"Fase: {result.phase}",
                public=True,
                data={"fase": result.phase},
            )
        )
        case.phase = result.phase
        for row in open_rows.values():
            row.phase = result.phase
    for key, value in ctx.case_updates.items():
        if key in CASE_FIELDS:
            if key in ("uiterlijke_einddatum_afdoening", "received_on") and isinstance(value, str):
                value = date.fromisoformat(value)
            setattr(case, key, value)
        else:
            case.summary = {**(case.summary or {}), key: value}
    if result.completed:
        last = result.completed[-1]["data"]
        case.summary = {**(case.summary or {}), "gegevens": _json_safe(last)}
    waits = [w["wacht_op"] for w in result.waiting]
    holders = [w["houder"] for w in result.waiting if w.get("houder")]
    open_groups = [
        g for ot in result.open_tasks for g in (ot.candidate_groups or ([ot.lane] if ot.lane else []))
    ]
    if "waiting_for" not in ctx.case_updates:
        if waits:
            case.waiting_for = "; ".join(dict.fromkeys(waits))
        elif result.open_tasks:
            case.waiting_for = "in behandeling bij " + ", ".join(
                dict.fromkeys(open_groups or ["de gemeente"])
            )
        else:
            case.waiting_for = None
    if "holder" not in ctx.case_updates:
        case.holder = (open_groups or holders or [None])[0]
    case.next_timer_at = result.next_timer_at
    case.summary = {
        **(case.summary or {}),
        "verwachte_berichten": result.expected_messages,
        "wachtende_elementen": result.waiting_elements,
    }
    if result.finished:
        case.status = "afgerond"
        case.closed_at = now
        case.next_timer_at = None
        case.waiting_for = None
        if result.end_result:
            case.summary = {**(case.summary or {}), "resultaat": result.end_result}
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor="systeem",
                kind="afgerond",
                message="Zaak afgerond" + (f": {result.end_result}" if result.end_result else ""),
                public=True,
                data={},
            )
        )
    if case.uiterlijke_einddatum_afdoening and not result.finished:
        case.overdue = ctx.today() > case.uiterlijke_einddatum_afdoening
    # -- conflicts and links -----------------------------------------------------------------
    if ctx.conflicts is not None:
        _replace_conflicts(s, case, ctx.conflicts)
    for link in ctx.links:
        _link(s, case.id, link["case_id"], link["reden"])
    # keep denormalised inbox columns in step with the case (only rows still open)
    still_open = [r for r in open_rows.values() if r.state == "open"] + new_rows
    if not still_open:
        return still_open
    if ctx.conflicts is not None or new_rows:
        severity = max_severity(s, case.id)
    else:
        severity = still_open[0].max_severity
    for row in still_open:
        if row.max_severity != severity:
            row.max_severity = severity
        if row.legal_deadline != case.uiterlijke_einddatum_afdoening:
            row.legal_deadline = case.uiterlijke_einddatum_afdoening
            for c in row.candidates:
                c.sort_deadline = row.legal_deadline or date.max
        if row.location_name != case.location_name:
            row.location_name = case.location_name
        if row.case_title != case.title:
            row.case_title = case.title
    return still_open


def _replace_conflicts(s: Session, case: Case, conflicts: list[dict[str, Any]]) -> None:
    existing = {
        (c.regel, c.laag, c.feature_id): c
        for c in s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all()
    }
    keep = set()
    for c in conflicts:
        key = (c["regel"], c["laag"], str(c["feature_id"]))
        keep.add(key)
        row = existing.get(key)
        if row is None:
            row = CaseConflict(
                case_id=case.id, regel=c["regel"], laag=c["laag"], feature_id=str(c["feature_id"])
            )
            s.add(row)
        row.ernst = c["ernst"]
        row.afdeling = c["afdeling"]
        row.beschrijving = c.get("beschrijving", "")
        row.bron = c.get("bron", "")
        row.afstand_m = c.get("afstand_m")
        row.overlap_m2 = c.get("overlap_m2")
        row.overlap_aandeel = c.get("overlap_aandeel")
        row.intern = bool(c.get("intern", False))
    for key, row in existing.items():
        if key not in keep:
            s.delete(row)


def _link(s: Session, a: int, b: int, reason: str) -> None:
    if a == b:
        return
    for x, y in ((a, b), (b, a)):
        if (
            s.scalar(
                select(CaseLink.id).where(
                    CaseLink.case_id == x, CaseLink.other_case_id == y, CaseLink.reason == reason
                )
            )
            is None
        ):
            s.add(CaseLink(case_id=x, other_case_id=y, reason=reason))


def max_severity(s: Session, case_id: int) -> str | None:
    rows = s.scalars(
        select(CaseConflict.ernst).where(
            CaseConflict.case_id == case_id, CaseConflict.overschreven.is_(False)
        )
    ).all()
    return max(rows, key=lambda e: SEVERITY_RANK.get(e, 0)) if rows else None


def task_dict(t: HumanTask) -> dict[str, Any]:
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
        "status": t.state,
        "vervaldatum": t.due_on.isoformat() if t.due_on else None,
        "wettelijke_termijn": t.legal_deadline.isoformat() if t.legal_deadline else None,
        "formulier": t.form_schema,
        "instructies": t.instructions,
        "reden": t.reason,
        "locatie": t.location_name,
        "zaak_titel": t.case_title,
        "hoogste_ernst": t.max_severity,
        "aangemaakt_op": t.created_at.isoformat(),
        "voltooid_op": t.completed_at.isoformat() if t.completed_at else None,
        "voltooid_door": t.completed_by,
    }


def conflict_dict(c: CaseConflict) -> dict[str, Any]:
    return {
        "id": c.id,
        "regel": c.regel,
        "laag": c.laag,
        "feature_id": c.feature_id,
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


def event_dict(e: CaseEvent) -> dict[str, Any]:
    return {
        "tijdstip": e.at.isoformat(),
        "door": e.actor,
        "soort": e.kind,
        "tekst": e.message,
        "publiek": e.public,
        "element": e.element_id,
        "gegevens": e.data,
    }


def case_dict(
    s: Session,
    case: Case,
    *,
    full: bool = False,
    today: date | None = None,
    open_rows: list[HumanTask] | None = None,
) -> dict[str, Any]:
    d = case.uiterlijke_einddatum_afdoening
    ref_day = today or case.updated_at.date()
    out: dict[str, Any] = {
        "id": case.id,
        "zaak": case.reference,
        "proces": case.process_id,
        "procedure": case.procedure,
        "titel": case.title,
        "status": case.status,
        "fase": case.phase,
        "initiatiefnemer": case.initiator,
        "locatie": case.location_name,
        "houder": case.holder,
        "wacht_op": case.waiting_for,
        "uiterlijkeEinddatumAfdoening": d.isoformat() if d else None,
        "dagen_over": (d - ref_day).days if d else None,
        "te_laat": case.overdue,
        "opschorting": case.opschorting or {},
        "verlenging": case.verlenging or {},
        "termijn_uitleg": case.deadline_info or {},
        "definitief": case.final,
        "volgende_timer": _utc(case.next_timer_at).isoformat() if case.next_timer_at else None,
        "incident": case.incident,
        "volgcode": case.tracking_code,
        "gestart_op": case.created_at.isoformat(),
        "samenvatting": case.summary or {},
        "geometrie_wkt": case.geometry_wkt,
        "open_taken": [
            task_dict(t)
            for t in (
                sorted(open_rows, key=lambda r: r.id)
                if open_rows is not None
                else s.scalars(
                    select(HumanTask)
                    .where(HumanTask.case_id == case.id, HumanTask.state == "open")
                    .order_by(HumanTask.id)
                ).all()
            )
        ],
    }
    if full:
        out["tijdlijn"] = [
            event_dict(e)
            for e in s.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
            ).all()
        ]
        out["conflicten"] = [
            conflict_dict(c)
            for c in s.scalars(
                select(CaseConflict).where(CaseConflict.case_id == case.id).order_by(CaseConflict.id)
            ).all()
        ]
        out["gekoppelde_zaken"] = [
            {"zaak": other.reference, "reden": link.reason, "titel": other.title, "id": other.id}
            for link, other in s.execute(
                select(CaseLink, Case)
                .join(Case, Case.id == CaseLink.other_case_id)
                .where(CaseLink.case_id == case.id)
                .order_by(CaseLink.id)
            ).all()
        ]
    return out


def _utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    from datetime import UTC

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
