"""A file's name agrees with its content: the extension of an upload's name is one of the extensions of
the MIME type detected from its content (services.documents.mime ``detect_mime``), so that a PDF named
'plattegrond.hta' (a PDF/HTA polyglot that Windows would run in mshta) or text named 'situatie.html' is
refused. The content decides what a file is; the name must then say the same, because the computer that
opens a download goes by the name.

One table (``KINDS``) for every MIME type a document type may accept (bpmn/documenttypen.toml; a type
naming a MIME type the table lacks is refused when the types are read, services.documents.types). Used
where an upload's MIME type is decided (services.documents.checks ``check_content``: every way in), when
a version's name is stored (``stored_name``: a name without an extension gets its content's) and when a
stored document is downloaded (web.downloads ``send_stored``: ``download_name``, for documents stored
before this check)."""

from __future__ import annotations

from processes.errors import ValidationError

#: per MIME type: how a refusal names such content, and the extensions its file may have (the first is
#: the one a name without an extension gets); compared without regard to case
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("een PDF-bestand", (".pdf",)),
    "image/jpeg": ("een JPEG-afbeelding", (".jpg", ".jpeg", ".jfif")),
    "image/png": ("een PNG-afbeelding", (".png",)),
    "image/tiff": ("een TIFF-afbeelding", (".tif", ".tiff")),
    "image/gif": ("een GIF-afbeelding", (".gif",)),
    "image/bmp": ("een BMP-afbeelding", (".bmp",)),
    "image/webp": ("een WebP-afbeelding", (".webp",)),
    "image/heic": ("een HEIC-afbeelding", (".heic", ".heif")),
    "image/vnd.dwg": ("een DWG-tekening", (".dwg",)),
    "application/zip": ("een ZIP-bestand", (".zip",)),
    "text/plain": ("een tekstbestand", (".txt", ".eml")),
    "application/xml": ("een XML-bestand", (".xml", ".gml")),
    "text/xml": ("een XML-bestand", (".xml", ".gml")),
    "application/json": ("een JSON-bestand", (".json", ".geojson")),
    "application/rtf": ("een RTF-document", (".rtf",)),
    "application/msword": ("een Word-document", (".doc",)),
    "application/vnd.ms-excel": ("een Excel-werkblad", (".xls",)),
    "application/vnd.ms-powerpoint": ("een PowerPoint-presentatie", (".ppt",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "een Word-document",
        (".docx",),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("een Excel-werkblad", (".xlsx",)),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "een PowerPoint-presentatie",
        (".pptx",),
    ),
    "application/vnd.oasis.opendocument.text": ("een OpenDocument-tekst", (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": ("een OpenDocument-werkblad", (".ods",)),
    "application/vnd.oasis.opendocument.presentation": ("een OpenDocument-presentatie", (".odp",)),
    "application/epub+zip": ("een EPUB-boek", (".epub",)),
}


def base_name(name: str) -> str:
    """``name`` without its folders (a ZIP entry's may be separated by backslashes, as Windows writes them)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def extension(name: str) -> str:
    """The extension of file (or ZIP entry) ``name`` as Windows reads it: from the last dot of its base
    name, in lower case, trailing dots and spaces left off ('plan.hta. ' has .hta; Windows saves
    'start.bat.' as 'start.bat'); '' when the name has none."""
    _stem, dot, ext = base_name(name).rstrip(" .").rpartition(".")
    return f".{ext.lower()}" if dot else ""


def extensions_of(mime: str) -> tuple[str, ...]:
    """The extensions a file of content ``mime`` may have; () for a type not in ``KINDS``."""
    return KINDS[mime][1] if mime in KINDS else ()


def fits(name: str, mime: str) -> bool:
    """Does the extension of ``name`` belong to content ``mime``?"""
    return extension(name) in extensions_of(mime)


def check_name_fits(name: str, mime: str) -> None:
    """Refuse a file whose name has an extension that is not one of its content's (``mime``, detected);
    a name without an extension passes (it gets its content's when stored: ``stored_name``). A type the
    table lacks (refused when the types are read) fits no extension."""
    if not extension(name) or fits(name, mime):
        return
    kind, allowed = KINDS.get(mime, (f"van het type {mime}", ()))
    endings = ", ".join(allowed[:-1]) + " of " + allowed[-1] if len(allowed) > 1 else "".join(allowed)
    moet = f"de naam moet eindigen op {endings}" if allowed else "geef het een naam zonder extensie"
    raise ValidationError(
        f"Het bestand '{name}' is {kind}; {moet}. Geef het bestand de juiste naam en stuur het opnieuw.",
        code="document-naam-past-niet",
        veld="bestand",
        gedetecteerd=mime,
        toegestaan=list(allowed),
    )


def stored_name(name: str, mime: str) -> str:
    """The name a version of content ``mime`` is stored under: ``name`` itself when its extension fits
    (``check_name_fits`` refused any other extension), else (a name without one) ``name`` with the
    content's first extension, trailing dots and spaces left off."""
    return download_name(name, mime)


def download_name(name: str, mime: str) -> str:
    """The name a stored version of content ``mime`` is downloaded under: ``name`` when its extension fits,
    else ``name`` with the content's first extension added (a version stored before names were checked may
    be named 'plattegrond.hta'; it is sent as 'plattegrond.hta.pdf'). A type the table lacks gets none."""
    allowed = extensions_of(mime)
    if not allowed or fits(name, mime):
        return name
    return (name.rstrip(" .") or "document") + allowed[0]
