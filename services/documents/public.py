"""Documents on the public side: what the holder of a case's volgcode (the initiator without a login)
may add and see.

The code holder counts as the initiatiefnemer of that one case (services/policy/__init__.py ``Actor.code_holder``):
it may add the types whose ``uploaders`` list ``initiatiefnemer`` (bpmn/documenttypen.toml), and it sees
its own uploads and the documents at the initiator's levels (openbaar, beperkt_openbaar: the final besluit
included). Its uploads are recorded as uploaded by ``CODE_HOLDER``.

Files of one submission are checked all together first (``check_files``): name, size cap, content type,
duplicates and the virus scan, before the application's case starts. Only when every file passes is
anything stored, so a refused submission stores nothing (a scanner that cannot be reached refuses it
with a 503, before anything is stored). An application's files are then staged (``stage_files``) and
written in the unit of work that starts its case: a full disk or a database error stores neither. A
status-page message's files are staged the same way and written in one unit of work under the case's
row lock (``add_files``): all of them or none.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from processes.errors import NotFound, TooLarge, ValidationError
from processes.getallen import als_id
from processes.nederlands import mb_tekst
from services import policy
from services.cases import case_by_key
from services.clock import in_nl, today
from services.documents.checks import VirusFound, check_case_open, check_filename
from services.documents.quota import Room, check_room
from services.documents.removal import remove_unheld, undo_new_content
from services.documents.service import NewDocument, new_document
from services.documents.storage import StagedBlob, blob_store
from services.documents.types import DocumentType, types_of
from services.documents.views import document_dict
from services.documents.writing import refuse_duplicate, stage_and_check, stored_or_undone
from services.platform import Platform
from services.policy.documents import CODE_HOLDER
from services.store.models import Case, CaseEvent, Document, OutboxMessage

MAX_FILES = 10


@dataclass
class PublicFile:
    """One uploaded file of a public form, with the document type it is offered as."""

    bestandsnaam: str
    stream: BinaryIO
    informatieobjecttype: str
    #: the sha256 of the content once ``check_files`` passed it (virus scan included): not scanned again
    sha256: str | None = None


def code_holder_actor(platform: Platform, also_own: Collection[str] = ()) -> policy.DocumentActor:
    """The holder of a case's tracking code: the applicant, who sees the case (``also_own``: its
    accounts' names, ``policy.applicant_accounts``)."""
    rules = policy.rules(platform.settings)
    return policy.document_actor_of(
        CODE_HOLDER,
        frozenset(),
        "initiatiefnemer",
        sees_case=True,
        levels=rules.documents.get("initiatiefnemer"),
        also_own=also_own,
    )


def _not_theirs(doc_type: Any) -> str:
    return f"U mag geen {doc_type.omschrijving.lower()} toevoegen aan deze aanvraag."


def _label(name: str) -> str:
    return f"'{name}'" if name else "het bestand"


def check_files(platform: Platform, process_id: str, files: Sequence[PublicFile]) -> dict[str, str]:
    """Check every file before anything is stored: ``{field or file name: Dutch error}`` (empty: all fine).
    A file that passes gets its ``sha256``; each stream is rewound afterwards. ScanUnavailable (503) when
    the virus scanner cannot be reached: the submission is refused as a whole."""
    errors: dict[str, str] = {}
    if len(files) > MAX_FILES:
        return {"bijlagen": f"Stuur ten hoogste {MAX_FILES} bestanden tegelijk mee."}
    store, seen, holder = blob_store(platform), dict[str, str](), code_holder_actor(platform)
    for f in files:
        f.sha256 = None
        try:
            name = check_filename(f.bestandsnaam)
            doc_type = types_of(platform).type(process_id, f.informatieobjecttype)
            if not policy.may_write_document(holder, doc_type):
                raise ValidationError(_not_theirs(doc_type), code="document-geen-toegang")
            staged = stage_and_check(platform, f.stream, doc_type, name)
            store.discard(staged)
            if staged.sha256 in seen:
                raise ValidationError(
                    f"'{name}' is hetzelfde bestand als '{seen[staged.sha256]}'; stuur het één keer mee.",
                    code="document-dubbel",
                )
            seen[staged.sha256] = name
            f.sha256 = staged.sha256
        except (ValidationError, TooLarge, VirusFound) as exc:  # named with the other errors
            errors[f.bestandsnaam or f.informatieobjecttype] = f"{_label(f.bestandsnaam)}: {exc.detail}"
        finally:
            f.stream.seek(0)
    return errors


def _over_room(size: int, stored: int, limit: int) -> str:
    """Why the code holder's files do not fit: what it sends now, with what it sent before, against the
    bytes per case (``check_room``)."""
    before = f" en wat u eerder stuurde ({mb_tekst(stored)}) is samen" if stored else " is"
    return (
        f"wat u nu meestuurt ({mb_tekst(size)}){before} meer dan {mb_tekst(limit, grens=True)}, het maximum "
        "aan bestanden dat u bij deze aanvraag kunt sturen. Stuur minder of kleinere bestanden mee, of neem "
        "contact op met de gemeente als u meer wilt aanleveren."
    )


def _too_full(size: int, stored: int, limit: int) -> str:
    """The status page's words when a message's files do not fit in what the code holder may store."""
    return "Uw bestanden zijn niet opgeslagen en uw bericht is niet verstuurd: " + _over_room(
        size, stored, limit
    )


def _application_too_full(size: int, stored: int, limit: int) -> str:
    """The application form's words when its bijlagen do not fit in what the code holder may store."""
    return "Uw aanvraag is niet ingediend: " + _over_room(size, stored, limit)


#: whose bytes on the case bound an application's bijlagen and a status-page message's files, and how
#: each form words its refusal
APPLICATION_ROOM = Room(CODE_HOLDER, _application_too_full, field="bijlagen")
MESSAGE_ROOM = Room(CODE_HOLDER, _too_full, field="documenten")


def add_files(platform: Platform, case_id: int | str, files: Sequence[PublicFile]) -> list[dict[str, Any]]:
    """Store files that ``check_files`` passed (type, permission, content) as documents of the case,
    uploaded by the code holder: all of them or none, in one unit of work under the case's row lock
    (``StagedFiles.write``). Their bytes are bounded as the code holder's on the case (``check_room``,
    at the form's documents) for all of them together, under that lock: an upload in parallel cannot
    take the room between two files of one message (it waits, and then meets the room that is left).
    A duplicate or no room refuses the whole message; a full disk is StorageFailed (503)."""
    with platform.uow(write=False) as uow:
        case = case_by_key(uow.session, case_id)
        case_pk, process_id = case.id, case.process_id
        check_case_open(case)
    staged = stage_files(platform, process_id, files)
    with stored_or_undone(staged.undo, f"files for case {case_pk}"), platform.uow() as uow:
        case = case_by_key(uow.session, case_pk, lock=True)
        check_case_open(case)  # closed meanwhile
        stored = staged.write(uow.session, case, MESSAGE_ROOM)
        uow.commit()
    return stored


@dataclass
class StagedFiles:
    """The code holder's files of one submission (an application's bijlagen, or the files of a status-page
    message), staged before the unit of work that writes them (``stage_files``) and written by ``write`` in
    it; ``undo`` when that unit of work failed."""

    platform: Platform
    files: list[tuple[NewDocument, DocumentType, StagedBlob]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # content this submission added to the store

    @property
    def size(self) -> int:
        """The bytes of all the files together: what they take of the code holder's room on the case."""
        return sum(blob.size for _meta, _type, blob in self.files)

    def write(self, s: Session, case: Case, room: Room | None) -> list[dict[str, Any]]:
        """The documents of ``case`` (locked, or new), uploaded by the code holder; their content is moved
        into the store before the commit (``undo`` takes it out again when the commit does not happen).
        Before any is written: none may duplicate a document of the case (409), and their bytes together
        must fit what the code holder may store on it (``check_room``, worded by ``room``: 422); ``room``
        None: held to it before the case started (an application's bijlagen, ``check_new_case_room``)."""
        store, reader, stored = blob_store(self.platform), code_holder_actor(self.platform), []
        for _meta, _type, blob in self.files:
            refuse_duplicate(s, case, blob.sha256, reader)
        check_room(s, case, room, self.size, self.platform.settings)
        for meta, doc_type, staged in self.files:
            doc = new_document(
                self.platform, s, case, CODE_HOLDER, meta, doc_type, None, meta.bestandsnaam, staged
            )
            s.flush()
            if store.commit(staged, s):
                self.created.append(staged.sha256)
            stored.append(document_dict(doc, reader))
        return stored

    def undo(self) -> None:
        store = blob_store(self.platform)
        for _meta, _type, staged in self.files:
            store.discard(staged)
        undo_new_content(self.platform, self.created)


def stage_files(platform: Platform, process_id: str, files: Sequence[PublicFile]) -> StagedFiles:
    """Stage files that ``check_files`` passed (not scanned again), before the unit of work that writes
    them (an application's case starts, a status-page message is stored): a storage failure here (a full
    disk) refuses the submission before anything is stored."""
    staged = StagedFiles(platform)
    try:
        for f in files:
            name = check_filename(f.bestandsnaam)
            doc_type = types_of(platform).type(process_id, f.informatieobjecttype)
            blob = stage_and_check(platform, f.stream, doc_type, name, (f.sha256,) if f.sha256 else ())
            received = today(platform.clock)
            meta = NewDocument(f.informatieobjecttype, name, auteur="aanvrager", ontvangstdatum=received)
            staged.files.append((meta, doc_type, blob))
    except BaseException:
        staged.undo()
        raise
    return staged


WITHDRAWN = "Niet aangenomen: de aanvulling was al ontvangen (dubbel verstuurd)."


def withdraw_files(platform: Platform, case_id: int, stored: Sequence[dict[str, Any]]) -> None:
    """Undo ``add_files`` for a submission refused after its files were stored (a message that is no
    longer expected): only these documents of this case, only while they still hold just the one
    version the code holder uploaded. Never touches another document. A document a publisher already
    queued for the zaakregistratie is marked deleted (deletion is a state); any other goes with its
    'toegevoegd' event, and its blob when no version anywhere still uses it."""
    ids = {int(d["id"]) for d in stored}
    if not ids:
        return
    with platform.uow() as uow:
        s = uow.session
        case_by_key(s, case_id, lock=True)
        docs = s.scalars(
            select(Document)
            .where(Document.id.in_(ids), Document.case_id == case_id, Document.uploaded_by == CODE_HOLDER)
            .options(selectinload(Document.versions))
        ).all()
        docs = [d for d in docs if len(d.versions) == 1 and d.versions[0].uploaded_by == CODE_HOLDER]
        queued = set(
            s.scalars(
                select(OutboxMessage.ref).where(OutboxMessage.ref.in_([f"document:{d.id}" for d in docs]))
            )
        )
        for doc in docs:
            if f"document:{doc.id}" in queued:
                doc.verwijderd, doc.verwijderd_at = True, platform.clock.now()
                doc.verwijderd_by, doc.verwijder_reden = CODE_HOLDER, WITHDRAWN
        shas = _remove_documents(s, case_id, [d for d in docs if not d.verwijderd])
        uow.commit()
    remove_unheld(platform, sorted(shas))


def _remove_documents(s: Session, case_id: int, docs: Sequence[Document]) -> set[str]:
    """Delete ``docs`` (one version each) with their 'toegevoegd' events; returns their blobs' hashes."""
    gone, shas = {d.id for d in docs}, {d.versions[0].sha256 for d in docs}
    events = s.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "document-toegevoegd")
    ).all()
    for event in events:
        if (event.data or {}).get("document") in gone:
            s.delete(event)
    for doc in docs:
        s.delete(doc.versions[0])
    s.flush()
    for doc in docs:
        s.delete(doc)
    s.flush()
    return shas


def visible_documents(platform: Platform, case_id: int | str) -> list[dict[str, Any]]:
    """The documents of the case the code holder may see, oldest first (title, type, date, size)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_id)
        own = policy.applicant_accounts(s, case)
        actor = code_holder_actor(platform, own)
        docs = s.scalars(
            select(Document)
            .where(Document.case_id == case.id, Document.verwijderd.is_(False))
            .options(selectinload(Document.versions))
            .order_by(Document.id)
        ).all()
        types = types_of(platform)
        out = []
        for doc in docs:
            if not policy.document_readable(actor, doc):
                continue
            d = document_dict(doc)
            latest = doc.versions[-1] if doc.versions else None
            out.append(
                {
                    "id": d["id"],
                    "titel": d["titel"],
                    "soort": types.type(case.process_id, doc.informatieobjecttype).omschrijving,
                    # the day on the Dutch calendar, as the status page's timeline shows it
                    "datum": in_nl(latest.uploaded_at).date().isoformat() if latest else d["creatiedatum"],
                    "grootte": d["versies"][-1]["grootte"] if d["versies"] else 0,
                    "eigen": doc.uploaded_by == CODE_HOLDER or doc.uploaded_by in own,
                }
            )
        return out


def open_document(
    platform: Platform, case_id: int, document_id: int | str
) -> tuple[dict[str, Any], BinaryIO]:
    """Metadata and content of the latest version, when the code holder may read it; else 404."""
    with platform.uow(write=False) as uow:
        s = uow.session
        doc_id = als_id(document_id)
        doc = s.get(Document, doc_id) if doc_id is not None else None
        case = case_by_key(s, case_id)
        if (
            doc is None
            or doc.case_id != case.id
            or doc.verwijderd
            or not doc.versions
            or not policy.document_readable(
                code_holder_actor(platform, policy.applicant_accounts(s, case)), doc
            )
        ):
            raise NotFound(
                "Dit document bestaat niet of hoort niet bij deze aanvraag.", code="document-onbekend"
            )
        version = doc.versions[-1]
        meta = {
            "document": doc.id,
            "titel": doc.titel,
            "sha256": version.sha256,
            "grootte": version.size,
            "mime_type": version.mime_type,
            "bestandsnaam": version.bestandsnaam,
        }
    return meta, blob_store(platform).open(version.sha256)
