"""Reading PostGIS layers for the map and the energy services (the tables gis.postgis loads).

:class:`PostgisLayers` is a read-only mapping of layer name -> :class:`gis.postgis.PostgisLayer`
(the catalog) with the queries the map needs (a window of features, a grid of counts when zoomed
out, the extent of a layer) and the ones the energy services need (features meeting a geometry,
the minimum distance, rows by attribute). Results match what the in-memory code computes from a
:class:`gis.layers.Layer`; web workers thus need no layer in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from services.store.postgis import PostgisBackend, PostgisLayer
from services.store.postgis_load import quote as _quote

RD = 28992


class PostgisLayers(Mapping[str, PostgisLayer]):
    """The layers of a PostGIS backend, keyed by name, with the read queries of the map and services."""

    def __init__(self, backend: PostgisBackend, catalog: Mapping[str, PostgisLayer]):
        self.backend = backend
        self.catalog = dict(catalog)
        self._kinds: dict[str, list[str]] = {}

    def __getitem__(self, name: str) -> PostgisLayer:
        return self.catalog[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog)

    def __len__(self) -> int:
        return len(self.catalog)

    def _table(self, name: str) -> str:
        return _quote(self.catalog[name].table)

    def _all(self, sql: str, **params: Any) -> list[Any]:
        return self.backend.query(sql, **params)

    # -- map -----------------------------------------------------------------------------------
    def geometry_types(self, name: str) -> list[str]:
        if name not in self._kinds:
            rows = self._all(f"SELECT DISTINCT substr(ST_GeometryType(geom), 4) FROM {self._table(name)}")
            self._kinds[name] = sorted(str(r[0]) for r in rows)
        return self._kinds[name]

    def query_union(self, name: str) -> list[Any]:
        """The WKT of the union of all geometries of a layer (one row)."""
        return [r[0] for r in self._all(f"SELECT ST_AsText(ST_Union(geom)) FROM {self._table(name)}")]

    def extent(self, name: str) -> tuple[float, float, float, float] | None:
        row = self._all(
            f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
            f"(SELECT ST_Extent(geom) AS e FROM {self._table(name)}) x"
        )[0]
        return None if row[0] is None else (float(row[0]), float(row[1]), float(row[2]), float(row[3]))

    def _window_sql(self, name: str) -> str:
        """Features whose box meets the window; ``zichtbaar``: not a sub-pixel polygon."""
        return (
            f"SELECT rij, geom, (ST_XMin(geom) + ST_XMax(geom)) / 2 AS x, (ST_YMin(geom) + ST_YMax(geom)) / 2 AS y, "
            f"(greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)) >= :min_extent "
            f"OR ST_Dimension(geom) < 2) AS zichtbaar FROM {self._table(name)} "
            f"WHERE geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, {RD})"
        )

    def window_counts(self, name: str, window: tuple[float, ...], min_extent: float) -> tuple[int, int]:
        """(visible, dropped sub-pixel) features in the window."""
        row = self._all(
            f"SELECT count(*) FILTER (WHERE zichtbaar), count(*) FILTER (WHERE NOT zichtbaar) "
            f"FROM ({self._window_sql(name)}) w",
            **_window_params(window, min_extent),
        )[0]
        return int(row[0]), int(row[1])

    def window_grid(
        self, name: str, window: tuple[float, ...], min_extent: float, cell_m: float
    ) -> list[tuple[Any, ...]]:
        """Per grid cell of the visible features: count, mean x, mean y, bounds and the lowest row."""
        return self._all(
            f"SELECT count(*), avg(x), avg(y), min(ST_XMin(geom)), min(ST_YMin(geom)), max(ST_XMax(geom)), "
            f"max(ST_YMax(geom)), min(rij), floor(x / :cell)::bigint AS gx, floor(y / :cell)::bigint AS gy "
            f"FROM ({self._window_sql(name)}) w WHERE zichtbaar GROUP BY gx, gy ORDER BY gx, gy",
            cell=cell_m,
            **_window_params(window, min_extent),
        )

    def window_rows(
        self, name: str, window: tuple[float, ...], min_extent: float, limit: int
    ) -> tuple[np.ndarray, list[Any], list[dict[str, Any]], np.ndarray]:
        """The first ``limit`` visible features in row order: (rows, ids, attributes, RD geometries)."""
        return self._rows(
            f"SELECT l.rij, l.feature_id, l.kenmerken, ST_AsBinary(l.geom) FROM ({self._window_sql(name)}) w "
            f"JOIN {self._table(name)} l ON l.rij = w.rij WHERE w.zichtbaar ORDER BY l.rij LIMIT :limit",
            limit=limit,
            **_window_params(window, min_extent),
        )

    def rows_by_index(
        self, name: str, rows: list[int]
    ) -> tuple[np.ndarray, list[Any], list[dict[str, Any]], np.ndarray]:
        return self._rows(
            f"SELECT rij, feature_id, kenmerken, ST_AsBinary(geom) FROM {self._table(name)} "
            f"WHERE rij = ANY(CAST(:rows AS integer[])) ORDER BY rij",
            rows=rows,
        )

    def _rows(
        self, sql: str, **params: Any
    ) -> tuple[np.ndarray, list[Any], list[dict[str, Any]], np.ndarray]:
        found = self._all(sql, **params)
        rows = np.array([r[0] for r in found], dtype=np.int64)
        geoms = shapely.from_wkb(np.array([bytes(r[3]) for r in found], dtype=object))
        return rows, [r[1] for r in found], [_attrs(r[2]) for r in found], np.asarray(geoms, dtype=object)

    # -- energy services -------------------------------------------------------------------------
    def frame(
        self, name: str, geom: Any = None, *, equals: tuple[str, Any] | None = None
    ) -> gpd.GeoDataFrame:
        """Features as a GeoDataFrame (attributes + geometry, index = row): all, meeting ``geom``, or by attribute."""
        where, params = [], {}
        if geom is not None:
            where.append(f"ST_Intersects(geom, ST_GeomFromWKB(:wkb, {RD}))")
            params["wkb"] = shapely.to_wkb(geom)
        if equals is not None:
            where.append("kenmerken ->> :column = :value")
            params.update(column=equals[0], value=str(equals[1]))
        found = self._all(
            f"SELECT rij, kenmerken, ST_AsBinary(geom) FROM {self._table(name)}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY rij",
            **params,
        )
        columns = list(self.catalog[name].columns)
        data = [{c: _attrs(r[1]).get(c) for c in columns} for r in found]
        geoms = shapely.from_wkb(np.array([bytes(r[2]) for r in found], dtype=object))
        return gpd.GeoDataFrame(
            data, columns=columns, geometry=list(geoms), crs=RD, index=[int(r[0]) for r in found]
        )

    def min_distance(self, name: str, geom: Any) -> float | None:
        value = self._all(
            f"SELECT min(ST_Distance(geom, ST_GeomFromWKB(:wkb, {RD}))) FROM {self._table(name)}",
            wkb=shapely.to_wkb(geom),
        )[0][0]
        return None if value is None else float(value)


def _window_params(window: tuple[float, ...], min_extent: float) -> dict[str, float]:
    x0, y0, x1, y1 = window
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "min_extent": min_extent}


def _attrs(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def catalog_summaries(backend: PostgisBackend, catalog: Mapping[str, PostgisLayer]) -> list[dict[str, Any]]:
    """Like gis.api.layer_summaries, from the PostGIS catalog (no layer loaded)."""
    reader = PostgisLayers(backend, catalog)
    return [
        {
            "name": name,
            "familie": layer.meta.familie,
            "features": layer.features,
            "crs": "EPSG:28992",
            "bron": layer.meta.bron,
            "peildatum": layer.meta.peildatum.isoformat(),
            "licentie": layer.meta.licentie,
            "titel": layer.meta.titel,
            "geometrie": reader.geometry_types(name),
            "kolommen": list(layer.columns),
            "waarschuwingen": [],
        }
        for name, layer in catalog.items()
    ]


class PostgisFrames(Mapping[str, gpd.GeoDataFrame]):
    """Layer name -> GeoDataFrame, read from PostGIS on demand (whole layers only when asked).

    The energy services use :attr:`reader` for targeted queries (features meeting a geometry, the
    minimum distance, rows by attribute); ``frames[name]`` fetches a whole (small) layer and keeps it
    for the lifetime of this object only.
    """

    def __init__(self, reader: PostgisLayers):
        self.reader = reader
        self._frames: dict[str, gpd.GeoDataFrame] = {}

    def __getitem__(self, name: str) -> gpd.GeoDataFrame:
        if name not in self._frames:
            self._frames[name] = self.reader.frame(name)
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.reader)

    def __len__(self) -> int:
        return len(self.reader)

    def count(self, name: str) -> int:
        layer = self.reader.catalog.get(name)
        return layer.features if layer is not None else 0

    def columns(self, name: str) -> tuple[str, ...]:
        return self.reader.catalog[name].columns
