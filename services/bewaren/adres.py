"""What of a natural person's case still points at their house after its personal data went
(services.bewaren.anonimiseren): the house number in its texts and the plan's exact geometry.

Without the name, a street with a house number ("Garage Beekstraat 4"), or the outline of a small plan
on a parcel, still finds the resident in BAG, BRP or the Kadaster (AVG recital 26). For a case whose
initiator is a person (``processes.namen.is_persoon``) the clean-up therefore:

- cuts the house number and its toevoeging after a street name from every text it keeps
  (``zonder_huisnummer``: "Dorpsstraat 12a, Ruimtedal" -> "Dorpsstraat, Ruimtedal"), also after "nr." or
  "huisnummer" ("Beekstraat nr. 4") and before a street after such a word ("huisnummer 4 Beekstraat"),
  and a postcode to its four digits ("7411 AB", "7411ab": the six-position postcode names a handful of
  addresses); the street and the place stay, so the record still says where permits were asked for. A
  street is a word that stands before a number in the case's location (``processes.namen.straten``,
  learned from it: the location is an address), in any case ("garage beekstraat 4"), or a capitalised
  word ending as a Dutch street name ends (``STRAATWOORDEN``: "Kerkstraat", "Molenweg", "Markt"). Such a
  guess is a guess: "Zonnepark", "Woonwijk" and "Zonneveld" end so too, so after a guessed street a number
  that measures or counts (``EENHEDEN``: "Zonnepark 5 MW", "Woonwijk 40 woningen") stays; the suffixes
  stay too, as "Molenveld 12" and "Julianapark 3" are addresses. A number is cut nowhere else
  ("Woningbouw Esweg (12 woningen)", "verdaagd met 2 weken" stay);
- replaces the geometry by the 100 m cell of the grid (EPSG:28992, metres) that holds its centroid
  (``grof``). A cell, not the rounded centroid: the map draws an area, not a pin that would sit on a
  neighbour's house, and the cell's position says nothing within it. Not a buurt polygon: no shipped
  layer has buurten, and a municipality's may not either; the grid needs nothing.

An organisation's case keeps its location and geometry: its address is no person's.
"""

from __future__ import annotations

import re
from typing import Any

from processes.namen import HUISNUMMER, NA_WOORD, NUMMERWOORD, straten

__all__ = ["EENHEDEN", "STRAATWOORDEN", "grof", "grove_waarde", "is_straat", "straten", "zonder_huisnummer"]

#: the side of the grid cell a person's plan is generalised to, in metres (EPSG:28992)
RASTER_M = 100

#: how Dutch street names end ("Dorpsstraat", "Molenweg", "Lindelaan", "Markt", "Brink")
STRAATWOORDEN = (
    "straat", "weg", "laan", "plein", "dijk", "kade", "singel", "gracht", "pad", "steeg", "dreef", "hof",
    "ring", "markt", "baan", "wal", "erf", "brink", "plantsoen", "allee", "boulevard", "dam", "kamp",
    "akker", "veld", "haven", "hoek", "polder", "zijde", "wijk", "park",
)  # fmt: skip
#: what follows a number that measures or counts (lower case): no house number ("Zonnepark 5 MW",
#: "Windpark 3 turbines", "Woonwijk 40 woningen", "Zonneveld 2 ha"), nor a postcode's letters ("2000ha")
EENHEDEN = frozenset(
    {"%", "w", "wp", "kw", "kwp", "kwh", "mw", "mwp", "mwh", "gw", "gwh", "kv", "ha", "hectare", "are", "m2",
     "m²", "m3", "m³", "km", "km2", "meter", "vierkante", "kuub", "procent", "jaar", "dagen", "weken", "maanden",
     "woningen", "wooneenheden", "appartementen", "huizen", "kavels", "units", "eenheden", "turbines",
     "windturbines", "windmolens", "molens", "masten", "panelen", "zonnepanelen", "laadpalen", "bomen",
     "stuks", "bouwlagen", "lagen", "verdiepingen", "parkeerplaatsen", "plaatsen", "standplaatsen",
     "ligplaatsen", "bedden", "personen", "deelnemers", "leden", "huishoudens", "x"}
)  # fmt: skip
#: a postcode: its letters in capitals ("7411 AB", "7411AB"), or in any case against the digits ("7411ab";
#: "in 2023 de aanvraag" has a word after a space)
_POSTCODE = re.compile(r"\b(?P<cijfers>[1-9]\d{3})(?:\s?[A-Z]{2}|(?P<letters>[A-Za-z]{2}))\b")
#: a number after the word that says it is a house number ("huisnummer 4"), or "nr."/"nummer" before
#: a street ("nr. 4 Beekstraat"; ``zonder_huisnummer``)
_NUMMER_VOOR = re.compile(rf"(?P<voor>\s*)(?<![\w'’.-])(?P<teken>{NUMMERWOORD})\s*{HUISNUMMER}(?P<na>\s*)")
_HUISNUMMERWOORD = re.compile(r"(?i:huisnummer|huisnr\.?)")
#: the word after a number ("5 MW", "3 turbines", "30 %"), or its letters against it ("5MW")
_NA_GETAL = re.compile(r"\s*(?P<woord>%|[^\W\d_][\w²³]*)")
_AAN_GETAL = re.compile(r"\d+[-/]?\s?(?P<woord>[^\W\d_]+)")
_WOORD = re.compile(r"[^\W\d_][\w'’.-]*")


def is_straat(woord: str, bekend: set[str] | frozenset[str] = frozenset()) -> bool:
    """``woord`` names a street: one learned from the location (in any case: "garage beekstraat 4"), or
    a capitalised street-like word."""
    return _geleerd(woord, bekend) or (woord[0].isupper() and woord.lower().endswith(STRAATWOORDEN))


def _geleerd(woord: str, bekend: set[str] | frozenset[str]) -> bool:
    return woord in bekend or woord.lower() in {b.lower() for b in bekend}


def _telt(nummer: re.Match[str]) -> bool:
    """The number ``nummer`` (a match of its group "nummer") measures or counts: a unit or a count word
    of ``EENHEDEN`` follows it, or stands against it ("Zonnepark 5 MW", "5MW", "Woonwijk 40 woningen")."""
    tegen = _AAN_GETAL.fullmatch(nummer.group("nummer"))
    na = _NA_GETAL.match(nummer.string, nummer.end())
    return any(m is not None and m.group("woord").lower() in EENHEDEN for m in (tegen, na))


def zonder_huisnummer(text: str | None, bekend: set[str] | frozenset[str] = frozenset()) -> str | None:
    """``text`` without the house number (and toevoeging) after a street, also after "nr." or
    "huisnummer" ("Beekstraat nr. 4"), or before one after such a word ("huisnummer 4 Beekstraat"), and its
    postcodes as four digits. A street is one of ``bekend`` (learned from the location, ``straten``) in any
    case, or a word ``is_straat`` guesses by its ending; after a guessed one, or a learned one typed in
    another case, a number that measures or counts stays (``_telt``: "Zonnepark 5 MW")."""
    if not text:
        return text

    def cut(m: re.Match[str]) -> str:
        woord = m.group("woord")
        if woord in bekend or (is_straat(woord, bekend) and not _telt(m)):
            return woord
        return m.group(0)

    def cut_voor(m: re.Match[str]) -> str:
        volgt = _WOORD.match(m.string, m.end())
        straat = volgt is not None and is_straat(volgt.group(0).rstrip(".,"), bekend)
        if not (_HUISNUMMERWOORD.fullmatch(m.group("teken")) or straat):
            return m.group(0)
        return " " if m.group("voor") and m.group("na") else ""

    def postcode(m: re.Match[str]) -> str:
        letters = m.group("letters")
        return m.group(0) if letters and letters.lower() in EENHEDEN else m.group("cijfers")

    return _POSTCODE.sub(postcode, _NUMMER_VOOR.sub(cut_voor, NA_WOORD.sub(cut, text)))


def grof(wkt: str | None) -> str | None:
    """The ``RASTER_M`` cell (a polygon, EPSG:28992) that holds the centroid of the geometry ``wkt``;
    None for none. A text that is no geometry gives None too: nothing exact may stay."""
    if not wkt:
        return None
    from shapely import box
    from shapely import wkt as shapely_wkt
    from shapely.errors import ShapelyError

    try:
        centroid = shapely_wkt.loads(wkt).centroid
    except (ShapelyError, ValueError, TypeError):
        return None
    if centroid.is_empty:
        return None
    x, y = (RASTER_M * (c // RASTER_M) for c in (centroid.x, centroid.y))
    return str(box(x, y, x + RASTER_M, y + RASTER_M).wkt)


def grove_waarde(value: Any) -> Any:
    """A geometry value of a person's case data: its cell when it is a WKT text, else nothing (a
    GeoJSON structure or a text that is no geometry keeps no coordinates)."""
    if not value:
        return value
    return grof(value) if isinstance(value, str) else None
