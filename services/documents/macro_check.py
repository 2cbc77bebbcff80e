"""An Office document with macros is refused (services.documents.zip_check opens it: an Office Open XML,
OpenDocument or EPUB file uploaded alone, or one in a ZIP). A macro is program code the word processor or
spreadsheet runs when the document is opened or a button is pressed; a municipality's intake takes the
document, not the code. Found by its parts' names: a VBA project (``vbaProject.bin``, of a .docm, .xlsm,
.pptm), Excel 4.0 macro sheets (``macrosheets/``), an OpenDocument's Basic modules or scripts (``Basic/``,
``Scripts/``, their library listings aside); and by what the package declares, since Office finds the VBA
project by its relationship and content type, not by its name: the words ``vbaProject``, ``vbaData``,
``macroEnabled`` (the main part's content type of every macro-enabled format) or ``macrosheet`` in
``[Content_Types].xml`` or a relationships part (``.rels``), each letter also as an XML character
reference (``&#x50;``). An Office file named .docx whose content is a .docm is refused the same way.
Declarations of more than ``MAX_DECLARATIONS`` bytes in all are refused unchecked."""

from __future__ import annotations

import re
import zipfile

from processes.errors import ValidationError

#: the words of a content type or relationship type that belong to macros only
MACRO_WORDS = ("vbaProject", "vbaData", "macroEnabled", "macrosheet")
#: the parts that declare the package's content types and relationships
DECLARATIONS = re.compile(r"(^|/)(\[Content_Types\]\.xml|[^/]*\.rels)$", re.IGNORECASE)
#: an OpenDocument's listings of its Basic libraries and dialogs (written also when they are empty)
LISTINGS = ("-lc.xml", "-lb.xml")
CHUNK = 64 * 1024
#: bytes one chunk keeps for the next: longer than any word of MACRO_WORDS spelled in character references
OVERLAP = 512
#: the most bytes of declarations read (as the parts state them, which zipfile holds them to): an Office
#: writer's are a few kB, a presentation of a thousand slides' about 1 MB. Plain text is searched at some
#: 5 ms a MB, text with character references (none that Office writes) at up to 300 ms
MAX_DECLARATIONS = 4 * 1024 * 1024


def _spelled(word: str) -> bytes:
    """A pattern of ``word`` (any case) with each letter literal or an XML character reference."""
    letters = []
    for letter in word:
        codes = {ord(letter.lower()), ord(letter.upper())}
        refs = [f"&#0*{c};" for c in codes] + [f"&#x0*{c:x};" for c in codes]
        letters.append(f"(?:{re.escape(letter)}|{'|'.join(refs)})")
    return "".join(letters).encode()


MACRO_TEXT = re.compile(b"|".join(_spelled(w) for w in MACRO_WORDS), re.IGNORECASE)
LOWER_WORDS = tuple(w.lower().encode() for w in MACRO_WORDS)


def _names_macro(data: bytes) -> bool:
    """Does ``data`` hold a word of MACRO_WORDS (any case; spelled in character references only where
    ``data`` has one: the slow search)?"""
    if b"&#" in data:
        return MACRO_TEXT.search(data) is not None
    lower = data.lower()
    return any(word in lower for word in LOWER_WORDS)


def macro_part(name: str) -> bool:
    """Is part ``name`` (folders separated by / or \\) a macro by its name?"""
    path = name.replace("\\", "/").lower()
    if path.endswith("/"):
        return False
    if path.rsplit("/", 1)[-1] == "vbaproject.bin" or "macrosheets/" in path:
        return True
    return path.startswith(("basic/", "scripts/")) and not path.endswith(LISTINGS)


def declares_macros(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Does the declarations part ``info`` name a macro's content or relationship type (read in chunks
    that overlap by ``OVERLAP`` bytes)?"""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            data = tail + chunk
            if _names_macro(data):
                return True
            tail = data[-OVERLAP:]
    return False


def refuse_macros(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], filename: str) -> None:
    """Refuse Office document ``filename`` (``archive``, its parts ``infos`` read and checked already by
    zip_check) when a part is a macro or declares one: code ``document-office-macro``, naming the part;
    or when its declarations are more than ``MAX_DECLARATIONS`` bytes: ``document-office-te-complex``."""
    declarations = {info.filename for info in infos if DECLARATIONS.search(info.filename)}
    if sum(info.file_size for info in infos if info.filename in declarations) > MAX_DECLARATIONS:
        raise ValidationError(
            f"'{filename}' is geweigerd: de opgaven van zijn onderdelen ([Content_Types].xml en de "
            f".rels-bestanden) zijn samen groter dan {MAX_DECLARATIONS // (1024 * 1024)} MB; zo'n document kan "
            "niet op macro's worden gecontroleerd. Sla het opnieuw op, of als PDF, en stuur het dan mee.",
            code="document-office-te-complex",
        )
    for info in infos:
        name = info.filename
        if macro_part(name) or (name in declarations and declares_macros(archive, info)):
            raise ValidationError(
                f"'{filename}' bevat macro's ('{name}'): programmacode die de tekstverwerker of het "
                "rekenblad bij het openen kan uitvoeren. Een document met macro's wordt niet aangenomen. "
                "Sla het op als gewoon document zonder macro's (bijvoorbeeld .docx of .xlsx, of als PDF) en "
                "stuur het dan mee.",
                code="document-office-macro",
                bestand=name,
            )
