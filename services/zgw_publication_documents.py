"""The documents of a case in the zaakregistratie: each new document ("document", or "besluit" for a besluit
document: the document and the besluit), each later version of one already queued ("document-versie", ref
``versie:<id>:<n>``: the enkelvoudiginformatieobject gets it as its next versie, ``services.zgw.versions``),
the unlinking of one deleted after it was queued ("document-ontkoppelen"), and a besluit again once its
verzenddatum is recorded (ref ``verzonden:<id>``). Enqueued by each step (services.zgw_publication.on_step),
by the upload of a final besluit (its letter, or a scan of one) in its own transaction
(``publish_final_letter``) and by the worker's sweep for the other documents changed outside a step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, cast, exists, literal, or_, select
from sqlalchemy.orm import Session

from services.platform import Platform
from services.store.db import plain
from services.store.models import Case, Document, OutboxMessage
from services.zgw_outbox import CHANNEL, enabled, put, sent


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
TO_PUBLISH_OF_CASE = (  # one statement for all three: only the columns the step needs
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


def publish_documents(s: Session, case: Case, now: datetime) -> None:
    """Enqueue every document of the case not yet sent, in the order they were added; for each document
    deleted after it was queued, the undoing of its link to the zaak ("document-ontkoppelen"); and for
    each document queued before that has a newer version, that version ("document-versie")."""
    enqueue_documents(s, case, plain(s).execute(TO_PUBLISH_OF_CASE, {"case_id": case.id}).all(), now)


def enqueue_documents(s: Session, case: Case, rows: Sequence[Sequence[Any]], now: datetime) -> None:
    """Enqueue what ``publish_documents`` does for ``rows``, the rows of ``TO_PUBLISH_OF_CASE`` (a step
    reads them with its other reads: ``services.zgw_publication``)."""
    for doc_id, soort, deleted, versie, queued in rows:
        if deleted:
            put(s, case, "document-ontkoppelen", {"document": doc_id}, now, ref=f"ontkoppeld:{doc_id}")
        elif queued:
            payload = {"document": doc_id, "versie": versie}
            put(s, case, "document-versie", payload, now, ref=f"versie:{doc_id}:{versie}")
        else:
            kind = "besluit" if soort == "besluit" else "document"
            put(s, case, kind, {"document": doc_id}, now, ref=f"document:{doc_id}")


def publish_final_letter(s: Session, case: Case, now: datetime, settings: Any) -> None:
    """A case's final besluit letter (or a final scan of a besluit without an outcome), in the transaction
    that makes it final (services.documents.final_letter.letter_written, the transactional outbox): its
    "besluit" enqueued at once, after the documents of the case not sent yet (``publish_documents``: in the
    order they were added), so it reaches the zaakregistratie whether or not a step follows the letter's
    commit; the steps after it and the worker's sweep find it queued (ref
    ``document:<id>``) and add none. Only in a case whose zaak is queued (its ref "zaak", as the sweep asks):
    one not registered yet gets its documents after its zaak, at its next step (``on_step``)."""
    if enabled(settings) and sent(s, case.id, "zaak"):
        publish_documents(s, case, now)


def publish_verzending(s: Session, case: Case, doc_id: int, now: datetime, settings: Any) -> None:
    """A besluit whose verzenddatum was recorded after it was queued (services.documents.verzending): its
    "besluit" message again (ref ``verzonden:<id>``, which dates the informatieobject too), as the first
    registered the document and waited for that date; one not queued yet goes with it (``publish_documents``)."""
    if enabled(settings) and sent(s, case.id, f"document:{doc_id}"):
        put(s, case, "besluit", {"document": doc_id}, now, ref=f"verzonden:{doc_id}")


def sweep_documents(platform: Platform, limit: int = 100) -> int:
    """The worker's pass for documents uploaded, versioned or deleted outside a step (an upload is not a
    step; a final besluit's upload enqueues its own: ``publish_final_letter``): each case already registered gets its new documents, versions and unlinks enqueued, under its
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
