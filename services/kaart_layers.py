"""The layer half of the map: the locatiecheck's layers as WGS84 GeoJSON per bbox and zoom.

Split from :mod:`services.kaart` (which re-exports these functions); the shared geometry pipeline is
:mod:`gis.webmap`; layer styles are the web face's (web.kaart.styles). ``layers`` is the in-memory
dict of gis.layers.Layer (SQLite) or a services.store.postgis_read.PostgisLayers (PostgreSQL): the same output
from either, the latter without any layer in the web worker. Zoomed out, many objects in view come
as counted clusters (services.kaart_cluster).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely

from gis import webmap as geo
from gis.crs import transformer
from processes.errors import NotFound
from services import kaart_cluster
from services.platform import Platform

#: Layers that hold personal or cadastral data per address: never on the map.
HIDDEN_LAYERS = frozenset({"woningen", "panden", "percelen"})
#: Columns never sent to the browser, whatever the layer.
HIDDEN_COLUMNS = frozenset(
    {"postcode", "huisnummer", "eigendom", "eigenaar", "bsn", "kvk", "email", "telefoon"}
)
#: Column names (lower case, letters and digits only) that make a layer one of addresses, persons or
#: parcels: such a layer stays off the map unless its metadata says ``persoonsgegevens = false``.
PERSONAL_COLUMNS = frozenset(
    {
        # addresses (BAG verblijfsobject, nummeraanduiding, adres)
        "adres",
        "woonadres",
        "straat",
        "straatnaam",
        "openbareruimte",
        "openbareruimtenaam",
        "huisletter",
        "huisnummertoevoeging",
        "nummeraanduiding",
        "nummeraanduidingid",
        # parcels (BRK)
        "perceelnummer",
        "kadastraleaanduiding",
        "kadastraalperceel",
        "eigenaren",
        "zakelijkrecht",
        # persons
        "burgerservicenummer",
        "voornaam",
        "voornamen",
        "voorletters",
        "achternaam",
        "geslachtsnaam",
        "tussenvoegsel",
        "geboortedatum",
        "emailadres",
        "telefoonnummer",
    }
) | (HIDDEN_COLUMNS - {"kvk"})  # a company's number alone makes no layer personal
DEFAULT_LAYER_LIMIT = 20_000


def has_personal_columns(columns: Any) -> bool:
    """Whether a layer has a column that looks like addresses, persons or parcels."""
    return any("".join(ch for ch in str(c).lower() if ch.isalnum()) in PERSONAL_COLUMNS for c in columns)


def is_personal(name: str, layer: Any) -> bool:
    """Whether a layer holds personal data per address, person or parcel, and so never goes on the map.

    The shipped names (``HIDDEN_LAYERS``) always are; otherwise the layer's metadata decides
    (``persoonsgegevens = true/false``), and without it its columns (``PERSONAL_COLUMNS``): an
    undeclared layer of addresses is hidden whatever its file is called.
    """
    if name in HIDDEN_LAYERS:
        return True
    declared = layer.meta.persoonsgegevens
    if declared is not None:
        return bool(declared)
    return has_personal_columns(layer.columns)


def map_layers(layers: Mapping[str, Any]) -> dict[str, Any]:
    return {name: layer for name, layer in layers.items() if not is_personal(name, layer)}


def _in_postgis(layers: Mapping[str, Any]) -> bool:
    return hasattr(layers, "window_rows")


def layer_catalog(layers: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, layer in map_layers(layers).items():
        meta = layer.meta
        if _in_postgis(layers):
            kinds, count = layers.geometry_types(name), layer.features  # type: ignore[attr-defined]
        else:
            kinds, count = (
                sorted({str(t) for t in layer.frame.geom_type.dropna().unique().tolist()}),
                len(layer),
            )
        out.append(
            {
                "naam": name,
                "titel": meta.titel or name,
                "familie": meta.familie,
                "bron": meta.bron,
                "peildatum": meta.peildatum.isoformat(),
                "aantal": count,
                "geometrie": kinds,
                "url": f"/api/v1/kaart/lagen/{name}",
            }
        )
    return out


def _layer_columns(layer: Any) -> list[str]:
    return [c for c in layer.columns if c not in HIDDEN_COLUMNS and c != "id"]


def _records(frame: Any, columns: list[str], idx: np.ndarray) -> list[dict[str, Any]]:
    if not columns or len(idx) == 0:
        return [{} for _ in range(len(idx))]
    return json.loads(
        frame[columns].iloc[idx].to_json(orient="records", date_format="iso", force_ascii=False)
    )


def layer_features(
    layers: Mapping[str, Any],
    name: str,
    *,
    bbox: tuple[float, float, float, float] | None,
    zoom: int,
    limit: int = DEFAULT_LAYER_LIMIT,
) -> str:
    """Features of one layer inside ``bbox`` as GeoJSON; sub-pixel polygons are left out at low zoom.

    With more than ``kaart_cluster.LAYER_CLUSTER_ABOVE`` features in view (zoomed out), features
    close together come as counted clusters; lone features stay themselves. A bbox larger than a screen
    shows at ``zoom`` is answered as at the zoom where it fits one (``kaart_cluster.view_zoom``).
    """
    layer = layers.get(name)
    if layer is None or is_personal(name, layer):
        raise NotFound(f"Kaartlaag '{name}' bestaat niet.", code="laag-onbekend")
    window = geo.rd_window(bbox)
    zoom = zoom if window is None else kaart_cluster.view_zoom(window, zoom)  # as case_features
    size = layer.features if _in_postgis(layers) else len(layer)
    if window is None or size == 0:
        return geo.feature_collection(
            [], [], [], laag=name, aantal=0, weggelaten=0, afgekapt=False, zoom=zoom
        )
    picked = _pick_postgis if _in_postgis(layers) else _pick_memory
    ids, geoms, props, clusters, dropped, cut = picked(layers, name, window, zoom, limit)
    keep = _layer_columns(layer)
    props = [{c: p.get(c) for c in keep} for p in props] if _in_postgis(layers) else props
    return geo.feature_collection(
        ids + clusters[0],
        [*geo.web_geometries(geoms, zoom), *clusters[1]],
        props + clusters[2],
        laag=name,
        aantal=len(ids) + sum(p["aantal"] for p in clusters[2]),
        weggelaten=dropped,
        afgekapt=cut,
        zoom=zoom,
        clusters=len(clusters[0]),
    )


Picked = tuple[list[Any], np.ndarray, list[dict[str, Any]], tuple[list[str], list[str], list[Any]], int, bool]


_layer_boxes: weakref.WeakKeyDictionary[Any, tuple[np.ndarray, np.ndarray]] = weakref.WeakKeyDictionary()


def _boxes(layer: Any) -> tuple[np.ndarray, np.ndarray]:
    """(bounds, dimension) of every feature of an in-memory layer, computed once per layer."""
    cached = _layer_boxes.get(layer)
    if cached is None:
        cached = (shapely.bounds(layer.geometries), shapely.get_dimensions(layer.geometries))
        _layer_boxes[layer] = cached
    return cached


def _pick_memory(layers: Mapping[str, Any], name: str, window: Any, zoom: int, limit: int) -> Picked:
    layer = layers[name]
    idx = np.sort(layer.tree.query(shapely.box(*window)))
    geoms = layer.geometries[idx]
    dropped = 0
    clusters: tuple[list[str], list[str], list[Any]] = ([], [], [])
    if len(idx):
        all_bounds, dims = _boxes(layer)
        bounds = all_bounds[idx]
        extent = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        visible = (extent >= 0.5 * geo.pixel_metres(zoom)) | (dims[idx] < 2)
        dropped = int((~visible).sum())
        idx, geoms, bounds = idx[visible], geoms[visible], bounds[visible]
        if kaart_cluster.should_cluster(len(idx), zoom, kaart_cluster.LAYER_CLUSTER_ABOVE):
            g = kaart_cluster.grid(bounds, kaart_cluster.CELL_PX * geo.pixel_metres(zoom))
            clusters = kaart_cluster.cluster_records(g, transformer(28992, 4326))
            idx, geoms = idx[g.singles], geoms[g.singles]
    cut = len(idx) > limit
    if cut:
        idx, geoms = idx[:limit], geoms[:limit]
    ids = [layer.feature_ids[i] for i in idx.tolist()]
    return ids, geoms, _records(layer.frame, _layer_columns(layer), idx), clusters, dropped, cut


def _pick_postgis(layers: Any, name: str, window: Any, zoom: int, limit: int) -> Picked:
    min_extent = 0.5 * geo.pixel_metres(zoom)
    visible, dropped = layers.window_counts(name, window, min_extent)
    clusters: tuple[list[str], list[str], list[Any]] = ([], [], [])
    if kaart_cluster.should_cluster(visible, zoom, kaart_cluster.LAYER_CLUSTER_ABOVE):
        cells = layers.window_grid(name, window, min_extent, kaart_cluster.CELL_PX * geo.pixel_metres(zoom))
        many = [c for c in cells if c[0] > 1]
        g = kaart_cluster.Grid(
            singles=np.array([int(c[7]) for c in cells if c[0] == 1], dtype=np.int64),
            counts=np.array([int(c[0]) for c in many], dtype=np.int64),
            centres=np.array([c[1:3] for c in many], dtype=np.float64).reshape(-1, 2),
            bounds=np.array([c[3:7] for c in many], dtype=np.float64).reshape(-1, 4),
            keys=np.array([c[8:10] for c in many], dtype=np.int64).reshape(-1, 2),
            members=[],
        )
        clusters = kaart_cluster.cluster_records(g, transformer(28992, 4326))
        singles = g.singles.tolist()
        rows, ids, props, geoms = layers.rows_by_index(name, singles[:limit])
        cut = len(singles) > limit
    else:
        rows, ids, props, geoms = layers.window_rows(name, window, min_extent, limit + 1)
        cut = len(rows) > limit
        ids, props, geoms = ids[:limit], props[:limit], geoms[:limit]
    return ids, geoms, props, clusters, dropped, cut


def start_view(layers: Mapping[str, Any]) -> list[float]:
    """The WGS84 bbox a map opens on: the municipality layer, else the Netherlands."""
    layer = layers.get("gemeente")
    bounds = None
    if layer is not None and _in_postgis(layers):
        bounds = layers.extent("gemeente") if layer.features else None  # type: ignore[attr-defined]
    elif layer is not None and len(layer):
        bounds = layer.frame.total_bounds
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        return [round(v, 5) for v in transformer(28992, 4326).transform_bounds(minx, miny, maxx, maxy)]
    return [3.3, 50.75, 7.23, 53.55]


def configured_layers(platform: Platform) -> Mapping[str, Any]:
    """The layers of the locatiecheck for this platform: in memory (SQLite) or read from PostGIS (PostgreSQL)."""
    from services import locatiecheck

    if platform.is_postgres:
        from services.store.postgis_read import PostgisLayers

        backend = locatiecheck.postgis_backend(platform.settings, platform.engine)
        return PostgisLayers(backend, locatiecheck.postgis_catalog(platform.settings, backend))
    return locatiecheck.layers(platform.settings)
