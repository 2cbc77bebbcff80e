"""Reading a file a user named (command line, settings): missing, a directory, unreadable or not UTF-8
each give a ValidationError with a Dutch text that names the file, never an OSError or a
UnicodeDecodeError (the one home for these refusals; processes/ sits below gis/ and services/)."""

from __future__ import annotations

import errno
from pathlib import Path

from processes.errors import ValidationError

#: errno -> the Dutch reason a file cannot be read
_REDENEN = {
    errno.EACCES: "geen leesrechten",
    errno.EPERM: "geen leesrechten",
    errno.EIO: "leesfout van het opslagmedium",
    errno.EISDIR: "dit is een map",
    errno.ENOENT: "pad bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENOSPC: "schijf vol",
}


def reden(exc: OSError) -> str:
    """A Dutch reason for an OSError (the English strerror stays out of the message)."""
    return _REDENEN.get(exc.errno or 0, f"systeemfout {exc.errno}" if exc.errno else "onbekende fout")


def eis_bestand(path: Path | str, label: str = "Bestand", code: str = "bestand-onbekend") -> Path:
    """``path`` as a Path when it is an existing file; a clear refusal (``code``) when it is missing or
    a map."""
    p = Path(path)
    if p.is_dir():
        raise ValidationError(f"{label} '{path}' is een map, geen bestand.", code=code)
    if not p.is_file():
        raise ValidationError(f"{label} '{path}' bestaat niet.", code=code)
    return p


def onleesbaar(path: Path | str, exc: OSError, label: str = "Bestand") -> ValidationError:
    """The refusal for a file that exists but cannot be read or written."""
    return ValidationError(f"{label} '{path}' is niet te lezen ({reden(exc)}).", code="bestand-onleesbaar")


def lees_bytes(path: Path | str, label: str = "Bestand") -> bytes:
    p = eis_bestand(path, label)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise onleesbaar(path, exc, label) from None


def geen_utf8(path: Path | str, exc: UnicodeDecodeError, label: str = "Bestand") -> ValidationError:
    """The refusal for a file whose text is not UTF-8."""
    return ValidationError(
        f"{label} '{path}' is geen UTF-8-tekst (onleesbaar teken op positie {exc.start}); "
        "sla het op als UTF-8.",
        code="bestand-ongeldig",
    )


def lees_tekst(path: Path | str, label: str = "Bestand") -> str:
    """The file's text; a file that is not UTF-8 (a Windows-1252 export) is refused by name."""
    data = lees_bytes(path, label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise geen_utf8(path, exc, label) from None


#: how ``lees_export`` read a file that is not UTF-8
WINDOWS_1252 = "Windows-1252"


def lees_export(path: Path | str, label: str = "Bestand") -> tuple[str, str]:
    """The text of a file a municipal user exported (a CSV saved by Excel on a Dutch Windows) and the
    encoding it was read as: UTF-8 (a byte order mark is no part of the text) or, when it is not UTF-8,
    ``WINDOWS_1252``. A file with bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    is neither and is refused as not UTF-8. The one home for reading such a file."""
    data = lees_bytes(path, label)
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        not_utf8 = exc
    try:
        return data.decode("cp1252"), WINDOWS_1252
    except UnicodeDecodeError:
        raise geen_utf8(path, not_utf8, label) from None
