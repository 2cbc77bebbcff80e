"""The vectorised convex clipping agrees with GEOS overlay on random polygons."""

from __future__ import annotations

import numpy as np
import shapely

from gis.clipping import convex_overlap_areas
from gis.demo_geometry import blob, rectangle
from tests.unit.gis.clipping_cases import random_pairs


def test_matches_geos():
    first, second = random_pairs(3000)
    expected = shapely.area(shapely.intersection(first, second))
    for a, b in ((first, second), (second, first)):
        areas, done = convex_overlap_areas(a, b)
        assert done.mean() > 0.9
        np.testing.assert_allclose(areas[done], expected[done], rtol=1e-9, atol=1e-6)
    assert (expected > 0).sum() > 300


def test_containment_touching_and_disjoint():
    outer = shapely.box(0, 0, 10, 10)
    cases = [
        shapely.box(2, 2, 4, 4),
        shapely.box(10, 0, 12, 10),
        shapely.box(20, 20, 21, 21),
        shapely.box(-5, -5, 15, 15),
    ]
    areas, done = convex_overlap_areas(np.asarray(cases, dtype=object), np.asarray([outer] * 4, dtype=object))
    assert done.all()
    np.testing.assert_allclose(areas, [4.0, 0.0, 0.0, 100.0])


def test_leaves_holes_and_multipolygons_to_geos():
    holed = shapely.box(0, 0, 10, 10).difference(shapely.box(4, 4, 6, 6))
    multi = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(3, 3, 4, 4)])
    square = shapely.box(0, 0, 5, 5)
    areas, done = convex_overlap_areas(
        np.asarray([holed, multi], dtype=object), np.asarray([square, square], dtype=object)
    )
    assert not done.any()


def test_overlap_areas_of_subjects_inside_a_feature_equal_geos():
    """Pairs left to GEOS: a subject in the feature's interior takes its own area (no overlay), the
    others the overlay's; both equal GEOS's intersection area."""
    from gis.matching import overlap_areas

    rng = np.random.default_rng(5)
    feature = blob(rng, 500, 500, 300, 200, wobble=0.3, vertices=80)  # non-convex, too big to clip
    shapely.prepare(feature)
    subjects = [
        rectangle(*rng.uniform(250, 750, 2), 20, 10, rotation=rng.uniform(0, np.pi)) for _ in range(40)
    ]
    first = np.asarray(subjects, dtype=object)
    second = np.asarray([feature] * len(subjects), dtype=object)
    inside = shapely.contains_properly(second, first)
    assert inside.any() and (~inside).any()
    areas = overlap_areas(first, second, np.ones(len(first), dtype=bool))
    np.testing.assert_allclose(areas, shapely.area(shapely.intersection(first, second)), rtol=1e-9, atol=1e-9)


def test_convex_pairs_sharing_edges_count_them_once():
    """Green's theorem path: a shared edge (same direction) counts once, an edge where two polygons
    only touch (opposite directions) cancels; equal polygons overlap fully."""
    square = shapely.box(0, 0, 10, 10)
    others = [
        shapely.box(0, 0, 5, 10),
        shapely.box(0, 0, 10, 10),
        shapely.box(5, 0, 15, 10),
        shapely.box(0, 10, 10, 20),
        shapely.Polygon([(10, 0), (15, 5), (10, 10)]),
        shapely.Polygon([(5, 0), (10, 5), (5, 10), (0, 5)]),
    ]
    first = np.asarray([square] * len(others), dtype=object)
    second = np.asarray(others, dtype=object)
    expected = shapely.area(shapely.intersection(first, second))
    for a, b in ((first, second), (second, first)):
        areas, done = convex_overlap_areas(a, b)
        assert done.all()
        np.testing.assert_allclose(areas, expected, atol=1e-9)
    np.testing.assert_allclose(expected, [50, 100, 50, 0, 0, 50])
