"""A ZIP (or a format built on one, mime.ZIP_MIME) is opened with ``zipfile`` and read entry by entry in
memory, never extracted to disk. Refused, in Dutch naming the entry: an unreadable or encrypted ZIP; an
entry name that is absolute, has '..' parts or a drive letter (a backslash separates folders, as
Windows writes them), or a symbolic link; an entry
refused by the rules of a single upload (an executable by its first bytes, a PDF with active content:
services.documents.pdf_check); a ZIP in the ZIP (checked one level deep: an archive inside is refused, not
opened); more than ``MAX_ENTRIES`` entries; more uncompressed bytes than the type's own size limit; an
entry that unpacks to more than ``RATIO`` times its compressed size and more than ``BOMB_FLOOR`` bytes.
The sizes in the central directory are read first but not trusted: the bytes are counted while reading,
with a hard cap."""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from processes.errors import ValidationError
from processes.nederlands import mb_tekst
from services.documents.mime import PDF_MIME, ZIP_MIME, detect_mime, refuse_executable
from services.documents.pdf_check import check_pdf

MAX_ENTRIES = 1000
#: the most bytes of central directory parsed: ``MAX_ENTRIES`` with names and extra fields of 1 kB each
MAX_DIRECTORY = MAX_ENTRIES * 1024
END_SEARCH = 22 + 65535
RATIO = 100
BOMB_FLOOR = 10 * 1024 * 1024
HEAD_BYTES = 8192
CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
#: archives inside a ZIP: refused (not opened), so the check stays one level deep
ARCHIVE_MIME = ZIP_MIME | {
    "application/gzip",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-lzip",
    "application/x-tar",
    "application/x-7z-compressed",
    "application/x-rar-compressed",
}
#: what zipfile raises on a damaged, truncated or unsupported archive
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, zlib.error, ValueError)


def refusal(filename: str, text: str, code: str, entry: str | None = None) -> ValidationError:
    """A refusal of ZIP ``filename`` (about its ``entry``, when named): code ``document-zip-<code>``."""
    extra: dict[str, Any] = {"bestand": entry} if entry is not None else {}
    return ValidationError(f"'{filename}' is geweigerd: {text}", code=f"document-zip-{code}", **extra)


def check_zip(path: Path, filename: str, max_bytes: int) -> None:
    """Refuse the ZIP at ``path`` (named ``filename``) unless every entry passes; ``max_bytes``: the most
    uncompressed bytes all entries may hold together (the document type's size limit)."""
    _check_directory_size(path, filename)
    try:
        archive = zipfile.ZipFile(path)
    except UNREADABLE as exc:
        raise refusal(filename, "het is geen leesbaar ZIP-bestand.", "onleesbaar") from exc
    with archive:
        infos = archive.infolist()
        _check_listing(infos, filename, max_bytes)
        total = 0
        for info in infos:
            if not info.is_dir():
                total += _check_entry(archive, info, filename, (total, max_bytes))


def _check_directory_size(path: Path, filename: str) -> None:
    """The central directory's size, as its end record states it, is what ``zipfile`` reads and parses
    into objects; refused beyond ``MAX_DIRECTORY`` before it does (a directory of millions of entries
    would hold the memory of the process). The end record is found as ``zipfile`` finds it: the last
    signature in the file's final 64 kB (its comment at most), and a ZIP64 one (size 0xFFFFFFFF) is
    beyond it too: an archive within the type's cap and ``MAX_ENTRIES`` never needs it."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - END_SEARCH))
        tail = handle.read()
    end = tail.rfind(b"PK\x05\x06")
    if end != -1 and int.from_bytes(tail[end + 12 : end + 16], "little") > MAX_DIRECTORY:
        raise refusal(
            filename, f"de inhoudsopgave is te groot (meer dan {MAX_ENTRIES} bestanden).", "te-veel-bestanden"
        )


def _check_listing(infos: list[zipfile.ZipInfo], filename: str, max_bytes: int) -> None:
    """What the central directory says: the number of entries, their names, kinds and stated sizes."""
    if len(infos) > MAX_ENTRIES:
        raise refusal(
            filename, f"het bevat {len(infos)} bestanden, meer dan {MAX_ENTRIES}.", "te-veel-bestanden"
        )
    for info in infos:
        name = info.filename
        path = name.replace("\\", "/")  # Windows' own Compress-Archive separates folders by backslashes
        if path.startswith("/") or _DRIVE.match(path) or ".." in path.split("/"):
            raise refusal(
                filename,
                f"het bevat '{name}', een pad buiten de map van het archief (een absoluut pad, '..' of een "
                "stationsletter).",
                "pad",
                name,
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refusal(filename, f"'{name}' is een snelkoppeling (symbolische link).", "link", name)
        if info.flag_bits & 0x1:
            raise refusal(
                filename,
                f"'{name}' is versleuteld; de inhoud kan niet worden gecontroleerd.",
                "versleuteld",
                name,
            )
    if sum(i.file_size for i in infos) > max_bytes:
        raise _too_large(filename, max_bytes)


def _too_large(filename: str, max_bytes: int) -> ValidationError:
    return refusal(
        filename, f"uitgepakt is het groter dan {mb_tekst(max_bytes, grens=True)}, het maximum.", "te-groot"
    )


def _check_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, counted: tuple[int, int]
) -> int:
    """Read one entry, counting its bytes (``counted``: the bytes of the entries before it, and the most
    all may hold); check its content. Returns its size."""
    (before, max_bytes), name, size, head = counted, info.filename, 0, b""
    pdf: io.BytesIO | None = None
    try:
        for chunk in _chunks(archive, info):
            size += len(chunk)
            if before + size > max_bytes:
                raise _too_large(filename, max_bytes)
            if size > BOMB_FLOOR and size > RATIO * max(info.compress_size, 1):
                raise refusal(
                    filename,
                    f"'{name}' pakt uit tot meer dan {RATIO} keer zijn grootte (een zipbom).",
                    "bom",
                    name,
                )
            if not head:
                head = chunk[:HEAD_BYTES]
                pdf = _entry_kind(head, filename, name)
            if pdf is not None:
                pdf.write(chunk)
    except UNREADABLE as exc:
        raise refusal(filename, f"'{name}' is beschadigd en niet te lezen.", "onleesbaar", name) from exc
    if pdf is not None:
        pdf.seek(0)
        check_pdf(pdf, f"'{name}' in '{filename}'")
    return size


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as entry:
        while chunk := entry.read(CHUNK):
            yield chunk


def _entry_kind(head: bytes, filename: str, name: str) -> io.BytesIO | None:
    """Refuse an entry by its first bytes (an executable, an archive); a buffer to keep a PDF in."""
    mime = detect_mime(head)
    refuse_executable(mime, f"'{name}' in '{filename}'", code="document-zip-uitvoerbaar", bestand=name)
    if mime in ARCHIVE_MIME:
        raise refusal(
            filename,
            f"'{name}' is zelf een archief; een archief in een archief wordt niet aangenomen. Stuur de "
            "bestanden los of samen in één ZIP mee.",
            "genest",
            name,
        )
    return io.BytesIO() if mime == PDF_MIME else None
