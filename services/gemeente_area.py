"""The municipality's area (layer ``gemeente``) and its neighbours on the border (``gemeentegrens``), read
from a set of layers: in memory or in PostGIS. services.gemeentegebied applies it to a platform's
configured layers (the application form's refusal, the map's boundary); services.locatiecheck to the
layers of a check (its warning ``buiten-gemeente``); the energy services to their GeoDataFrames (the
windpark's check that its turbines lie in the municipality).

A ``gemeente`` layer without area (no features, or only points, lines or empty geometries) gives no area:
the municipality's area is then unknown, not a place that nothing lies in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: how far outside the border we still name the neighbouring municipality (metres, RD New)
NEIGHBOUR_DISTANCE = 3000.0


@dataclass(frozen=True)
class Gemeentegebied:
    naam: str
    area: Any  # shapely geometry in RD New
    borders: tuple[tuple[str, Any], ...] = ()  # (buurgemeente, border line)

    def neighbour_of(self, geom: Any) -> str | None:
        """The neighbour whose border lies nearest to ``geom``, when it is close."""
        near = sorted((line.distance(geom), name) for name, line in self.borders if name)
        return near[0][1] if near and near[0][0] <= NEIGHBOUR_DISTANCE else None


def _with_area(naam: str, area: Any, borders: tuple[tuple[str, Any], ...]) -> Gemeentegebied | None:
    """The municipal area, or None when the ``gemeente`` layer has no area (the one rule for both sources)."""
    return Gemeentegebied(naam, area, borders) if area.area > 0 else None


def _memory_area(layers: Any) -> Gemeentegebied | None:
    """From layers in memory: each a :class:`gis.layers.Layer` or a GeoDataFrame."""
    import shapely

    if layers.get("gemeente") is None:
        return None
    frame = getattr(layers["gemeente"], "frame", layers["gemeente"])
    if not len(frame):
        return None
    names = frame.get("gemeentenaam")
    naam = str(names.iloc[0]) if names is not None else ""
    borders: tuple[tuple[str, Any], ...] = ()
    grens = getattr(layers.get("gemeentegrens"), "frame", layers.get("gemeentegrens"))
    if grens is not None and "buurgemeente" in grens:
        borders = tuple(zip(grens["buurgemeente"].astype(str), grens.geometry.values, strict=True))
    return _with_area(naam, shapely.union_all(list(frame.geometry.values)), borders)


def _postgis_area(layers: Any) -> Gemeentegebied | None:
    """As :func:`_memory_area`, read from PostGIS: the union of ``gemeente`` and the ``gemeentegrens`` lines."""
    from shapely import wkt

    if "gemeente" not in layers:
        return None
    rows = layers.query_union("gemeente")
    if not rows or rows[0] is None:
        return None
    borders: tuple[tuple[str, Any], ...] = ()
    if "gemeentegrens" in layers and "buurgemeente" in layers["gemeentegrens"].columns:
        grens = layers.frame("gemeentegrens")
        borders = tuple(zip(grens["buurgemeente"].astype(str), grens.geometry.values, strict=True))
    naam = ""
    if "gemeentenaam" in layers["gemeente"].columns:
        names = layers.frame("gemeente")["gemeentenaam"]
        naam = str(names.iloc[0]) if len(names) else ""
    return _with_area(naam, wkt.loads(rows[0]), borders)


def area_of(layers: Any) -> Gemeentegebied | None:
    """The municipal area of a set of layers, or None when they hold none: in memory (a mapping of name to
    :class:`gis.layers.Layer` or GeoDataFrame) or in PostGIS (``PostgisLayers``, or the energy services'
    ``PostgisFrames`` over one)."""
    if layers is None:
        return None
    reader = getattr(layers, "reader", layers)  # PostgisFrames -> its PostgisLayers
    return _postgis_area(reader) if hasattr(reader, "query_union") else _memory_area(layers)
