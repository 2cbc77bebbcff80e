"""The characters of a text a user types that is shown back: the one home of these checks.

Text that others read (a case title, the application form's texts, a task form's strings, a letter's
fields, a name) may not hold a control character (Cc: NUL, an escape; a line break or tab only in a
multi-line text) nor a bidi control (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C), which makes
it display as something it is not: "Schuur" U+202E "exe.fdp" shows as "Schuur pdf.exe". A text of only
whitespace and invisible characters (a zero-width space U+200B, U+2060, U+FEFF, ...) counts as empty.
Legitimate text stays: accents, Arabic and Hebrew letters themselves, emoji with their joiner U+200D.

File names and document titles are stricter (``has_control_character``: no format character at all).

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from processes.errors import ValidationError

#: the bidi controls: embeddings and overrides, isolates, and the marks
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: control characters (Cc) in a multi-line text: all but tab, line feed and carriage return
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: control characters (Cc) in a text of one line
CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
#: letters that show as nothing (the Hangul fillers, the blank Braille pattern)
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

#: the Dutch words for what a refused text holds, in the refusals below
STUURTEKEN = "een stuurteken (zoals een regeleinde, een tab of NUL)"
LEESRICHTING = "een onzichtbaar teken dat de leesrichting omkeert"


def has_control_character(text: str) -> bool:
    """Does ``text`` hold a control (Cc) or format (Cf) character: a line break, a tab, NUL, or an
    invisible one such as the bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
    zero-width ones? They make a name display as something it is not ("factuur" U+202E "fdp.exe" shows as
    "factuurexe.pdf"); file names and document titles may not hold them."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def refused_character(text: str, *, multiline: bool = True) -> str | None:
    """What ``text`` holds that a shown text may not (``STUURTEKEN``, ``LEESRICHTING``), or None.
    ``multiline``: a line break or tab is allowed (a textarea)."""
    if BIDI.search(text):
        return LEESRICHTING
    if (CONTROL if multiline else CONTROL_LINE).search(text):
        return STUURTEKEN
    return None


def is_blank(text: str) -> bool:
    """Is ``text`` empty once whitespace and invisible characters (format characters such as the
    zero-width space U+200B, U+2060, U+FEFF, and the fillers) are removed?"""
    return all(ch.isspace() or ch in FILLERS or unicodedata.category(ch) == "Cf" for ch in text)


def refusal(label: str, found: str) -> str:
    """The Dutch refusal of a text called ``label`` ("De titel", "Veld 'naam'") that holds ``found``."""
    return f"{label} bevat {found}; dat is niet toegestaan."


def texts_in(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in ``value`` (a JSON value: nested objects and lists) with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts_in(item, (*path, i))


def check_data(data: Any) -> None:
    """Refuse data (a case's start data, a message's) that holds a text with a refused character (a line
    break allowed): ValidationError at its field (``veld``, dotted for a nested one)."""
    for path, text in texts_in(data):
        if found := refused_character(text):
            veld = ".".join(str(p) for p in path)
            message = refusal(f"Veld '{veld}'", found)
            raise ValidationError(message, code="tekst-ongeldig", veld=veld, fouten={veld: message})


def check_line(text: str | None, veld: str, label: str, *, multiline: bool = False) -> str | None:
    """A text of one line (a case title, a name) as given, None when it is blank; ValidationError
    (``tekst-ongeldig``, at ``veld``) when it holds a refused character. ``label``: "De titel".
    ``multiline``: a text of several lines (a reason typed in a textarea) may hold a line break or tab."""
    if text is None or is_blank(text):
        return None
    if found := refused_character(text, multiline=multiline):
        message = refusal(label, found)
        raise ValidationError(message, code="tekst-ongeldig", veld=veld, fouten={veld: message})
    return text


def stripped(text: str) -> str:
    """``text`` without the whitespace around it; ``""`` when it is blank (``is_blank``)."""
    return "" if is_blank(text) else text.strip()
