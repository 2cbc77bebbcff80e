"""A PDF with active content is refused: JavaScript (also as an /OpenAction or an additional action
/AA: a fillable form with scripts is refused too), a /Launch action that starts a program, an embedded
file, an XFA form (/XFA in the /AcroForm) or rich media (/RichMedia: Flash, video with its own player).
The document is parsed with pypdf and every object reachable from its trailer is looked at (object
streams are decompressed by the parser), at most ``MAX_OBJECTS`` of them.

A PDF encrypted with a password to open it (a user password) cannot be checked and is refused; one with
an owner password only (the empty user password, as many portals send them) is opened with "" and
checked. A PDF pypdf cannot read (damaged, or encrypted with an algorithm it cannot decrypt here) is not
refused for that alone, since a viewer repairs much: its raw bytes, and what its compressed streams
inflate to, are searched for the same names instead (services.documents.pdf_raw). Bytes after the last
end-of-file marker are not handed to pypdf, which would read them backwards line by line looking for it
(seconds of CPU for a large upload); the raw search still reads them."""

from __future__ import annotations

import io
import logging
from typing import Any, BinaryIO

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from processes.errors import ValidationError
from services.documents.pdf_raw import Unchecked, raw_kind

log = logging.getLogger(__name__)

#: per kind of active content: its code and the Dutch words of the refusal
ACTIVE = {
    "script": (
        "pdf-javascript",
        "JavaScript (een script dat bij het openen of bij een handeling wordt uitgevoerd)",
    ),
    "launch": ("pdf-programma-starten", "een opdracht die een programma op de computer start (/Launch)"),
    "embedded": ("pdf-ingesloten-bestand", "een ingesloten bestand"),
    "xfa": ("pdf-xfa-formulier", "een XFA-formulier (een formulier met eigen scripts en logica)"),
    "richmedia": ("pdf-rich-media", "ingebedde multimedia met een eigen speler (/RichMedia)"),
}
CHUNK = 1024 * 1024
#: the most objects the parsed walk looks at (a page has a few dozen; a million would hold the worker)
MAX_OBJECTS = 200_000
#: what the walk looks into (a number, a string or a name holds nothing further)
CONTAINERS = (IndirectObject, DictionaryObject, ArrayObject)


def check_pdf(stream: BinaryIO, label: str) -> None:
    """Refuse the PDF in ``stream`` (``label``: how the refusal names it) when it holds active content, or
    when its content cannot be checked (a password to open it, too many objects; unreadable to pypdf and
    compressed beyond pdf_raw's caps)."""
    try:
        kind = _parsed_kind(stream)
    except Unchecked as exc:
        raise ValidationError(f"{label} {exc.wat}", code=f"document-{exc.code}") from None
    if kind is None:
        return
    code, wat = ACTIVE[kind]
    raise ValidationError(
        f"{label} bevat {wat}. Zulke actieve inhoud wordt niet aangenomen. Sla het document opnieuw op als "
        "gewone PDF (bijvoorbeeld met 'Afdrukken als PDF') en stuur het dan mee.",
        code=f"document-{code}",
    )


def _parsed_kind(stream: BinaryIO) -> str | None:
    """The kind of active content found by the parser, or by the raw search when it cannot read the PDF."""
    try:
        reader = PdfReader(_up_to_last_eof(stream), strict=False)
        opened = not reader.is_encrypted or reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception as exc:  # any failure of the parser on hostile input: fall back to the raw search
        return _raw_fallback(stream, exc)
    if not opened:
        raise Unchecked(
            "pdf-versleuteld",
            "is met een wachtwoord beveiligd; de inhoud kan niet worden gecontroleerd. Stuur het document "
            "zonder wachtwoord mee.",
        )
    try:
        return _walk(reader.trailer)
    except Unchecked:
        raise
    except Exception as exc:
        return _raw_fallback(stream, exc)


class _Prefix(io.RawIOBase):
    """The first ``size`` bytes of ``stream``, as a stream of their own (what pypdf reads of the PDF)."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream, self._size, self._pos = stream, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._size)[whence]
        self._pos = min(max(base + offset, 0), self._size)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        self._stream.seek(self._pos)
        data = self._stream.read(max(min(len(buffer), self._size - self._pos), 0))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def _up_to_last_eof(stream: BinaryIO) -> BinaryIO:
    """``stream`` up to and including its last ``%%EOF`` (searched from the end in chunks), or whole when
    it has none or nothing after it: pypdf reads what follows it backwards line by line. Searched here,
    not noted while the upload is staged and hashed: a PDF ends in its marker, found in the last chunk
    (0.1 ms for 50 MB), where a search of every chunk while hashing costs some 36 ms for every 50 MB PDF
    and would save only the re-read of a file with bytes after its marker (78 ms for 50 MB, measured)."""
    end = stream.seek(0, 2)
    position, found = end, -1
    while position > 0 and found < 0:
        start = max(position - CHUNK, 0)
        stream.seek(start)
        chunk = stream.read(position - start + 4)  # 4: a marker across the chunks' border
        found = chunk.rfind(b"%%EOF")
        found, position = (start + found if found >= 0 else -1), start
    stream.seek(0)
    if found < 0 or end - (found + 5) <= 2:  # none, or only its line end after it
        return stream
    return io.BufferedReader(_Prefix(stream, found + 5))  # type: ignore[return-value]


def _raw_fallback(stream: BinaryIO, exc: Exception) -> str | None:
    log.info("PDF not parsed (%s: %s); searching its raw bytes", type(exc).__name__, exc)
    stream.seek(0)
    return raw_kind(stream)


def _walk(root: DictionaryObject) -> str | None:
    """Every object reachable from ``root``, each indirect object once, looked at by ``_dict_kind``."""
    seen: set[tuple[int, int]] = set()
    todo: list[Any] = [root]
    looked = 0
    while todo:
        obj, looked = todo.pop(), looked + 1
        if looked > MAX_OBJECTS:
            raise Unchecked(
                "pdf-te-complex",
                f"bestaat uit meer dan {f'{MAX_OBJECTS:,}'.replace(',', '.')} onderdelen; de inhoud kan niet "
                "worden gecontroleerd.",
            )
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if kind := _dict_kind(obj):
                return kind
            todo.extend(v for v in dict.values(obj) if isinstance(v, CONTAINERS))
        elif isinstance(obj, ArrayObject):
            todo.extend(v for v in list.__iter__(obj) if isinstance(v, CONTAINERS))
    return None


def _dict_kind(obj: DictionaryObject) -> str | None:
    """The active content one dictionary is (an action, a name tree of scripts, a file specification)."""
    keys = set(dict.keys(obj))
    action = dict.get(obj, "/S")
    if "/JS" in keys or "/JavaScript" in keys or action == NameObject("/JavaScript"):
        return "script"
    if action == NameObject("/Launch"):
        return "launch"
    if keys & {"/EmbeddedFiles", "/EF"} or dict.get(obj, "/Type") == NameObject("/EmbeddedFile"):
        return "embedded"
    if "/XFA" in keys:
        return "xfa"
    if "/RichMediaContent" in keys or dict.get(obj, "/Subtype") == NameObject("/RichMedia"):
        return "richmedia"
    return None
