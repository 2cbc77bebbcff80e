"""The type of content from its first bytes (never from its name), and the refusal of an executable: the
rules of a single upload (services.documents.checks ``check_content``) and of each entry of a ZIP
(services.documents.zip_check)."""

from __future__ import annotations

from typing import Any

import filetype

from processes.errors import ValidationError

EXECUTABLE_MIME = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-mach-binary",
    "application/x-sharedlib",
    "application/vnd.microsoft.portable-executable",
    "text/x-shellscript",
}
#: what ``detect_mime`` names for a ZIP container: a plain ZIP and the formats built on one (Office Open
#: XML, OpenDocument, EPUB); each is opened and checked entry by entry (services.documents.zip_check)
ZIP_MIME = {
    "application/zip",
    "application/epub+zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
PDF_MIME = "application/pdf"
ZIP = "application/zip"


def detect_mime(head: bytes) -> str:
    """The MIME type from the first bytes of the content (never from the name)."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if head.startswith(b"#!"):
        return "text/x-shellscript"
    if head.startswith(b"\x7fELF"):
        return "application/x-executable"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character may be cut at the end of the head
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
    if "\x00" in text:  # text has no NUL: a binary format that decodes as UTF-8 (a .lnk, an ISO image)
        return "application/octet-stream"
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<?xml"):
        return "application/xml"
    if stripped[:1] in ("{", "["):
        return "application/json"
    return "text/plain"


def refuse_executable(mime: str, label: str, code: str = "document-uitvoerbaar", **extra: Any) -> None:
    """An executable (``mime`` from ``detect_mime``) is no document: refused in Dutch, ``label`` names it."""
    if mime in EXECUTABLE_MIME:
        raise ValidationError(
            f"{label} is een uitvoerbaar programma ({mime}), geen document; het wordt geweigerd.",
            code=code,
            **extra,
        )
