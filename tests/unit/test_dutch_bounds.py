"""services.geometry and gis use one Dutch bounding box (gis.crs), so they accept the same places."""

from __future__ import annotations

import pytest

from gis.crs import NL_LONLAT_BOUNDS, RD_BOUNDS
from processes.errors import ValidationError
from services.geometry import to_rd_wkt

EPS = 0.01


def _edges(box: tuple[float, float, float, float], eps: float) -> list[tuple[float, float]]:
    """A point just inside each edge of ``box`` (eps > 0) or just outside it (eps < 0)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return [(x0 + eps, cy), (x1 - eps, cy), (cx, y0 + eps), (cx, y1 - eps)]


@pytest.mark.parametrize("point", _edges(NL_LONLAT_BOUNDS, EPS))
def test_wgs84_just_inside_the_dutch_box_is_accepted(point):
    assert to_rd_wkt({"type": "Point", "coordinates": list(point)}).startswith("POINT")


@pytest.mark.parametrize("point", _edges(NL_LONLAT_BOUNDS, -EPS))
def test_wgs84_just_outside_the_dutch_box_is_refused(point):
    with pytest.raises(ValidationError) as err:
        to_rd_wkt({"type": "Point", "coordinates": list(point)})
    assert err.value.code == "buiten-nederland"


@pytest.mark.parametrize("point", _edges(RD_BOUNDS, 1.0))
def test_rd_just_inside_the_rd_box_is_accepted(point):
    assert to_rd_wkt(f"POINT ({point[0]} {point[1]})", "EPSG:28992").startswith("POINT")


@pytest.mark.parametrize("point", _edges(RD_BOUNDS, -1.0))
def test_rd_just_outside_the_rd_box_is_refused(point):
    with pytest.raises(ValidationError) as err:
        to_rd_wkt(f"POINT ({point[0]} {point[1]})", "EPSG:28992")
    assert err.value.code == "buiten-rd"
