"""The document as the faces and the API show it (one shape for the list, one document and the public page),
and who reads it (``actor_for``). The account names in it are shown as the policy shows them to the reader
(policy.documents.account_name)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services import policy
from services.clock import iso_utc
from services.config import Settings
from services.store.models import Case, Document

#: the reason a document was deleted with when an earlier release pseudonymised its case after its
#: bewaartermijn (``zaak.geanonimiseerd_op``); its content may be gone from the store
VERNIETIGD = "verwijderd na bewaartermijn"


def actor_for(s: Session, username: str, case: Case, settings: Settings) -> policy.DocumentActor:
    """The document view of this account on ``case``, as the authorization policy decides it."""
    return policy.document_actor(s, policy.actor_for(s, username), case, policy.rules(settings))


def seeing_actor(
    s: Session, username: str, case: Case, settings: Settings, asked: int | str
) -> policy.DocumentActor:
    """``actor_for``, refusing first whoever may not see ``case`` as GET of the case does: 404, as a case
    that does not exist (``asked``: the key the caller gave), before anything of it is checked or told."""
    actor = actor_for(s, username, case, settings)
    if not actor.sees_case:
        policy.check_may_view(s, policy.actor_for(s, username), case, policy.rules(settings), asked=asked)
    return actor


def document_dict(doc: Document, reader: policy.DocumentActor | None = None) -> dict[str, Any]:
    """``reader``: who reads it (None: the system, or the officer who just deleted it): an initiator or
    an outside party reads no account names but its own."""
    party, own = (reader.party, reader.username) if reader is not None else ("behandelaar", None)
    latest = doc.versions[-1] if doc.versions else None
    return {
        "id": doc.id,
        "titel": doc.titel,
        "informatieobjecttype": doc.informatieobjecttype,
        "vertrouwelijkheidaanduiding": doc.vertrouwelijkheidaanduiding,
        "auteur": doc.auteur,
        "organisatie": doc.organisatie,
        "status": doc.status,
        "ontvangstdatum": doc.ontvangstdatum.isoformat() if doc.ontvangstdatum else None,
        "creatiedatum": doc.creatiedatum.isoformat(),
        "besluitdatum": doc.besluitdatum.isoformat() if doc.besluitdatum else None,
        "verzenddatum": doc.verzenddatum.isoformat() if doc.verzenddatum else None,
        "gedeeld_met": list(doc.gedeeld_met or []),
        "geupload_door": policy.account_name(party, doc.uploaded_by, own),
        "verwijderd": doc.verwijderd,
        "versie": doc.latest_version,
        "versies": [
            {
                "versie": v.versie,
                "sha256": v.sha256,
                "grootte": v.size,
                "mime_type": v.mime_type,
                "bestandsnaam": v.bestandsnaam,
                "geupload_door": policy.account_name(party, v.uploaded_by, own),
                "geupload_op": iso_utc(v.uploaded_at),
            }
            for v in doc.versions
        ],
        "mime_type": latest.mime_type if latest else None,
    }
