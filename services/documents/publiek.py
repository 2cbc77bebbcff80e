"""The besluit on the public status page: the holder of the volgcode (the initiator) sees and downloads the
final besluit documents of its case whose vertrouwelijkheidaanduiding the policy opens to initiators
(openbaar and beperkt_openbaar by default, ``[documenten] initiatiefnemer`` in autorisatie.toml)."""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from processes.errors import NotFound
from services import policy
from services.documents.service import blob_store
from services.platform import Platform
from services.policy_documents import DEFAULT_LEVELS, level_of
from services.status import unknown_code
from services.store.models import Case, Document


def _besluiten(s: Any, platform: Platform, code: str) -> list[Document]:
    case = s.scalars(select(Case).where(Case.tracking_code == code)).first() if code else None
    if case is None:
        raise unknown_code()
    levels = policy.rules(platform.settings).documents.get("initiatiefnemer")
    open_levels = levels if levels is not None else DEFAULT_LEVELS["initiatiefnemer"]
    docs = s.scalars(
        select(Document)
        .where(
            Document.case_id == case.id,
            Document.informatieobjecttype == "besluit",
            Document.status == "definitief",
            Document.verwijderd.is_(False),
        )
        .options(selectinload(Document.versions))
        .order_by(Document.id)
    ).all()
    return [d for d in docs if level_of(d.vertrouwelijkheidaanduiding) in open_levels]


def public_besluiten(platform: Platform, code: str) -> list[dict[str, Any]]:
    """``[{id, titel, datum, bestandsnaam, grootte, url}]`` for the status page."""
    with platform.uow(write=False) as uow:
        return [
            {
                "id": d.id,
                "titel": d.titel,
                "datum": d.creatiedatum.isoformat(),
                "bestandsnaam": d.versions[-1].bestandsnaam,
                "grootte": d.versions[-1].size,
                "url": f"/status/{code}/besluit/{d.id}",
            }
            for d in _besluiten(uow.session, platform, code)
        ]


def open_public_besluit(platform: Platform, code: str, document_id: int) -> tuple[dict[str, Any], BinaryIO]:
    """Metadata and content of one besluit of the case of ``code``; NotFound for anything else."""
    with platform.uow(write=False) as uow:
        doc = next((d for d in _besluiten(uow.session, platform, code) if d.id == document_id), None)
        if doc is None:
            raise NotFound(f"Besluit {document_id} bestaat niet bij deze zaak.", code="document-onbekend")
        v = doc.versions[-1]
        meta: dict[str, Any] = {
            "mime_type": v.mime_type,
            "grootte": v.size,
            "sha256": v.sha256,
            "bestandsnaam": v.bestandsnaam,
        }
        sha256 = v.sha256
    return meta, blob_store(platform).open(sha256)
