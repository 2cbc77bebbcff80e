"""A PDF pypdf cannot read is searched raw (services.documents.pdf_raw), and so is what its compressed
(FlateDecode) streams inflate to: a script hidden in an object stream of a damaged PDF passed (the session
note on uploads, item 3). A zlib bomb inflates within a hard cap on the bytes, read in chunks, never held:
refused as unchecked. A damaged PDF with ordinary compressed page content still passes."""

from __future__ import annotations

import io
import os
import tracemalloc
import zlib

import pytest
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from processes.errors import ValidationError
from services.documents import pdf_raw
from tests.unit.documents.test_upload_content import staged


def stream_object(number: int, data: bytes, eol: bytes = b"\n") -> bytes:
    """Object ``number``: an object stream whose data is ``data`` (FlateDecode), as written."""
    head = b"%d 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream" % (
        number,
        len(data),
    )
    return head + eol + data + b"\nendstream\nendobj\n"


def damaged(*contents: bytes, eol: bytes = b"\n", before: bytes = b"") -> bytes:
    """A PDF pypdf cannot read (no cross-reference table, no trailer): ``before``, then each of
    ``contents`` compressed in an object stream of its own."""
    objects = b"".join(stream_object(n, zlib.compress(c), eol) for n, c in enumerate(contents, start=1))
    return b"%PDF-1.5\n" + before + objects


def across_the_chunk_border(content: bytes) -> bytes:
    """``damaged(content)`` padded with a comment so that the raw search's first chunk (pdf_raw.CHUNK)
    ends within the keyword 'stream' that opens the compressed data."""
    opening = damaged(content).index(b">>\nstream") + 3
    padding = pdf_raw.CHUNK - opening - 3 - 2  # 'str' in the first chunk: 2 for the comment's % and EOL
    padded = damaged(content, before=b"%" + b"x" * padding + b"\n")
    assert padded[pdf_raw.CHUNK - 3 : pdf_raw.CHUNK + 3] == b"stream"
    return padded


SCRIPT = b"1 0 << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
HIDDEN = [
    ("script", damaged(SCRIPT), "document-pdf-javascript", "bevat JavaScript"),
    ("escaped", damaged(b"<< /S /J#61vaScript /J#53 (x) >>"), "document-pdf-javascript", "JavaScript"),
    ("crlf", damaged(SCRIPT, eol=b"\r\n"), "document-pdf-javascript", "JavaScript"),
    ("launch", damaged(b"<< /S /Launch /F (cmd.exe) >>"), "document-pdf-programma-starten", "/Launch"),
    ("embedded", damaged(b"<< /EmbeddedFiles 3 0 R >>"), "document-pdf-ingesloten-bestand", "ingesloten"),
    ("xfa", damaged(b"<< /AcroForm << /XFA 4 0 R >> >>"), "document-pdf-xfa-formulier", "XFA"),
    ("second stream", damaged(b"BT (Brief) Tj ET", SCRIPT), "document-pdf-javascript", "JavaScript"),
    (
        "at the end of 3 MB",
        damaged(bytes(3 * 1024 * 1024) + b"/JS (x)"),
        "document-pdf-javascript",
        "JavaScript",
    ),
    (
        "opening across the chunk border",
        across_the_chunk_border(SCRIPT),
        "document-pdf-javascript",
        "JavaScript",
    ),
    (
        "cut off after the script",
        b"%PDF-1.5\n" + stream_object(1, zlib.compress(SCRIPT + bytes(range(256)) * 64)[:-40]),
        "document-pdf-javascript",
        "JavaScript",
    ),
]


def test_the_samples_are_unreadable_to_pypdf() -> None:
    for what, content, _code, _words in HIDDEN:
        with pytest.raises(PyPdfError):
            PdfReader(io.BytesIO(content), strict=False).trailer  # noqa: B018
        assert b"/JS" not in content and b"/Launch" not in content, what


@pytest.mark.parametrize(("what", "content", "code", "words"), HIDDEN, ids=[h[0] for h in HIDDEN])
def test_active_content_in_a_compressed_stream_of_a_damaged_pdf_is_refused(
    tmp_path, what, content, code, words
) -> None:
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, "plan.pdf")
    assert exc.value.code == code, (what, exc.value.detail)
    assert exc.value.detail.startswith("'plan.pdf' bevat ") and words in exc.value.detail


def test_a_damaged_pdf_with_ordinary_compressed_content_passes(tmp_path) -> None:
    jpeg = b"99 0 obj\n<< /Subtype /Image /Filter /DCTDecode >>\nstream\n\xff\xd8\xff\xe0" + os.urandom(5000)
    content = damaged(b"BT /F1 12 Tf (Geachte heer, mevrouw) Tj ET", b"<< /Type /Page /Parent 2 0 R >>")
    assert staged(tmp_path, content + jpeg, "brief.pdf") == "application/pdf"


def test_a_zlib_bomb_is_refused_within_the_cap_and_never_held(tmp_path, monkeypatch) -> None:
    """64 MB of zeros in 64 kB of stream, the cap (MAX_INFLATED, 128 MB) set to 32 MB here: inflated up
    to the cap with never more than a few chunks in memory at once, then refused as unchecked."""
    monkeypatch.setattr(pdf_raw, "MAX_INFLATED", 32 * 1024 * 1024)
    packer = zlib.compressobj(1)
    bomb = b"".join(packer.compress(bytes(1024 * 1024)) for _ in range(64)) + packer.flush()
    content = b"%PDF-1.5\n" + stream_object(1, bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as exc:
            staged(tmp_path, content, "plan.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exc.value.code == "document-pdf-te-groot-uitgepakt", exc.value.detail
    assert "'plan.pdf' kan niet worden gelezen en pakt uit tot meer dan 32 MB" in exc.value.detail
    assert peak < 8 * 1024 * 1024, peak


def test_streams_that_read_on_through_the_others_are_refused_within_the_cap(tmp_path, monkeypatch) -> None:
    """Empty deflate blocks inflate to nothing, and a stream opened inside another's data reads on to the
    file's end: 400 such openings in 8 MB fed the inflaters 1.6 GB (hours for 20,000 in 100 MB). The bytes
    fed count against MAX_INFLATED too (set to 32 MB here)."""
    monkeypatch.setattr(pdf_raw, "MAX_INFLATED", 32 * 1024 * 1024)
    opening = b"stream\n\x78\x01"
    block = b"\x00" + len(opening).to_bytes(2, "little") + (0xFFFF ^ len(opening)).to_bytes(2, "little")
    segment = block + opening + b"\x00\x00\x00\xff\xff" * 4000  # a stored block holding the next opening
    content = b"%PDF-1.5\n" + opening + segment * 400
    assert zlib.decompressobj().decompress(content[len(b"%PDF-1.5\n") + 7 :]) == opening * 400
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, content, "plan.pdf")
    assert exc.value.code == "document-pdf-te-groot-uitgepakt", exc.value.detail


def test_more_compressed_streams_than_are_inflated_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_raw, "MAX_STREAMS", 3)
    assert staged(tmp_path, damaged(*[b"BT (x) Tj ET"] * 3), "plan.pdf") == "application/pdf"
    with pytest.raises(ValidationError) as exc:
        staged(tmp_path, damaged(*[b"BT (x) Tj ET"] * 4), "plan.pdf")
    assert exc.value.code == "document-pdf-te-complex", exc.value.detail
    assert "meer dan 3 gecomprimeerde delen" in exc.value.detail
