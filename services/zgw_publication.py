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

from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from processes.zaakbesluit import zaakbesluit
from services import zgw_bezwaar, zgw_lapse
from services.clock import as_utc
from services.store.db import plain
from services.store.models import Case, CaseEvent, HumanTask, OutboxMessage
from services.zgw_outbox import CHANNEL, enabled, put, sent
from services.zgw_publication_documents import publish_documents
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
    # every writer of a zaak state enqueues the zaak itself (ref "zaak") first, so no state means the
    # zaak was never sent: one read decides both (issue #12: no separate existence query per step)
    last = None if facts.started else _last_state(s, case.id)
    if last is None:
        put(s, case, "zaak", {"toestand": zaak_state(case)}, now, ref="zaak")
        put(s, case, "status", begin_status(case, now), now)
        if case.initiator:
            rol(s, case, "aanvrager", case.initiator, case.initiator_type or "", now)
    elif last != zaak_state(case):
        put(s, case, "zaak-bijwerken", {"toestand": zaak_state(case)}, now)
    if facts.phase_changed and case.phase:
        put(s, case, "status", {"fase": case.phase, "moment": now.isoformat()}, now)
    if facts.actor:
        _roles_of_actor(s, case, facts.actor, now, facts.completed_tasks())
    publish_documents(s, case, now)
    events = facts.new_events()
    publish_beslissingen(s, case, events, now)
    publish_lapses(s, case, events, now)
    if case.status == "afgerond" and facts.status_before != "afgerond":
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


#: built once (no statement construction per step)
_LAST_STATE = (
    select(OutboxMessage.payload)
    .where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.case_id == bindparam("case_id"),
        OutboxMessage.kind.in_(("zaak", "zaak-bijwerken")),
    )
    .order_by(OutboxMessage.seq.desc())
    .limit(1)
)


def _last_state(s: Session, case_id: int) -> dict[str, Any] | None:
    """The zaak state last enqueued: one row (through ix_outbox_message_case), however long the case."""
    last = plain(s).scalar(_LAST_STATE, {"case_id": case_id})
    return dict((last or {}).get("toestand") or {}) if last is not None else None


def rol(s: Session, case: Case, rol: str, wie: str, soort: str, now: datetime) -> None:
    ref = f"rol:{rol}:{wie}"[:120]
    if not sent(s, case.id, ref):
        put(s, case, "rol", {"rol": rol, "wie": wie, "soort": soort}, now, ref=ref)


def _roles_of_actor(s: Session, case: Case, actor: str, now: datetime, completed: list[HumanTask]) -> None:
    """Whoever completed a task in this step gets a rol on the zaak (once): an advice task (its id
    starts with "advies") makes its group an adviseur, any other task makes the person a behandelaar.
    ``completed``: the step's own completed user tasks (``StepFacts.completed_tasks``, by the index on
    spiff_task_id), not a scan of all the case's tasks, so a long case costs no more per step."""
    for task in completed:
        if (
            task.completed_by == actor
            and task.completed_at is not None
            and as_utc(task.completed_at) >= as_utc(now)
        ):
            rol(s, case, *task_role(task, actor), now)


def task_role(task: HumanTask, actor: str) -> tuple[str, str, str]:
    """(rol, who, betrokkene kind) of the one who completed ``task``."""
    groups = list(task.candidate_groups or []) or ([task.lane] if task.lane else [])
    if task.bpmn_id.startswith("advies") and groups:
        return "adviseur", str(groups[0]), "organisatorische_eenheid"
    return "behandelaar", actor, "medewerker"
