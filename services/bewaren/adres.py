"""What of a natural person's case still points at their house after its personal data went
(services.bewaren.anonimiseren): the house number in its texts and the plan's exact geometry.

Without the name, a street with a house number ("Garage Beekstraat 4"), or the outline of a small plan
on a parcel, still finds the resident in BAG, BRP or the Kadaster (AVG recital 26). For a case whose
initiator is a person (``processes.namen.is_persoon``) the clean-up therefore:

- cuts the house number and its toevoeging after a street name from every text it keeps
  (``zonder_huisnummer``: "Dorpsstraat 12a, Ruimtedal" -> "Dorpsstraat, Ruimtedal"), and a postcode to its
  four digits (the six-position postcode names a handful of addresses); the street and the place stay, so
  the record still says where permits were asked for. A street is a word that stands before a number in
  the case's location (``processes.namen.straten``, learned from it: the location is an address), or a capitalised word
  ending as a Dutch street name ends (``STRAATWOORDEN``: "Kerkstraat", "Molenweg", "Markt"); a word is
  cut nowhere else ("Woningbouw Esweg (12 woningen)", "verdaagd met 2 weken" stay);
- replaces the geometry by the 100 m cell of the grid (EPSG:28992, metres) that holds its centroid
  (``grof``). A cell, not the rounded centroid: the map draws an area, not a pin that would sit on a
  neighbour's house, and the cell's position says nothing within it. Not a buurt polygon: no shipped
  layer has buurten, and a municipality's may not either; the grid needs nothing.

An organisation's case keeps its location and geometry: its address is no person's.
"""

from __future__ import annotations

import re
from typing import Any

from processes.namen import NA_WOORD, straten

__all__ = ["STRAATWOORDEN", "grof", "grove_waarde", "is_straat", "straten", "zonder_huisnummer"]

#: the side of the grid cell a person's plan is generalised to, in metres (EPSG:28992)
RASTER_M = 100

#: how Dutch street names end ("Dorpsstraat", "Molenweg", "Lindelaan", "Markt", "Brink")
STRAATWOORDEN = (
    "straat", "weg", "laan", "plein", "dijk", "kade", "singel", "gracht", "pad", "steeg", "dreef", "hof",
    "ring", "markt", "baan", "wal", "erf", "brink", "plantsoen", "allee", "boulevard", "dam", "kamp",
    "akker", "veld", "haven", "hoek", "polder", "zijde", "wijk", "park",
)  # fmt: skip
_POSTCODE = re.compile(r"\b(?P<cijfers>[1-9]\d{3})\s?[A-Z]{2}\b")


def is_straat(woord: str, bekend: set[str] | frozenset[str] = frozenset()) -> bool:
    """``woord`` names a street: one learned from the location, or a capitalised street-like word."""
    return woord in bekend or (woord[0].isupper() and woord.lower().endswith(STRAATWOORDEN))


def zonder_huisnummer(text: str | None, bekend: set[str] | frozenset[str] = frozenset()) -> str | None:
    """``text`` without the house number (and toevoeging) after a street, its postcodes as four digits."""
    if not text:
        return text

    def cut(m: re.Match[str]) -> str:
        return m.group("woord") if is_straat(m.group("woord"), bekend) else m.group(0)

    return _POSTCODE.sub(lambda m: m.group("cijfers"), NA_WOORD.sub(cut, text))


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
