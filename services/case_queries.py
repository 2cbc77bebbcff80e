"""Read queries over the case projections for the faces and the API, plus the conflict override.

Who may see a case, and which of its fields, is decided by services.policy (README, "Autorisatie").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session, load_only

from processes.constants import CaseStatus
from processes.errors import ValidationError
from services import case_sorting, policy, projections, request_reads, task_holding, timeline_page
from services.cases import case_by_key
from services.clock import in_nl, in_utc, iso_utc, today
from services.document_reads import readable_ids
from services.platform import Platform
from services.policy import conflicts as policy_conflicts
from services.policy.names import shown_names
from services.policy.outside import outside_rows, outside_search
from services.projection_case import case_overdue, days_left
from services.store.models import Case, CaseConflict, ProcessDefinition, User
from services.waits import open_requests
from services.waits import timeline as waits_timeline

CASE_STATUSES = {str(status): status.label for status in CaseStatus}
#: the longest search text: longer is no search (and SQLite refuses a LIKE pattern of ~50,000 characters)
MAX_SEARCH_TEXT = 200
#: what a search text matches: the field of the case (policy.case_view) -> its column
SEARCHED = {
    "zaak": Case.reference,
    "titel": Case.title,
    "locatie": Case.location_name,
    "initiatiefnemer": Case.initiator,
}
#: what a row of the case list reads of its case (``_case_row``): not its geometry, summary or file
ROW_COLUMNS = (
    Case.id,
    Case.reference,
    Case.title,
    Case.process_id,
    Case.procedure,
    Case.status,
    Case.phase,
    Case.location_name,
    Case.initiator,
    Case.initiator_type,
    Case.holder,
    Case.uiterlijke_einddatum_afdoening,
    Case.decided_on,
    Case.overdue,
    Case.created_at,
    Case.updated_at,
)


def _check_may_view(platform: Platform, s: Session, user: User, case: Case, asked: int | str) -> None:
    policy.check_may_view(s, policy.Actor.of(user), case, policy.rules(platform.settings), asked=asked)


def check_may_open(platform: Platform, case_key: int | str, username: str) -> None:
    """Refuse whoever may not open ``case_key`` as GET of the case does (404, as an unknown case): the
    API asks this of a write to a case before it reads the request's body."""
    with platform.uow(write=False) as uow:
        s = uow.session
        _check_may_view(platform, s, policy.user_named(s, username), case_by_key(s, case_key), case_key)


def view_now(
    platform: Platform, username: str, case: dict[str, Any], *, intake: bool = False, refuse: bool = False
) -> dict[str, Any] | None:
    """What a call repeated with its Idempotency-Key answers the account ``username`` of ``case`` (the
    first call's case, read now): the case as ``policy.case_view`` shares it, while the account may open
    it as GET /zaken/{zaak} decides, by its role and groups now, not when the key was stored (pentest13,
    3: a replayed POST /zaken gave the case and its volgcode to an account moved off the team). Else
    None, or with ``refuse`` the 404 GET gives (``zaak-onbekend``)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        user = policy.user_named(s, username)
        row, actor = case_by_key(s, int(case["id"])), policy.Actor.of(user)
        rules = policy.rules(platform.settings)
        if refuse:
            _check_may_view(platform, s, user, row, case["zaak"])
        elif not policy.may_view(s, actor, row, rules):
            return None
        reads = policy.task_reads(s, actor, row, rules)
    return policy.case_view(actor, case, rules, intake=intake, reads=reads)


def view_for(
    platform: Platform, username: str, case: dict[str, Any], *, intake: bool = False
) -> dict[str, Any]:
    """``policy.case_view`` of ``case`` for an account by name (the answers of the API's write calls)."""
    with platform.uow(write=False) as uow:
        s, rules = uow.session, policy.rules(platform.settings)
        actor = policy.actor_for(s, username)
        reads = policy.task_reads(s, actor, case_by_key(s, int(case["id"])), rules)
    return policy.case_view(actor, case, rules, intake=intake, reads=reads)


def case_file(
    platform: Platform,
    case_key: int | str,
    username: str,
    *,
    checked: bool = False,
    messages_page: int = 1,
    lines_page: int = 1,
) -> dict[str, Any]:
    """The full case (data, conflicts, timeline) when this user may see it.

    ``checked``: the caller already established access (the user may see a task of this case);
    ``messages_page``: the page of the messages received it holds (projection_views.case_dict);
    ``lines_page``: the page of its timeline (services.timeline_page).
    """
    with platform.uow(write=False) as uow:
        s = uow.session
        user = policy.user_named(s, username)
        case = case_by_key(s, case_key)
        if not checked:
            _check_may_view(platform, s, user, case, case_key)
        request_reads.note(case.reference)
        now = platform.clock.now()
        waits = waits_timeline.waits_now(s, case, now) if case.status != CaseStatus.AFGEROND else None
        pages = (messages_page, lines_page)
        out = _shared(s, platform, user, case, viewed=not checked, now=now, waits=waits, pages=pages)
        actor, rules = policy.Actor.of(user), policy.rules(platform.settings)
        for c in out["conflicten"]:  # the case page's button
            c["mag_overschrijven"] = (
                case.status != CaseStatus.AFGEROND
                and not c["overschreven"]
                and policy_conflicts.may_override(actor, c, rules)
            )
        shown = {c["id"] for c in out["conflicten"]}
        out["conflict_geometrieen"] = {
            c.id: c.details.get("geometrie_wkt")
            for c in s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)).all()
            if c.id in shown and isinstance(c.details, dict) and c.details.get("geometrie_wkt")
        }
        out["wacht_in_woorden"] = _waiting_in_words(waits)
        _name_officers(s, out)
        return out


def _name_officers(s: Session, case: dict[str, Any]) -> None:
    """The officers of the case file as colleagues read them (services.policy.names), in one query:
    ``door_naam`` of a timeline line and of a message received, ``houder`` of an open task, and the login a step's own line names
    in its text (task_holding.named_line). The logins stay under their keys."""
    events, tasks = case.get("tijdlijn") or [], case.get("open_taken") or []
    logins = [e["door"] for e in events] + [t["toegewezen_aan"] for t in tasks]
    names = shown_names(s, logins + [task_holding.line_holder(e) for e in events])
    for e in [*events, *(case.get("berichten") or [])]:  # a message received: who registered it
        e["door_naam"] = names.get(e["door"] or "")
    for e in events:
        e["tekst"] = task_holding.named_line(e, names)
    for t in tasks:
        t["houder"] = names.get(t["toegewezen_aan"] or "")


def visible_links(
    s: Session, actor: policy.Actor, rules: policy.Rules, links: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The linked cases (``zaak`` = reference) this actor may open: the title, phase and status of a
    case it may not see are not its to read (case file, API and map panel alike); an outside party reads
    each title without that case's applicant (policy.outside.outside_rows)."""
    if not links:
        return links
    clause = policy.visible_cases(s, actor, rules)
    if clause is None:
        return links
    refs = [link["zaak"] for link in links]
    seen = set(s.scalars(select(Case.reference).where(Case.reference.in_(refs), clause)))
    shown = [link for link in links if link["zaak"] in seen]
    return outside_rows(s, shown, ("titel",)) if policy.kind(actor, rules) == "extern" else shown


def _shared(
    s: Session,
    platform: Platform,
    user: Any,
    case: Case,
    *,
    viewed: bool,
    now: datetime | None = None,
    waits: waits_timeline.WaitsNow | None = None,
    pages: tuple[int, int] = (1, 1),
) -> dict[str, Any]:
    """The full case as ``policy.case_view`` shares it, with only the linked cases this user may open and
    a page of the timeline lines it may read (services.timeline_page: an outside party or an initiator
    the public ones; nobody the lines of a document it may not read, ``policy.readable_timeline``).
    ``viewed``: the caller has checked that the user may view the case (not only one of its tasks);
    ``now``: the moment the caller judges it at (None: the clock's), ``waits`` its last waits when the
    caller read them then (``projections.case_dict``); ``pages``: the page of its messages received and
    the page of its timeline."""
    actor, rules = policy.Actor.of(user), policy.rules(platform.settings)
    day = today(platform.clock) if now is None else in_nl(now).date()
    reads = policy.task_reads(s, actor, case, rules)
    shows = policy.shows_message(actor, rules, reads)
    doc_actor = policy.document_actor(s, actor, case, rules, views=True if viewed else None)
    lines = timeline_page.LinesShown(
        public_only=not policy.is_municipal(actor, rules),
        documents=readable_ids(s, case.id, doc_actor),
        page=pages[1],
    )
    out = projections.case_dict(
        s,
        case,
        full=True,
        today=day,
        waits=waits,
        messages_page=pages[0],
        shows_message=shows,
        lines=lines,
    )
    out = policy.case_view(actor, out, rules, reads=reads)
    words = policy.holder_words(actor, rules, platform.settings)
    if out.get("houder") and words is not None:  # a public viewer: the status page's words, as it reads them
        out["houder"] = waits_timeline.public_holder(out["houder"], words)
    if isinstance(out.get("gekoppelde_zaken"), list):
        out["gekoppelde_zaken"] = visible_links(s, actor, rules, out["gekoppelde_zaken"])
    return out


def _waiting_in_words(waits: waits_timeline.WaitsNow | None) -> dict[str, list[str]]:
    """What the case waits on, in words for the officers: the waits its model declares (``wacht_op``,
    filled from the case's data as the status page shows it, with the model's ``houder``), not the names
    of every element the engine waits at (a boundary event, an event subprocess's start); a bezwaar- or
    beroepstermijn only from its first day (services.waits.timeline.waits_in_words). ``waits``: the running
    case's last waits (``timeline.waits_now``), None for a closed one. The expected messages are the
    status page's (services.status.letters.expected_in_words, added by the case file)."""
    return {"wachten": waits_timeline.waits_in_words(waits) if waits is not None else []}


def read_case(
    platform: Platform, case_key: int | str, username: str, *, messages_page: int = 1, lines_page: int = 1
) -> dict[str, Any]:
    """The case as the API shows it to this user: refused when they may not see it, else the
    fields the policy shares with them; ``messages_page``: the page of the messages received it holds,
    ``lines_page`` the page of its timeline."""
    with platform.uow(write=False) as uow:
        s = uow.session
        user = policy.user_named(s, username)
        case = case_by_key(s, case_key)
        _check_may_view(platform, s, user, case, case_key)
        request_reads.note(case.reference)
        pages = (messages_page, lines_page)
        return _shared(s, platform, user, case, viewed=True, pages=pages)


def search_cases(
    platform: Platform,
    username: str,
    *,
    text: str | None = None,
    procedure: str | None = None,
    status: str | None = None,
    changed_after: datetime | None = None,
    order: str = case_sorting.NEWEST_FIRST,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Cases this user may see (``policy.visible_cases``), in ``order`` (``case_sorting.CASE_ORDERS``),
    newest first by default; ``text`` matches reference, title, location and initiator, as far as the
    policy shares them with this user (an outside party's search does not read the initiator it may not
    see, nor the title and location as typed: policy.outside.outside_search), and so do ``changed_after`` and ``order`` (their field must be shared with it); ``procedure``
    is a process id or the label of the case's procedure."""
    _check_search(status, text, order)
    with platform.uow(write=False) as uow:
        s = uow.session
        user = policy.user_named(s, username)
        actor, rules = policy.Actor.of(user), policy.rules(platform.settings)
        shared = policy.shared_fields(actor, rules)
        q = select(Case)
        clause = policy.visible_cases(s, actor, rules)
        if clause is not None:
            q = q.where(clause)
        if text and text.strip():
            pattern = (
                "%" + text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            keys = [key for key in SEARCHED if policy.shares(shared, key)]
            if policy.kind(actor, rules) == "extern":  # what it reads, not what the applicant typed
                q = q.where(outside_search(s, clause, text, pattern, keys))
            else:
                like = (func.lower(SEARCHED[key]).like(pattern, escape="\\") for key in keys)
                q = q.where(or_(false(), *like))
        if procedure:
            q = q.where(of_procedures([procedure]))
        if status:
            q = q.where(Case.status == status)
        if changed_after is not None:
            case_sorting.check_shared(shared, "bijgewerkt_op", "gewijzigd_na")
            q = q.where(Case.updated_at > in_utc(changed_after))
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        page = q.options(load_only(*ROW_COLUMNS, raiseload=True)).order_by(
            *case_sorting.order_by(shared, order)
        )
        rows = s.scalars(page.limit(limit).offset(offset)).all()
        day = today(platform.clock)
        words = policy.holder_words(actor, rules, platform.settings)
        waits = open_requests.for_case_rows(
            s, policy.external_groups(s, platform.settings), [c.id for c in rows], platform.clock.now(), words
        )
        return {
            "totaal": total,
            "zaken": [policy.case_view(actor, _case_row(c, day, waits.get(c.id)), rules) for c in rows],
        }


def of_procedures(procedures: list[str]) -> Any:
    """The cases of ``procedures``, each a process id or the label of a case's procedure (the case list,
    the API and the map filter alike)."""
    return or_(Case.process_id.in_(procedures), Case.procedure.in_(procedures))


def _check_search(status: str | None, text: str | None, order: str) -> None:
    if status and status not in CASE_STATUSES:
        raise ValidationError(
            f"Onbekende status '{status}' ({', '.join(CASE_STATUSES)}).", code="status-onbekend"
        )
    if text and len(text.strip()) > MAX_SEARCH_TEXT:
        raise ValidationError(
            f"De zoektekst is te lang ({len(text.strip())} tekens); zoek met hooguit {MAX_SEARCH_TEXT} tekens.",
            code="zoektekst-te-lang",
        )
    case_sorting.check_order(order)


def _case_row(c: Case, day: Any, waits: dict[str, Any] | None = None) -> dict[str, Any]:
    """A case of the list; ``waits``: who holds it since when (the case file's "Ligt bij"), its
    dwangsom, whether its term stands still and its overdue outside questions
    (``open_requests.for_case_rows``)."""
    d = c.uiterlijke_einddatum_afdoening
    waits = waits or {}
    return {
        "id": c.id,
        "zaak": c.reference,
        "titel": c.title,
        "proces": c.process_id,
        "procedure": c.procedure,
        "status": c.status,
        "fase": c.phase,
        "locatie": c.location_name,
        "initiatiefnemer": c.initiator,
        "soort_initiatiefnemer": c.initiator_type,
        "houder": waits.get("houder", c.holder),
        "houder_sinds": waits.get("sinds"),
        "extern_te_laat": waits.get("extern_te_laat") or [],
        "dwangsom": waits.get("dwangsom"),
        "uiterlijke_einddatum_afdoening": d.isoformat() if d else None,
        "uiterlijkeEinddatumAfdoening": d.isoformat() if d else None,  # deprecated alias, as on the case
        "dagen_over": days_left(c, day) if c.status != CaseStatus.AFGEROND else None,
        "te_laat": case_overdue(c, day),
        "termijn_opgeschort": bool(waits.get("termijn_opgeschort")),
        "gestart_op": iso_utc(c.created_at),
        "bijgewerkt_op": iso_utc(c.updated_at),
    }


def filter_options(platform: Platform, username: str | None = None) -> dict[str, list[str]]:
    """``options_in`` in its own read."""
    with platform.uow(write=False) as uow:
        return options_in(uow.session, platform, username)


def options_in(s: Session, platform: Platform, username: str | None = None) -> dict[str, list[str]]:
    """Values for the filter selects: procedures and phases in use (small indexed scans of case);
    with ``username`` only those of the cases the policy lets this user see."""
    clause = None
    if username is not None:
        clause = policy.visible_cases(
            s, policy.Actor.of(policy.user_named(s, username)), policy.rules(platform.settings)
        )
    where = [] if clause is None else [clause]
    procedures = s.scalars(select(Case.procedure).where(*where).distinct().order_by(Case.procedure)).all()
    phases = s.scalars(
        select(Case.phase).distinct().where(Case.phase.is_not(None), *where).order_by(Case.phase)
    ).all()
    return {
        "procedures": [p for p in procedures if p],
        "fasen": [p for p in phases if p],
        "statussen": list(CASE_STATUSES),
    }


def procedure_known(platform: Platform, procedure: str) -> bool:
    """Whether ``procedure`` names a procedure: a deployed process's id or name, or the label of a case
    (its ``procedure_naam``). The API refuses a filter on anything else; the inbox page ignores it."""
    with platform.uow(write=False) as uow:
        s = uow.session
        deployed = select(ProcessDefinition.id).where(
            or_(ProcessDefinition.process_id == procedure, ProcessDefinition.name == procedure)
        )
        labelled = select(Case.id).where(Case.procedure == procedure)
        return s.scalar(select(deployed.exists() | labelled.exists())) is True
