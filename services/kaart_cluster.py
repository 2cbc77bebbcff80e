"""Server-side clustering for the map zoomed out: many features in view become counted grid cells.

When more than a threshold of features (cases or layer objects) lie in the requested window, they
are grouped on a square grid of about ``CELL_PX`` screen pixels at the requested zoom, anchored at
RD (0, 0) so cells do not jump while panning. A cell holding one feature keeps that feature (the
caller sends it as usual); a cell holding more becomes one point feature with
``{"cluster": true, "aantal": n, "bbox": [w, s, e, n]}`` (WGS84) that the front end draws as a count
in a circle; clicking it zooms to the bbox. Positions are the centres of the features' bounding
boxes (cheap: cases store their bbox in columns, PostGIS reads it from the geometry's box).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gis.webmap import ZOOM_MIN, pixel_metres

#: Above this many features in view the response is clustered (cases, layer objects).
CASES_CLUSTER_ABOVE = 400
LAYER_CLUSTER_ABOVE = 1_500
#: Grid cell size in screen pixels.
CELL_PX = 48
#: From this zoom on, features are never clustered (the layer limit still applies).
NO_CLUSTER_FROM_ZOOM = 17
#: The widest view a request is answered for, in screen pixels per side (a 4K screen): a bbox wider or
#: taller than this at the requested zoom is answered as at the zoom where it fits (``view_zoom``).
MAX_VIEW_PX = 4096
#: Cell rows per cell column in the 1-D cell key (RD y / smallest cell stays far below it).
_ROW_SPAN = 1 << 31


@dataclass
class Grid:
    """Features grouped per cell: ``singles`` are indices of lone features, the rest are clusters."""

    singles: np.ndarray
    counts: np.ndarray
    centres: np.ndarray  # (n, 2) mean position per cluster, RD
    bounds: np.ndarray  # (n, 4) minx, miny, maxx, maxy per cluster, RD
    keys: np.ndarray  # (n, 2) cell column and row per cluster
    members: list[np.ndarray]  # feature indices per cluster


def should_cluster(count: int, zoom: int, threshold: int) -> bool:
    return count > threshold and zoom < NO_CLUSTER_FROM_ZOOM


def view_zoom(window: tuple[float, float, float, float], zoom: int) -> int:
    """The zoom a map request for an RD ``window`` is answered at (clustered, thinned and simplified): the
    requested one, or the highest at which the window fits in ``MAX_VIEW_PX`` screen pixels. No screen
    shows a municipality at zoom 18; answered at 18 it got every case at full detail, clustering having
    stopped (``NO_CLUSTER_FROM_ZOOM``)."""
    side = max(window[2] - window[0], window[3] - window[1])
    if side <= MAX_VIEW_PX * pixel_metres(zoom):
        return zoom
    return max(ZOOM_MIN, math.floor(math.log2(MAX_VIEW_PX * pixel_metres(0) / side)))


def grid(bounds: np.ndarray, cell_m: float) -> Grid:
    """Group features (their RD bounds, shape (n, 4)) on a grid of ``cell_m`` metres (vectorised)."""
    x = (bounds[:, 0] + bounds[:, 2]) / 2
    y = (bounds[:, 1] + bounds[:, 3]) / 2
    col = np.floor(x / cell_m).astype(np.int64)
    row = np.floor(y / cell_m).astype(np.int64)
    cells, inverse, counts = np.unique(col * _ROW_SPAN + row, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    singles = np.flatnonzero(counts[inverse] == 1)
    order = np.argsort(inverse, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    many = counts > 1
    sx = np.bincount(inverse, weights=x)[many]
    sy = np.bincount(inverse, weights=y)[many]
    box = np.stack(
        [
            np.minimum.reduceat(bounds[order, 0], starts),
            np.minimum.reduceat(bounds[order, 1], starts),
            np.maximum.reduceat(bounds[order, 2], starts),
            np.maximum.reduceat(bounds[order, 3], starts),
        ],
        axis=1,
    )[many]
    n = counts[many]
    keys = np.stack([np.floor_divide(cells[many], _ROW_SPAN), np.mod(cells[many], _ROW_SPAN)], axis=1)
    ends = starts + counts
    members = [order[s:e] for s, e in zip(starts[many].tolist(), ends[many].tolist(), strict=True)]
    return Grid(singles, n, np.stack([sx / n, sy / n], axis=1), box, keys, members)


def cluster_records(
    g: Grid, transformer: Any, extra: list[dict[str, Any]] | None = None
) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(ids, GeoJSON point strings in WGS84, properties) of the clusters of ``g``."""
    if not len(g.counts):
        return [], [], []
    lon, lat = transformer.transform(g.centres[:, 0], g.centres[:, 1])
    w, s = transformer.transform(g.bounds[:, 0], g.bounds[:, 1])
    e, n = transformer.transform(g.bounds[:, 2], g.bounds[:, 3])
    ids, geoms, props = [], [], []
    for i in range(len(g.counts)):
        ids.append(f"cluster-{g.keys[i, 0]}-{g.keys[i, 1]}")
        geoms.append(f'{{"type":"Point","coordinates":[{lon[i]:.5f},{lat[i]:.5f}]}}')
        p: dict[str, Any] = {
            "cluster": True,
            "aantal": int(g.counts[i]),
            "bbox": [round(float(v), 5) for v in (w[i], s[i], e[i], n[i])],
        }
        if extra is not None:
            p.update(extra[i])
        props.append(p)
    return ids, geoms, props
