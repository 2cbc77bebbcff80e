"""The documents part of the officers' case file: what this user may see and add on one case, and one
document looked up through the case it belongs to. Access is decided by the authorization policy."""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from processes.errors import NotFound
from processes.vertrouwelijkheid import Vertrouwelijkheid
from services import policy
from services.cases import case_by_key
from services.document_reads import page_ids, readable_ids
from services.documents.checks import case_is_open, kept_for_besluit
from services.documents.queries import documents_by_id, get_document, open_version
from services.documents.types import DocumentType, types_of
from services.documents.views import actor_for, document_dict
from services.platform import Platform
from services.policy.names import shown_names
from services.store.models import Document

#: the most documents the case file shows at once, the newest: every document of each demo case (7 at
#: most), not a long plan's 955 (the API's list takes its ``limiet`` default, 50, too)
PER_PAGE = 50
#: the last page asked for that is read as asked (a later one reads as this one: none there)
LAST_PAGE = 1_000_000

#: content types a browser shows safely in the case file's preview (never HTML, SVG or XML)
PREVIEW_MIME = {
    "application/pdf": "pdf",
    "image/png": "afbeelding",
    "image/jpeg": "afbeelding",
    "image/gif": "afbeelding",
    "image/webp": "afbeelding",
}


def preview_kind(mime: str | None) -> str | None:
    """'pdf', 'afbeelding' or None (download only)."""
    return PREVIEW_MIME.get(mime or "")


def case_file_documents(
    platform: Platform, case_key: int | str, username: str, page: int = 1
) -> dict[str, Any]:
    """A page of the readable documents of a case (``page`` 1: the newest ``PER_PAGE``; newest last) and
    how many came before it (``eerder``), the types this user may add, whether the user may delete
    documents (a behandelaar) and whether the case is still open."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        actor = actor_for(s, username, case, platform.settings)
        types = types_of(platform).voor(case.process_id)
        names = {code: t.omschrijving for code, t in types.items()}
        ids = readable_ids(s, case.id, actor)
        chosen = page_ids(ids, PER_PAGE, (min(max(page, 1), LAST_PAGE) - 1) * PER_PAGE)
        shown = []
        for d in documents_by_id(s, chosen):
            item = document_dict(d, actor)
            item["type_naam"] = names.get(d.informatieobjecttype, d.informatieobjecttype)
            item["voorbeeld"] = preview_kind(item["mime_type"])
            shown.append(item)
        _uploaders_named(s, shown)
        open_case = case_is_open(case)
        writable = [t for t in types.values() if open_case and policy.may_write_document(actor, t)]
        return {
            "documenten": shown,
            "eerder": ids.index(chosen[0]) if chosen else 0,
            "typen": [
                {
                    "code": t.code,
                    "omschrijving": t.omschrijving,
                    "vertrouwelijkheid": t.vertrouwelijkheid.value,
                }
                for t in sorted(writable, key=lambda t: t.omschrijving)
            ],
            "niveaus": _levels_offered(actor, writable, policy.rules(platform.settings)),
            "mag_beheren": policy.may_handle_documents(actor),
            "zaak_open": open_case,
        }


def _uploaders_named(s: Session, docs: list[dict[str, Any]]) -> None:
    """Add to each document and its versions how its uploader reads (``geupload_door_naam``: the display
    name, policy.names.shown_names, one query for the list), where the reader may see the login."""
    versions = [v for doc in docs for v in doc.get("versies") or []]
    names = shown_names(s, [x["geupload_door"] for x in [*docs, *versions]])
    for x in [*docs, *versions]:
        x["geupload_door_naam"] = names.get(x["geupload_door"] or "")


def _levels_offered(
    actor: policy.DocumentActor, writable: list[DocumentType], rules: policy.Rules
) -> list[str]:
    """The levels the upload form offers: every level to an officer, else only those that a type it may
    add allows it (``check_level_choice`` refuses the others)."""
    if actor.chooses_any_level:
        return [v.value for v in Vertrouwelijkheid]
    allowed = {
        lvl for t in writable for lvl in policy.uploader_levels(t.vertrouwelijkheid.value, rules.documents)
    }
    return [v.value for v in Vertrouwelijkheid if v.value in allowed]


def _check_case(platform: Platform, case_key: int | str, document_id: int, *, besluit: bool = False) -> bool:
    """Refuse a document of another case (404). ``besluit``: also say whether a final besluit of the
    case rests on it (else False)."""
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_key)
        doc = uow.session.get(Document, document_id)
        if doc is None or doc.case_id != case.id:
            raise NotFound(
                f"Document {document_id} bestaat niet in zaak {case.reference}.", code="document-onbekend"
            )
        return besluit and kept_for_besluit(uow.session, case.id, document_id)


def document_of_case(
    platform: Platform, case_key: int | str, document_id: int, username: str
) -> dict[str, Any]:
    """One document of this case (404 when it is of another case or the policy refuses it);
    ``onder_besluit``: a final besluit rests on it, so it is neither deleted nor given a new version."""
    doc = get_document(platform, document_id, username)
    with platform.uow(write=False) as uow:
        _uploaders_named(uow.session, [doc])
    doc["onder_besluit"] = _check_case(platform, case_key, document_id, besluit=True)
    doc["voorbeeld"] = preview_kind(doc["mime_type"])
    return doc


def open_case_version(
    platform: Platform, case_key: int | str, document_id: int, username: str, versie: int | None
) -> tuple[dict[str, Any], BinaryIO]:
    meta, stream = open_version(platform, document_id, username, versie)
    try:
        _check_case(platform, case_key, document_id)
    except NotFound:
        stream.close()
        raise
    return meta, stream
