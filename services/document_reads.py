"""Which documents of a case its reader may read, judged by the columns the policy reads of each
(``policy.may_read_document``) and nothing more: a case file pages its documents and its timeline over
these ids, and reads whole only the documents of its page (a plan of 955 documents answered 722 KB)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from services import policy
from services.store.models import Document

#: what the policy judges a document by: its level, uploader, groups shared with, deletion and type
_JUDGED = (
    Document.vertrouwelijkheidaanduiding,
    Document.uploaded_by,
    Document.gedeeld_met,
    Document.verwijderd,
    Document.informatieobjecttype,
)


def readable_ids(s: Session, case_id: int, reader: policy.DocumentActor) -> list[int]:
    """The ids of the documents of case ``case_id`` that ``reader`` (its view on that case,
    ``policy.document_actor``) may read, oldest first, as ``policy.document_readable`` judges them: of
    each only what it judges by is read."""
    judged = select(Document).options(load_only(*_JUDGED)).where(Document.case_id == case_id)
    return [d.id for d in s.scalars(judged.order_by(Document.id)) if policy.document_readable(reader, d)]


def page_ids(ids: list[int], limit: int, offset: int) -> list[int]:
    """The ids of a page of ``ids`` (oldest first): the newest ``limit`` after skipping the newest
    ``offset``, oldest first as the whole list is."""
    end = max(len(ids) - max(offset, 0), 0)
    return ids[max(end - limit, 0) : end]
