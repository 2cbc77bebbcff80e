"""The municipality's area (layer ``gemeente``) and its neighbours on the border (``gemeentegrens``), read
from a set of layers: in memory or in PostGIS. services.gemeentegebied applies it to a platform's
configured layers (the application form's refusal, the map's boundary); services.locatiecheck to the
layers of a check (its warning ``buiten-gemeente``); the energy services to their GeoDataFrames (the
windpark's check that its turbines lie in the municipality).

A ``gemeente`` layer without area (no features, or only points, lines or empty geometries) gives no area:
the municipality's area is then unknown, not a place that nothing lies in.

Each process keeps the areas it read (the union of a real municipality's features costs from
milliseconds to tenths of a second, the check of one location about a millisecond): in memory under the ``gemeente`` and
``gemeentegrens`` objects themselves (layers are read-only; a changed folder gives new ones,
gis.cache.LayerCache), in PostGIS under the content signatures of those two layers as loaded, read in
one transaction with the area (sharing the load's lock), so a `ruimteflow gis load` in any process that
changes either layer is seen on the next call."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

#: how far outside the border we still name the neighbouring municipality (metres, RD New)
NEIGHBOUR_DISTANCE = 3000.0
#: the layers the area is read from
AREA_LAYERS = ("gemeente", "gemeentegrens")
#: how many areas a process keeps (one per set of layers it reads; normally one)
KEPT = 8


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
    """The municipal area, or None when the ``gemeente`` layer has no area (the one rule for both sources).

    The area is prepared here, once, before it is kept: every check tests each of its objects against it
    (gis.api.outside_area, the application form), which on a real municipality's border of thousands of
    vertices is far faster on the prepared geometry. Same answers. Shared by the process's threads, it is
    asked through gis.api.area_position, which holds gis.prepared's lock (GEOS prepared geometries are not
    thread-safe)."""
    import shapely

    if area.area > 0:
        shapely.prepare(area)
        return Gemeentegebied(naam, area, borders)
    return None


_lock = threading.Lock()
#: key -> (weak references to the objects the area was read from, the area): see _kept
_areas: OrderedDict[Hashable, tuple[tuple[Any, ...], Gemeentegebied | None]] = OrderedDict()


def _found(key: Hashable, sources: tuple[Any, ...] = ()) -> tuple[Gemeentegebied | None] | None:
    """(the area,) kept under ``key``, read from these very ``sources`` (held weakly: an object that is gone
    never matches, and a new object at its address is another object); None when none is kept."""
    with _lock:
        entry = _areas.get(key)
        if entry is not None and all(ref() is obj for ref, obj in zip(entry[0], sources, strict=True)):
            _areas.move_to_end(key)
            return (entry[1],)
    return None


def _kept(
    key: Hashable, sources: tuple[Any, ...], read: Callable[[], Gemeentegebied | None]
) -> Gemeentegebied | None:
    """The area kept under ``key`` from ``sources`` (:func:`_found`), else ``read()``, kept."""
    found = _found(key, sources)
    if found is not None:
        return found[0]
    area = read()
    with _lock:
        _areas[key] = (tuple(weakref.ref(obj) for obj in sources), area)
        while len(_areas) > KEPT:
            _areas.popitem(last=False)
    return area


def _memory_area(layers: Any) -> Gemeentegebied | None:
    """From layers in memory (each a :class:`gis.layers.Layer` or a GeoDataFrame), kept per pair of objects."""
    gemeente, grens = layers.get("gemeente"), layers.get("gemeentegrens")
    if gemeente is None:
        return None
    sources = (gemeente,) if grens is None else (gemeente, grens)
    return _kept(("geheugen", *map(id, sources)), sources, lambda: _read_memory_area(gemeente, grens))


def _read_memory_area(gemeente: Any, grens: Any) -> Gemeentegebied | None:
    import shapely

    frame = getattr(gemeente, "frame", gemeente)
    if not len(frame):
        return None
    names = frame.get("gemeentenaam")
    naam = str(names.iloc[0]) if names is not None else ""
    borders: tuple[tuple[str, Any], ...] = ()
    grens = getattr(grens, "frame", grens)
    if grens is not None and "buurgemeente" in grens:
        borders = tuple(zip(grens["buurgemeente"].astype(str), grens.geometry.values, strict=True))
    return _with_area(naam, shapely.union_all(list(frame.geometry.values)), borders)


def _postgis_area(layers: Any) -> Gemeentegebied | None:
    """As :func:`_memory_area`, from PostGIS (``PostgisLayers``): kept under the layers' content signatures,
    those its catalog names, or when none is kept there, those read in the same transaction as the area
    (sharing the load's lock: no load comes between)."""
    return area_in_postgis(layers.backend, layers.catalog)


def area_in_postgis(backend: Any, catalog: Mapping[str, Any] | None = None) -> Gemeentegebied | None:
    """As :func:`_postgis_area`, from a ``PostgisBackend`` itself. ``catalog``: its layer catalog, when in
    hand: an area kept under the signatures it names is answered without a query (the area is read only
    when it is not kept, under the signatures read with it)."""
    from services.store.postgis_read import PostgisLayers

    if catalog is not None:
        found = _found(_postgis_key(catalog))
        if found is not None:
            return found[0]
    with backend.reading() as conn:
        bound = backend.bound(conn)
        read = bound.catalog()
        return _kept(_postgis_key(read), (), lambda: _read_postgis_area(PostgisLayers(bound, read)))


def _postgis_key(catalog: Mapping[str, Any]) -> tuple[Any, ...]:
    """The key an area read from PostGIS is kept under: the content signatures of its layers."""
    return ("postgis", *(catalog[n].signature if n in catalog else None for n in AREA_LAYERS))


def _read_postgis_area(layers: Any) -> Gemeentegebied | None:
    """The union of ``gemeente`` and the ``gemeentegrens`` lines, read from PostGIS."""
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
