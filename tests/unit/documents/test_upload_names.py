"""An upload's name agrees with its content (outside tester: 'plattegrond.hta' holding a PDF/HTA polyglot
and 'situatie.html' were stored, and downloaded under those names): the extension must be one of the
detected MIME type's (services.documents.extensions), checked where the type is decided
(checks.stage_checked); a name without one gets the content's.
The polyglot is named .html here: a .hta is refused before this rule as a program's name (services/documents/mime.py, tests/unit/documents/test_script_names.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from processes.errors import ValidationError
from services.documents.checks import stage_checked
from services.documents.extensions import KINDS, extension, stored_name
from services.documents.storage import LocalBlobStore
from services.documents.types import DocumentTypen, document_typen
from tests.integration.document_helpers import PDF, PNG
from tests.unit.documents.upload_samples import zip_of

TYPES = document_typen()
BIJLAGE = TYPES.type("vergunning_klein", "bijlage")
AANVRAAGFORMULIER = TYPES.type("vergunning_klein", "aanvraagformulier")
CORRESPONDENTIE = TYPES.type("vergunning_klein", "correspondentie")
#: the tester's polyglot: a PDF by its first bytes and its body, an HTA to mshta
POLYGLOT = (
    b'%PDF-1.4\n<HTA:APPLICATION><script language="VBScript">CreateObject("WScript.Shell").Run "calc"'
    b"</script>\n" + PDF[len(b"%PDF-1.7\n") :]
)
#: XHTML: application/xml by its first bytes (an aanvraagformulier may be XML), a web page as .html
XHTML = (
    b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>\n'
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)


def staged(tmp_path: Path, content: bytes, name: str, doc_type=BIJLAGE) -> str:  # type: ignore[no-untyped-def]
    return stage_checked(LocalBlobStore(tmp_path), io.BytesIO(content), doc_type, name, None).mime


@pytest.mark.parametrize(
    ("content", "name", "doc_type", "words"),
    [
        (
            POLYGLOT,
            "plattegrond.html",
            BIJLAGE,
            "'plattegrond.html' is een PDF-bestand; de naam moet eindigen op .pdf.",
        ),
        (POLYGLOT, "plattegrond.html. ", BIJLAGE, "is een PDF-bestand; de naam moet eindigen op .pdf."),
        (POLYGLOT, "bouwtekening.pdf.html", BIJLAGE, "is een PDF-bestand"),
        (
            XHTML,
            "situatie.html",
            AANVRAAGFORMULIER,
            "'situatie.html' is een XML-bestand; de naam moet eindigen op .xml",
        ),
        (b"<html><script>alert(1)</script></html>", "brief.html", CORRESPONDENTIE, "is een tekstbestand"),
        (PNG, "foto.jpg", BIJLAGE, "is een PNG-afbeelding; de naam moet eindigen op .png."),
        (JPEG, "foto.png", BIJLAGE, "de naam moet eindigen op .jpg, .jpeg of .jfif."),
    ],
    ids=[
        "pdf as html",
        "pdf as html with trailing dot",
        "double extension",
        "html",
        "html as text",
        "png as jpg",
        "jpeg as png",
    ],
)
def test_a_name_whose_extension_is_not_its_contents_is_refused_and_nothing_stays(
    tmp_path, content, name, doc_type, words
) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, name, doc_type)
    assert exc.value.code == "document-naam-past-niet", exc.value.detail
    assert words in exc.value.detail
    assert exc.value.to_problem()["veld"] == "bestand"
    assert list(LocalBlobStore(tmp_path).iter_files()) == []


@pytest.mark.parametrize(
    ("content", "name", "doc_type", "mime"),
    [
        (JPEG, "FOTO.JPG", BIJLAGE, "image/jpeg"),
        (JPEG, "gevel.jpeg", BIJLAGE, "image/jpeg"),
        (PNG, "Gevel.Png", BIJLAGE, "image/png"),
        (POLYGLOT, "Plattegrond.PDF", BIJLAGE, "application/pdf"),
        (POLYGLOT, "plattegrond.hta.pdf", BIJLAGE, "application/pdf"),
        (POLYGLOT, "plattegrond", BIJLAGE, "application/pdf"),
        (XHTML, "formulier.xml", AANVRAAGFORMULIER, "application/xml"),
    ],
)
def test_a_name_with_an_extension_of_its_content_or_none_passes(
    tmp_path, content, name, doc_type, mime
) -> None:
    assert staged(tmp_path, content, name, doc_type) == mime


def test_the_extension_is_read_as_windows_reads_it() -> None:
    assert extension("plattegrond.HTA") == ".hta"
    assert extension("plattegrond.hta. . ") == ".hta"
    assert extension("plattegrond") == extension("plattegrond.") == ""
    assert extension(".pdf") == ".pdf"


def test_a_name_without_an_extension_is_stored_with_its_contents() -> None:
    assert stored_name("plattegrond", "application/pdf") == "plattegrond.pdf"
    assert stored_name("plattegrond.", "image/jpeg") == "plattegrond.jpg"
    assert stored_name("gevel.JPEG", "image/jpeg") == "gevel.JPEG"


def test_every_shipped_mime_type_has_extensions_and_an_unknown_one_is_refused() -> None:
    assert set(TYPES.media_types()) <= set(KINDS)
    item = {"omschrijving": "Film", "vertrouwelijkheid": "openbaar", "max_mb": 1, "mime": ["video/mp4"]}
    with pytest.raises(ValueError, match="geen bestandsextensies bekend voor \\['video/mp4'\\]"):
        DocumentTypen({"standaard": {"film": item}})


def test_an_entry_of_a_zip_is_held_to_the_same_rule(tmp_path) -> None:
    """The polyglot as 'map\\plattegrond.html' inside a ZIP of a type that takes ZIPs and PDFs passed, its
    name kept to be unpacked by the officer; now refused naming the entry. Names that fit, or have no
    extension, still pass."""
    assert "application/zip" in BIJLAGE.mime and "application/pdf" in BIJLAGE.mime
    stukken = zip_of(("map/tekening.pdf", PDF), ("map\\plattegrond.html", POLYGLOT))
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, stukken, "stukken.zip")
    assert exc.value.code == "document-zip-naam-past-niet"
    assert exc.value.extra["bestand"] == "map\\plattegrond.html"
    assert "'plattegrond.html' is een PDF-bestand; de naam moet eindigen op .pdf." in exc.value.detail
    assert list(LocalBlobStore(tmp_path).iter_files()) == []
    fitting = zip_of(("map/TEKENING.PDF", PDF), ("LEESMIJ", PDF))
    assert staged(tmp_path, fitting, "stukken.zip") == "application/zip"
