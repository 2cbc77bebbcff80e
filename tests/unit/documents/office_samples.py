"""Office documents as Word, Excel and LibreOffice write them (their parts cut to what the macro check
reads), without macros and with them in each of the ways it finds: services.documents.macro_check."""

from __future__ import annotations

import zipfile

from tests.unit.documents.upload_samples import DOCX, zip_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
CT = "application/vnd.openxmlformats-officedocument"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships"
#: what Word 2016 declares for a new document (the main part's content type is what a .docm changes)
WORD_MAIN = f"{CT}.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA = "application/vnd.ms-office.vbaProject"
#: the first bytes of a compound file, as a VBA project is stored
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def content_types(main: str = WORD_MAIN, defaults: str = "", overrides: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{defaults}'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{CT}.wordprocessingml.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{CT}.wordprocessingml.settings+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{CT}.extended-properties+xml"/>{overrides}'
        "</Types>"
    ).encode()


def document_rels(extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/hyperlink" Target="https://www.omgevingswet.nl/" '
        f'TargetMode="External"/>{extra}</Relationships>'
    ).encode()


def word(
    main: str = WORD_MAIN, types: tuple[str, str] = ("", ""), rels: str = "", *parts: tuple[str, bytes]
) -> bytes:
    """A Word document: its content types (``main``, ``types``: more defaults and overrides), the
    document's relationships (``rels`` added) and ``parts``."""
    return zip_of(
        ("[Content_Types].xml", content_types(main, *types)),
        (
            "_rels/.rels",
            f'<Relationships><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'.encode(),
        ),
        (
            "word/document.xml",
            b'<?xml version="1.0"?><w:document><w:body><w:p>Geachte heer,</w:p></w:body></w:document>',
        ),
        ("word/_rels/document.xml.rels", document_rels(rels)),
        ("word/styles.xml", b"<w:styles/>"),
        ("word/settings.xml", b"<w:settings/>"),
        ("docProps/app.xml", b"<Properties><Application>Microsoft Office Word</Application></Properties>"),
        *parts,
    )


GOOD_DOCX = word()
VBA_REL = f'<Relationship Id="rId9" Type="{MS_REL}/vbaProject" Target="vbaProject.bin"/>'
#: (what, the document, the part the refusal names)
MACRO_DOCS = [
    (
        "a .docm as Word writes it",
        word(
            DOCM_MAIN,
            ('<Default Extension="bin" ContentType="' + VBA + '"/>', ""),
            VBA_REL,
            ("word/vbaProject.bin", CFB),
        ),
        "[Content_Types].xml",
    ),
    (
        "a VBA project alone",
        word(WORD_MAIN, ("", ""), "", ("word/vbaProject.bin", CFB)),
        "word/vbaProject.bin",
    ),
    (
        "a VBA project under another name, declared by its content type",
        word(
            WORD_MAIN,
            ("", f'<Override PartName="/word/gegevens.bin" ContentType="{VBA}"/>'),
            "",
            ("word/gegevens.bin", CFB),
        ),
        "[Content_Types].xml",
    ),
    (
        "a VBA project under another name, declared in character references",
        word(
            WORD_MAIN,
            (
                "",
                '<Override PartName="/word/gegevens.bin" ContentType="application/vnd.ms-office.vba&#80;roject"/>',
            ),
            f'<Relationship Id="rId9" Type="{MS_REL}/vba&#x50;r&#111;ject" Target="gegevens.bin"/>',
            ("word/gegevens.bin", CFB),
        ),
        "[Content_Types].xml",
    ),
    (
        "a VBA project under another name, only its relationship in character references",
        word(
            WORD_MAIN,
            ("", ""),
            f'<Relationship Type="{MS_REL}/vba&#x0050;roject" Target="x.bin"/>',
            ("word/x.bin", CFB),
        ),
        "word/_rels/document.xml.rels",
    ),
    ("macro-enabled, its project removed", word(DOCM_MAIN), "[Content_Types].xml"),
    (
        "an Excel 4.0 macro sheet",
        zip_of(
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>"),
        ),
        "xl/macrosheets/sheet1.xml",
    ),
    (
        "a LibreOffice Basic module",
        zip_of(
            (zipfile.ZipInfo("mimetype"), ODT.encode()),
            ("content.xml", b"<office:document-content/>"),
            ("Basic/script-lc.xml", b"<library:libraries/>"),
            ("Basic/Standard/Module1.xml", b'<script:module>Sub Main\nShell("cmd")\nEnd Sub</script:module>'),
        ),
        "Basic/Standard/Module1.xml",
    ),
]
GOOD_ODT = zip_of(
    (zipfile.ZipInfo("mimetype"), ODT.encode()),
    ("content.xml", b"<office:document-content/>"),
    ("Configurations2/accelerator/current.xml", b""),
    ("Basic/script-lc.xml", b"<library:libraries/>"),  # the listing LibreOffice may keep of no macros
    ("META-INF/manifest.xml", b"<manifest:manifest/>"),
)
__all__ = ["DOCX", "GOOD_DOCX", "GOOD_ODT", "MACRO_DOCS", "ODT", "XLSX"]
