"""Dutch words in generated letters and public texts: a list written out ("a, b en c"), a small count in
words, a count with its noun in singular or plural, a number with a decimal comma, an amount in euros, a
distance and a size in MB."""

from __future__ import annotations

import math
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


def getal(waarde: float, decimalen: int = 0, *, kort: bool = False) -> str:
    """A number the Dutch way: a point between thousands, a comma before decimals (1.234.567,8).
    ``kort``: without the trailing zeros of its decimals ("1,5", "2" rather than "1,50", "2,00"). A value
    that rounds to zero reads "0", never "-0"."""
    tekst = f"{waarde:,.{decimalen}f}"
    if kort and decimalen:
        tekst = tekst.rstrip("0").rstrip(".")
    if tekst.startswith("-") and not tekst.strip("-0.,"):
        tekst = tekst[1:]
    return tekst.translate(str.maketrans(",.", ".,"))


def euro(bedrag: float) -> str:
    """An amount in euros the Dutch way, as every text of the platform shows one (the case file, the status
    page, the mails, the dwangsom's count): "€ 161", "€ 1.442", with cents only when there are any
    ("€ 12,50")."""
    centen = round(float(bedrag) * 100)
    return f"€ {getal(centen / 100, 0 if centen % 100 == 0 else 2)}"


#: what a computed distance may be off by from floating-point arithmetic (metres): 50 m computed as
#: 49.99999999999 is 50 m, not 49,99 m
AFRONDRUIS = 1e-6


def omlaag(waarde: float, decimalen: int) -> float:
    """``waarde`` rounded down to ``decimalen`` decimals (within :data:`AFRONDRUIS`): how a distance of a
    conflict is kept and shown, so that a distance below a limit never reads as that limit (1,497 m
    against "minimaal 1,5 m" is 1,49 m, not 1,5 m)."""
    schaal = 10**decimalen
    return math.floor(waarde * schaal + AFRONDRUIS) / schaal


def afstand(meter: float) -> str:
    """How a distance of the locatiecheck reads (the case file, the besluit): below a metre "minder dan
    1 m", so that a project 30 cm from an area does not read as touching it; below 10 m to the centimetre
    ("1,49 m"), from 10 m in whole metres ("1.250 m"). Always rounded down (:func:`omlaag`; the check
    keeps its distances so too, gis.report): a conflict is a distance below a limit, so the text never
    reaches the limit it fell short of ("1,49 m" against "minimaal 1,5 m", "999 m" against "binnen
    1.000 m"). A conflict of a rule that the location lies in (snijdt, overlap_aandeel) has no distance to
    show (services.domain.locatiecheck stores none)."""
    if meter < 1:
        return "minder dan 1 m"
    if meter < 10:
        return f"{getal(omlaag(meter, 2), 2, kort=True)} m"
    return f"{getal(omlaag(meter, 0))} m"


_MB = 1024 * 1024


def mb_tekst(n: int, *, grens: bool = False) -> str:
    """A size for people, exact enough that a refusal never contradicts itself: below 1 MB in bytes
    ("123.456 bytes"), below 10 MB to a tenth with a decimal comma ("1,5 MB"), from 10 MB in whole MB
    ("1.500 MB"). An amount is rounded up and a limit (``grens``) down, as :func:`afstand`
    rounds a distance down against its limit: an amount over a limit always reads over it ("1,1 MB" for
    1 MB and a byte, against "1 MB"); whole MB used to make a 1,5 MB file "2 MB" against 1 MB."""
    if n < _MB:
        return f"{getal(n)} bytes"
    tienden = 10 if n >= 10 * _MB else 1  # the step shown, in tenths of a MB
    stappen = (n * 10 // (tienden * _MB)) if grens else -(-n * 10 // (tienden * _MB))
    return f"{getal(stappen * tienden / 10, 1, kort=True)} MB"
