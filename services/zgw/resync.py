"""`ruimteflow zgw resync ZAAK`: rebuild a case's remote state in the zaakregistratie from the local one.

The stored remote URLs of the case are forgotten, its failed and dead messages are offered again, and the
whole case is put in the outbox once more, after what is already there: the zaak with its current deadline,
opschorting and verlenging (a case whose suspensions ended is shown suspended first, with the reden of the
last, so the zaak's eerdereOpschorting holds), its first status (at its registration; delivered only to a zaak without a
status, so a closed zaak registered before it was set is not reopened) and a status for every phase change in
its history (at the original moment), the
rollen, every document (and besluit), every beslissing op bezwaar (not one already queued while zgw.toml
gives its procedure no besluittype for it: services.zgw_registered), the lapse of every besluit it withdrew while it ran (its events) and,
for a finished case, the lapse of a besluit it withdrew at its end, the resultaat and closing status (a
resultaat queued without its besluit takes the one the stored case recorded, processes.zaakbesluit).
Delivery looks every object up before it creates one, so what Open Zaak still has is found again and what
it lost is created; a document found at an older version gets the latest local version as its next versie
(``services.zgw.versions``): the result is the local case, with no duplicates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from processes.constants import CaseStatus
from processes.errors import ValidationError
from processes.zaakbesluit import zaakbesluit
from services import zgw_bezwaar
from services.cases import case_by_key
from services.clock import iso_utc
from services.engine import stored
from services.platform import Platform
from services.store.models import Case, CaseEvent, Document, HumanTask, OutboxMessage, ZgwObject
from services.zgw.config import zgw_config
from services.zgw_lapse import LAPSE_EVENT
from services.zgw_outbox import CHANNEL, messages, put, sent
from services.zgw_publication import begin_status, publish_lapses, publish_withdrawal, task_role, zaak_state
from services.zgw_registered import unregistered, without_bezwaar_type


def resync(platform: Platform, case_key: int | str) -> dict[str, Any]:
    if zgw_config(platform.settings) is None:  # a half-filled configuration: ZgwConfigError naming it
        raise ValidationError(
            "ZGW is niet ingesteld (RUIMTEFLOW_ZGW_*): er is geen zaakregistratie om bij te werken.",
            code="zgw-niet-ingesteld",
        )
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        case = case_by_key(s, case_key, lock=True)
        if case.process_id in unregistered(platform.settings):
            raise ValidationError(
                f"Zaak {case.reference} is van procedure '{case.process_id}', die de zaakregistratie niet "
                "registreert (niet_registreren in zgw.toml): er is niets bij te werken.",
                code="zgw-niet-geregistreerd",
            )
        # the URLs are forgotten, not a lock of an edit under way (services.zgw.versions finishes it)
        s.execute(delete(ZgwObject).where(ZgwObject.case_id == case.id, ZgwObject.resource != "lock"))
        stuck = list(
            s.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.channel == CHANNEL,
                    OutboxMessage.case_id == case.id,
                    OutboxMessage.status.in_(("mislukt", "dood")),
                )
            )
        )
        for m in stuck:
            m.status, m.attempts, m.next_attempt_at = "wachtend", 0, None
        retried = len(stuck)
        before = len(messages(s, case.id, _KINDS))
        _rebuild(s, case, now, without_bezwaar_type(platform.settings, case.process_id))
        queued = len(messages(s, case.id, _KINDS)) - before
        reference = case.reference
        uow.commit()
    return {"zaak": reference, "in_wachtrij": queued, "opnieuw_aangeboden": int(retried or 0)}


def _zaakbesluit(case: Case) -> str | None:
    """The besluit the closed case recorded in its stored workflow (None without one)."""
    if case.workflow is None:
        return None
    return zaakbesluit(stored.workflow_data(stored.parse(case.workflow.document)))


_KINDS = (
    "zaak",
    "zaak-bijwerken",
    "status",
    "rol",
    "document",
    "besluit",
    zgw_bezwaar.KIND,
    "besluit-vervallen",
    "resultaat",
)


def _beslissingen(s: Any, case: Case, now: Any, untyped: bool) -> None:
    """Every beslissing op bezwaar of the case; while zgw.toml gives the procedure no besluittype for it
    (``untyped``), none already queued: its note "not sent" stands, the same again would only repeat it."""
    for ref, payload in zgw_bezwaar.of_case(s, case.id):
        if not (untyped and sent(s, case.id, ref)):
            put(s, case, zgw_bezwaar.KIND, payload, now, ref=ref)


def _rebuild(s: Any, case: Case, now: Any, untyped_bezwaar: bool) -> None:
    state = zaak_state(case)
    put(s, case, "zaak", {"toestand": state}, now, ref="zaak")
    opschorting = case.opschorting or {}
    if not state["opgeschort"] and (opschorting.get("periodes") or opschorting.get("eerdere")):
        # a suspension that ended: the zaak is shown it first, so Open Zaak marks eerdereOpschorting
        put(s, case, "zaak-bijwerken", {"toestand": {**state, "opgeschort": True}}, now)
    put(s, case, "zaak-bijwerken", {"toestand": state}, now)
    put(s, case, "status", begin_status(case, now), now)
    phases = s.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "fase").order_by(CaseEvent.id)
    )
    for event in phases:
        fase = (event.data or {}).get("fase")
        if fase:
            put(s, case, "status", {"fase": fase, "moment": iso_utc(event.at)}, now)
    people = {("aanvrager", case.initiator, case.initiator_type or "")} if case.initiator else set()
    done = s.scalars(
        select(HumanTask)
        .where(HumanTask.case_id == case.id, HumanTask.completed_by.is_not(None))
        .order_by(HumanTask.completed_at, HumanTask.id)
    )
    for task in done:
        people.add(task_role(task, str(task.completed_by)))
    for rol, wie, soort in sorted(people):
        put(s, case, "rol", {"rol": rol, "wie": wie, "soort": soort}, now, ref=f"rol:{rol}:{wie}"[:120])
    docs = s.scalars(
        select(Document)
        .where(Document.case_id == case.id, Document.verwijderd.is_(False))
        .order_by(Document.id)
    )
    for doc in docs:
        kind = "besluit" if doc.informatieobjecttype == "besluit" else "document"
        put(s, case, kind, {"document": doc.id}, now, ref=f"document:{doc.id}")
    _beslissingen(s, case, now, untyped_bezwaar)
    lapses = select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == LAPSE_EVENT)
    publish_lapses(s, case, list(s.scalars(lapses.order_by(CaseEvent.id))), now)
    if case.status == CaseStatus.AFGEROND:
        publish_withdrawal(s, case, now, case.closed_at)
        ends = messages(s, case.id, ("resultaat",))
        end: dict[str, Any] = (
            dict(ends[-1].payload) if ends else {"resultaat": case.typed_summary.resultaat or ""}
        )
        end.setdefault("moment", iso_utc(case.closed_at or now))
        if end.get("besluit") is None:  # queued before the besluit was read as processes.zaakbesluit reads it
            end["besluit"] = _zaakbesluit(case)
        put(s, case, "resultaat", end, now)
