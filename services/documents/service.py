"""Document use cases: upload, new version, logical deletion. Every function takes the ``username``
and asks the authorization policy (services/policy.py); none decides access itself.

An upload is done in three steps so that a 50 MB file never holds the database write lock:
1. a short read transaction checks the case, the type, the name and whether the user may add it;
2. the content streams to a temporary file (hashed, measured, capped), its type is detected from the
   content and the optional virus scan runs;
3. one write transaction re-checks the case, refuses a duplicate, writes the rows and the case event,
   moves the content into the store and commits. If anything fails, the new content is removed again:
   a refusal leaves every table and the storage folder as they were.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from processes.getallen import als_id
from services import policy
from services.cases import case_by_key
from services.clock import today
from services.config import Settings
from services.documents.besluit_context import ontvangen_op
from services.documents.checks import (
    check_besluit_dates,
    check_case_open,
    check_filename,
    check_kept_for_besluit,
    check_level_choice,
    check_may_write,
    check_text_fields,
    check_title,
    duplicate_refusal,
    scanner_at,
    stage_checked,
)
from services.documents.removal import undo_new_content
from services.documents.storage import StagedBlob, blob_store
from services.documents.types import (
    BESLUIT,
    DocumentType,
    DocumentTypen,
    Vertrouwelijkheid,
    alleen_via_besluittaak,
    document_typen,
)
from services.documents.views import document_dict
from services.platform import Platform
from services.store.models import Case, CaseEvent, Document, DocumentVersion


def types_of(platform: Platform) -> DocumentTypen:
    return document_typen(platform.settings.documenttypen_path)


#: who reads the answer to an upload, when that is not the uploading account (the public status page)
Reader = Callable[[Session, Case], policy.DocumentActor]


def actor_for(s: Session, username: str, case: Case, settings: Settings) -> policy.DocumentActor:
    """The document view of this account on ``case``, as the authorization policy decides it."""
    return policy.document_actor(s, policy.actor_for(s, username), case, policy.rules(settings))


@dataclass(frozen=True)
class NewDocument:
    """The metadata of an upload (the content comes as a stream)."""

    informatieobjecttype: str
    bestandsnaam: str
    titel: str = ""
    vertrouwelijkheid: str | None = None
    auteur: str = ""
    organisatie: str = ""
    ontvangstdatum: date | None = None
    gedeeld_met: Collection[str] = ()
    #: a final besluit: the day it was taken and the day it was sent (or laid open)
    besluitdatum: date | None = None
    verzenddatum: date | None = None
    besluit_uitkomst: str | None = None
    besluit_voorschriften: list[str] | None = None
    besluit_motivering: str | None = None


def upload_document(
    platform: Platform,
    case_key: int | str,
    username: str,
    stream: BinaryIO,
    meta: NewDocument,
    *,
    guard: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """Add a new document (version 1) to a case. Returns the document as a dict.

    ``guard``: the besluit editor's ``besluit_task_guard``, run under the case's row lock; it stands in
    for the type's uploader rule (the lane of the besluit task decides who takes the besluit)."""
    return _upload(platform, case_key, username, stream, meta, trusted=False, guard=guard)


def import_document(
    platform: Platform, case_key: int | str, content: bytes, meta: NewDocument
) -> dict[str, Any]:
    """For the demo and data migrations only (never for a face or the API): add a document to a case in
    any state, without the access check. Name, content type, size and duplicate checks still apply."""
    return _upload(platform, case_key, "systeem", io.BytesIO(content), meta, trusted=True)


def _upload(
    platform: Platform,
    case_key: int | str,
    username: str,
    stream: BinaryIO,
    meta: NewDocument,
    *,
    trusted: bool,
    reader: Reader | None = None,
    guard: Callable[[Session, Case], None] | None = None,
    scanned: Collection[str] = (),
) -> dict[str, Any]:
    """``scanned``: the sha256 of content the virus scan passed already (``stage_checked``)."""
    filename = check_filename(meta.bestandsnaam)
    check_title(meta.titel)
    check_text_fields(meta.auteur, meta.organisatie, meta.gedeeld_met)
    level = Vertrouwelijkheid.lees(meta.vertrouwelijkheid) if meta.vertrouwelijkheid else None
    doc_type = _type_to_add(platform, case_key, username, meta, level, trusted, guard)
    staged = _stage_and_check(platform, stream, doc_type, filename, scanned)

    def write(s: Session, case: Case) -> Document:
        if guard is not None:
            guard(s, case)
        return new_document(platform, s, case, username, meta, doc_type, level, filename, staged)

    guarded = guard is not None  # the besluit editor's guard, not the uploader rule, decides who files it
    return _write(platform, case_key, username, staged, doc_type, write, trusted, reader, guarded)


def new_document(
    platform: Platform,
    s: Session,
    case: Case,
    username: str,
    meta: NewDocument,
    doc_type: DocumentType,
    level: Vertrouwelijkheid | None,
    filename: str,
    staged: StagedBlob,
) -> Document:
    """The rows of a new document (version 1 of ``staged``) and its case event, in the caller's
    transaction; moving the content into the store is the caller's work."""
    now = platform.clock.now()
    doc = Document(
        case_id=case.id,
        titel=(meta.titel or Path(filename).stem).strip()[:255],
        informatieobjecttype=doc_type.code,
        vertrouwelijkheidaanduiding=(level or doc_type.vertrouwelijkheid).value,
        auteur=meta.auteur,
        organisatie=meta.organisatie,
        status="definitief" if doc_type.definitief else "in_bewerking",
        ontvangstdatum=meta.ontvangstdatum,
        besluitdatum=meta.besluitdatum,
        verzenddatum=meta.verzenddatum,
        besluit_uitkomst=meta.besluit_uitkomst,
        besluit_voorschriften=meta.besluit_voorschriften,
        besluit_motivering=meta.besluit_motivering,
        creatiedatum=today(platform.clock),
        gedeeld_met=sorted(set(meta.gedeeld_met)),
        uploaded_by=username,
        created_at=now,
        latest_version=1,
    )
    s.add(doc)
    s.flush()
    _add_version(s, doc, staged, filename, username, now)
    added = f"Document '{doc.titel}' ({doc_type.omschrijving}) toegevoegd."
    _event(s, case, username, "document-toegevoegd", added, doc)
    return doc


def _type_to_add(
    platform: Platform,
    case_key: int | str,
    username: str,
    meta: NewDocument,
    level: Vertrouwelijkheid | None,
    trusted: bool,
    guard: Callable[[Session, Case], None] | None,
) -> DocumentType:
    """The type of a new document, once the case and the user may take it and its dates hold (unless trusted)."""
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        doc_type = types_of(platform).type(case.process_id, meta.informatieobjecttype)
        if not trusted:
            check_case_open(case)
            actor = actor_for(uow.session, username, case, platform.settings)
            if guard is None:  # the besluit editor's guard decides who files its besluit
                check_may_write(actor, case, doc_type)
                if doc_type.via_besluittaak:  # only the besluit editor makes one
                    raise alleen_via_besluittaak()
                vandaag, ontvangen = today(platform.clock), ontvangen_op(case)  # a signed besluit's dates
                check_besluit_dates(doc_type.code, meta.besluitdatum, meta.verzenddatum, vandaag, ontvangen)
            check_level_choice(actor, doc_type, level, policy.rules(platform.settings))
    return doc_type


def add_version(
    platform: Platform, document_id: int | str, username: str, stream: BinaryIO, *, bestandsnaam: str
) -> dict[str, Any]:
    """Add a new version to a document; the earlier versions stay as they are."""
    filename = check_filename(bestandsnaam)
    with platform.uow(write=False) as uow:
        doc = _document(uow.session, document_id)
        case = case_by_key(uow.session, doc.case_id)
        doc_type = types_of(platform).type(case.process_id, doc.informatieobjecttype)
        actor = actor_for(uow.session, username, case, platform.settings)
        if not policy.document_readable(actor, doc):  # a refused user cannot learn that it exists
            raise NotFound(f"Document {document_id} bestaat niet.", code="document-onbekend")
        _check_versionable(uow.session, case, doc, doc_type)
        check_case_open(case)
        check_may_write(actor, case, doc_type)
        if not policy.may_version_document(actor, doc_type, doc.uploaded_by):
            raise Forbidden(
                f"Alleen wie '{doc.titel}' heeft toegevoegd of een behandelaar mag er een nieuwe versie van maken.",
                code="document-geen-toegang",
            )
    staged = _stage_and_check(platform, stream, doc_type, filename)

    def write(s: Session, case: Case) -> Document:
        doc = _document(s, document_id)
        _check_versionable(s, case, doc, doc_type)
        doc.latest_version += 1
        _add_version(s, doc, staged, filename, username, platform.clock.now())
        _event(
            s,
            case,
            username,
            "document-versie",
            f"Nieuwe versie {doc.latest_version} van '{doc.titel}'.",
            doc,
        )
        return doc

    return _write(platform, case.id, username, staged, doc_type, write)


def delete_document(
    platform: Platform, document_id: int | str, username: str, *, reden: str
) -> dict[str, Any]:
    """Mark a document deleted (it stays in the audit trail and the store). Only a behandelaar may."""
    if not reden or not reden.strip():
        raise ValidationError("Geef een reden voor het verwijderen op.", code="reden-ontbreekt")
    with platform.uow() as uow:
        s = uow.session
        doc = _document(s, document_id)
        case = case_by_key(s, doc.case_id, lock=True)
        actor = actor_for(s, username, case, platform.settings)
        if not policy.document_readable(actor, doc):  # a refused user cannot learn that it exists
            raise NotFound(f"Document {document_id} bestaat niet.", code="document-onbekend")
        if not policy.may_handle_documents(actor):
            raise Forbidden(
                "Alleen een behandelaar mag documenten verwijderen.", code="document-geen-toegang"
            )
        check_case_open(case, "verwijderd")  # a closed case keeps what its besluit relied on
        if doc.verwijderd:
            raise Conflict(f"Document '{doc.titel}' is al verwijderd.", code="document-al-verwijderd")
        if doc.informatieobjecttype == BESLUIT and doc.status == "definitief":
            raise Conflict(
                "Een definitief besluit kan niet worden verwijderd; het wordt gewijzigd of ingetrokken met een nieuw besluit.",
                code="besluit-definitief",
            )
        check_kept_for_besluit(s, case, doc, "verwijderd")
        doc.verwijderd, doc.verwijderd_at, doc.verwijderd_by = True, platform.clock.now(), username
        doc.verwijder_reden = reden.strip()
        _event(
            s,
            case,
            username,
            "document-verwijderd",
            f"Document '{doc.titel}' verwijderd: {doc.verwijder_reden}",
            doc,
        )
        uow.commit()
        return document_dict(doc)


def _check_versionable(s: Session, case: Case, doc: Document, doc_type: DocumentType) -> None:
    if doc.verwijderd:
        raise Conflict(f"Document '{doc.titel}' is verwijderd.", code="document-verwijderd")
    if doc_type.definitief or doc.status == "definitief":
        raise Conflict(
            f"'{doc.titel}' is definitief en krijgt geen nieuwe versie; een besluit wordt gewijzigd met een nieuw besluit.",
            code="document-definitief",
        )
    check_kept_for_besluit(s, case, doc, "vervangen door een nieuwe versie")


def _stage_and_check(
    platform: Platform, stream: BinaryIO, doc_type: DocumentType, filename: str, scanned: Collection[str] = ()
) -> StagedBlob:
    scanner = scanner_at(platform.settings.clamd_address)
    return stage_checked(blob_store(platform), stream, doc_type, filename, scanner, scanned=scanned)


def _write(
    platform: Platform,
    case_key: int | str,
    username: str,
    staged: StagedBlob,
    doc_type: DocumentType,
    write: Callable[[Session, Case], Document],
    trusted: bool = False,
    reader: Reader | None = None,
    guarded: bool = False,
) -> dict[str, Any]:
    """Store a checked upload; ``reader``: who reads the answer or is told about a duplicate (default the
    uploader)."""
    store, created = blob_store(platform), False
    try:
        with platform.uow() as uow:
            s = uow.session
            case = case_by_key(s, case_key, lock=True)
            if not trusted:
                check_case_open(case)
            uploader = None if trusted else actor_for(s, username, case, platform.settings)
            if uploader is not None and not guarded:
                check_may_write(uploader, case, doc_type)
            who = reader(s, case) if reader else uploader  # reads the answer (and a duplicate's refusal)
            existing = s.scalars(  # a deleted document's file may be added again
                select(DocumentVersion)
                .join(Document, Document.id == DocumentVersion.document_id)
                .where(
                    DocumentVersion.case_id == case.id,
                    DocumentVersion.sha256 == staged.sha256,
                    Document.verwijderd.is_(False),
                )
            ).first()
            if existing is not None:
                raise duplicate_refusal(
                    case, existing, who is None or policy.document_readable(who, existing.document)
                )
            doc = write(s, case)
            s.flush()
            created = store.commit(staged, s)
            uow.commit()
            return document_dict(doc, who)
    except BaseException:
        store.discard(staged)
        if created:
            undo_new_content(platform, [staged.sha256])
        raise


def _add_version(
    s: Session, doc: Document, staged: StagedBlob, filename: str, username: str, now: Any
) -> None:
    s.add(
        DocumentVersion(
            document_id=doc.id,
            case_id=doc.case_id,
            versie=doc.latest_version,
            sha256=staged.sha256,
            size=staged.size,
            mime_type=staged.mime,
            bestandsnaam=filename,
            uploaded_by=username,
            uploaded_at=now,
        )
    )
    s.flush()
    s.refresh(doc, ["versions"])


def _event(s: Session, case: Case, username: str, kind: str, message: str, doc: Document) -> None:
    s.add(
        CaseEvent(
            case_id=case.id,
            at=doc.verwijderd_at if kind == "document-verwijderd" else doc.versions[-1].uploaded_at,
            actor=username,
            kind=kind,
            message=message,
            public=False,
            data={"document": doc.id, "versie": doc.latest_version},
        )
    )


def _document(s: Session, document_id: int | str) -> Document:
    doc_id = als_id(document_id)
    doc = s.get(Document, doc_id) if doc_id is not None else None
    if doc is None:
        raise NotFound(f"Document {document_id} bestaat niet.", code="document-onbekend")
    return doc
