"""A form's pattern in RE2's syntax with the meaning Python's ``re`` gave it (``services.form_patterns``).

Form patterns were matched by Python's ``re`` before RE2, and deployed models keep their patterns: so
``\\w``, ``\\d`` and ``\\s`` (and ``\\W``, ``\\D``, ``\\S``) keep Python's Unicode meaning, inside a character
class too, where RE2's own are ASCII: ``^[\\w .-]+$`` takes "José Beëlen", ``^\\S+$`` refuses a no-break
space. Python's ``\\w`` is a character ``str.isalnum`` holds for, or ``_``: over the BMP exactly
``[\\p{L}\\p{N}_]`` (RE2's Unicode tables may be newer, outside the BMP); ``\\d`` is ``\\p{Nd}``
(``str.isdecimal``); ``\\s`` is ``str.isspace`` (``WHITESPACE_RE2``). ECMA-262's ``\\uXXXX`` (JSON Schema's
own dialect) is read as RE2's ``\\x{XXXX}``, and ``[\\b]`` is a backspace, as in Python.

RE2's ``\\b`` and ``\\B`` know only ASCII letters, and RE2 has no Unicode word boundary: they stay ASCII
(``word_boundaries`` finds them, so that the deploy refuses them in a new model).
"""

from __future__ import annotations

import array
import functools
import re
from collections.abc import Iterator

from processes.email_adres import WHITESPACE_RE2

_WORD = r"\p{L}\p{N}_"
#: a shorthand outside a character class, in RE2's syntax with Python's meaning
_OUTSIDE = {
    "\\w": f"[{_WORD}]",
    "\\W": f"[^{_WORD}]",
    "\\d": r"\p{Nd}",
    "\\D": r"\P{Nd}",
    "\\s": f"[{WHITESPACE_RE2}]",
    "\\S": f"[^{WHITESPACE_RE2}]",
}
#: a shorthand inside a character class; ``\\W`` and ``\\S`` there are spelled out (``_complement``)
_INSIDE = {"\\w": _WORD, "\\d": r"\p{Nd}", "\\D": r"\P{Nd}", "\\s": WHITESPACE_RE2, "\\b": r"\x{8}"}
#: a piece of a pattern outside a character class: a quoted text, an escape (``\\uXXXX`` apart), a class's
#: opening (a ``]`` just after ``[`` or ``[^`` is a character of it, in Python as in RE2) or a character
_OUTSIDE_PIECE = re.compile(r"\\Q.*?(?:\\E|\Z)|\\u([0-9A-Fa-f]{4})|\\.|\[\^?\]?|.", re.DOTALL)
#: a piece of a pattern inside a character class: an escape, RE2's POSIX class (``[:alpha:]``) or a character
_INSIDE_PIECE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\.|\[:\^?[a-z]+:\]|.", re.DOTALL)


def _pieces(pattern: str) -> Iterator[tuple[str, bool]]:
    """Each piece of ``pattern`` (``\\uXXXX`` as ``\\x{XXXX}``) and whether it is inside a character class."""
    inside, at = False, 0
    while at < len(pattern):
        piece = (_INSIDE_PIECE if inside else _OUTSIDE_PIECE).match(pattern, at)
        assert piece is not None  # the last alternative takes any character
        at = piece.end()
        text = f"\\x{{{piece.group(1)}}}" if piece.group(1) else piece.group()
        yield text, inside
        inside = text != "]" if inside else text.startswith("[")


@functools.cache
def _complement(shorthand: str) -> str:
    """The characters Python's ``re`` does not match with ``shorthand`` (``\\w``, ``\\s``), as the ranges of a
    character class (RE2 has no such class of its own that also holds the characters no Unicode gives)."""
    every = array.array("I", range(0x110000)).tobytes().decode("utf-32-le", "surrogatepass")
    spans = [m.span() for m in re.finditer(f"[^{shorthand}]+", every)]
    return "".join(f"\\x{{{start:x}}}-\\x{{{end - 1:x}}}" for start, end in spans)


def in_re2(pattern: str) -> str:
    """``pattern`` in RE2's syntax, with the meaning Python's ``re`` gave it (but ``\\b``, ``\\B``)."""
    out = []
    for text, inside in _pieces(pattern):
        if not inside:
            out.append(_OUTSIDE.get(text, text))
        elif text in ("\\W", "\\S"):
            out.append(_complement(text.lower()))
        else:
            out.append(_INSIDE.get(text, text))
    return "".join(out)


def word_boundaries(pattern: str) -> bool:
    """Whether ``pattern`` has a ``\\b`` or ``\\B`` (a word boundary, outside a character class)."""
    return any(text in ("\\b", "\\B") and not inside for text, inside in _pieces(pattern))
