"""Checks on an upload before it is accepted: the case is open and the user may add the type, the file
name, the type detected from the content, and the optional virus scan (clamd over a Unix or TCP socket,
when configured)."""

from __future__ import annotations

import logging
import socket
import struct
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes import tekens
from processes.constants import CaseStatus
from processes.errors import Conflict, Forbidden, RuimteflowError, ValidationError
from processes.tekens import has_control_character
from processes.termijnen.datums import datum_nl
from services import organisations, policy
from services.documents.extensions import check_name_fits
from services.documents.mime import (
    PDF_MIME,
    ZIP,
    ZIP_MIME,
    detect_mime,
    refuse_executable,
    refuse_executable_name,
)
from services.documents.pdf_check import check_pdf
from services.documents.storage import LocalBlobStore, StagedBlob
from services.documents.types import DocumentType
from services.documents.zip_check import check_zip
from services.store.models import Case, Document, DocumentVersion

log = logging.getLogger(__name__)

MAX_NAME = 255


class VirusFound(RuimteflowError):
    code = "document-virus"
    title = "Virus gevonden"
    status = 422


class ScanUnavailable(RuimteflowError):
    code = "virusscan-onbereikbaar"
    title = "Virusscan niet beschikbaar"
    status = 503


#: scans a staged file; raises VirusFound or ScanUnavailable (``clamd_scan`` at the configured address)
Scanner = Callable[[Path], None]
CLOSED_STATUSES = {CaseStatus.AFGEROND}


def case_is_open(case: Case) -> bool:
    return case.status not in CLOSED_STATUSES and case.closed_at is None


def check_case_open(case: Case, wat: str = "toegevoegd") -> None:
    """A closed case keeps its documents as they are: none is ``wat`` (toegevoegd, verwijderd) any more."""
    if not case_is_open(case):
        raise Conflict(
            f"Zaak {case.reference} is afgesloten; er kunnen geen documenten meer worden {wat}.",
            code="zaak-afgesloten",
        )


def kept_for_besluit(s: Session, case_id: int, document_id: int) -> bool:
    """Did the case hold this document when its (latest) final besluit was made (``check_kept_for_besluit``)?"""
    latest = s.scalar(select(func.max(Document.id)).where(*Document.final_besluiten_of(case_id)))
    return latest is not None and document_id < latest


def check_kept_for_besluit(s: Session, case: Case, doc: Document, wat: str) -> None:
    """From a final besluit on, the documents the case held when it was made stay as they are: the record
    the besluit rests on, also while the case runs on through the bezwaar term. ``wat``: what the refused
    change would do (verwijderd, vervangen door een nieuwe versie). A document added after the (latest)
    final besluit, bezwaar correspondence say, may still change; new documents may always be added."""
    if kept_for_besluit(s, case.id, doc.id):
        raise Conflict(
            f"In zaak {case.reference} is een definitief besluit genomen. '{doc.titel}' hoort bij het "
            f"dossier waarop dat besluit rust en kan niet meer worden {wat}; voeg zo nodig een nieuw "
            "document toe.",
            code="document-onder-besluit",
        )


def check_besluit_order(besluitdatum: date | None, verzenddatum: date | None, vandaag: date) -> None:
    """A final besluit was taken (not dated ahead) and is sent (or laid open) after it was taken."""
    if besluitdatum is not None and besluitdatum > vandaag:
        raise ValidationError(
            f"De besluitdatum ({datum_nl(besluitdatum)}) ligt in de toekomst; maak het besluit "
            "definitief op of na de dag dat het is genomen.",
            code="besluitdatum-in-toekomst",
        )
    if besluitdatum and verzenddatum and verzenddatum < besluitdatum:
        raise ValidationError(
            f"De verzenddatum ({datum_nl(verzenddatum)}) ligt vóór de besluitdatum "
            f"({datum_nl(besluitdatum)}): een besluit wordt verzonden nadat het is genomen.",
            code="verzending-voor-besluit",
        )


def check_verzonden(verzenddatum: date | None, vandaag: date) -> None:
    """A verzenddatum recorded for an uploaded besluit states that it was sent (or laid open), and the
    bezwaartermijn runs from it: a day after ``vandaag`` (services.clock.today, Europe/Amsterdam) is not a
    fact yet. The besluit editor's letter may name a planned day (BesluitInvoer.eis_volgorde does not ask
    this): it is the letter's own date, printed before it goes out."""
    if verzenddatum is not None and verzenddatum > vandaag:
        raise ValidationError(
            f"De verzenddatum ({datum_nl(verzenddatum)}) ligt in de toekomst (vandaag is "
            f"{datum_nl(vandaag)}). Leg de verzenddatum vast op of na de dag dat het besluit is verzonden "
            "of ter inzage gelegd: de bezwaartermijn loopt vanaf die dag.",
            code="verzenddatum-in-toekomst",
            veld="verzenddatum",
        )


def check_na_ontvangst(besluitdatum: date | None, verzenddatum: date | None, ontvangen: date | None) -> None:
    """A besluit is not taken or sent before the application was received (``ontvangen``:
    besluit_context.ontvangen_op)."""
    for veld, waarde in (("besluitdatum", besluitdatum), ("verzenddatum", verzenddatum)):
        if ontvangen is not None and waarde is not None and waarde < ontvangen:
            raise ValidationError(
                f"De {veld} ({datum_nl(waarde)}) ligt vóór de ontvangst van de aanvraag "
                f"({datum_nl(ontvangen)}).",
                code=f"{veld}-voor-ontvangst",
                veld=veld,
            )


def check_besluit_dates(
    code: str,
    besluitdatum: date | None,
    verzenddatum: date | None,
    vandaag: date,
    ontvangen: date | None,
) -> None:
    """The dates an uploaded document states as a besluit (a signed besluit of a task that requires one,
    such as the wijkuitvoeringsplan's college and raad): only a document of type besluit has them, a
    verzenddatum only with the besluitdatum, in their order, neither after today (``check_verzonden``: the
    verzenddatum records that it was sent) and not before the application was received (``ontvangen``). A besluit taken and not yet sent has its besluitdatum alone: its verzenddatum is
    recorded later (services.documents.verzending), the zaakregistratie registers it once it is known
    (Awb 3:40), and a task that requires a besluit counts only one with both (services.taakdocumenten)."""
    if besluitdatum is None and verzenddatum is None:
        return
    if code != "besluit":
        raise ValidationError(
            "Een besluitdatum en verzenddatum horen alleen bij een document van het type besluit.",
            code="besluitdatum-zonder-besluit",
            veld="besluitdatum" if besluitdatum is not None else "verzenddatum",
        )
    if besluitdatum is None:
        raise ValidationError(
            "Geef bij het besluit ook de besluitdatum: een besluit wordt genomen op zijn besluitdatum en "
            "bekendgemaakt op zijn verzenddatum (Awb 3:40).",
            code="besluitdatum-onvolledig",
            veld="besluitdatum",
        )
    check_besluit_order(besluitdatum, verzenddatum, vandaag)
    check_verzonden(verzenddatum, vandaag)
    check_na_ontvangst(besluitdatum, verzenddatum, ontvangen)


def check_may_write(actor: policy.DocumentActor, case: Case, doc_type: DocumentType) -> None:
    if not policy.may_write_document(actor, doc_type):
        raise Forbidden(
            f"U mag geen {doc_type.omschrijving.lower()} toevoegen aan zaak {case.reference}.",
            code="document-geen-toegang",
        )


#: per party that may not choose any level: how the refusal addresses it, and whom a stricter level hides from
_LEVEL_CHOOSERS = {
    "initiatiefnemer": ("aanvrager", "de adviseurs die uw aanvraag beoordelen"),
    "adviseur": ("adviseur", "de adviseurs van de zaak"),
    "extern": ("externe partij", "de adviseurs van de zaak"),
}


def check_level_choice(
    actor: policy.DocumentActor, doc_type: DocumentType, level: str | None, rules: policy.Rules
) -> None:
    """Only the municipality's officers (a behandelaar, the beheerder) give an upload any level. Every
    other party, an initiator, an internal adviser or an outside party, gives it only a level
    ``policy.uploader_levels`` allows: never more open than the type's default (the status page shows
    openbaar and beperkt_openbaar documents to the applicant), never hidden from the case's advisers.
    None keeps the type's default."""
    if level is None or actor.chooses_any_level:
        return
    choices = policy.uploader_levels(doc_type.vertrouwelijkheid.value, rules.documents)
    if level not in choices:
        named = [f"{c} (de standaard)" if i == 0 else c for i, c in enumerate(choices)]
        keuze = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " of " + named[-1]
        wie, voor = _LEVEL_CHOOSERS.get(actor.party, _LEVEL_CHOOSERS["adviseur"])
        raise ValidationError(
            f"Als {wie} geeft u een {doc_type.omschrijving.lower()} de vertrouwelijkheid {keuze}. "
            f"Een strengere aanduiding verbergt het stuk voor {voor}; hoe openbaar een stuk is, bepaalt "
            "de gemeente.",
            code="vertrouwelijkheid-niet-toegestaan",
            toegestaan=choices,
        )


def duplicate_refusal(case: Case, existing: DocumentVersion, readable: bool) -> Conflict:
    """The refusal of a file the case already holds; the document is named only to who may read it."""
    if not readable:
        return Conflict(
            f"Dit bestand staat al in zaak {case.reference}. Het is niet nog eens opgeslagen.",
            code="document-dubbel",
        )
    return Conflict(
        f"Dit bestand staat al in zaak {case.reference}: '{existing.document.titel}', versie "
        f"{existing.versie}. Het is niet nog eens opgeslagen.",
        code="document-dubbel",
        document_id=existing.document_id,
        versie=existing.versie,
    )


#: what ``has_control_character`` finds, in the Dutch refusals of a file name and a title
STUURTEKEN = (
    "een stuurteken (bijvoorbeeld een regeleinde, een tab of een onzichtbaar teken dat de leesrichting "
    "omkeert); dat is niet toegestaan."
)


def check_title(titel: str) -> str:
    """A document title (empty: the file name's stem) without control characters. Returns it unchanged."""
    if has_control_character(titel):
        raise ValidationError(f"De titel bevat {STUURTEKEN}", code="titel-ongeldig", veld="titel")
    return titel


def check_filename(name: object) -> str:
    """A plain file name: no folders, no ``..``, no control characters. Returns it unchanged."""
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("Geef een bestandsnaam op.", code="bestandsnaam-ongeldig")
    if has_control_character(name):
        raise ValidationError(f"De bestandsnaam bevat {STUURTEKEN}", code="bestandsnaam-ongeldig")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        raise ValidationError(
            f"De bestandsnaam '{name}' bevat een map of '..'; geef alleen de naam van het bestand.",
            code="bestandsnaam-ongeldig",
        )
    if len(name) > MAX_NAME:
        raise ValidationError(
            f"De bestandsnaam is te lang ({len(name)} tekens, maximaal {MAX_NAME}).",
            code="bestandsnaam-ongeldig",
        )
    return name


def check_text_fields(auteur: str, organisatie: str, gedeeld_met: Collection[str]) -> tuple[str, str]:
    """The text fields of an upload fit their columns (the API's contract says the same; the faces and
    the CLI come here too): a Dutch 400 instead of a database error, nothing stored. The auteur and the
    organisatie are shown with the document: a bidi or control character is refused (processes.tekens,
    ``tekst-ongeldig`` at the field), and one of only invisible characters is none (""). Returns them
    as stored."""
    shown = []
    for name, label, value in (
        ("auteur", "De auteur", auteur),
        ("organisatie", "De organisatie", organisatie),
    ):
        if len(value) > 255:
            raise ValidationError(
                f"Veld '{name}' mag ten hoogste 255 tekens hebben.", code="veld-ongeldig", veld=name
            )
        shown.append(tekens.check_line(value, name, label) or "")
    if len(gedeeld_met) > 20 or any(len(g) > 120 for g in gedeeld_met):
        raise ValidationError(
            "Veld 'gedeeld_met' noemt ten hoogste 20 groepen van elk ten hoogste 120 tekens.",
            code="veld-ongeldig",
            veld="gedeeld_met",
        )
    organisations.check_group_names(list(gedeeld_met), "gedeeld_met")  # group names, shown with it
    return shown[0], shown[1]


def check_content(staged: StagedBlob, doc_type: DocumentType, filename: str, *, inspect: bool = True) -> str:
    """The detected MIME type, if allowed for ``doc_type`` and ``filename``'s extension is one of its
    (services.documents.extensions); else a Dutch refusal. A ``filename`` ending in a program's or
    script's extension is refused whatever the content (mime.EXECUTABLE_EXTENSIONS). A ZIP is checked
    entry by entry (services.documents.zip_check), a PDF for active content (services.documents.pdf_check),
    unless not ``inspect``: content that passed this check before."""
    mime = detect_mime(staged.head)
    refuse_executable(mime, f"'{filename}'")
    if mime not in doc_type.mime:
        extension = Path(filename).suffix or "(geen extensie)"
        raise ValidationError(
            f"De inhoud van '{filename}' is {mime}, maar voor {doc_type.omschrijving.lower()} zijn alleen "
            f"{', '.join(doc_type.mime)} toegestaan. De extensie {extension} telt niet mee.",
            code="document-verkeerd-type",
            gedetecteerd=mime,
        )
    refuse_executable_name(filename, f"'{filename}'")  # after the content's refusals: they say more
    check_name_fits(filename, mime)  # 'plattegrond.hta' holding a PDF is refused: the name must say .pdf
    if not inspect:
        return mime
    if mime in ZIP_MIME:  # a plain ZIP's entries are held to the type's list, an Office file's parts are not
        accepted = doc_type.mime if mime == ZIP else None
        check_zip(staged.path, filename, doc_type.max_bytes, accepted)
    elif mime == PDF_MIME:
        with staged.path.open("rb") as pdf:
            check_pdf(pdf, f"'{filename}'")
    return mime


def scanner_at(address: str | None) -> Scanner | None:
    """The virus scan at clamd ``address`` (Settings.clamd_address); None when none is configured."""
    return (lambda path: clamd_scan(address, path)) if address else None


def stage_checked(
    store: LocalBlobStore,
    stream: BinaryIO,
    doc_type: DocumentType,
    filename: str,
    scanner: Scanner | None,
    *,
    scanned: Collection[str] = (),
) -> StagedBlob:
    """Stage ``stream`` and check it: the type's size cap, the content type and the virus scan. Content
    whose sha256 is in ``scanned`` passed this whole check before (a public submission's files, checked
    before its case started): neither inspected inside (a ZIP's entries, a PDF's objects) nor scanned
    again. Refused: the staged content is gone again."""
    staged = store.stage(stream, max_bytes=doc_type.max_bytes, label=doc_type.omschrijving.lower())
    again = staged.sha256 in scanned
    try:
        staged.mime = check_content(staged, doc_type, filename, inspect=not again)
        if scanner is not None and not again:
            scanner(staged.path)
    except BaseException:
        store.discard(staged)
        raise
    return staged


def _connect(address: str, timeout: float) -> socket.socket:
    if not address.startswith("/"):
        host, _, port = address.rpartition(":")
        return socket.create_connection((host, int(port)), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(address)
    except OSError:
        sock.close()
        raise
    return sock


def clamd_scan(address: str, path: Path, *, timeout: float = 30.0) -> None:
    """Scan with clamd's INSTREAM command. ``address``: a Unix socket path or ``host:port``."""
    try:
        sock = _connect(address, timeout)
        with sock, path.open("rb") as handle:
            sock.sendall(b"zINSTREAM\0")
            while chunk := handle.read(65536):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0") and (part := sock.recv(4096)):
                answer += part
    except (OSError, ValueError) as exc:
        # exc names the socket's path or host:port: kept as the cause, in the traceback of the log line that
        # web.errors writes for a 503 (with its foutcode), never in the Dutch text the public reads
        raise ScanUnavailable(
            "De virusscanner is niet bereikbaar; het document is niet opgeslagen. Probeer het later opnieuw.",
            code="virusscan-onbereikbaar",
        ) from exc
    text = answer.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith("FOUND"):
        raise VirusFound(
            f"De virusscanner vond een besmetting ({text.split(':', 1)[-1].strip()}); het document is geweigerd.",
            code="document-virus",
        )
    if not text.endswith("OK"):  # clamd's own words stay in the log, not in the answer the public reads
        log.warning("unexpected answer of the virus scanner: %r", text)
        raise ScanUnavailable(
            "De virusscanner gaf een onverwacht antwoord; het document is niet opgeslagen. Probeer het later "
            "opnieuw.",
            code="virusscan-onbereikbaar",
        )
