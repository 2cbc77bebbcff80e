"""Random pairs of polygons for the clipping tests, and a plain numpy reference of
gis.clipping._inside_lengths that the optimised one must equal bit for bit."""

from __future__ import annotations

import numpy as np
import shapely

from gis.demo_geometry import blob, jittered_grid, rectangle


def random_pairs(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """``n`` pairs: rectangles, blobs (some clockwise) and boxes against parcels of a jittered grid or rectangles."""
    rng = np.random.default_rng(seed)
    parcels = jittered_grid(rng, 0, 0, 1000, 1000, 50.0)
    first, second = [], []
    for _ in range(n):
        kind = rng.integers(0, 4)
        cx, cy = rng.uniform(0, 1000, 2)
        if kind == 0:
            shape = rectangle(cx, cy, *rng.uniform(5, 200, 2), rotation=rng.uniform(0, np.pi))
        elif kind == 1:
            shape = blob(rng, cx, cy, *rng.uniform(10, 150, 2), wobble=0.4, vertices=int(rng.integers(5, 40)))
        elif kind == 2:
            shape = shapely.Polygon(
                shapely.get_coordinates(blob(rng, cx, cy, 80, 60, vertices=30))[::-1]
            )  # clockwise
        else:
            shape = shapely.box(cx, cy, cx + rng.uniform(1, 100), cy + rng.uniform(1, 100))
        first.append(shape)
        second.append(
            parcels[rng.integers(0, len(parcels))]
            if rng.random() < 0.7
            else rectangle(cx + rng.normal(0, 30), cy, 60, 40, 0.5)
        )
    return np.asarray(first, dtype=object), np.asarray(second, dtype=object)


def reference_inside_lengths(sx, sy, ex, ey, hx, hy, hex_, hey, *, second):
    """gis.clipping._inside_lengths computed on whole broadcast arrays, without chunks."""
    hex3, hey3 = hex_[:, None, :], hey[:, None, :]
    dp = hex3 * (sy[:, :, None] - hy[:, None, :]) - hey3 * (sx[:, :, None] - hx[:, None, :])
    dd = hex3 * ey[:, :, None] - hey3 * ex[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -dp / dd
    t0 = np.where(dd > 0, t, 0.0).max(axis=2, initial=0.0)
    t1 = np.where(dd < 0, t, 1.0).min(axis=2, initial=1.0)
    parallel = dd == 0
    outside = parallel & (dp < 0)
    if second:
        same_way = (hex3 * ex[:, :, None] + hey3 * ey[:, :, None]) > 0
        outside |= parallel & (dp == 0) & same_way
    return np.where(outside.any(axis=2), 0.0, np.clip(t1 - t0, 0.0, None))
