"""Differential: the faster convex clipping gives bit-for-bit the areas of the version it replaced.

The reference below is the former 3D (pairs x edges x half-planes) Cyrus-Beck step; the former
convex_overlap_areas read every pair's rings anew, which is the call without keys.
"""

from __future__ import annotations

import numpy as np
import pyogrio
import pytest
import shapely

import gis.clipping
from gis.clipping import convex_overlap_areas
from gis.demo_geometry import rectangle
from tests.unit.gis.clipping_cases import random_pairs, reference_inside_lengths
from tests.unit.gis.conftest import GEODATA


def _reference(first, second, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(gis.clipping, "_inside_lengths", reference_inside_lengths)
        return convex_overlap_areas(first, second)


def _assert_same(first, second, first_keys, second_keys, monkeypatch):
    old_areas, old_done = _reference(first, second, monkeypatch)
    areas, done = convex_overlap_areas(first, second, first_keys, second_keys)
    assert done.tolist() == old_done.tolist()
    assert done.any()
    np.testing.assert_array_equal(areas, old_areas)


def test_random_pairs_with_repeated_geometries(monkeypatch):
    first, second = random_pairs(1500)
    rng = np.random.default_rng(8)
    first_keys = rng.integers(0, 300, 4000)  # every geometry in several pairs, as in a batch
    second_keys = rng.integers(0, 1500, 4000)
    _assert_same(first[first_keys], second[second_keys], first_keys, second_keys, monkeypatch)


def test_real_parcels_against_drawn_outlines(monkeypatch):
    path = GEODATA / "otterlo" / "brk_perceel_otterlo.gpkg"
    if not path.is_file():
        pytest.skip(f"echte geodata ontbreekt: {path}")
    parcels = np.asarray(pyogrio.read_dataframe(path).geometry.array, dtype=object)
    rng = np.random.default_rng(4)
    centres = shapely.get_coordinates(shapely.centroid(parcels[rng.integers(0, len(parcels), 200)]))
    outlines = np.asarray(
        [rectangle(x, y, *rng.uniform(20, 200, 2), rotation=rng.uniform(0, np.pi)) for x, y in centres],
        dtype=object,
    )
    tree = shapely.STRtree(parcels)
    pairs = tree.query(outlines, predicate="intersects")
    assert pairs.shape[1] > 500
    _assert_same(outlines[pairs[0]], parcels[pairs[1]], pairs[0], pairs[1], monkeypatch)


def _regular(rng, count: int, vertices: int, spread: float = 0.0) -> np.ndarray:
    centre = rng.uniform(0, 1000, (count, 2)) if not spread else rng.normal(500, spread, (count, 2))
    radius = rng.uniform(5, 40, count)[:, None]
    angle = rng.uniform(0, 2 * np.pi, count)[:, None] + np.arange(vertices)[None, :] * 2 * np.pi / vertices
    ring = np.stack([centre[:, :1] + radius * np.cos(angle), centre[:, 1:] + radius * np.sin(angle)], axis=-1)
    return np.asarray(shapely.polygons(np.concatenate([ring, ring[:, :1]], axis=1)), dtype=object)


def test_quadrilateral_chunks_give_the_former_bits(monkeypatch):
    """Quadrilateral pairs go in chunks of 4,096 (one chunk of 65,536 before): the same bits, also for
    the 5- to 8-vertex pairs around them (their chunks are unchanged: the widest ring sets the width)."""
    rng = np.random.default_rng(8)
    first = np.concatenate(
        [_regular(rng, 9000, 4, 20.0), _regular(rng, 3000, 5, 20.0), _regular(rng, 1, 8, 20.0)]
    )
    second = np.concatenate(
        [_regular(rng, 9000, 4, 20.0), _regular(rng, 3000, 6, 20.0), _regular(rng, 1, 8, 20.0)]
    )
    first_mixed, second_mixed = random_pairs(1500, seed=12)
    first, second = np.concatenate([first, first_mixed]), np.concatenate([second, second_mixed])
    current, done = convex_overlap_areas(first, second)
    assert done.sum() > 12000 and (current[done] > 0).sum() > 4000
    monkeypatch.setattr(gis.clipping, "_QUAD_CHUNK", (1 << 20) // 16)  # the former chunk of quadrilaterals
    former, former_done = convex_overlap_areas(first, second)
    assert np.array_equal(done, former_done)
    assert np.array_equal(current, former)


@pytest.mark.parametrize("second", [False, True])
def test_inside_lengths_bit_for_bit_on_shared_vertices_and_parallel_edges(second):
    """Small integer coordinates: coinciding points, parallel edges and signed zeros everywhere."""
    rng = np.random.default_rng(31)
    n, w, v = 4000, 4, 4
    sx, sy, hx, hy = (rng.integers(-2, 3, (n, k)).astype(float) for k in (w, w, v, v))
    ex, ey, hex_, hey = (rng.integers(-2, 3, (n, k)).astype(float) for k in (w, w, v, v))
    got = gis.clipping._inside_lengths(sx, sy, ex, ey, hx, hy, hex_, hey, second=second)
    expected = reference_inside_lengths(sx, sy, ex, ey, hx, hy, hex_, hey, second=second)
    assert np.array_equal(got, expected)
    assert np.array_equal(np.signbit(got), np.signbit(expected))
