"""A wijkuitvoeringsplan's geometry lies in the wijk it names.

Reviewer finding (rv6 warmte 5): with a wijken layer of WK0101 Centrum and WK0102 Noord (4 km apart), a
plan for WK0102 with Centrum's geometry was accepted: two plans ran over one area (one plan per wijk
compares codes only), the Noord plan's wijkanalyse counted Centrum's homes and the map put Noord on
Centrum.
"""

from __future__ import annotations

import pytest
import shapely

from processes.errors import ValidationError
from services import cases
from services.platform import Platform
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform, laag, zet_lagen

CENTRUM = shapely.box(190_000, 445_000, 191_000, 446_000)
NOORD = shapely.box(195_000, 445_000, 196_000, 446_000)


@pytest.fixture
def wup(platform: Platform) -> Platform:
    p = energie_platform(platform, WIJK_MODEL)
    wijken = laag(
        [{"code": "WK0101", "naam": "Centrum"}, {"code": "WK0102", "naam": "Noord"}], [CENTRUM, NOORD]
    )
    zet_lagen(p, {"wijken": wijken})
    return p


def start(platform: Platform, code: str, geom: shapely.Geometry) -> dict:
    data = {"wijk_code": code, "transitievisie_alternatief": "warmtenet"}
    return cases.start_case(platform, "wijkuitvoeringsplan", data, user="pim", geometry_wkt=geom.wkt)


def test_a_plan_with_another_wijks_geometry_is_refused(wup: Platform) -> None:
    start(wup, "WK0101", CENTRUM)
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        start(wup, "WK0102", CENTRUM)  # Noord's code, Centrum's geometry
    assert err.value.code == "wijk-geometrie-buiten"
    assert "0% in wijk WK0102 (Noord)" in err.value.detail
    assert snapshot(wup) == before


def test_a_buurt_inside_the_wijk_or_a_slightly_wider_border_is_accepted(wup: Platform) -> None:
    buurt = shapely.box(195_100, 445_100, 195_500, 445_500)
    assert start(wup, "WK0102", buurt)["samenvatting"]["wijk_naam"] == "Noord"
    wat_ruimer = shapely.box(189_990, 445_000, 191_000, 446_000)  # 1% outside Centrum
    assert start(wup, "WK0101", wat_ruimer)["samenvatting"]["wijk_code"] == "WK0101"
