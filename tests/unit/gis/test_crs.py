"""One cached transformer factory in gis.crs, shared by every thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from gis import crs


def test_transformer_is_built_once_per_pair():
    assert crs.transformer(4326, 28992) is crs.transformer(4326, 28992)
    assert crs.transformer(28992, 4326) is not crs.transformer(4326, 28992)


def test_transformer_gives_rd_with_lon_lat_order():
    # Amersfoort's Onze Lieve Vrouwetoren, origin of the RD grid (155000, 463000)
    x, y = crs.transformer(4326, 28992).transform(5.387203658, 52.155172894)
    assert x == pytest.approx(155000, abs=1) and y == pytest.approx(463000, abs=1)


def test_one_transformer_serves_many_threads():
    shared = crs.transformer(28992, 4326)
    points = [(155_000.0 + 1_000 * i, 463_000.0 + 500 * i) for i in range(64)]
    expected = [shared.transform(x, y) for x, y in points]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda p: crs.transformer(28992, 4326).transform(*p), points))
    assert results == expected
