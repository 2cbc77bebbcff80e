"""Document use case: the upload of a new document (version 1). It takes the ``username`` and asks the
authorization policy (services/policy/__init__.py); it does not decide access itself. A new version and logical
deletion are services.documents.changes; the write half of an upload, services.documents.writing.

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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from services import policy
from services.cases import case_by_key
from services.clock import today
from services.documents.besluit_context import ontvangen_op
from services.documents.checks import (
    check_besluit_dates,
    check_case_open,
    check_filename,
    check_level_choice,
    check_may_write,
    check_text_fields,
    check_title,
)
from services.documents.final_letter import letter_written
from services.documents.provenance import checked_origin
from services.documents.quota import PublicUpload, public_upload
from services.documents.storage import StagedBlob
from services.documents.types import (
    DocumentType,
    Vertrouwelijkheid,
    alleen_via_besluittaak,
    types_of,
)
from services.documents.views import seeing_actor
from services.documents.writing import add_version_row, document_event, staged_upload, write_checked
from services.platform import Platform
from services.store.models import Case, Document
from services.task_choices import reread_choices


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
    return upload(platform, case_key, username, stream, meta, trusted=False, guard=guard)


def import_document(
    platform: Platform, case_key: int | str, content: bytes, meta: NewDocument
) -> dict[str, Any]:
    """For the demo and data migrations only (never for a face or the API): add a document to a case in
    any state, without the access check. Name, content type, size and duplicate checks still apply."""
    return upload(platform, case_key, "systeem", io.BytesIO(content), meta, trusted=True)


def upload(
    platform: Platform,
    case_key: int | str,
    username: str,
    stream: BinaryIO,
    meta: NewDocument,
    *,
    trusted: bool,
    guard: Callable[[Session, Case], None] | None = None,
) -> dict[str, Any]:
    """The upload behind ``upload_document`` and ``import_document``. A final besluit letter, whether the
    besluit editor made it or it came in as a document with its outcome, is published in the
    zaakregistratie by its own transaction (so is a final scan of a besluit without its outcome), and after
    its commit the open tasks' choices are read again (``task_choices.reread_choices``) when the case has a
    task open and is not paused (``letter_written``).

    ``trusted``: no check of the case state, the user or the dates (the caller checked what it needs)."""
    filename = check_filename(meta.bestandsnaam)
    check_title(meta.titel)
    auteur, organisatie = check_text_fields(meta.auteur, meta.organisatie, meta.gedeeld_met)
    meta = replace(meta, auteur=auteur, organisatie=organisatie)
    level = Vertrouwelijkheid.lees(meta.vertrouwelijkheid) if meta.vertrouwelijkheid else None
    doc_type, owed, meta = _type_to_add(platform, case_key, username, meta, level, trusted, guard)
    guarded = guard is not None  # the besluit editor's guard, not the uploader rule, decides who files it
    reread = False
    with staged_upload(platform, owed, stream, doc_type, filename) as staged:  # 429 past the budget

        def write(s: Session, case: Case) -> Document:
            nonlocal reread
            if guard is not None:
                guard(s, case)
            doc = new_document(platform, s, case, username, meta, doc_type, level, filename, staged)
            reread = letter_written(platform, s, case, doc)
            return doc

        answer = write_checked(platform, case_key, username, staged, doc_type, write, trusted, guarded)
    if reread:  # the case's final besluit letter, committed: the open tasks' choices may ask about it
        reread_choices(platform, case_key, username)
    return answer


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
    add_version_row(s, doc, staged, filename, username, now)
    added = f"Document '{doc.titel}' ({doc_type.omschrijving}) toegevoegd."
    document_event(s, case, username, "document-toegevoegd", added, doc)
    return doc


def _type_to_add(
    platform: Platform,
    case_key: int | str,
    username: str,
    meta: NewDocument,
    level: Vertrouwelijkheid | None,
    trusted: bool,
    guard: Callable[[Session, Case], None] | None,
) -> tuple[DocumentType, PublicUpload | None, NewDocument]:
    """The type of a new document, once the case and the user may take it and its dates and its origin
    hold (unless trusted: services.documents.provenance), the upload its budget counts (None: the
    municipality's own or trusted), and ``meta`` with the ontvangstdatum to store."""
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        doc_type = types_of(platform).type(case.process_id, meta.informatieobjecttype)
        owed = None
        if not trusted:
            actor = seeing_actor(uow.session, username, case, platform.settings, case_key)
            check_case_open(case)
            vandaag, ontvangen = (
                today(platform.clock),
                ontvangen_op(case),
            )  # a besluit's and a receipt's dates
            if guard is None:  # the besluit editor's guard decides who files its besluit
                check_may_write(actor, case, doc_type)
                if doc_type.via_besluittaak:  # only the besluit editor makes one
                    raise alleen_via_besluittaak()
                check_besluit_dates(doc_type.code, meta.besluitdatum, meta.verzenddatum, vandaag, ontvangen)
            received = checked_origin(uow.session, actor, case, meta, vandaag, ontvangen)
            meta = replace(meta, ontvangstdatum=received)
            check_level_choice(actor, doc_type, level, policy.rules(platform.settings))
            owed = public_upload(actor, case)
    return doc_type, owed, meta
