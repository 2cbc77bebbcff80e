"""Dutch words in generated letters and public texts: a list written out ("a, b en c"), a small count in
words, and a count with its noun in singular or plural."""

from __future__ import annotations

from collections.abc import Iterable

_TELWOORDEN = (
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
)


def opsomming(items: Iterable[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b en c"``; one item as it is, none as an empty text."""
    woorden = [str(i) for i in items]
    if len(woorden) <= 1:
        return "".join(woorden)
    return ", ".join(woorden[:-1]) + " en " + woorden[-1]


def telwoord(aantal: int) -> str:
    """A count up to twenty in words ("vier"), as Dutch letters write it; a larger one in digits."""
    return _TELWOORDEN[aantal] if 0 <= aantal < len(_TELWOORDEN) else str(aantal)


def aantal(n: int, enkelvoud: str, meervoud: str, *, in_woorden: bool = True) -> str:
    """A count with its noun: ``(1, "mijlpaal", "mijlpalen")`` -> ``"een mijlpaal"``, 3 -> ``"drie
    mijlpalen"``; ``in_woorden=False`` keeps the digits (``"1 dag"``, ``"12 dagen"``)."""
    getal = telwoord(n) if in_woorden else str(n)
    return f"{getal} {enkelvoud if n == 1 else meervoud}"
