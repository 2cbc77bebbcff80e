"""Numbers as people type them in a Dutch form: "€ 12.500", "12.500,50", "2,5", "1.5"."""

from __future__ import annotations

import math
import re

_GROUPED = re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 12.500 / 1.250.000,50: dots group thousands
_COMMA = re.compile(r"^-?\d+(?:,\d+)?$")  # 12500 / 12,5: the comma is the decimal sign
_POINT = re.compile(r"^-?\d+\.\d+$")  # 1.5 / 2.50: a decimal point, not three digits after it
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?)\s*|\s*(?:€|eur(?:o)?)$|,-{1,2}$", re.IGNORECASE)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # str.isdigit() also takes "²" and "٣", which int() refuses

#: ids are INTEGER columns (32 bits on PostgreSQL): a larger number names nothing
ID_MAX = 2**31 - 1


def cijfers(tekst: object, maximum: int) -> int | None:
    """The value of ``tekst`` when it is only ASCII digits (no sign, no spaces) and at most ``maximum``."""
    if not isinstance(tekst, str) or not _ASCII_DIGITS.fullmatch(tekst):
        return None
    value = int(tekst)
    return value if value <= maximum else None


def als_id(waarde: object) -> int | None:
    """The id ``waarde`` names (an int, or a text of ASCII digits) when it fits an id column, else None.

    Use this instead of ``str.isdigit()`` + ``int()``: that crashes on "²" and lets a number through
    that overflows the database's integer.
    """
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, int):
        return waarde if 0 <= waarde <= ID_MAX else None
    return cijfers(waarde, ID_MAX)


def dutch_number(text: str) -> float | None:
    """The value of ``text`` in Dutch notation, or ``None`` when it is no finite number.

    A euro sign or "EUR" and spaces between digit groups are allowed; "12.500" is twelve thousand
    five hundred (dots that group three digits are thousands separators), "12,5" and "1.5" are decimals.
    Exponents, NaN and infinity are refused.
    """
    cleaned = _CURRENCY.sub("", text.strip()).replace("\u00a0", " ").replace(" ", "")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not _POINT.match(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None
