"""Reading documents: the list of a case, one document, and the content of a version.

Whatever the policy refuses of a document is reported as NotFound (404), so that a refused user cannot
learn that a document exists; the list of a case the user may not see is refused (404) as the case is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from processes.errors import NotFound
from processes.getallen import als_id
from services import policy, request_reads
from services.cases import case_by_key
from services.document_reads import page_ids, readable_ids
from services.documents.storage import blob_store
from services.documents.views import VERNIETIGD, actor_for, document_dict, seeing_actor
from services.platform import Platform
from services.store.models import Document, DocumentVersion


def readable_documents(s: Session, case: Any, actor: policy.DocumentActor) -> list[Document]:
    """The documents of a case this account (``actor_for`` on that case) may read (with their
    versions), oldest first."""
    return readable_documents_of(s, {case.id: actor})[case.id]


def readable_documents_of(
    s: Session, readers: Mapping[int, policy.DocumentActor]
) -> dict[int, list[Document]]:
    """:func:`readable_documents` of several cases in one read: per case id, the documents its reader
    (``readers``: case id -> the account's view on that case, as the policy gives it) may read."""
    out: dict[int, list[Document]] = {case_id: [] for case_id in readers}
    if not readers:
        return out
    docs = s.scalars(
        select(Document)
        .where(Document.case_id.in_(sorted(readers)))
        .options(selectinload(Document.versions))
        .order_by(Document.id)
    ).all()
    for d in docs:
        if policy.document_readable(readers[d.case_id], d):
            out[d.case_id].append(d)
    return out


def _opened(
    platform: Platform, s: Session, case_key: int | str, username: str
) -> tuple[Any, policy.DocumentActor]:
    """The case and its reader's view on it, refused (404) as the case itself is to whoever may not see it."""
    case = case_by_key(s, case_key)
    actor = seeing_actor(s, username, case, platform.settings, case_key)  # the 404 of the case itself
    request_reads.note(case.reference)
    return case, actor


def list_documents(platform: Platform, case_key: int | str, username: str) -> list[dict[str, Any]]:
    """The documents of a case this user may read, oldest first; refused (404) as the case itself is
    to whoever may not see it (an empty list told a missing case, 404, from one it may not see)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case, actor = _opened(platform, s, case_key, username)
        return [document_dict(d, actor) for d in readable_documents(s, case, actor)]


def document_page(
    platform: Platform, case_key: int | str, username: str, *, limit: int, offset: int = 0
) -> dict[str, Any]:
    """A page of :func:`list_documents`, refused as it is: the newest ``limit`` documents after skipping
    the newest ``offset``, oldest first (``documenten``), how many this user may read (``totaal``) and
    how many older ones come before the page (``eerder``). Only the page's documents are read whole
    (services.document_reads), not a long case's every document with its versions."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case, actor = _opened(platform, s, case_key, username)
        ids = readable_ids(s, case.id, actor)
        chosen = page_ids(ids, limit, offset)
        docs = [document_dict(d, actor) for d in documents_by_id(s, chosen)]
        earlier = ids.index(chosen[0]) if chosen else 0
        return {"documenten": docs, "totaal": len(ids), "eerder": earlier}


def documents_by_id(s: Session, ids: list[int]) -> list[Document]:
    """The documents ``ids`` names, with their versions, oldest first (none read for no ids)."""
    if not ids:
        return []
    query = select(Document).where(Document.id.in_(ids)).options(selectinload(Document.versions))
    # whole, also where services.document_reads read a document's judged columns only
    return list(s.scalars(query.order_by(Document.id).execution_options(populate_existing=True)))


def readable_document(
    platform: Platform, s: Session, document_id: int | str, username: str
) -> tuple[Document, policy.DocumentActor]:
    """The document with the reader's view on its case (``actor_for``), when the reader may read it."""
    doc_id = als_id(document_id)
    doc = s.get(Document, doc_id) if doc_id is not None else None
    if doc is not None:
        case = case_by_key(s, doc.case_id)
        actor = actor_for(s, username, case, platform.settings)
        if policy.document_readable(actor, doc):
            request_reads.note(case.reference)
            return doc, actor
    raise NotFound(
        f"Document {document_id} bestaat niet of u heeft er geen toegang toe.", code="document-onbekend"
    )


def get_document(platform: Platform, document_id: int | str, username: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        return document_dict(*readable_document(platform, uow.session, document_id, username))


def open_version(
    platform: Platform, document_id: int | str, username: str, versie: int | None = None
) -> tuple[dict[str, Any], BinaryIO]:
    """Metadata of the version (the latest by default) and an open binary stream of its content."""
    with platform.uow(write=False) as uow:
        doc, _ = readable_document(platform, uow.session, document_id, username)
        if doc.verwijder_reden == VERNIETIGD:  # its content may be gone from the store
            raise NotFound(
                f"Document '{doc.titel}' is verwijderd na de bewaartermijn van de zaak; de inhoud bestaat niet meer.",
                code="document-vernietigd",
            )
        wanted = doc.latest_version if versie is None else versie
        version: DocumentVersion | None = next((v for v in doc.versions if v.versie == wanted), None)
        if version is None:
            raise NotFound(f"Document {document_id} heeft geen versie {wanted}.", code="versie-onbekend")
        meta: dict[str, Any] = {
            "document": doc.id,
            "titel": doc.titel,
            "versie": version.versie,
            "sha256": version.sha256,
            "grootte": version.size,
            "mime_type": version.mime_type,
            "bestandsnaam": version.bestandsnaam,
        }
    return meta, blob_store(platform).open(meta["sha256"])
