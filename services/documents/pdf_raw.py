"""The search of a PDF's raw bytes, for one pypdf cannot read (services.documents.pdf_check): a viewer repairs
much, so a damaged PDF is not refused for that alone, but it is searched for the names of active content
(``RAW_NAMES``, their #xx escapes decoded: ``/J#53`` is ``/JS``). A script is mostly hidden where the bytes
do not show it: in a compressed (FlateDecode) stream, an object stream of dictionaries say. So every stream
whose data starts with a zlib header is inflated and searched for the same names, in chunks, never held
whole: at most ``MAX_INFLATED`` bytes in all (out of the inflaters, and into them) and ``MAX_STREAMS``
streams, beyond which the PDF is refused as unchecked (a zlib bomb costs a bounded time, and no memory). Other filters (a filter chain, a
predictor) are not decoded; the optional virus scan still looks at the file."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

#: a name and the kind of active content it shows (pdf_check.ACTIVE)
RAW_NAMES = {
    b"/JavaScript": "script",
    b"/JS": "script",
    b"/Launch": "launch",
    b"/EmbeddedFile": "embedded",
    b"/EmbeddedFiles": "embedded",
    b"/XFA": "xfa",
    b"/RichMedia": "richmedia",
    b"/RichMediaContent": "richmedia",
}
#: what ends a name: white space and the delimiters
DELIMITERS = rb" \t\r\n\f\x00()<>\[\]{}/%"
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: the bytes one chunk keeps for the next: longer than any name of RAW_NAMES escaped
OVERLAP = 64
CHUNK = 1024 * 1024
#: the bytes fed to the inflater at a time (the rest of the input is not copied with each call)
PIECE = 64 * 1024
#: the keyword that opens a stream's data, its end of line (a viewer forgives one missing), and a zlib
#: header's first byte (deflate, a window of at most 32 kB); ``endstream`` is no opening
STREAM_START = re.compile(rb"stream(?<!endstream)[ \t]*(?:\r\n|\r|\n)?(?=[\x08\x18\x28\x38\x48\x58\x68\x78])")
#: the most bytes all streams of one PDF inflate to, and feed the inflaters (empty deflate blocks inflate
#: to nothing, and a stream may be opened within another's data: each would read on to the file's end),
#: and the most streams inflated: a damaged PDF beyond either is refused as unchecked. The search costs about 1 ms a MB (up to 50 ms for a crafted flood of
#: names), an inflater's set-up some 15 microseconds; a 1,000-page PDF has a few thousand Flate streams
MAX_INFLATED = 128 * 1024 * 1024
MAX_STREAMS = 20_000


class Unchecked(Exception):
    """A PDF whose content cannot be checked: ``code`` and the Dutch words of its refusal."""

    def __init__(self, code: str, wat: str) -> None:
        super().__init__(code)
        self.code, self.wat = code, wat


def _letter(c: int) -> bytes:
    """The pattern of one character of a name: itself or escaped (#xx, a hex letter in either case)."""
    digits = b"".join(b"[%c%c]" % (d, d - 32) if d >= ord("a") else bytes([d]) for d in b"%02x" % c)
    return b"(?:%s|#%s)" % (re.escape(bytes([c])), digits)


def _tree(names: list[bytes]) -> bytes:
    """One pattern of ``names``, their common beginnings matched once (a trie: the regex engine tries
    one branch per name's first letter instead of one per name)."""
    rests: dict[int, list[bytes]] = {}
    for name in names:
        if name:
            rests.setdefault(name[0], []).append(name[1:])
    branches = [_letter(c) + (_tree(r) if r != [b""] else b"") for c, r in rests.items()]
    return b"(?:" + b"|".join(branches) + (b"|)" if b"" in names else b")")


_ANY_NAME = _tree([name[1:] for name in RAW_NAMES])
#: a name of RAW_NAMES (escaped or not) followed by a delimiter; at the end of the file, or of a stream,
#: also at the end of the bytes
NAMES = re.compile(b"/" + _ANY_NAME + b"(?=[" + DELIMITERS + b"])")
NAMES_AT_END = re.compile(b"/" + _ANY_NAME + b"(?=[" + DELIMITERS + b"]|\\Z)")


def first_name(data: bytes, final: bool) -> str | None:
    """The kind of the first name of ``RAW_NAMES`` in ``data``; a name at the end of ``data`` only when
    it is the ``final`` part of the file or stream."""
    match = (NAMES_AT_END if final else NAMES).search(data)
    return RAW_NAMES[ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[0])] if match else None


class _Budget:
    """What the inflating of one PDF may still cost: bytes out and streams."""

    def __init__(self) -> None:
        self.inflated = self.fed = self.streams = 0

    def stream(self) -> None:
        self.streams += 1
        if self.streams > MAX_STREAMS:
            raise Unchecked(
                "pdf-te-complex",
                f"kan niet worden gelezen en bestaat uit meer dan {f'{MAX_STREAMS:,}'.replace(',', '.')} "
                "gecomprimeerde delen; de inhoud kan niet worden gecontroleerd.",
            )

    def spend(self, inflated: int, fed: int = 0) -> None:
        self.inflated, self.fed = self.inflated + inflated, self.fed + fed
        if max(self.inflated, self.fed) > MAX_INFLATED:
            raise Unchecked(
                "pdf-te-groot-uitgepakt",
                f"kan niet worden gelezen en pakt uit tot meer dan {MAX_INFLATED // (1024 * 1024)} MB; de "
                "inhoud kan niet worden gecontroleerd. Sla het document opnieuw op als PDF (bijvoorbeeld met "
                "'Afdrukken als PDF') en stuur het dan mee.",
            )


def raw_kind(stream: BinaryIO) -> str | None:
    """The kind of the first name of ``RAW_NAMES`` in the raw bytes of ``stream`` (from its start) or in
    a stream they inflate to. Read in chunks that overlap by ``OVERLAP`` bytes: a name (or a stream's
    opening) that runs to a chunk's end is looked at with the next."""
    budget, tail, offset, opened = _Budget(), b"", 0, 0
    while chunk := stream.read(CHUNK):
        data, base = tail + chunk, offset - len(tail)
        offset += len(chunk)
        if kind := first_name(data, final=False):
            return kind
        for match in STREAM_START.finditer(data):
            if base + match.end() > opened:  # not inflated with the chunk before
                opened = base + match.end()
                budget.stream()
                kind = _inflated_kind(_pieces(stream, memoryview(data)[match.end() :], offset), budget)
                stream.seek(offset)
                if kind:
                    return kind
        tail = data[-OVERLAP:]
    return first_name(tail, final=True)


def _pieces(stream: BinaryIO, rest: memoryview, resume: int) -> Iterator[memoryview | bytes]:
    """The bytes of a stream's data: ``rest`` (of the chunk in hand), then the file's from ``resume`` on,
    in pieces of ``PIECE`` bytes."""
    for start in range(0, len(rest), PIECE):
        yield rest[start : start + PIECE]
    stream.seek(resume)
    while piece := stream.read(PIECE):
        yield piece


def _inflated_kind(pieces: Iterator[memoryview | bytes], budget: _Budget) -> str | None:
    """The kind of the first name of ``RAW_NAMES`` in what ``pieces`` inflate to, up to the end of the
    zlib stream or the first damage in it (what came before is searched); charged to ``budget``."""
    inflater, tail = zlib.decompressobj(), b""
    try:
        for piece in pieces:
            pending: memoryview | bytes = piece
            budget.spend(0, len(piece))
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                budget.spend(len(out))
                text = tail + out
                if kind := first_name(text, final=False):
                    return kind
                tail = text[-OVERLAP:]
            if inflater.eof:
                break
    except zlib.error:
        pass
    return first_name(tail, final=True)
