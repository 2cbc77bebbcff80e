"""Removing the personal data of a closed case whose bewaartermijn ended, in one transaction per case.

No command calls this any more: ``zaken opschonen --uitvoeren`` destroys a due case
(services.bewaren.vernietigen; the archivist's finding 5 of sessie13: pseudonymised data are still
personal data, and the Archiefwet asks the record gone). It stays, with its allowlist and its cleaning
(services.bewaren.bewaard, schoonmaker, adres), until it is removed with its tests; a case it
pseudonymised before migration 0033 is still due and the next run destroys it.

What goes: the initiator's fields on the case (name, e-mail address, the account that applied), its
volgcode (replaced by one no link can hold), every text of the workflow data, the task data and answers,
the summary, the case's term documents, the history lines' data and the outbox payloads that
``services.bewaren.bewaard`` does not list as kept (``services.bewaren.schoonmaker``), those texts and
the initiator's names and addresses wherever a kept text repeats them (history lines, titles, task names
and reasons, outbox references, a document's organisatie, the case's incident text), an officer's reason for overriding a
locatiecheck conflict (the conflict keeps that it was overridden, by whom, its rule and the feature it is
with, ``feature_naam``: the layer's open data, no person), the content of its outbox messages (a mail is
emptied as after its own retention, ``services.mail.retention``) and the content of its documents: a document row stays, deleted
with the reason ``VERNIETIGD``, and its stored content is removed once no case that still keeps its
data holds the same content (the store is content-addressed). What stays: the reference, procedure,
dates, status and resultaat, the plan's location, and the kind, date and (cleaned) text of each history
line. Of a natural person's case the house number goes from the kept texts and the location, and the
geometry becomes the 100 m cell it lies in (``services.bewaren.adres``); an organisation's keeps its
location. ``zaak.geanonimiseerd_op`` records it, so a second run leaves the case alone.

The result is pseudonymised, not anonymous (AVG recital 26), and the run's lines and the case page say so:
the case keeps its reference, dates, procedure and outcome, and the municipality's zaakregistratie (Open
Zaak, which this run tells nothing) keeps its own copy under the same identificatie (Open Zaak computes an
archiefactiedatum but destroys nothing by itself); a street, a kind of plan and a date may still point at a
house. Each case removed gets its line in the destruction register (``services.bewaren.register``) in
the same transaction. The stored names
(``geanonimiseerd_op``, the outcome code) stay: renaming them would need a migration and change the API
and the CLI's JSON for no one's benefit.

A case with an outbox message still being delivered (waiting or failed) is postponed: that message
would otherwise go out with its content gone; it is anonymised by a run after it was delivered or
given up.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.namen import is_persoon
from services.bewaren import accounts, register
from services.bewaren.adres import grof
from services.bewaren.schoonmaker import Schoonmaker, leeg
from services.bewaren.termijn import Vervallen, resultaattype_in
from services.bewaren.vernietigen import bewaard_elders, onbezorgd
from services.clock import today
from services.documents.removal import remove_unheld
from services.documents.views import VERNIETIGD
from services.engine import stored
from services.mail.compose import CHANNEL as MAIL
from services.mail.retention import REMOVED, emptied, remove_mail_files
from services.mail.transport import mail_name
from services.platform import Platform
from services.policy import INITIATOR_ROLE
from services.projection_case import set_geometry
from services.store.models import (
    Case,
    CaseConflict,
    CaseEvent,
    Document,
    DocumentVersion,
    HolderInterval,
    HumanTask,
    OutboxMessage,
    OutsideWait,
    User,
    ZgwObject,
)
from services.zgw.mapping import mapping_for

#: the prefix of an invalidated volgcode: a ':' no status link matches (services.status.lookup)
VERVALLEN_CODE = "vervallen:"


@dataclass(frozen=True)
class Uitkomst:
    """What ``anonimiseer`` did with one case: "geanonimiseerd" or "uitgesteld" (with why); the CLI adds
    "mislukt" (with why) for a case the run could not anonymise and went past. Its line (``regel``) says
    "gepseudonimiseerd": what stays is no longer the person's name, but not anonymous (see the module);
    ``uitkomst`` keeps its code, as ``zaak.geanonimiseerd_op`` keeps its name (the CLI's JSON, scripts)."""

    zaak: str
    uitkomst: str
    reden: str = ""
    documenten_vernietigd: int = 0
    #: the initiator accounts anonymised with it (services.bewaren.accounts), as they were named
    accounts: tuple[str, ...] = ()

    def regel(self) -> str:
        if self.uitkomst == "geanonimiseerd":
            extra = "".join(f"; account {a} geanonimiseerd" for a in self.accounts)
            return (
                f"{self.zaak}  gepseudonimiseerd ({self.documenten_vernietigd} bestand(en) vernietigd){extra}"
            )
        if self.uitkomst == "mislukt":
            return f"{self.zaak}  niet gepseudonimiseerd: {self.reden}"
        return f"{self.zaak}  uitgesteld: {self.reden}"


def anonimiseer(platform: Platform, item: Vervallen, run: register.Uitvoering | None = None) -> Uitkomst:
    """Anonymise one case in one transaction (see the module), with its line in the destruction register
    (``services.bewaren.register``; ``run`` says who runs it on which list, else "onbekend" today); the
    files follow after the commit. A case with no day of destruction (kept for good, with its besluit and
    documents, or of unknown term) is left as it is."""
    if item.bewaren_tot is None:
        return Uitkomst(
            item.zaak, "uitgesteld", "blijvend te bewaren of bewaartermijn onbekend; niet vernietigd"
        )
    now = platform.clock.now()
    run = run or register.Uitvoering("onbekend", now, today(platform.clock))
    mapping = mapping_for(platform.settings)
    with platform.uow() as uow:
        s = uow.session
        # the case first, then its rows (its outbox messages): the order of every writer (beheer too)
        case = s.scalars(select(Case).where(Case.id == item.case_id).with_for_update()).one()
        if case.status != CaseStatus.AFGEROND or case.geanonimiseerd_op is not None:
            return Uitkomst(case.reference, "uitgesteld", "niet meer afgerond of al geanonimiseerd")
        pending = onbezorgd(s, case.id)
        if pending:
            return Uitkomst(case.reference, "uitgesteld", f"{pending} bericht(en) nog niet afgeleverd")
        clean = Schoonmaker(persoon=is_persoon(case.initiator_type))
        clean.leer_adres(case.location_name)
        clean.leer_naam(case.initiator)
        clean.leer(case.initiator_email)
        document = stored.parse(case.workflow.document) if case.workflow is not None else None
        found = resultaattype_in(mapping, case.process_id, document)
        register.schrijf(s, case, item, found, run, handeling=register.GEPSEUDONIMISEERD)
        _learn(s, case, clean, document)
        applicants = accounts.linked(s, case)
        for applicant in applicants:  # the names its account holds (a broker's) may be spelled otherwise
            clean.leer_naam(applicant.display_name)
            clean.leer(applicant.email, applicant.username)
        _case_row(s, case, clean)  # learns the initiator's account first
        if case.workflow is not None and document is not None:
            stored.rewrite_data(document, clean.data)
            case.workflow.document = stored.dump(document)
        _tasks_and_history(s, case, clean)
        mails = _outbox(s, case.id, clean)
        blobs = _documents(s, case, clean, now)
        case.geanonimiseerd_op = now
        freed = accounts.anonymise_free(s, platform, applicants)
        uow.commit()
    removed = _remove_files(platform, item.case_id, mails, blobs)
    return Uitkomst(item.zaak, "geanonimiseerd", documenten_vernietigd=removed, accounts=tuple(freed))


def _initiator_account(s: Session, username: str | None) -> bool:
    """The account that applied is an initiator's (an officer who registered a case is no personal
    data of the applicant)."""
    if not username:
        return False
    return s.scalar(select(User.role).where(User.username == username)) == INITIATOR_ROLE


def _learn(s: Session, case: Case, clean: Schoonmaker, document: dict[str, Any] | None) -> None:
    """Learn from every data document of the case, before any is cleaned, what to cut from its texts."""

    def learned(data: dict[str, Any]) -> dict[str, Any]:
        clean.verzamel(data)
        return data

    if document is not None:
        stored.rewrite_data(document, learned)  # every data dict of the instance, left as it is
    docs: list[Any] = [case.summary, case.opschorting, case.verlenging, case.deadline_info]
    docs += s.scalars(select(HumanTask.data).where(HumanTask.case_id == case.id))
    docs += s.scalars(select(CaseEvent.data).where(CaseEvent.case_id == case.id))
    docs += s.scalars(
        select(OutboxMessage.payload).where(OutboxMessage.case_id == case.id, OutboxMessage.channel != MAIL)
    )
    docs += s.scalars(select(CaseConflict.override_reason).where(CaseConflict.case_id == case.id))
    for row in s.execute(
        select(Document.besluit_voorschriften, Document.besluit_motivering).where(Document.case_id == case.id)
    ):
        docs += list(row)
    for doc in docs:
        clean.verzamel(doc)


def _case_row(s: Session, case: Case, clean: Schoonmaker) -> None:
    if _initiator_account(s, case.started_by):
        clean.leer(case.started_by)
        case.started_by = None
    case.initiator = None
    case.initiator_email = None
    case.tracking_code = VERVALLEN_CODE + secrets.token_hex(16)
    case.title = clean.tekst(case.title) or ""
    case.location_name = clean.locatie(case.location_name)
    if clean.persoon:  # a person's plan: the 100 m cell it lies in (services.bewaren.adres)
        set_geometry(case, grof(case.geometry_wkt))
    case.summary = clean.data(dict(case.summary or {}))
    case.opschorting = clean.data(dict(case.opschorting or {}))
    case.verlenging = clean.data(dict(case.verlenging or {}))
    case.deadline_info = clean.data(dict(case.deadline_info or {}))
    case.waiting_for = clean.tekst(case.waiting_for)
    # the engine's error text: a case whose timer step failed still completes its tasks and closes with it
    case.incident = clean.tekst(case.incident)


def _tasks_and_history(s: Session, case: Case, clean: Schoonmaker) -> None:
    for task in s.scalars(select(HumanTask).where(HumanTask.case_id == case.id)):
        task.data = clean.data(dict(task.data or {}))
        task.name = clean.tekst(task.name) or ""
        task.instructions = clean.tekst(task.instructions)
        task.reason = clean.tekst(task.reason)
        task.case_title, task.location_name = case.title, case.location_name
    for event in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        event.message = clean.tekst(event.message) or ""
        event.data = clean.data(dict(event.data or {}))
        if event.actor and clean.geleerd(event.actor):
            event.actor = REMOVED
    for conflict in s.scalars(select(CaseConflict).where(CaseConflict.case_id == case.id)):
        # the fact of the override, the officer and the rule stay; the reason is free text
        conflict.override_reason = leeg(conflict.override_reason)
        if clean.geleerd(conflict.override_by):
            conflict.override_by = REMOVED
    for interval in s.scalars(select(HolderInterval).where(HolderInterval.case_id == case.id)):
        interval.reason = clean.tekst(interval.reason) or ""
    for wait in s.scalars(select(OutsideWait).where(OutsideWait.case_id == case.id)):
        wait.reason = clean.tekst(wait.reason) or ""
    for obj in s.scalars(select(ZgwObject).where(ZgwObject.case_id == case.id)):
        key = clean.tekst(obj.local_key) or ""
        if key != obj.local_key:  # kept unique per case: two cleaned keys may read alike
            obj.local_key = f"{key[:100]}#{obj.id}"


def _outbox(s: Session, case_id: int, clean: Schoonmaker) -> list[str]:
    """Empty the case's mails and clean its other messages; the names of the mails' .eml files."""
    names = []
    for m in s.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case_id)):
        if m.channel == MAIL:
            m.payload = emptied(m.kind)
            names.append(mail_name(m.id, m.kind))
        else:
            m.payload = clean.data(dict(m.payload or {}))
        m.ref = clean.tekst(m.ref)
        m.last_error = clean.tekst(m.last_error)
    return names


def _documents(s: Session, case: Case, clean: Schoonmaker, now: Any) -> list[str]:
    """Delete the case's documents with reason VERNIETIGD; the contents no kept case holds."""
    for doc in s.scalars(select(Document).where(Document.case_id == case.id)):
        if not doc.verwijderd:
            doc.verwijderd, doc.verwijderd_at, doc.verwijderd_by = True, now, "systeem"
        doc.verwijder_reden = VERNIETIGD
        doc.titel = clean.tekst(doc.titel) or ""
        doc.auteur = clean.tekst(doc.auteur) or ""
        doc.organisatie = clean.tekst(doc.organisatie) or ""
        doc.besluit_motivering = leeg(doc.besluit_motivering)
        if doc.besluit_voorschriften:
            doc.besluit_voorschriften = [REMOVED for _ in doc.besluit_voorschriften]
        if clean.geleerd(doc.uploaded_by):
            doc.uploaded_by = REMOVED
    for v in s.scalars(select(DocumentVersion).where(DocumentVersion.case_id == case.id)):
        v.bestandsnaam = REMOVED
        if clean.geleerd(v.uploaded_by):
            v.uploaded_by = REMOVED
    s.flush()
    shas = set(s.scalars(select(DocumentVersion.sha256).where(DocumentVersion.case_id == case.id)))
    return sorted(sha for sha in shas if not bewaard_elders(s, sha, case.id))


def _remove_files(platform: Platform, case_id: int, mails: Iterable[str], blobs: Iterable[str]) -> int:
    """After the commit (a failed commit leaves every file as it was), the mails' files and each content
    no kept case holds (``remove_unheld``: checked again under the content's lock, so an upload of the
    same content to another case meanwhile keeps its file); how many contents were removed."""
    remove_mail_files(platform, mails)
    return remove_unheld(platform, blobs, held=lambda s, sha: bewaard_elders(s, sha, case_id))
