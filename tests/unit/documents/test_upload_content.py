"""The content check of an upload opens a ZIP and looks into a PDF (services.documents.zip_check and
pdf_check, through checks.stage_checked): each kind of bad archive or active PDF is refused in Dutch
naming the file or its entry, and its staged content is gone; a good ZIP and a plain PDF pass."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services.documents.checks import stage_checked
from services.documents.storage import LocalBlobStore
from services.documents.types import DocumentType, document_typen
from tests.integration.document_helpers import PDF, PNG, pdf
from tests.unit.documents.upload_samples import BAD_PDFS, BAD_ZIPS, GOOD_ZIP, PLAIN_PDF, zip_of

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
    [PLAIN_PDF, PDF, pdf("x"), b"%PDF-1.4 geen geldige opbouw"],
    ids=["openaction to a page", "catalog only", "catalog and a comment", "unreadable"],
)
def test_a_plain_pdf_passes_also_one_the_parser_cannot_read(tmp_path, content) -> None:
    assert staged(tmp_path, content, "plan.pdf") == "application/pdf"
