"""The type of content from its first bytes (never from its name), and the refusal of an executable, by
its content or by its name: the rules of a single upload (services.documents.checks ``check_content``) and
of each entry of a ZIP (services.documents.zip_check)."""

from __future__ import annotations

from typing import Any

import filetype

from processes.errors import ValidationError
from services.documents import extensions

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
#: file name extensions (lower case, without the dot) a computer runs as a program or script when the file
#: is opened (double-clicked after a download or after unpacking a ZIP), whatever its content: a .bat or
#: .ps1 is plain text, a .lnk or .url a few bytes. Scripts and their hosts (Windows Script Host, PowerShell,
#: mshta, Java, the Unix shells and interpreters), programs and installers, shortcuts and settings files
#: that start a program, add-ins, and disk images (they open as a drive and hide their files from the
#: download's mark of the web). An Office file with macros is refused by its content, whatever its name
#: (services.documents.macro_check).
EXECUTABLE_EXTENSIONS = frozenset(
    """
    bat cmd com exe scr pif cpl dll ocx sys drv msi msp mst msix msixbundle appx appxbundle appinstaller
    application appref-ms gadget xll xla xlam ppam wll
    ps1 psm1 psd1 ps1xml psc1 pssc cdxml msh msh1 msh2 mshxml msh1xml msh2xml
    vbs vbe vb js jse wsf wsh wsc ws hta sct jar jnlp
    sh bash zsh csh ksh fish command tool run py pyw pyz pl rb php
    lnk url scf inf reg library-ms search-ms searchconnector-ms settingcontent-ms desktop website chm hlp
    iso img vhd vhdx dmg
    """.split()
)
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


def executable_extension(name: str) -> str | None:
    """The extension of file (or ZIP entry) ``name`` (without its dot) when it is one of
    ``EXECUTABLE_EXTENSIONS``, else None; read as Windows reads it (services.documents.extensions)."""
    ext = extensions.extension(name)[1:]
    return ext if ext in EXECUTABLE_EXTENSIONS else None


def refuse_executable_name(
    name: str, label: str, code: str = "document-uitvoerbare-extensie", **extra: Any
) -> None:
    """A file whose ``name`` ends in an extension of ``EXECUTABLE_EXTENSIONS`` is refused in Dutch, whatever
    its content (``label`` names it): opened on a computer, it runs."""
    if extension := executable_extension(name):
        raise ValidationError(
            f"{label} heeft de extensie .{extension}: een computer voert zo'n bestand bij het openen uit als "
            "programma of script. Het wordt geweigerd, wat de inhoud ook is. Stuur het stuk mee als PDF (of "
            "een ander toegestaan soort document) met de extensie die daarbij hoort.",
            code=code,
            extensie=extension,
            **extra,
        )
