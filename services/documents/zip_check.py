"""A ZIP (or a format built on one, mime.ZIP_MIME) is opened with ``zipfile`` and read entry by entry in
memory, never extracted to disk. Refused, in Dutch naming the entry: an unreadable or encrypted ZIP; an
entry name that is absolute, has '..' parts or a drive letter (a backslash separates folders, as
Windows writes them), or a symbolic link; an entry refused by the rules of a single upload (an
executable by its first bytes, a PDF with active content: services.documents.pdf_check); an entry of a
plain ZIP whose name ends in a program's or script's extension (mime.EXECUTABLE_EXTENSIONS, after the
checks of its content); an Office document with macros (services.documents.macro_check); an archive in
the ZIP (zip, 7z, rar, gzip, tar, cab, iso...: refused, not opened); more than ``MAX_ENTRIES`` entries
or a central directory over ``MAX_DIRECTORY`` bytes, as its end record states them (before ``zipfile``
parses it); more uncompressed bytes than the type's own size limit; an entry that unpacks to more than
``RATIO`` times its compressed size and more than ``BOMB_FLOOR`` bytes. Every entry of a plain ZIP is
held to the document type's own accepted MIME list, as its single upload would be (the ZIP type itself
excepted, an Office, OpenDocument or EPUB entry the list has is opened and checked as its own upload
is, folders, __MACOSX/ and .DS_Store skipped). The sizes in the central directory are read first but
not trusted: the bytes are counted while reading, with a hard cap."""

from __future__ import annotations

import contextlib
import io
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from processes.errors import ValidationError
from processes.nederlands import mb_tekst
from services.documents.extensions import base_name, check_name_fits
from services.documents.macro_check import refuse_macros
from services.documents.mime import PDF_MIME, ZIP_MIME, detect_mime, refuse_executable, refuse_executable_name
from services.documents.pdf_check import check_pdf

MAX_ENTRIES = 1000
#: the most bytes of central directory parsed: ``MAX_ENTRIES`` with names and extra fields of 1 kB each
MAX_DIRECTORY = MAX_ENTRIES * 1024
RATIO = 100
BOMB_FLOOR = 10 * 1024 * 1024
HEAD_BYTES = 8192
CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
#: generic archives inside a ZIP: refused (not opened), so the check stays one level deep; an Office,
#: OpenDocument or EPUB file (mime.ZIP_MIME, a ZIP too) is judged as its single upload is instead
ARCHIVE_MIME = {
    "application/zip",
    "application/gzip",
    "application/vnd.ms-cab-compressed",
    "application/x-iso9660-image",
    "application/x-unix-archive",
    "application/x-deb",
    "application/x-rpm",
    "application/x-google-chrome-extension",
    "application/x-compress",
    "application/x-brotli",
    "application/x-lz4",
    "application/x-lzop",
    "application/zstd",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-lzip",
    "application/x-tar",
    "application/x-7z-compressed",
    "application/x-rar-compressed",
}
OFFICE_MIME = ZIP_MIME - ARCHIVE_MIME
#: entries not held to the type's list (still to the executable check): the AppleDouble files macOS adds
#: under __MACOSX/ and its folder settings .DS_Store
SKIPPED = re.compile(r"(^|/)__MACOSX/|(^|/)\.DS_Store$")
#: what zipfile raises on a damaged, truncated or unsupported archive
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, zlib.error, ValueError)


def refusal(filename: str, text: str, code: str, entry: str | None = None) -> ValidationError:
    """A refusal of ZIP ``filename`` (about its ``entry``, when named): code ``document-zip-<code>``."""
    extra: dict[str, Any] = {"bestand": entry} if entry is not None else {}
    return ValidationError(f"'{filename}' is geweigerd: {text}", code=f"document-zip-{code}", **extra)


def check_zip(
    source: Path | BinaryIO, filename: str, max_bytes: int, accepted: Collection[str] | None = None
) -> int:
    """Refuse the ZIP at ``source`` (a path or an open binary file, named ``filename``) unless every entry
    passes; ``max_bytes``: the most uncompressed bytes all entries may hold together (the document type's
    size limit); ``accepted``: the MIME types each entry is held to (the type's own list), None for the
    parts of an Office, OpenDocument or EPUB file (then its macros are refused too). Returns the
    uncompressed bytes read."""
    with source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source) as handle:
        _check_directory(handle, filename)
        try:
            archive = zipfile.ZipFile(handle)
        except UNREADABLE as exc:
            raise refusal(filename, "het is geen leesbaar ZIP-bestand.", "onleesbaar") from exc
        with archive:
            infos = archive.infolist()
            _check_listing(infos, filename, max_bytes)
            total = 0
            for info in infos:
                if not info.is_dir():
                    total += _check_entry(archive, info, filename, (total, max_bytes), accepted)
            if accepted is None:
                refuse_macros(archive, infos, filename)
    return total


#: zipfile's own reading of the end of central directory record (its fast path, the comment search and
#: the ZIP64 override of size and count): the very record ``zipfile.ZipFile`` goes on to parse. Private
#: to zipfile (CPython 3.8 to 3.13 at least), so looked up here at import: gone, and every upload of a ZIP
#: fails loudly instead of passing unchecked (tests/unit/documents/test_upload_content.py checks it is there)
_END_RECORD: Callable[[BinaryIO], list[Any] | None] = getattr(zipfile, "_EndRecData")  # noqa: B009


#: the fields of ``_END_RECORD``'s list: zipfile's _ECD_ENTRIES_TOTAL and _ECD_SIZE
_END_ENTRIES, _END_SIZE = 4, 5


def _check_directory(handle: BinaryIO, filename: str) -> None:
    """The central directory's size and entry count, as the end record ``zipfile`` will read states them:
    the size is what ``zipfile`` reads and parses into objects (the count it does not use). Beyond
    ``MAX_DIRECTORY`` or ``MAX_ENTRIES`` refused before it does: a directory of millions of entries would
    hold the memory of the process."""
    try:
        end = _END_RECORD(handle)
    except UNREADABLE + (OSError,) as exc:
        raise refusal(filename, "het is geen leesbaar ZIP-bestand.", "onleesbaar") from exc
    if end is None:
        raise refusal(filename, "het is geen leesbaar ZIP-bestand.", "onleesbaar")
    if end[_END_SIZE] > MAX_DIRECTORY:
        raise refusal(
            filename, f"de inhoudsopgave is te groot (meer dan {MAX_ENTRIES} bestanden).", "te-veel-bestanden"
        )
    if end[_END_ENTRIES] > MAX_ENTRIES:
        raise _too_many(filename, end[_END_ENTRIES])
    handle.seek(0)


def _check_listing(infos: list[zipfile.ZipInfo], filename: str, max_bytes: int) -> None:
    """What the central directory says: the number of entries, their names, kinds and stated sizes."""
    if len(infos) > MAX_ENTRIES:
        raise _too_many(filename, len(infos))
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


def _too_many(filename: str, entries: int) -> ValidationError:
    return refusal(filename, f"het bevat {entries} bestanden, meer dan {MAX_ENTRIES}.", "te-veel-bestanden")


def _too_large(filename: str, max_bytes: int) -> ValidationError:
    return refusal(
        filename, f"uitgepakt is het groter dan {mb_tekst(max_bytes, grens=True)}, het maximum.", "te-groot"
    )


def _check_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    filename: str,
    counted: tuple[int, int],
    accepted: Collection[str] | None,
) -> int:
    """Read one entry, counting its bytes (``counted``: the bytes of the entries before it, and the most
    all may hold); check its content (``accepted``: as ``check_zip``). Returns its size."""
    (before, max_bytes), name, size, head = counted, info.filename, 0, b""
    kept: io.BytesIO | None = None
    mime = ""
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
                mime = _entry_mime(head, filename, name, accepted)
                kept = io.BytesIO() if mime == PDF_MIME or mime in OFFICE_MIME else None
            if kept is not None:
                kept.write(chunk)
    except UNREADABLE as exc:
        raise refusal(filename, f"'{name}' is beschadigd en niet te lezen.", "onleesbaar", name) from exc
    if not head and accepted is not None:  # an empty entry: only its name to look at
        _refuse_name(filename, name)
    if kept is None:
        return size
    kept.seek(0)
    if mime == PDF_MIME:
        check_pdf(kept, f"'{name}' in '{filename}'")
        return size
    # an Office, OpenDocument or EPUB file the type accepts: checked as its single upload is, its parts
    # held to no list and an archive among them refused (so the check stays two levels deep at most)
    return size + check_zip(kept, f"{filename}/{name}", max_bytes - before - size)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as entry:
        while chunk := entry.read(CHUNK):
            yield chunk


def _entry_mime(head: bytes, filename: str, name: str, accepted: Collection[str] | None) -> str:
    """The MIME type of an entry by its first bytes; refused when it is an executable, an archive, or
    (``accepted`` given) a type not in ``accepted`` (except the skipped files of ``SKIPPED``) or named
    with a program's or script's extension."""
    mime = detect_mime(head)
    refuse_executable(mime, f"'{name}' in '{filename}'", code="document-zip-uitvoerbaar", bestand=name)
    if mime in ARCHIVE_MIME or (accepted is None and mime in ZIP_MIME):
        raise refusal(
            filename,
            f"'{name}' is zelf een archief; een archief in een archief wordt niet aangenomen. Stuur de "
            "bestanden los of samen in één ZIP mee.",
            "genest",
            name,
        )
    if accepted is not None and mime not in accepted and not SKIPPED.search(name):
        soorten = ", ".join(m for m in accepted if m not in ARCHIVE_MIME)
        raise refusal(
            filename,
            f"de inhoud van '{name}' is {mime}, maar in een ZIP zijn alleen de soorten toegestaan die ook "
            f"los zijn toegestaan: {soorten}. De extensie telt niet mee.",
            "verkeerd-type",
            name,
        )
    if accepted is not None:  # a part of an Office file is never opened on its own
        _refuse_name(filename, name, None if SKIPPED.search(name) else mime)
    return mime


def _refuse_name(filename: str, name: str, mime: str | None = None) -> None:
    """An entry of a plain ZIP whose name ends in an extension a computer runs, whatever its content; or
    (``mime`` given: its detected content) in an extension that is not its content's (as a single upload's
    name: services.documents.extensions; 'tekening.html' holding a PDF)."""
    code = "document-zip-uitvoerbare-extensie"
    refuse_executable_name(name, f"'{name}' in '{filename}'", code=code, bestand=name)
    if mime is None:
        return
    try:
        check_name_fits(base_name(name), mime)
    except ValidationError as exc:
        raise refusal(filename, f"in het archief: {exc.detail}", "naam-past-niet", name) from None
