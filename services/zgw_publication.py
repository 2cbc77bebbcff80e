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
- ``document`` for each document (``besluit`` for a besluit document: the document and the besluit;
  again, ref ``verzonden:<id>``, when its verzenddatum is recorded after it was queued);
  ``document-versie`` for each later version of a document already queued (ref ``versie:<id>:<n>``):
  the enkelvoudiginformatieobject gets it as its next versie (``services.zgw.versions``);
  ``document-ontkoppelen`` when a document is deleted after it was queued (its zaak link is removed);
- ``besluit-vervallen`` for the besluiten the case withdraws at once (their vervaldatum and vervalreden):
  at the end, or while it runs (a "besluit" event that names them: an adopted plan that goes back for
  rework, with the Wcw besluiten taken on it);
- ``resultaat`` at the end: the resultaat and the closing status.

Nothing is written when ZGW is not configured (``zgw_config(settings)`` is None), nor for a case of a
procedure zgw.toml does not register (``niet_registreren``, services.zgw_registered).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import String, bindparam, cast, exists, literal, or_, select
from sqlalchemy.orm import Session

from processes.zaakbesluit import zaakbesluit
from services import outbox, zgw_lapse
from services.clock import as_utc
from services.platform import Platform
from services.store.models import Case, CaseEvent, Document, HumanTask, OutboxMessage, ZgwObject
from services.zgw_registered import unregistered

CHANNEL = "zgw"


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


#: the settings of services.zgw.config.zgw_config: ZGW is configured when any of them is filled in
ZGW_SETTINGS = (
    "zgw_zaken_url",
    "zgw_catalogi_url",
    "zgw_documenten_url",
    "zgw_besluiten_url",
    "zgw_client_id",
    "zgw_secret",
)


def enabled(settings: Any) -> bool:
    """True when ZGW is configured (``zgw_config(settings)`` is not None). A half-filled configuration
    counts too: the messages then wait in the outbox and the worker reports the configuration error;
    a step never fails on it. (This module sits outside services.zgw, which depends on the document
    service, so that the step seam can list it without an import cycle.)"""
    return any(getattr(settings, name, "") for name in ZGW_SETTINGS)


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
    publish_lapses(s, case, facts.new_events(), now)
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


def _queued(prefix: str) -> Any:
    """A "zgw" message exists under ref ``<prefix><document id>``."""
    return exists().where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.ref == literal(prefix) + cast(Document.id, String),
    )


def _unsent_documents() -> Any:
    """Documents (not deleted) for which no "zgw" message exists yet."""
    return select(Document).where(Document.verwijderd.is_(False), ~_queued("document:"))


def _sent_then_deleted() -> Any:
    """Deleted documents that were queued (perhaps delivered) and whose zaak link is not yet undone."""
    return select(Document).where(
        Document.verwijderd.is_(True), _queued("document:"), ~_queued("ontkoppeld:")
    )


def _new_versions() -> Any:
    """Documents (not deleted) queued before whose latest version has no message yet (``versie:<id>:<n>``;
    a document first queued at version n > 1 gets one too, which then finds Open Zaak current)."""
    latest = exists().where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.ref
        == literal("versie:")
        + cast(Document.id, String)
        + literal(":")
        + cast(Document.latest_version, String),
    )
    return select(Document).where(
        Document.verwijderd.is_(False), Document.latest_version > 1, _queued("document:"), ~latest
    )


#: the statements of every step, built once (no statement construction per step)
_TO_PUBLISH_OF_CASE = (  # one statement per step for all three: only the columns the step needs
    select(
        Document.id,
        Document.informatieobjecttype,
        Document.verwijderd,
        Document.latest_version,
        _queued("document:").label("queued"),
    )
    .where(
        Document.case_id == bindparam("case_id"),
        or_(
            _unsent_documents().whereclause,  # type: ignore[arg-type]
            _sent_then_deleted().whereclause,  # type: ignore[arg-type]
            _new_versions().whereclause,  # type: ignore[arg-type]
        ),
    )
    .order_by(Document.id)
)
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
_SENT = (
    select(OutboxMessage.id)
    .where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.case_id == bindparam("case_id"),
        OutboxMessage.ref == bindparam("ref"),
    )
    .limit(1)
)


def publish_documents(s: Session, case: Case, now: datetime) -> None:
    """Enqueue every document of the case not yet sent, in the order they were added; for each document
    deleted after it was queued, the undoing of its link to the zaak ("document-ontkoppelen"); and for
    each document queued before that has a newer version, that version ("document-versie")."""
    rows = s.execute(_TO_PUBLISH_OF_CASE, {"case_id": case.id}).all()
    for doc_id, soort, deleted, versie, queued in rows:
        if deleted:
            put(s, case, "document-ontkoppelen", {"document": doc_id}, now, ref=f"ontkoppeld:{doc_id}")
        elif queued:
            payload = {"document": doc_id, "versie": versie}
            put(s, case, "document-versie", payload, now, ref=f"versie:{doc_id}:{versie}")
        else:
            kind = "besluit" if soort == "besluit" else "document"
            put(s, case, kind, {"document": doc_id}, now, ref=f"document:{doc_id}")


def publish_verzending(s: Session, case: Case, doc_id: int, now: datetime, settings: Any) -> None:
    """A besluit whose verzenddatum was recorded after it was queued (services.documents.verzending): its
    "besluit" message again (ref ``verzonden:<id>``, which dates the informatieobject too), as the first
    registered the document and waited for that date; one not queued yet goes with it (``publish_documents``)."""
    if enabled(settings) and _sent(s, case.id, f"document:{doc_id}"):
        put(s, case, "besluit", {"document": doc_id}, now, ref=f"verzonden:{doc_id}")


def sweep_documents(platform: Platform, limit: int = 100) -> int:
    """The worker's pass for documents uploaded, versioned or deleted outside a step (an upload is not a
    step): each case already registered gets its new documents, versions and unlinks enqueued, under its
    row lock, in a transaction of its own. A step of the case would enqueue them too (``on_step``);
    whichever comes first, they are sent once."""
    if not enabled(platform.settings):
        return 0
    registered = exists().where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.case_id == Document.case_id,
        OutboxMessage.ref == "zaak",
    )
    with platform.uow(write=False) as uow:
        case_ids = sorted(
            {
                *uow.session.scalars(
                    _unsent_documents()
                    .with_only_columns(Document.case_id)
                    .where(registered)
                    .distinct()
                    .limit(limit)
                ),
                *uow.session.scalars(
                    _sent_then_deleted().with_only_columns(Document.case_id).distinct().limit(limit)
                ),
                *uow.session.scalars(
                    _new_versions().with_only_columns(Document.case_id).distinct().limit(limit)
                ),
            }
        )
    for case_id in case_ids:
        with platform.uow() as uow:
            case = uow.session.scalars(select(Case).where(Case.id == case_id).with_for_update()).one()
            publish_documents(uow.session, case, platform.clock.now())
            uow.commit()
    return len(case_ids)


# -- helpers ------------------------------------------------------------------------------------------
def put(
    s: Session, case: Case, kind: str, payload: dict[str, Any], now: datetime, *, ref: str | None = None
) -> None:
    outbox.enqueue(s, CHANNEL, case.id, kind, payload, now=now, ref=ref)


def messages(s: Session, case_id: int, kinds: tuple[str, ...]) -> list[OutboxMessage]:
    return list(
        s.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.case_id == case_id,
                OutboxMessage.kind.in_(kinds),
            )
            .order_by(OutboxMessage.seq)
        )
    )


def _sent(s: Session, case_id: int, ref: str) -> bool:
    return s.scalar(_SENT, {"case_id": case_id, "ref": ref}) is not None


def _last_state(s: Session, case_id: int) -> dict[str, Any] | None:
    """The zaak state last enqueued: one row (through ix_outbox_message_case), however long the case."""
    last = s.scalar(_LAST_STATE, {"case_id": case_id})
    return dict((last or {}).get("toestand") or {}) if last is not None else None


def rol(s: Session, case: Case, rol: str, wie: str, soort: str, now: datetime) -> None:
    ref = f"rol:{rol}:{wie}"[:120]
    if not _sent(s, case.id, ref):
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


# -- reading back: the case file shows the zaak's URL and its registration state ------------------------
REGISTRATION_TEXT = {
    "geregistreerd": "Geregistreerd in de zaakregistratie",
    "wachtend": "Wacht op registratie in de zaakregistratie",
    "mislukt": "Registratie mislukt; wordt automatisch opnieuw geprobeerd",
    "dood": "Registratie mislukt; beheer moet de aflevering opnieuw aanbieden",
}


def registration_of(s: Session, case_id: int) -> dict[str, Any]:
    """The zaak URL (once created) and the state of the case's "zgw" messages: geregistreerd (all
    delivered), wachtend, mislukt (being retried) or dood (waits for beheer), with the last remote error."""
    url = s.scalar(select(ZgwObject.url).where(ZgwObject.case_id == case_id, ZgwObject.local_key == "zaak"))
    open_ = list(
        s.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.case_id == case_id,
                OutboxMessage.status != "afgeleverd",
            )
            .order_by(OutboxMessage.seq)
        )
    )
    statuses = {m.status for m in open_}
    state = next((st for st in ("dood", "mislukt", "wachtend") if st in statuses), "geregistreerd")
    if state == "geregistreerd" and url is None:
        state = "wachtend"
    error = next((m.last_error for m in open_ if m.last_error), None)
    return {"url": url, "status": state, "tekst": REGISTRATION_TEXT[state], "open": len(open_), "fout": error}
