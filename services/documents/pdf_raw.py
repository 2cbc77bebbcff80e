"""The search of a PDF's raw bytes, for one pypdf cannot read (services.documents.pdf_check): a viewer repairs
much, so a damaged PDF is not refused for that alone, but its bytes are searched for the names of active
content (``RAW_NAMES``, their #xx escapes decoded: ``/J#53`` is ``/JS``). That search does not see inside
compressed object streams; a PDF that hides its script there and is also unreadable to pypdf passes (the
optional virus scan still looks at it). The names are found by one regular expression (``NAMES``), so a
file of a million other names costs no Python call per name."""

from __future__ import annotations

import re
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
#: a name of RAW_NAMES (escaped or not) followed by a delimiter; at the end of the file also at the end
#: of the bytes
NAMES = re.compile(b"/" + _ANY_NAME + b"(?=[" + DELIMITERS + b"])")
NAMES_AT_END = re.compile(b"/" + _ANY_NAME + b"(?=[" + DELIMITERS + b"]|\\Z)")


def first_name(data: bytes, final: bool) -> str | None:
    """The kind of the first name of ``RAW_NAMES`` in ``data``; a name at the end of ``data`` only when
    it is the ``final`` part of the file."""
    match = (NAMES_AT_END if final else NAMES).search(data)
    return RAW_NAMES[ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[0])] if match else None


def raw_kind(stream: BinaryIO) -> str | None:
    """The kind of the first name of ``RAW_NAMES`` in the raw bytes of ``stream`` (from its position), read
    in chunks that overlap by ``OVERLAP`` bytes: a name that runs to a chunk's end is looked at with the
    next."""
    tail = b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if kind := first_name(data, final=False):
            return kind
        tail = data[-OVERLAP:]
    return first_name(tail, final=True)
