"""ZIPs and PDFs for the upload content checks (services.documents.zip_check and pdf_check), built in
memory: good ones, and one of each kind the checks refuse."""

from __future__ import annotations

import io
import stat
import zipfile

from tests.integration.document_helpers import EXE, PNG, pdf


def zip_of(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    """A ZIP (deflated) holding ``entries``: (name or ZipInfo, content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def pdf_with(catalog: bytes = b"", *objects: bytes) -> bytes:
    """A minimal well-formed PDF (with a cross-reference table): object 1 the catalog (``catalog``
    added to its dictionary), 2 an empty page tree, 3.. ``objects``."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate([*bodies, *objects], start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def lying_sizes(data: bytes) -> bytes:
    """``data`` (a ZIP of one entry) with its stated uncompressed size set to 1 byte in both headers."""
    real = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].file_size.to_bytes(4, "little")
    return data.replace(real, (1).to_bytes(4, "little"))


PLAIN_PDF = pdf_with(b"/OpenAction [0 /Fit]")  # an /OpenAction that only shows the first page
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
]
BOMB = zip_of(("nullen.bin", bytes(20 * 1024 * 1024)))
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
    ("bomb", BOMB, "document-zip-bom", "zipbom"),
    ("lying sizes", lying_sizes(BOMB), "document-zip-onleesbaar", "'nullen.bin' is beschadigd"),
    ("many", zip_of(*((f"{i}.txt", b"") for i in range(1001))), "document-zip-te-veel-bestanden", "1001"),
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
