"""Request parameters of the map API: bbox, zoom, comma lists and dates, with clear Dutch refusals."""

from __future__ import annotations

import math
from datetime import date

from gis.webmap import ZOOM_MAX, ZOOM_MIN
from processes.errors import ValidationError
from processes.termijnen.datums import eis_bereik


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` (WGS84) or None when absent."""
    if text is None or text == "":
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValidationError(
            "bbox moet vier getallen zijn: minlon,minlat,maxlon,maxlat (WGS84).", code="bbox-ongeldig"
        )
    minlon, minlat, maxlon, maxlat = values
    if not (-180 <= minlon < maxlon <= 180 and -90 <= minlat < maxlat <= 90):
        raise ValidationError(
            "bbox klopt niet: minlon < maxlon en minlat < maxlat, in graden (WGS84).", code="bbox-ongeldig"
        )
    return minlon, minlat, maxlon, maxlat


def parse_zoom(text: str | None, default: int = 12) -> int:
    if text is None or text == "":
        return default
    try:
        zoom = int(float(text))
    except ValueError:
        raise ValidationError("zoom moet een geheel getal zijn.", code="zoom-ongeldig") from None
    if not ZOOM_MIN <= zoom <= ZOOM_MAX:
        raise ValidationError(f"zoom moet tussen {ZOOM_MIN} en {ZOOM_MAX} liggen.", code="zoom-ongeldig")
    return zoom


def parse_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def parse_date(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{name} moet een datum zijn (JJJJ-MM-DD).", code="datum-ongeldig") from None
    return eis_bereik(value, name, code="datum-ongeldig")
