"""The content check of an upload opens a ZIP and looks into a PDF (services.documents.zip_check and
pdf_check, through checks.stage_checked): each kind of bad archive or active PDF is refused in Dutch
naming the file or its entry, and its staged content is gone; a good ZIP and a plain PDF pass."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services.documents import pdf_check, zip_check
from services.documents.checks import stage_checked
from services.documents.storage import LocalBlobStore
from services.documents.types import DocumentType, document_typen
from tests.integration.document_helpers import EXE, PDF, PNG, pdf
from tests.unit.documents.upload_samples import (
    BAD_PDFS,
    BAD_ZIPS,
    DOCX,
    GOOD_ZIP,
    OWNER_ONLY_PDF,
    PLAIN_PDF,
    office,
    stated_directory,
    zip_of,
)

BIJLAGE = document_typen().type("vergunning_klein", "bijlage")


def staged(tmp_path: Path, content: bytes, name: str, doc_type: DocumentType = BIJLAGE) -> str:
    return stage_checked(LocalBlobStore(tmp_path), io.BytesIO(content), doc_type, name, None).mime


#: (file name, content, code, words of the refusal): each bad ZIP and each active PDF
BAD = [("tekeningen.zip", *z[1:]) for z in BAD_ZIPS] + [("plan.pdf", *p[1:]) for p in BAD_PDFS]


@pytest.mark.parametrize(("name", "content", "code", "words"), BAD, ids=[b[0] for b in BAD_ZIPS + BAD_PDFS])
def test_a_bad_zip_or_active_pdf_is_refused_naming_the_file_or_entry(
    tmp_path, name, content, code, words
) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, name)
    assert exc.value.code == code, exc.value.detail
    assert words in exc.value.detail and f"'{name}'" in exc.value.detail
    assert list(LocalBlobStore(tmp_path).iter_files()) == []


def test_more_unpacked_bytes_than_the_types_limit_is_refused(tmp_path) -> None:
    small = dataclasses.replace(BIJLAGE, max_bytes=1024 * 1024)
    twice = zip_of(("a.txt", b"a" * 600_000), ("b.txt", b"b" * 600_000))  # 1.2 MB, far below a bomb's ratio
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, twice, "twee.zip", small)
    assert exc.value.code == "document-zip-te-groot" and "1 MB" in exc.value.detail


#: Windows' own "Compress-Archive" (PowerShell 5) writes a folder's entries with backslashes
WINDOWS_ZIP = zip_of(("tekeningen\\gevel.pdf", pdf("gevel")), ("tekeningen\\foto.png", PNG))


@pytest.mark.parametrize(
    "content",
    [GOOD_ZIP, zip_of(("leeg/", b"")), WINDOWS_ZIP],
    ids=["tekeningen", "lege map", "backslashes of Windows"],
)
def test_a_good_zip_passes(tmp_path, content) -> None:
    assert staged(tmp_path, content, "tekeningen.zip") == "application/zip"


@pytest.mark.parametrize(
    "content",
    [PLAIN_PDF, PDF, pdf("x"), b"%PDF-1.4 geen geldige opbouw", OWNER_ONLY_PDF],
    ids=["openaction to a page", "catalog only", "catalog and a comment", "unreadable", "owner password"],
)
def test_a_plain_pdf_passes_also_one_the_parser_cannot_read(tmp_path, content) -> None:
    assert staged(tmp_path, content, "plan.pdf") == "application/pdf"


def test_zipfile_still_reads_the_end_record_the_directory_check_reads() -> None:
    """zip_check reads the end record with zipfile's private _EndRecData: a Python without it fails here."""
    assert callable(getattr(zipfile, "_EndRecData", None))
    assert zip_check._END_RECORD is zipfile._EndRecData  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "content",
    [
        stated_directory(25_000, 25_000),
        stated_directory(25_000, 1),
        stated_directory(25_000, 25_000, zip64=True),
        stated_directory(25_000, 1, zip64=True),
        stated_directory(1_500, 1_500),
        stated_directory(1_500, 1_500, zip64=True),
    ],
    ids=[
        "signature twice",
        "signature twice, one entry stated",
        "zip64",
        "zip64, one entry stated",
        "entries",
        "zip64 entries",
    ],
)
def test_a_directory_too_large_as_zipfile_reads_it_is_refused_before_zipfile_parses_it(
    tmp_path, monkeypatch, content
) -> None:
    """Review finding: the size was read from the last signature in the tail and its 32-bit field, so an
    end record whose disk numbers spell the signature, or a ZIP64 record, passed a directory of 300,000
    entries to zipfile (255 MB of memory)."""

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("zipfile.ZipFile was built")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, "tekeningen.zip")
    assert exc.value.code == "document-zip-te-veel-bestanden", exc.value.detail
    assert exc.value.detail.startswith("'tekeningen.zip' is geweigerd: ")


#: a type that also accepts text and Word documents, as a single upload
RUIM = dataclasses.replace(BIJLAGE, mime=(*BIJLAGE.mime, "text/plain", DOCX))


@pytest.mark.parametrize(
    "content",
    [
        zip_of(("LEESMIJ.txt", b"Zie de tekening."), ("gevel.pdf", pdf("gevel"))),
        zip_of(("brief.docx", office("docx", ("word/media/foto.png", PNG)))),
    ],
    ids=["readme", "docx"],
)
def test_an_entry_passes_when_its_single_upload_would(tmp_path, content) -> None:
    assert staged(tmp_path, content, "stukken.zip", RUIM) == "application/zip"


@pytest.mark.parametrize(
    ("part", "code"),
    [(("word/x.zip", GOOD_ZIP), "document-zip-genest"), (("word/x.exe", EXE), "document-zip-uitvoerbaar")],
    ids=["zip", "exe"],
)
def test_an_office_entry_is_checked_as_its_single_upload(tmp_path, part, code) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, zip_of(("brief.docx", office("docx", part))), "stukken.zip", RUIM)
    assert exc.value.code == code and f"'{part[0]}'" in exc.value.detail, exc.value.detail


def test_an_office_upload_holds_its_own_parts_to_no_list(tmp_path) -> None:
    assert staged(tmp_path, office(), "brief.docx", RUIM) == DOCX


def test_macos_extras_are_skipped_for_the_list_but_not_for_executables(tmp_path) -> None:
    apple = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(60)
    extras = (("__MACOSX/._foto.png", apple), (".DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(60)))
    assert staged(tmp_path, zip_of(("foto.png", PNG), *extras), "foto.zip") == "application/zip"
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, zip_of(("foto.png", PNG), ("__MACOSX/._x", EXE)), "foto.zip")
    assert exc.value.code == "document-zip-uitvoerbaar"


def test_a_pdf_of_more_objects_than_the_walk_looks_at_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_check, "MAX_OBJECTS", 3)
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, PLAIN_PDF, "plan.pdf")
    assert exc.value.code == "document-pdf-te-complex", exc.value.detail
    assert "'plan.pdf' bestaat uit meer dan 3 onderdelen; de inhoud kan niet worden" in exc.value.detail


#: a Windows shortcut (.lnk: its header length, 0x4C, then zeros) and an ISO image (zeros up to 32 kB):
#: binary, though they decode as UTF-8 text
LNK = b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F" + b"\x00" * 60
ISO = b"\x00" * 4096


@pytest.mark.parametrize("content", [LNK, ISO], ids=["snelkoppeling", "schijfkopie"])
def test_bytes_with_nul_characters_are_no_text(tmp_path, content) -> None:
    """The zip reviewer's note: a .lnk or an ISO counted as text/plain, so a type that takes plain text
    (correspondentie) took them, uploaded alone or in a ZIP."""
    correspondentie = document_typen().type("vergunning_klein", "correspondentie")
    assert "text/plain" in correspondentie.mime
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, "brief.txt", correspondentie)
    assert "application/octet-stream" in exc.value.detail
    assert staged(tmp_path, b"Geachte heer,\r\n\tmet vriendelijke groet", "brief.txt", correspondentie)


def test_bytes_after_the_last_eof_marker_are_not_handed_to_the_parser(monkeypatch) -> None:
    """bench_documents: a 50 MB upload whose %%EOF came first and random bytes after it took pypdf seconds,
    reading them backwards line by line for the marker. The parser gets the PDF up to its last %%EOF; a
    script in it is still refused."""
    import os

    from pypdf import PdfReader

    from services.documents import pdf_check

    seen: list[int] = []

    def reader(stream, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(stream.seek(0, 2))
        stream.seek(0)
        return PdfReader(stream, **kwargs)

    monkeypatch.setattr(pdf_check, "PdfReader", reader)
    what, content, code, _words = BAD_PDFS[0]
    with pytest.raises(ValidationError) as exc:
        pdf_check.check_pdf(io.BytesIO(content + os.urandom(3 * 1024 * 1024)), "plan.pdf")
    assert exc.value.code == code, what
    assert seen == [content.rindex(b"%%EOF") + 5]
