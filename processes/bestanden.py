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


def lees_tekst(path: Path | str, label: str = "Bestand", *, encoding: str = "utf-8") -> str:
    """The file's text; a file that is not UTF-8 (a Windows-1252 export) is refused by name."""
    data = lees_bytes(path, label)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{label} '{path}' is geen UTF-8-tekst (onleesbaar teken op positie {exc.start}); "
            "sla het op als UTF-8.",
            code="bestand-ongeldig",
        ) from None
