"""A document already on a case: a new version (the earlier versions stay as they are) and logical deletion
(the document stays in the audit trail and the store). Both take the ``username`` and ask the authorization
policy (services/policy/__init__.py); neither decides access itself.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from processes import tekens
from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from processes.getallen import als_id
from services import policy
from services.cases import case_by_key
from services.documents.checks import check_case_open, check_filename, check_kept_for_besluit, check_may_write
from services.documents.quota import public_upload
from services.documents.types import BESLUIT, DocumentType, types_of
from services.documents.views import actor_for, document_dict
from services.documents.writing import add_version_row, document_event, staged_upload, write_checked
from services.platform import Platform
from services.store.models import Case, Document


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
        owed = public_upload(actor, case)
    with staged_upload(platform, owed, stream, doc_type, filename) as staged:  # 429 past the budget

        def write(s: Session, case: Case) -> Document:
            doc = _document(s, document_id)
            _check_versionable(s, case, doc, doc_type)
            doc.latest_version += 1
            add_version_row(s, doc, staged, filename, username, platform.clock.now())
            document_event(
                s,
                case,
                username,
                "document-versie",
                f"Nieuwe versie {doc.latest_version} van '{doc.titel}'.",
                doc,
            )
            return doc

        return write_checked(platform, case.id, username, staged, doc_type, write)


def delete_document(
    platform: Platform, document_id: int | str, username: str, *, reden: str
) -> dict[str, Any]:
    """Mark a document deleted (it stays in the audit trail and the store). Only a behandelaar may."""
    reden = tekens.check_line(reden, "reden", "De reden", multiline=True) or ""  # shown in the history
    if not reden:  # none, or only invisible characters
        raise ValidationError("Geef een reden voor het verwijderen op.", code="reden-ontbreekt", veld="reden")
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
        document_event(
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


def _document(s: Session, document_id: int | str) -> Document:
    doc_id = als_id(document_id)
    doc = s.get(Document, doc_id) if doc_id is not None else None
    if doc is None:
        raise NotFound(f"Document {document_id} bestaat niet.", code="document-onbekend")
    return doc
