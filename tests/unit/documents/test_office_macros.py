"""An Office document with macros is refused, uploaded alone or in a ZIP (the session note on uploads, item
2): its parts were held to no list, so a .docm, or one named .docx, passed with its VBA project. Found by
the part's name and by what the package declares (services.documents.macro_check); a Word document and
an OpenDocument text without macros still pass."""

from __future__ import annotations

import dataclasses

import pytest

from processes.errors import ValidationError
from services.documents.extensions import extensions_of
from services.documents.mime import detect_mime
from services.documents.storage import LocalBlobStore
from tests.unit.documents.office_samples import (
    DOCX,
    GOOD_DOCX,
    GOOD_ODT,
    MACRO_DOCS,
    ODT,
    WORD_MAIN,
    XLSX,
    word,
)
from tests.unit.documents.test_upload_content import BIJLAGE, staged
from tests.unit.documents.upload_samples import zip_of

#: a type that takes Office documents, alone and in a ZIP
OFFICE = dataclasses.replace(BIJLAGE, mime=(*BIJLAGE.mime, DOCX, XLSX, ODT))


def named(content: bytes) -> str:
    """A name that fits the content's type (services.documents.extensions: a name must say what the file is),
    so only the macros can refuse it: 'brief.docx', 'brief.xlsx', 'brief.odt'."""
    return "brief" + extensions_of(detect_mime(content))[0]


@pytest.mark.parametrize(("what", "content", "part"), MACRO_DOCS, ids=[m[0] for m in MACRO_DOCS])
def test_an_office_document_with_macros_is_refused_whatever_its_name(tmp_path, what, content, part) -> None:
    name = named(content)
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, name, OFFICE)
    assert exc.value.code == "document-office-macro", (what, exc.value.detail)
    assert exc.value.detail.startswith(f"'{name}' bevat macro's ('{part}'): programmacode")
    assert exc.value.extra == {"bestand": part}
    assert list(LocalBlobStore(tmp_path).iter_files()) == []


@pytest.mark.parametrize(("what", "content", "part"), MACRO_DOCS[:2], ids=[m[0] for m in MACRO_DOCS[:2]])
def test_an_office_document_with_macros_in_a_zip_is_refused(tmp_path, what, content, part) -> None:
    stukken = zip_of(("tekening.pdf", b"%PDF-1.4\n%%EOF\n"), ("brief.docx", content))
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, stukken, "stukken.zip", OFFICE)
    assert exc.value.code == "document-office-macro", (what, exc.value.detail)
    assert exc.value.detail.startswith(f"'stukken.zip/brief.docx' bevat macro's ('{part}')")


@pytest.mark.parametrize(
    ("content", "mime"), [(GOOD_DOCX, DOCX), (GOOD_ODT, ODT)], ids=["Word", "LibreOffice zonder macro's"]
)
def test_an_office_document_without_macros_still_passes(tmp_path, content, mime) -> None:
    assert staged(tmp_path, content, named(content), OFFICE) == mime
    assert staged(tmp_path, zip_of((named(content), content)), "stukken.zip", OFFICE) == "application/zip"


def test_declarations_too_large_to_search_are_refused_unchecked(tmp_path) -> None:
    """Review of this check: character references are searched at about 0.35 s a MB, so a relationships
    part of 100 MB (1 MB compressed, within the ZIP's bomb ratio) cost half a minute; more than
    MAX_DECLARATIONS (4 MB) in all is refused before it is read again."""
    padding = "<!-- " + "x" * (5 * 1024 * 1024) + " -->"
    content = word(WORD_MAIN, ("", ""), padding)
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, "brief.docx", OFFICE)
    assert exc.value.code == "document-office-te-complex", exc.value.detail
    assert "samen groter dan 4 MB" in exc.value.detail
