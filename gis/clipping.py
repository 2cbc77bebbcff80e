"""Vectorised overlap areas for the common case: a small convex polygon against a simple polygon.

GEOS overlay (shapely.intersection) costs some 30-50 microseconds per pair, whatever the size, which
dominates a batch check against parcel layers. When one polygon of a pair is convex with few vertices
(most parcels, most drawn project outlines), Sutherland-Hodgman clipping of the other polygon (any
simple polygon without holes) by it gives the exact intersection area; numpy does all pairs at once.
Pairs that do not qualify are left to GEOS by the caller. Results agree with GEOS to ~1e-9 relative.
"""

from __future__ import annotations

import numpy as np
import shapely

MAX_CLIP_VERTICES = 16
MAX_SUBJECT_VERTICES = 64


def _rings(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exterior ring vertices (without the closing one) padded to the longest ring; plus the counts."""
    coords, owner = shapely.get_coordinates(shapely.get_exterior_ring(geoms), return_index=True)
    counts = np.bincount(owner, minlength=len(geoms)) - 1
    width = max(int(counts.max()), 1)
    starts = np.concatenate([[0], np.cumsum(counts + 1)[:-1]])
    out = np.zeros((len(geoms), width, 2))
    rows = np.repeat(np.arange(len(geoms)), counts)
    cols = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    out[rows, cols] = coords[np.repeat(starts, counts) + cols]
    return out, counts


def _simple(geoms: np.ndarray, limit: int) -> np.ndarray:
    """Single polygons without holes and with at most ``limit`` ring vertices."""
    return (
        (shapely.get_type_id(geoms) == 3)
        & (shapely.get_num_interior_rings(geoms) == 0)
        & (shapely.get_num_coordinates(geoms) <= limit + 1)
    )


def _convex_ccw(rings: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(is convex, rings oriented counter-clockwise)."""
    width = rings.shape[1]
    idx = np.arange(width)
    nxt = (idx[None, :] + 1) % np.maximum(counts[:, None], 1)
    nxt2 = (idx[None, :] + 2) % np.maximum(counts[:, None], 1)
    p0 = rings
    p1 = np.take_along_axis(rings, nxt[..., None], axis=1)
    p2 = np.take_along_axis(rings, nxt2[..., None], axis=1)
    cross = (p1[..., 0] - p0[..., 0]) * (p2[..., 1] - p1[..., 1]) - (p1[..., 1] - p0[..., 1]) * (
        p2[..., 0] - p1[..., 0]
    )
    valid = idx[None, :] < counts[:, None]
    positive = ((cross > 0) | ~valid).all(axis=1)
    negative = ((cross < 0) | ~valid).all(axis=1)
    convex = (positive | negative) & (counts >= 3)
    # reverse clockwise rings in place (only the valid prefix)
    flip = negative & convex
    if flip.any():
        rev = np.where(valid[flip], counts[flip, None] - 1 - idx[None, :], idx[None, :])
        rings[flip] = np.take_along_axis(rings[flip], rev[..., None], axis=1)
    return convex, rings


def _clip(
    poly: np.ndarray, lengths: np.ndarray, clip: np.ndarray, clip_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sutherland-Hodgman: clip every polygon by its convex CCW clipper, all rows at once."""
    rows = np.arange(len(poly))
    for e in range(int(clip_counts.max())):
        active = e < clip_counts
        a = clip[rows, e]
        b = clip[rows, (e + 1) % np.maximum(clip_counts, 1)]
        width = poly.shape[1]
        idx = np.arange(width)
        valid = idx[None, :] < lengths[:, None]
        prev_idx = (idx[None, :] - 1) % np.maximum(lengths[:, None], 1)
        prev = np.take_along_axis(poly, prev_idx[..., None], axis=1)
        ex, ey = (b - a)[:, 0:1], (b - a)[:, 1:2]
        d_cur = ex * (poly[..., 1] - a[:, 1:2]) - ey * (poly[..., 0] - a[:, 0:1])
        d_prev = ex * (prev[..., 1] - a[:, 1:2]) - ey * (prev[..., 0] - a[:, 0:1])
        cur_in, prev_in = d_cur >= 0, d_prev >= 0
        crossing = (cur_in != prev_in) & valid
        keep = cur_in & valid
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossing, d_prev / (d_prev - d_cur), 0.0)
        point = prev + t[..., None] * (poly - prev)
        # output order per vertex: [crossing point, current vertex]
        out_pts = np.stack([point, poly], axis=2).reshape(len(poly), 2 * width, 2)
        out_ok = np.stack([crossing, keep], axis=2).reshape(len(poly), 2 * width)
        new_len = out_ok.sum(axis=1)
        target = np.cumsum(out_ok, axis=1) - 1
        new_width = max(int(new_len.max()) if len(new_len) else 0, 1)
        clipped = np.zeros((len(poly), new_width, 2))
        r, c = np.nonzero(out_ok)
        clipped[r, target[r, c]] = out_pts[r, c]
        # rows whose clipper has fewer edges pass through unchanged
        passthrough = ~active
        if passthrough.any():
            keep_width = max(new_width, width)
            if keep_width > new_width:
                clipped = np.concatenate([clipped, np.zeros((len(poly), keep_width - new_width, 2))], axis=1)
            clipped[passthrough, :width] = poly[passthrough]
            new_len = np.where(passthrough, lengths, new_len)
        poly, lengths = clipped, new_len
    return poly, lengths


def _shoelace(poly: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    idx = np.arange(poly.shape[1])
    nxt = (idx[None, :] + 1) % np.maximum(lengths[:, None], 1)
    following = np.take_along_axis(poly, nxt[..., None], axis=1)
    terms = poly[..., 0] * following[..., 1] - following[..., 0] * poly[..., 1]
    terms = np.where(idx[None, :] < lengths[:, None], terms, 0.0)
    return np.abs(terms.sum(axis=1)) / 2


def convex_overlap_areas(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intersection areas for the pairs that qualify; returns (areas, done mask)."""
    areas = np.zeros(len(first))
    done = np.zeros(len(first), dtype=bool)
    eligible = np.flatnonzero(
        (_simple(first, MAX_SUBJECT_VERTICES) & _simple(second, MAX_SUBJECT_VERTICES))
        & (_simple(first, MAX_CLIP_VERTICES) | _simple(second, MAX_CLIP_VERTICES))
    )
    if not len(eligible):
        return areas, done
    a, a_n = _rings(first[eligible])
    b, b_n = _rings(second[eligible])
    width = max(a.shape[1], b.shape[1])
    a = np.pad(a, ((0, 0), (0, width - a.shape[1]), (0, 0)))
    b = np.pad(b, ((0, 0), (0, width - b.shape[1]), (0, 0)))
    a_convex, a = _convex_ccw(a, a_n)
    b_convex, b = _convex_ccw(b, b_n)
    clip_b = b_convex & (b_n <= MAX_CLIP_VERTICES)
    clip_a = ~clip_b & a_convex & (a_n <= MAX_CLIP_VERTICES)
    use = clip_a | clip_b
    if not use.any():
        return areas, done
    poly = np.where(clip_b[:, None, None], a, b)[use]
    lengths = np.where(clip_b, a_n, b_n)[use]
    clip_counts = np.where(clip_b, b_n, a_n)[use]
    clip = np.where(clip_b[:, None, None], b, a)[use][:, : int(clip_counts.max())]
    clipped, clipped_n = _clip(poly[:, : int(lengths.max())], lengths, clip, clip_counts)
    target = eligible[use]
    areas[target] = _shoelace(clipped, clipped_n)
    done[target] = True
    return areas, done
