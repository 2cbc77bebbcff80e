"""Writing a checked upload: its content staged and checked (hashed, measured, capped, its type detected,
the optional virus scan), then one write transaction that re-checks the case, refuses a duplicate, writes
the rows (the version and the case event) and moves the content into the store. If anything fails, the new
content is removed again: a refusal leaves every table and the storage folder as they were. Used by a new
document (services.documents.service) and a new version (services.documents.changes), each inside
``staged_upload``, which counts the upload against its budget and gives the charge back on our failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import policy
from services.cases import case_by_key
from services.documents.checks import (
    check_case_open,
    check_may_write,
    duplicate_refusal,
    scanner_at,
    stage_checked,
)
from services.documents.extensions import stored_name
from services.documents.quota import (
    PublicUpload,
    account_room,
    charge_upload,
    check_room,
    refunded_on_our_failure,
)
from services.documents.removal import undo_new_content
from services.documents.storage import NOT_STORED, StagedBlob, StorageFailed, blob_store
from services.documents.types import DocumentType
from services.documents.views import actor_for, document_dict
from services.platform import Platform
from services.store.models import Case, CaseEvent, Document, DocumentVersion

log = logging.getLogger("ruimteflow.documents")


def stage_and_check(
    platform: Platform, stream: BinaryIO, doc_type: DocumentType, filename: str, scanned: Collection[str] = ()
) -> StagedBlob:
    """The content of ``stream`` in a temporary file, checked against ``doc_type`` and the configured virus
    scanner (``stage_checked``; ``scanned``: the sha256 of content the scan passed already)."""
    scanner = scanner_at(platform.settings.clamd_address)
    return stage_checked(blob_store(platform), stream, doc_type, filename, scanner, scanned=scanned)


@contextmanager
def staged_upload(
    platform: Platform,
    owed: PublicUpload | None,
    stream: BinaryIO,
    doc_type: DocumentType,
    filename: str,
) -> Iterator[StagedBlob]:
    """An upload's budget around its work: count it (``charge_upload``: 429 past the budget, nothing done),
    stage and check its content (``stage_and_check``) and give it to the ``with`` block, which writes it
    (``write_checked``). A failure of ours in either, the scanner or the store, gives the charge back
    (``refunded_on_our_failure``)."""
    charged = charge_upload(platform, owed)
    with refunded_on_our_failure(platform, charged):
        yield stage_and_check(platform, stream, doc_type, filename)


def write_checked(
    platform: Platform,
    case_key: int | str,
    username: str,
    staged: StagedBlob,
    doc_type: DocumentType,
    write: Callable[[Session, Case], Document],
    trusted: bool = False,
    guarded: bool = False,
) -> dict[str, Any]:
    """Store a checked upload; the uploader reads the answer (and is told about a duplicate), and an
    account outside the municipality is bounded by its bytes on the case (``account_room``)."""
    store, created = blob_store(platform), False

    def undo() -> None:
        store.discard(staged)
        if created:
            undo_new_content(platform, [staged.sha256])

    with stored_or_undone(undo, f"document for {case_key}"):
        with platform.uow() as uow:
            s = uow.session
            case = case_by_key(s, case_key, lock=True)
            if not trusted:
                check_case_open(case)
            uploader = None if trusted else actor_for(s, username, case, platform.settings)
            if uploader is not None and not guarded:
                check_may_write(uploader, case, doc_type)
            refuse_duplicate(s, case, staged.sha256, uploader)
            check_room(s, case, account_room(uploader, case), staged.size, platform.settings)  # 422
            doc = write(s, case)
            s.flush()
            created = store.commit(staged, s)
            uow.commit()
            return document_dict(doc, uploader)


@contextmanager
def stored_or_undone(undo: Callable[[], None], what: str) -> Iterator[None]:
    """Storing uploaded content in the ``with`` block: if anything in it fails, ``undo`` takes out what it
    staged and moved into the store, so nothing of it stays; a disk error (``OSError``) is our fault, not
    the uploader's: logged (``what`` names it) and StorageFailed (503); any other failure is raised as is."""
    try:
        yield
    except BaseException as exc:
        undo()
        if not isinstance(exc, OSError):
            raise
        log.exception("%s not stored", what)
        raise StorageFailed(NOT_STORED) from exc


def refuse_duplicate(s: Session, case: Case, sha256: str, who: policy.DocumentActor | None) -> None:
    """Conflict (``duplicate_refusal``) when a document of ``case`` that is not deleted holds content
    ``sha256`` (a deleted document's file may be added again); ``who`` is told which document only when
    it may read it (None: the system, told)."""
    existing = s.scalars(
        select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(
            DocumentVersion.case_id == case.id,
            DocumentVersion.sha256 == sha256,
            Document.verwijderd.is_(False),
        )
    ).first()
    if existing is not None:
        raise duplicate_refusal(
            case, existing, who is None or policy.document_readable(who, existing.document)
        )


def add_version_row(
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
            bestandsnaam=stored_name(filename, staged.mime),  # a name without extension gets the content's
            uploaded_by=username,
            uploaded_at=now,
        )
    )
    s.flush()
    s.refresh(doc, ["versions"])


def document_event(s: Session, case: Case, username: str, kind: str, message: str, doc: Document) -> None:
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
