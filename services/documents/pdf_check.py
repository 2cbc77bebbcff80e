"""A PDF with active content is refused: JavaScript (also as an /OpenAction or an additional action
/AA), a /Launch action that starts a program, or an embedded file. The document is parsed with pypdf and
every object reachable from its trailer is looked at (object streams are decompressed by the parser).

A PDF pypdf cannot read (damaged, or encrypted with a password) is not refused for that alone, since a
viewer repairs much: its raw bytes are searched for the same names instead. That search does not see
inside compressed object streams; a PDF that hides its script there and is also unreadable to pypdf
passes (the optional virus scan still looks at it)."""

from __future__ import annotations

import logging
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from processes.errors import ValidationError

log = logging.getLogger(__name__)

#: per kind of active content: its code and the Dutch words of the refusal
ACTIVE = {
    "script": (
        "pdf-javascript",
        "JavaScript (een script dat bij het openen of bij een handeling wordt uitgevoerd)",
    ),
    "launch": ("pdf-programma-starten", "een opdracht die een programma op de computer start (/Launch)"),
    "embedded": ("pdf-ingesloten-bestand", "een ingesloten bestand"),
}
#: in the fallback search of the raw bytes: a name and the kind it shows (a name ends at a delimiter)
RAW_NAMES = (
    (b"/JavaScript", "script"),
    (b"/JS", "script"),
    (b"/Launch", "launch"),
    (b"/EmbeddedFile", "embedded"),
    (b"/EmbeddedFiles", "embedded"),
)
DELIMITERS = b" \t\r\n\f\x00()<>[]{}/%"
CHUNK = 1024 * 1024


def check_pdf(stream: BinaryIO, label: str) -> None:
    """Refuse the PDF in ``stream`` (``label``: how the refusal names it) when it holds active content."""
    kind = _parsed_kind(stream)
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
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted with a password")
        return _walk(reader.trailer)
    except Exception as exc:  # any failure of the parser on hostile input: fall back to the raw search
        log.info("PDF not parsed (%s: %s); searching its raw bytes", type(exc).__name__, exc)
        stream.seek(0)
        return _raw_kind(stream)


def _walk(root: DictionaryObject) -> str | None:
    """Every object reachable from ``root``, each indirect object once, looked at by ``_dict_kind``."""
    seen: set[tuple[int, int]] = set()
    todo: list[Any] = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if kind := _dict_kind(obj):
                return kind
            todo.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            todo.extend(list.__iter__(obj))
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
    return None


def _raw_kind(stream: BinaryIO) -> str | None:
    """The first name of ``RAW_NAMES`` in the raw bytes (read in chunks that overlap by a name's length)."""
    tail = b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        for name, kind in RAW_NAMES:
            start = data.find(name)
            while start != -1:
                end = start + len(name)
                if end < len(data) and data[end] in DELIMITERS:  # at the end: seen again with the next chunk
                    return kind
                start = data.find(name, start + 1)
        tail = data[-16:]
    return None
