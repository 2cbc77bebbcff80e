"""Random but reproducible check subjects inside the demo municipality (tests and benchmarks).

A realistic mix: points (bouwwerk, windturbine), small polygons (bedrijf, zonnepark, woningbouw),
lines (warmtenet, leiding) and the odd wijk, as a GeoJSON FeatureCollection in EPSG:28992.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely

from gis.demo import DEMO_BBOX_RD, DEMO_SEED

# (soort, share, kind, size in metres)
MIX = [
    ("bouwwerk", 0.28, "point", 0.0),
    ("windturbine", 0.12, "point", 0.0),
    ("bedrijf", 0.10, "polygon", 60.0),
    ("zonnepark", 0.12, "polygon", 250.0),
    ("woningbouw", 0.20, "polygon", 150.0),
    ("warmtenet", 0.08, "line", 600.0),
    ("leiding", 0.08, "line", 300.0),
    ("wijk", 0.02, "polygon", 700.0),
]


def random_subjects(count: int, *, seed: int = DEMO_SEED, margin: float = 500.0) -> dict[str, Any]:
    """``count`` subjects spread over the municipality's bounding box, as a FeatureCollection (RD)."""
    rng = np.random.default_rng([seed, 999])
    x0, y0, x1, y1 = DEMO_BBOX_RD
    kinds = rng.choice(len(MIX), count, p=[m[1] for m in MIX])
    xy = np.column_stack(
        [rng.uniform(x0 + margin, x1 - margin, count), rng.uniform(y0 + margin, y1 - margin, count)]
    )
    size = np.array([m[3] for m in MIX])[kinds] * rng.uniform(0.5, 1.5, count)
    angle = rng.uniform(0, np.pi, count)
    geoms = np.empty(count, dtype=object)
    shape = np.array([m[2] for m in MIX])[kinds]
    is_point, is_line, is_poly = shape == "point", shape == "line", shape == "polygon"
    geoms[is_point] = shapely.points(xy[is_point])
    dx, dy = np.cos(angle) * size / 2, np.sin(angle) * size / 2
    if is_line.any():
        starts = xy[is_line] - np.column_stack([dx, dy])[is_line]
        ends = xy[is_line] + np.column_stack([dx, dy])[is_line]
        geoms[is_line] = shapely.linestrings(np.stack([starts, xy[is_line] + [0, 15], ends], axis=1))
    if is_poly.any():
        half = size[is_poly, None] / 2
        width = half * rng.uniform(0.6, 1.0, (is_poly.sum(), 1))
        corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], dtype=float)
        local = corners[None, :, :] * np.concatenate([half, width], axis=1)[:, None, :]
        cos, sin = np.cos(angle[is_poly])[:, None], np.sin(angle[is_poly])[:, None]
        rotated = np.stack(
            [local[..., 0] * cos - local[..., 1] * sin, local[..., 0] * sin + local[..., 1] * cos], axis=-1
        )
        geoms[is_poly] = shapely.polygons(rotated + xy[is_poly][:, None, :])
    texts = shapely.to_geojson(geoms).tolist()
    features = [
        {"type": "Feature", "properties": {"soort": MIX[k][0]}, "geometry": json.loads(t)}
        for k, t in zip(kinds.tolist(), texts, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}
