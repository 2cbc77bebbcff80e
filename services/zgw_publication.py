"""Publication of a case in the zaakregistratie: the step_effects subscriber that fills the outbox.

After every step (in its transaction) :func:`on_step` writes what the zaakregistratie must learn, as
messages of the "zgw" channel, in the case's order. Messages carry local keys and the moments that
matter, never request bodies: ``services.zgw.delivery`` builds the bodies from the local state when it
delivers, so a message delivered late still sends the case as it is.

- ``zaak`` at intake (and ``zaak-bijwerken`` whenever the deadline, opschorting or verlenging change);
- ``rol`` for the initiator, each behandelaar and each adviser (once per person or group);
- ``status`` at the zaak's registration (``begin``: its first statustype, volgnummer 1, as the start step
  passes the reception within itself) and at each phase change (the mapping decides which phases are
  public statustypen);
- ``document``, ``besluit``, ``document-versie`` and ``document-ontkoppelen`` for the case's documents
  (services.zgw_publication_documents);
- ``beslissing-op-bezwaar`` for each beslissing op bezwaar the case records (services.zgw_bezwaar), a
  besluit of its own on the zaak;
- ``besluit-vervallen`` for the besluiten the case withdraws at once (their vervaldatum and vervalreden):
  at the end, or while it runs (a "besluit" event that names them: an adopted plan that goes back for
  rework, with the Wcw besluiten taken on it);
- ``resultaat`` at the end: the resultaat and the closing status.

Nothing is written when ZGW is not configured (``zgw_config(settings)`` is None), nor for a case of a
procedure zgw.toml does not register (``niet_registreren``, services.zgw_registered). The channel itself
(enabled, put, messages) is services.zgw_outbox; the case file reads the registration back through
services.zgw.registration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

from sqlalchemy import JSON, String, bindparam, cast, literal_column, null, or_, select, union_all
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.zaakbesluit import zaakbesluit
from services import zgw_bezwaar, zgw_lapse
from services.clock import as_utc
from services.store.db import plain
from services.store.models import Case, CaseEvent, HumanTask, OutboxMessage
from services.zgw_outbox import CHANNEL, enabled, put, sent
from services.zgw_publication_documents import TO_PUBLISH_OF_CASE, enqueue_documents
from services.zgw_registered import unregistered


class StepView(Protocol):
    """What this subscriber reads of ``services.step_effects.StepFacts`` (not imported: no cycle)."""

    @property
    def session(self) -> Session: ...

    @property
    def case(self) -> Case: ...

    @property
    def actor(self) -> str | None: ...

    @property
    def now(self) -> datetime: ...

    @property
    def status_before(self) -> str | None: ...

    @property
    def result(self) -> Any: ...

    @property
    def started(self) -> bool: ...

    @property
    def phase_changed(self) -> bool: ...

    @property
    def ctx(self) -> Any: ...

    def completed_tasks(self) -> list[HumanTask]: ...

    def new_events(self) -> list[CaseEvent]: ...


def zaak_state(case: Case) -> dict[str, Any]:
    """The parts of the zaak a step may change: the deadline, opschorting and verlenging."""
    deadline = case.uiterlijke_einddatum_afdoening
    opschorting = case.opschorting or {}
    verlenging = case.verlenging or {}
    return {
        "uiterlijkeEinddatumAfdoening": deadline.isoformat() if isinstance(deadline, date) else None,
        "opgeschort": bool(opschorting.get("indicatie")),
        "opschorting_reden": str(opschorting.get("reden") or ""),
        "verlenging_dagen": int(verlenging.get("duur_weken") or 0) * 7,
        "verlenging_reden": str(verlenging.get("reden") or ""),
    }


def on_step(facts: StepView) -> None:
    """The subscriber listed in ``services.step_effects.SUBSCRIBERS``."""
    if not enabled(facts.ctx.settings) or facts.case.process_id in unregistered(facts.ctx.settings):
        return
    s, case, now = facts.session, facts.case, facts.now
    roles = _roles_of_actor(facts.actor, now, facts.completed_tasks()) if facts.actor else []
    aanvrager = ("aanvrager", case.initiator, case.initiator_type or "") if case.initiator else None
    read = _read(s, case.id, [aanvrager, *roles] if aanvrager and facts.started else roles)
    # every writer of a zaak state enqueues the zaak itself (ref "zaak") first, so no state means the
    # zaak was never sent: one read decides both (issue #12: no separate existence query per step)
    last = None if facts.started else read.last_state
    if last is None:
        put(s, case, "zaak", {"toestand": zaak_state(case)}, now, ref="zaak")
        put(s, case, "status", begin_status(case, now), now)
        if aanvrager is not None:
            read.rol(s, case, aanvrager, now)
    elif last != zaak_state(case):
        put(s, case, "zaak-bijwerken", {"toestand": zaak_state(case)}, now)
    if facts.phase_changed and case.phase:
        put(s, case, "status", {"fase": case.phase, "moment": now.isoformat()}, now)
    for role in roles:
        read.rol(s, case, role, now)
    enqueue_documents(s, case, read.documents, now)
    events = facts.new_events()
    publish_beslissingen(s, case, events, now)
    publish_lapses(s, case, events, now)
    if case.status == CaseStatus.AFGEROND and facts.status_before != CaseStatus.AFGEROND:
        publish_withdrawal(s, case, now)
        put(s, case, "resultaat", _end(case, facts.result, now), now)


def begin_status(case: Case, now: datetime) -> dict[str, Any]:
    """The zaak's first status (``begin``: the statustype with volgnummer 1, "Aanvraag ontvangen"), at the
    moment the case was registered (else ``now``): before the status of the phase its first step ends in."""
    return {"begin": True, "moment": (as_utc(case.created_at) if case.created_at else now).isoformat()}


def publish_withdrawal(s: Session, case: Case, now: datetime, ended: datetime | None = None) -> None:
    """The besluiten the case, ended at ``ended`` (default ``now``), withdraws (``zgw_lapse.at_end``) lapse:
    one "besluit-vervallen", before the resultaat closes the zaak."""
    payload = zgw_lapse.at_end(s, case, ended or now)
    if payload is not None:
        put(s, case, "besluit-vervallen", payload, now, ref="besluit-vervallen")


def publish_beslissingen(s: Session, case: Case, events: list[CaseEvent], now: datetime) -> None:
    """Each beslissing op bezwaar among ``events`` (``zgw_bezwaar.of_events``): one "beslissing-op-bezwaar"
    per event."""
    for ref, payload in zgw_bezwaar.of_events(s, case.id, events):
        put(s, case, zgw_bezwaar.KIND, payload, now, ref=ref)


def publish_lapses(s: Session, case: Case, events: list[CaseEvent], now: datetime) -> None:
    """The besluiten each event withdraws while the case runs (``zgw_lapse.of_events``) lapse: one
    "besluit-vervallen" per event."""
    for ref, payload in zgw_lapse.of_events(s, case, events):
        put(s, case, "besluit-vervallen", payload, now, ref=ref)


def _end(case: Case, result: Any, now: datetime) -> dict[str, Any]:
    """The end of the case: its outcome text, the end event (the mapping picks the resultaattype by it)
    and the decision the case recorded (``processes.zaakbesluit``: the ``besluit`` form value, or an
    adopted plan's "vastgesteld"), for outcomes that depend on it: as `zaken opschonen` reads it."""
    ends = [c for c in getattr(result, "completed", []) if "resultaat" in (c.get("properties") or {})]
    data = dict(ends[-1].get("data") or {}) if ends else {}
    return {
        "resultaat": case.typed_summary.resultaat or "",
        "einde": str(ends[-1]["bpmn_id"]) if ends else "",
        "besluit": zaakbesluit(data),
        "moment": now.isoformat(),
    }


#: what a step's publication reads, in one statement (issue #12): part 0 the zaak state last enqueued,
#: part 1 each rol asked about that is queued, part 2 the documents to publish (``TO_PUBLISH_OF_CASE``),
#: by id. Parts 0 and 1 each take one row, through ix_outbox_message_case, however long the case.
_LAST_STATE = (
    select(OutboxMessage.payload)
    .where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.case_id == bindparam("case_id"),
        # two kinds as an OR, not an IN list: SQLAlchemy renders an IN list into the statement's text
        # again at every execution (an expanding parameter), which cost the step's read about a third
        or_(OutboxMessage.kind == "zaak", OutboxMessage.kind == "zaak-bijwerken"),
    )
    .order_by(OutboxMessage.seq.desc())
    .limit(1)
    .subquery()
)
_DOCUMENTS = TO_PUBLISH_OF_CASE.order_by(None)
_NO_DOCUMENT = [cast(null(), c.type).label(c.key) for c in _DOCUMENTS.selected_columns]
_NO_PAYLOAD, _NO_REF = cast(null(), JSON).label("payload"), cast(null(), String).label("ref")


def _part(n: int) -> Any:
    return literal_column(str(n)).label("part")


def _queued_rol(i: int) -> Any:
    """Part 1 for the ``i``-th rol asked about: its ref when queued (one row, as ``zgw_outbox.sent``)."""
    first = (
        select(OutboxMessage.ref)
        .where(
            OutboxMessage.channel == CHANNEL,
            OutboxMessage.case_id == bindparam("case_id"),
            OutboxMessage.ref == bindparam(f"ref_{i}"),
        )
        .limit(1)
        .subquery()
    )
    return select(_part(1), _NO_PAYLOAD, first.c.ref, *_NO_DOCUMENT)


@cache
def _step_read(roles: int) -> Any:
    """The statement for ``roles`` rollen asked about, built once per number."""
    return union_all(
        select(_part(0), _LAST_STATE.c.payload, _NO_REF, *_NO_DOCUMENT),
        *(_queued_rol(i) for i in range(roles)),
        _DOCUMENTS.with_only_columns(_part(2), _NO_PAYLOAD, _NO_REF, *_DOCUMENTS.selected_columns),
    ).order_by(literal_column("part"), literal_column("id"))


Role = tuple[str, str, str]


def _ref(role: Role) -> str:
    return f"rol:{role[0]}:{role[1]}"[:120]


@dataclass
class _StepRead:
    """What the step's publication read of the case: the rollen it asked about, those of them queued
    (also by this step since), the last zaak state and the documents to publish."""

    asked: set[str]
    queued: set[str]
    last_state: dict[str, Any] | None = None
    documents: list[Any] = field(default_factory=list)

    def rol(self, s: Session, case: Case, role: Role, now: datetime) -> None:
        """Queue the rol (rol, who, betrokkene kind) once; one not asked about is looked up."""
        ref = _ref(role)
        if ref in self.queued or ref not in self.asked and sent(s, case.id, ref):
            return
        put(s, case, "rol", {"rol": role[0], "wie": role[1], "soort": role[2]}, now, ref=ref)
        self.queued.add(ref)


def _read(s: Session, case_id: int, roles: list[Role]) -> _StepRead:
    """The case's part of the step's read, asking about ``roles``."""
    refs = sorted({_ref(r) for r in roles})
    read = _StepRead(set(refs), set())
    params = {"case_id": case_id, **{f"ref_{i}": ref for i, ref in enumerate(refs)}}
    row: Any
    for row in plain(s).execute(_step_read(len(refs)), params):
        if row[0] == 0:
            read.last_state = dict((row[1] or {}).get("toestand") or {})
        elif row[0] == 1:
            read.queued.add(row[2])
        else:
            read.documents.append(row[3:])
    return read


def _roles_of_actor(actor: str, now: datetime, completed: list[HumanTask]) -> list[Role]:
    """Whoever completed a task in this step gets a rol on the zaak (once): an advice task (its id
    starts with "advies") makes its group an adviseur, any other task makes the person a behandelaar.
    ``completed``: the step's own completed user tasks (``StepFacts.completed_tasks``, by the index on
    spiff_task_id), not a scan of all the case's tasks, so a long case costs no more per step."""
    return [
        task_role(task, actor)
        for task in completed
        if task.completed_by == actor
        and task.completed_at is not None
        and as_utc(task.completed_at) >= as_utc(now)
    ]


def task_role(task: HumanTask, actor: str) -> tuple[str, str, str]:
    """(rol, who, betrokkene kind) of the one who completed ``task``."""
    groups = list(task.candidate_groups or []) or ([task.lane] if task.lane else [])
    if task.bpmn_id.startswith("advies") and groups:
        return "adviseur", str(groups[0]), "organisatorische_eenheid"
    return "behandelaar", actor, "medewerker"
