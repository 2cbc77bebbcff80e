"""Vectorised shape helpers for the demo generator (all in RD metres, all driven by a numpy Generator)."""

from __future__ import annotations

import numpy as np
import shapely


def blob(
    rng: np.random.Generator,
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    *,
    wobble: float = 0.12,
    vertices: int = 72,
    rotation: float = 0.0,
) -> shapely.Polygon:
    """An irregular, valid, star-shaped polygon around (cx, cy) with radii rx, ry."""
    angles = np.linspace(0.0, 2 * np.pi, vertices, endpoint=False)
    # smooth noise: a few low-frequency harmonics with random phases
    noise = np.zeros(vertices)
    for k in (2, 3, 5):
        noise += rng.uniform(0.3, 1.0) * np.sin(k * angles + rng.uniform(0, 2 * np.pi)) / k
    scale = 1.0 + wobble * noise / np.abs(noise).max()
    x = rx * scale * np.cos(angles)
    y = ry * scale * np.sin(angles)
    cos, sin = np.cos(rotation), np.sin(rotation)
    coords = np.column_stack([cx + x * cos - y * sin, cy + x * sin + y * cos])
    return shapely.Polygon(np.vstack([coords, coords[:1]]))


def rectangle(cx: float, cy: float, width: float, height: float, rotation: float = 0.0) -> shapely.Polygon:
    """A rotated rectangle centred on (cx, cy)."""
    x = np.array([-1, 1, 1, -1, -1]) * width / 2
    y = np.array([-1, -1, 1, 1, -1]) * height / 2
    cos, sin = np.cos(rotation), np.sin(rotation)
    return shapely.Polygon(np.column_stack([cx + x * cos - y * sin, cy + x * sin + y * cos]))


def jittered_grid(
    rng: np.random.Generator,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    cell: float,
    *,
    jitter: float = 0.28,
    counts: tuple[int, int] | None = None,
) -> np.ndarray:
    """Quadrilaterals tiling the box exactly (shared, jittered corners), like a parcel map."""
    nx, ny = counts or (max(1, int(round((x1 - x0) / cell))), max(1, int(round((y1 - y0) / cell))))
    xs = np.linspace(x0, x1, nx + 1)
    ys = np.linspace(y0, y1, ny + 1)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    dx = (x1 - x0) / nx
    dy = (y1 - y0) / ny
    jx = rng.uniform(-jitter, jitter, gx.shape) * dx
    jy = rng.uniform(-jitter, jitter, gy.shape) * dy
    jx[[0, -1], :] = 0.0  # keep the outer edge straight so neighbouring tiles fit
    jy[:, [0, -1]] = 0.0
    gx, gy = gx + jx, gy + jy
    corners = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    coords = np.stack(
        [np.stack([gx[i : nx + i, j : ny + j], gy[i : nx + i, j : ny + j]], axis=-1) for i, j in corners],
        axis=2,
    ).reshape(nx * ny, 5, 2)
    return np.asarray(shapely.polygons(coords))


def points_in(rng: np.random.Generator, polygon: shapely.Geometry, count: int) -> np.ndarray:
    """``count`` uniformly random points inside ``polygon`` (rejection sampling, vectorised)."""
    if count <= 0:
        return np.empty((0, 2))
    x0, y0, x1, y1 = polygon.bounds
    shapely.prepare(polygon)
    found: list[np.ndarray] = []
    total = 0
    while total < count:
        batch = max(64, int((count - total) * 1.6 * polygon.envelope.area / max(polygon.area, 1.0)))
        xy = np.column_stack([rng.uniform(x0, x1, batch), rng.uniform(y0, y1, batch)])
        xy = xy[shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])]
        found.append(xy)
        total += len(xy)
    return np.vstack(found)[:count]


def clustered_points(
    rng: np.random.Generator, polygon: shapely.Geometry, count: int, *, clusters: int, spread: float
) -> np.ndarray:
    """Points in streets-like clusters (gaussian around random centres), clipped to ``polygon``."""
    if count <= 0:
        return np.empty((0, 2))
    centres = points_in(rng, polygon, clusters)
    shapely.prepare(polygon)
    found: list[np.ndarray] = []
    total = 0
    while total < count:
        pick = centres[rng.integers(0, clusters, count)]
        xy = pick + rng.normal(0.0, spread, (count, 2))
        xy = xy[shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])]
        found.append(xy)
        total += len(xy)
    return np.vstack(found)[:count]


def polyline(points: list[tuple[float, float]]) -> shapely.LineString:
    return shapely.LineString(points)


def offset_line(line: shapely.LineString, distance: float) -> shapely.LineString:
    """A parallel line at ``distance`` metres (left side)."""
    result = shapely.offset_curve(line, distance)
    if isinstance(result, shapely.MultiLineString):
        result = max(result.geoms, key=lambda g: g.length)
    return result
