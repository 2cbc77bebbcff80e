"""The map's side panel for one case: phase, milestones, open tasks, conflicts and linked cases.

Reads projections only. Colours and Dutch labels are added by the web face (web.kaart.styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.crs import transformer
from services import policy, request_reads
from services.case_fields import CASE_VIEW_FIELDS
from services.case_queries import visible_links
from services.cases import case_by_key
from services.clock import in_nl, start_of_day
from services.kaart import case_kind, display_status
from services.kaart_milestones import Milestone, first_upcoming, milestones
from services.platform import Platform
from services.policy.names import shown_names
from services.policy.outside import cut_task, of_case
from services.projection_case import case_overdue
from services.projection_views import merged_links
from services.store.models import Case, CaseConflict, CaseLink, HumanTask
from services.waits.store import sending_at
from services.waits.timeline import case_now, public_holder

_CONFLICT_FIELDS = (
    "regel",
    "laag",
    "feature_id",
    "ernst",
    "afdeling",
    "beschrijving",
    "bron",
    "intern",
    "overschreven",
)


def case_panel(platform: Platform, reference: int | str, username: str | None = None) -> dict[str, Any]:
    """What the side panel shows for one case: phase, milestones, open tasks, conflicts, links.

    ``username``: refused (404, as an unknown case) when the policy does not let this user see it."""
    now = platform.clock.now()
    day = in_nl(now).date()
    with platform.uow(write=False) as uow:
        s = uow.session
        c = case_by_key(s, reference)  # by zaaknummer or id, as the contract says; NotFound otherwise
        actor, rules = None, policy.rules(platform.settings)
        if username is not None:
            actor = policy.actor_for(s, username)
            policy.check_may_view(s, actor, c, rules, asked=reference)
            request_reads.note(c.reference)
        tasks = s.scalars(
            select(HumanTask)
            .where(HumanTask.case_id == c.id, HumanTask.state == "open")
            .order_by(HumanTask.id)
        ).all()
        conflicts, links = _conflicts(s, c.id), _links(s, c.id)
        all_tasks = True  # the milestones count the open tasks' due days for who sees them all, as the map
        party, own = "behandelaar", None  # whose account names the panel shows: policy.account_name
        if actor is not None:  # the same share as the case file: policy.case_view's rules
            links = visible_links(s, actor, rules, links)
            party, own = policy.party_of(actor, rules), actor.username
            if not policy.is_municipal(actor, rules):
                conflicts = [k for k in conflicts if not k["intern"]]
                tasks = [t for t in tasks if policy.may_see_task(actor, t)]
                all_tasks = False
        fields, open_tasks = _case_fields(s, c, now), _open_tasks(s, tasks, party, own)
        words = None if actor is None else policy.holder_words(actor, rules, platform.settings)
        if words is not None:  # a public viewer: the status page's words, as its case view
            fields["houder"] = public_holder(fields["houder"], words)
        if actor is not None and policy.kind(actor, rules) == "extern":  # without the applicant's name
            cut = of_case(c)  # one filter for the title, the location and every open task
            fields.update(titel=cut.tekst(c.title), locatie=cut.locatie(c.location_name))
            open_tasks = [cut_task(cut, t) for t in open_tasks]
        panel = {
            **fields,
            **_milestones(c, tasks if all_tasks else [], day),
            "open_taken": open_tasks,
            "conflicten": conflicts,
            "gekoppelde_zaken": links,
            "url": f"/zaken/{c.reference}",
            "bbox": _wgs84_bbox(c),
        }
        if actor is not None:  # the case file's fields as its [velden] list shares them (policy.case_view)
            shared = policy.shared_fields(actor, rules, policy.task_reads(s, actor, c, rules))
            if shared is not None:
                panel.update(
                    policy.shared_view({k: panel[k] for k in CASE_VIEW_FIELDS if k in panel}, shared)
                )
        return panel


def _open_tasks(s: Session, tasks: Sequence[HumanTask], party: str, own: str | None) -> list[dict[str, Any]]:
    """The open tasks as the case page names them: who holds one (``houder``: the colleague's display
    name, services.policy.names; only where the policy shows the login) and why it was routed
    (``reden``, the model's text the case page and the task page show)."""
    logins = {t.id: policy.account_name(party, t.assignee, own) for t in tasks}
    names = shown_names(s, logins.values())
    return [
        {
            "naam": t.name,
            "groepen": t.candidate_groups,
            "toegewezen_aan": logins[t.id],
            "houder": names.get(logins[t.id] or ""),
            "opgepakt": t.assignee is not None,
            "vervaldatum": t.due_on.isoformat() if t.due_on else None,
            "reden": t.reason,
        }
        for t in tasks
    ]


def _case_fields(s: Session, c: Case, now: datetime) -> dict[str, Any]:
    """The case's own fields; ``weergave`` as its dot on the map shows it (``store.sending_at``)."""
    deadline, day = c.uiterlijke_einddatum_afdoening, in_nl(now).date()
    held = case_now(s, c, start_of_day(day))  # as the case's API view gives them
    sends = bool(s.scalar(select(sending_at(now)).where(Case.id == c.id)))
    return {
        "zaak": c.reference,
        "titel": c.title,
        "proces": c.process_id,
        "procedure": c.procedure,
        "soort": case_kind(c.process_id, c.procedure),
        "fase": c.phase,
        "status": c.status,
        "weergave": display_status(c.status, c.waiting_for, case_overdue(c, day), sends),
        "locatie": c.location_name,
        "houder": held.houder,
        "wacht_op": held.wacht_op,
        "uiterlijke_einddatum_afdoening": deadline.isoformat() if deadline else None,
    }


def _milestones(c: Case, tasks: Sequence[HumanTask], day: date) -> dict[str, Any]:
    """The case's milestones and the next one (kaart_milestones, as the map shows and filters it)."""
    found = milestones(
        c.status,
        c.uiterlijke_einddatum_afdoening,
        c.decided_on,
        c.next_timer_day,
        [(t.due_on, t.name) for t in tasks],
        c.next_timer_wat,
        day=day,
    )
    upcoming = first_upcoming(found, day)
    return {
        "volgende_mijlpaal": _milestone(upcoming) if upcoming else None,
        "mijlpalen": [_milestone(m) for m in found],
    }


def _milestone(m: Milestone) -> dict[str, str]:
    return {"datum": m.datum.isoformat(), "wat": m.wat}


def _conflicts(s: Session, case_id: int) -> list[dict[str, Any]]:
    rows = s.scalars(select(CaseConflict).where(CaseConflict.case_id == case_id).order_by(CaseConflict.id))
    return [{f: getattr(k, f) for f in _CONFLICT_FIELDS} for k in rows.all()]


def _links(s: Session, case_id: int) -> list[dict[str, Any]]:
    rows = s.execute(
        select(CaseLink.reason, Case.reference, Case.title, Case.phase, Case.status)
        .join(Case, Case.id == CaseLink.other_case_id)
        .where(CaseLink.case_id == case_id)
        .order_by(CaseLink.id)
    ).all()
    return merged_links(
        {
            "zaak": ref,
            "titel": title,
            "reden": reason,
            "fase": phase,
            "status": status,
            "url": f"/zaken/{ref}",
        }
        for reason, ref, title, phase, status in rows
    )


def _wgs84_bbox(c: Case) -> list[float] | None:
    if c.min_x is None:
        return None
    bounds = (c.min_x, c.min_y, c.max_x, c.max_y)  # the four are set together
    return list(transformer(28992, 4326).transform_bounds(*bounds))  # type: ignore[arg-type]
