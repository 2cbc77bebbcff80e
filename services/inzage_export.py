"""The export of one person's data for an AVG art. 15 request (``ruimteflow personen inzage TEKST --uit
DIR``): what ``services.inzage`` finds, in a new folder a privacy officer can check and hand over.

The folder gets ``persoonsgegevens.json`` (the search's result, with the request: search text, when, by
whom), ``documenten/`` with the latest version of each document whose metadata hold the search text (a
document destroyed after its bewaartermijn, or whose file is missing, is listed as not copied, with why)
and a short Dutch ``README.txt`` saying what is in it, where it came from and what was not searched. The
folder and its files are readable by their owner only (personal data). A folder that exists and is not
empty is refused, so that no earlier export is mixed in or overwritten; an export that fails halfway (a
full disk, say) is removed again, leaving the folder as it was given (gone, or empty), so that no half
export of personal data is left behind and a rerun into the same folder is not refused. The run is
recorded as an audit line (``persoon-inzage``) before anything is read, and gets the number of places
found once the export is written. The folder is kept as long as the search text on that line: ``zaken
opschonen --uitvoeren`` removes both after ``Settings.zoeklog_bewaar_dagen`` (services.bewaren.zoeklog,
``verwijder_map``); its README says so, and ``persoonsgegevens.json`` names the line (``verzoek.regel``), so
that a later export into a folder of the same name is not removed with an earlier search's term.

Each copy is named ``<zaak>_document-<id>_v<versie>_<bestandsnaam>``, the bestandsnaam's unsafe characters
replaced by ``_`` and its stem shortened (at a character, the extension kept) so that the name fits the
255 bytes a file system allows a name; the prefix keeps it unique.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from processes.bestanden import reden
from processes.errors import ValidationError
from services import account_audit, inzage
from services.clock import in_nl
from services.documents.storage import blob_store
from services.documents.views import VERNIETIGD
from services.inzage_ingediend import Answers, ingediend
from services.platform import Platform
from services.private_files import private_dir
from services.store.models import Document, DocumentVersion

GEGEVENS = "persoonsgegevens.json"
LEESMIJ = "README.txt"
#: the mark of a run that is writing the folder (removed when it is done)
BEZIG = ".inzage-bezig"
DOCUMENTEN = "documenten"
_UNSAFE = re.compile(r"[^\w.-]+")
#: The longest file name, in bytes, the usual file systems (ext4, XFS, btrfs) allow.
MAX_NAME_BYTES = 255
#: An extension longer than this (in bytes) is no extension but part of the name to be shortened.
_MAX_EXTENSION_BYTES = 16


def exporteer(
    platform: Platform, text: str, uit: str | Path, *, door: str, answers: Answers | None = None
) -> dict[str, Any]:
    """Write the export of ``text`` into the new folder ``uit``; what was written (for the terminal).
    ``answers``: how to read a case's application form (services.inzage_ingediend)."""
    text = inzage.zoektekst(text)
    made = not Path(uit).exists()
    folder = _new_folder(Path(uit))
    _claim(folder)
    line_id = inzage.record(
        platform, text, "persoon-inzage", door=door, **{account_audit.UITVOER: str(folder)}
    )
    try:
        written = _fill(platform, text, folder, door, line_id, answers)
    except BaseException:
        _remove_export(folder, made)
        raise
    (folder / BEZIG).unlink()
    inzage.record_found(platform, line_id, written["vindplaatsen"])
    return written


def _fill(
    platform: Platform, text: str, folder: Path, door: str, line_id: int, answers: Answers | None
) -> dict[str, Any]:
    found = inzage.vind(platform, text)
    found["ingediend"] = ingediend(platform, found, answers)
    own = [i for c in found["ingediend"] for i in c["items"] if i["soort"] == "document"]
    copied, skipped = _copy_documents(platform, [*found["documenten"], *own], folder)
    request = {"zoektekst": text, "gemaakt_op": in_nl(platform.clock.now()).isoformat(timespec="seconds"),
               "door": door, "regel": line_id}  # fmt: skip
    _write(
        folder / GEGEVENS,
        json.dumps({"verzoek": request, **found}, ensure_ascii=False, indent=2, default=str),
    )
    _write(folder / LEESMIJ, leesmij(request, found, copied, skipped, platform.settings.zoeklog_bewaar_dagen))
    return {
        "map": str(folder),
        "zoektekst": text,
        "vindplaatsen": found["aantal"],
        "bestanden": sorted(
            str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != BEZIG
        ),
        "niet_gekopieerd": skipped,
    }


def _new_folder(folder: Path) -> Path:
    if (folder / BEZIG).exists():
        raise _in_use(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValidationError(
            f"De map '{folder}' bestaat al en is niet leeg (of is een bestand): kies een nieuwe map, zodat "
            "geen eerdere uitvoer wordt gemengd of overschreven.",
            code="map-niet-leeg",
        )
    private_dir(folder)
    folder.chmod(0o700)  # an empty folder given as it was made
    return folder.resolve()


def _claim(folder: Path) -> None:
    """Take the (empty) folder for this run, so that no second run writes into it: a run that finds it
    taken is refused, and a failed run removes only its own export (review sessie19)."""
    try:
        os.close(os.open(folder / BEZIG, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise _in_use(folder) from None


def _in_use(folder: Path) -> ValidationError:
    return ValidationError(
        f"De map '{folder}' wordt al gebruikt door een andere inzage: kies een nieuwe map.",
        code="map-niet-leeg",
    )


def _remove_export(folder: Path, made: bool) -> None:
    """Leave ``folder`` as it was given: removed when the run made it, else emptied (it was empty)."""
    if made:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _copy_name(prefix: str, bestandsnaam: str) -> str:
    """``prefix`` + the bestandsnaam made safe, its stem shortened so the name fits MAX_NAME_BYTES (UTF-8)."""
    safe = _UNSAFE.sub("_", bestandsnaam)
    stem, extension = os.path.splitext(safe)
    if len(extension.encode()) > _MAX_EXTENSION_BYTES:
        stem, extension = safe, ""
    room = MAX_NAME_BYTES - len(prefix.encode()) - len(extension.encode())
    return prefix + stem.encode()[:room].decode("utf-8", "ignore") + extension


def _write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text if text.endswith("\n") else text + "\n")


def _copy_documents(
    platform: Platform, documents: list[dict[str, Any]], folder: Path
) -> tuple[list[str], list[dict[str, Any]]]:
    """Copy the latest version of each document once (one found by the search may also be one the person
    submitted); the files written, and the documents not copied. Each document in ``documents`` gets
    ``bestand``: its file in the export, or None."""
    ids = [d["document"] for d in documents]
    with platform.uow(write=False) as uow:
        q = select(
            DocumentVersion.document_id,
            DocumentVersion.versie,
            DocumentVersion.sha256,
            DocumentVersion.bestandsnaam,
        ).join(
            Document,
            and_(  # fmt: skip
                Document.id == DocumentVersion.document_id, Document.latest_version == DocumentVersion.versie
            ),
        )
        latest = {row.document_id: row for row in uow.session.execute(q.where(Document.id.in_(ids)))}
    store, copied, skipped, done = blob_store(platform), [], [], dict[int, str | None]()
    for doc in documents:
        if doc["document"] in done:
            doc["bestand"] = done[doc["document"]]
            continue
        doc["bestand"] = done[doc["document"]] = None
        version = latest.get(doc["document"])
        why = _not_copied(store, doc, version)
        if why:
            skipped.append(
                {"zaak": doc["zaak"], "document": doc["document"], "titel": doc["titel"], "reden": why}
            )
            continue
        assert version is not None
        name = _copy_name(
            f"{doc['zaak']}_document-{doc['document']}_v{version.versie}_", version.bestandsnaam
        )
        target = folder / DOCUMENTEN / name
        private_dir(target.parent)
        with (
            store.open(version.sha256) as src,
            os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out,
        ):
            shutil.copyfileobj(src, out)
        doc["bestand"] = done[doc["document"]] = f"{DOCUMENTEN}/{name}"
        copied.append(doc["bestand"])
    return copied, skipped


def _not_copied(store: Any, doc: dict[str, Any], version: Any) -> str | None:
    if doc["verwijder_reden"] == VERNIETIGD:
        return "vernietigd na de bewaartermijn van de zaak; de inhoud bestaat niet meer"
    if version is None or not store.exists(version.sha256):
        return "het bestand ontbreekt in de documentopslag"
    return None


def leesmij(
    request: dict[str, Any],
    found: dict[str, Any],
    copied: list[str],
    skipped: list[dict[str, Any]],
    bewaar_dagen: int,
) -> str:
    """The Dutch README.txt of an export."""
    lines = [
        "Inzageverzoek (AVG artikel 15): uitvoer van Ruimteflow",
        "",
        f"Zoektekst: {request['zoektekst']}",
        f"Gemaakt op: {request['gemaakt_op']}, door: {request['door']}",
        "Bron: de database en de documentopslag van Ruimteflow, op het moment hierboven.",
        "",
        "Inhoud van deze map:",
        f"- {GEGEVENS}: elke plek waar de zoektekst voorkomt ({found['aantal']} vindplaats(en)), per bron:",
        f"  zaken ({len(found['zaken'])}): initiatiefnemer, e-mailadres, account, titel, locatie en de",
        "    samenvatting van de zaak (zoals ingediende zienswijzen en hun indieners, met de hele zienswijze);",
        f"  geschiedenis ({len(found['geschiedenis'])}): regels uit de historie van zaken;",
        f"  documenten ({len(found['documenten'])}): documenten waarvan titel, auteur, organisatie of",
        "    uploader de zoektekst bevat (de metadata; het veld 'bestand' wijst naar de kopie);",
        f"  berichten ({len(found['berichten'])}): uitgaande e-mails (ontvanger, onderwerp);",
        f"  accounts ({len(found['accounts'])}): gebruikersaccounts (naam, e-mailadres, rol);",
        f"  ingediend ({len(found['ingediend'])} zaak/zaken): wat de persoon zelf indiende, ook waar de zoektekst",
        "    niet in staat: in een zaak waarvan zij of hij de aanvrager is de aanvraag, de eigen berichten (met",
        "    tekst en documentnamen) en de eigen documenten; in een andere zaak de berichten met haar of zijn naam",
        "    als indiener. Elk onderdeel noemt zijn bron. Elk ontvangen bericht staat er met zijn tekst en",
        "    documentnamen ('bericht ontvangen'); van een bericht dat binnenkwam voordat Ruimteflow de tekst van",
        "    elk bericht bewaarde, is alleen de tekst van het laatste van zijn soort bewaard (in de samenvatting):",
        "    daar staat 'tekst_bewaard': false.",
        f"- {DOCUMENTEN}/: {len(copied)} bestand(en), de laatste versie van elk gevonden of zelf ingediend document.",
    ]
    for s in skipped:
        lines.append(f"  Niet gekopieerd: {s['zaak']} document {s['document']} '{s['titel']}': {s['reden']}.")
    lines += [
        "",
        "Controleer dit voordat u het overhandigt:",
        "- Gezocht is op een deel van een tekst, zonder onderscheid tussen hoofd- en kleine letters. Ga na of",
        "  elke vindplaats over deze persoon gaat (een naamgenoot), en zoek ook op andere schrijfwijzen, het",
        "  e-mailadres en het adres.",
        "- Teksten en documenten kunnen gegevens van anderen bevatten (andere indieners, medewerkers): maak",
        "  die onleesbaar voordat u ze verstrekt (AVG artikel 15 lid 4).",
        "- Niet doorzocht: de inhoud van documenten (alleen hun metadata), de procesgegevens en taakgegevens",
        "  van de workflow, de e-mailbestanden (.eml) en logbestanden op de server, back-ups en het zaaksysteem",
        "  (Open Zaak).",
        "- Gegevens wissen of afschermen (AVG artikel 17) doet dit commando niet.",
        "",
        f"Ruimteflow verwijdert deze map {bewaar_dagen} dagen na de dag van de zoekopdracht, samen met de",
        f"zoektekst in auditregel {request['regel']}, bij 'ruimteflow zaken opschonen --uitvoeren'. Bewaar wat u",
        "verstrekt niet langer dan nodig, ook niet elders.",
    ]
    return "\n".join(lines)


def verwijder_map(pad: str, regel: int, zoektekst: Any) -> str | None:
    """Remove the export folder ``pad`` of the search line ``regel`` after its term (services.bewaren.zoeklog):
    None once it is gone (also when it already was, or when it now holds a later export, which its own line
    removes), else why it stays, in Dutch. It is removed whole only while it holds this line's export (its
    persoonsgegevens.json names the line; one written before it did: the line's ``zoektekst``), and not while
    a run writes it (``BEZIG``); a file or symbolic link in its place is left alone."""
    folder = Path(pad)
    if not folder.is_symlink() and not folder.exists():
        return None
    owner = _export_of(folder) if folder.is_dir() and not folder.is_symlink() else None
    if owner is not None and owner != (regel if isinstance(owner, int) else zoektekst):
        return None  # a later export into a folder of the same name
    if folder.is_symlink() or not folder.is_dir():
        why = "is geen map meer (er staat een bestand of snelkoppeling)"
    elif (folder / BEZIG).exists():
        why = f"wordt nog geschreven, of een afgebroken inzage liet haar achter ({BEZIG})"
    elif owner is None and any(folder.iterdir()):
        why = f"bevat geen leesbare {GEGEVENS} van deze inzage"
    else:
        try:
            shutil.rmtree(folder)
            return None
        except OSError as exc:
            why = f"kon niet worden verwijderd ({reden(exc)})"
    return f"de uitvoermap {pad} {why}; controleer haar en verwijder haar met de hand"


def _export_of(folder: Path) -> int | str | None:
    """Whose export ``folder`` holds: the search line its persoonsgegevens.json names, or (written before it
    named one) its search text; None when it has no readable one."""
    try:
        verzoek = json.loads((folder / GEGEVENS).read_text(encoding="utf-8")).get("verzoek")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(verzoek, dict):
        return None
    owner = verzoek.get("regel", verzoek.get("zoektekst"))
    return owner if isinstance(owner, int | str) and not isinstance(owner, bool) else None
