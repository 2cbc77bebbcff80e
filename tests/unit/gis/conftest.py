"""Fixtures for gis unit tests: tiny layers with an explicit CRS, tiny rules, the demo municipality."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely

from gis.layers import Layer, layer_from_frame, load_layers
from gis.layers import settle_long_lived as REAL_SETTLE_LONG_LIVED
from gis.metadata import LayerMeta
from gis.rules import RuleSet, parse_rules

# An origin in the middle of the RD domain (Amersfoort); tiny layers are offsets from it.
X0, Y0 = 155_000.0, 463_000.0
REPO_ROOT = Path(__file__).resolve().parents[3]
GEODATA = REPO_ROOT.parent / "shared" / "geodata"

META = LayerMeta(familie="energie", bron="test", peildatum=dt.date(2026, 1, 1), licentie="CC0 1.0")


def make_layer(
    name: str, geometries: list[shapely.Geometry], *, crs: Any = 28992, **columns: list[Any]
) -> Layer:
    frame = gpd.GeoDataFrame(columns, geometry=list(geometries), crs=crs)
    return layer_from_frame(name, frame, META)


def box(dx0: float, dy0: float, dx1: float, dy1: float) -> shapely.Polygon:
    return shapely.box(X0 + dx0, Y0 + dy0, X0 + dx1, Y0 + dy1)


def point(dx: float, dy: float) -> shapely.Point:
    return shapely.Point(X0 + dx, Y0 + dy)


def feature(geometry: shapely.Geometry, soort: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"soort": soort, **properties},
        "geometry": json.loads(shapely.to_geojson(geometry)),
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


TINY_RULES = """
[soorten]
windturbine = "Windturbine"
woningbouw = "Woningbouw"
bouwwerk = "Bouwwerk"

[[rule]]
id = "r-snijdt"
beschrijving = "Snijdt een zone."
onderwerp = ["*"]
laag = "zones"
predicaat = "snijdt"
ernst = "waarschuwing"
afdeling = "RO"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "r-afstand"
beschrijving = "Binnen 100 m van een woning."
onderwerp = ["windturbine"]
laag = "woningen"
predicaat = "binnen_afstand"
afstand_m = 100
ernst = "blokkerend"
afdeling = "Milieu"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "r-aandeel"
beschrijving = "Minstens 25% in een zone."
onderwerp = ["woningbouw"]
laag = "zones"
predicaat = "overlap_aandeel"
minimaal_aandeel = 0.25
ernst = "info"
afdeling = "Wonen"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "r-filter"
beschrijving = "In een rode zone."
onderwerp = ["woningbouw", "bouwwerk"]
laag = "zones"
predicaat = "snijdt"
filter = { kleur = "rood" }
ernst = "blokkerend"
afdeling = "Netbeheerder"
bron = "test"
geldig_vanaf = 2030-01-01
intern = true
"""


@pytest.fixture
def tiny_layers() -> dict[str, Layer]:
    """zones: two 100 x 100 m squares (ids 'Z1' rood, 'Z2' geel); woningen: three points (row ids)."""
    return {
        "zones": make_layer(
            "zones", [box(0, 0, 100, 100), box(200, 0, 300, 100)], id=["Z1", "Z2"], kleur=["rood", "geel"]
        ),
        "woningen": make_layer(
            "woningen", [point(150, 50), point(400, 50), point(1000, 1000)], bouwjaar=[1990, 2000, 2010]
        ),
    }


@pytest.fixture
def tiny_rules(tiny_layers: dict[str, Layer]) -> RuleSet:
    return parse_rules(TINY_RULES, tiny_layers)


@pytest.fixture
def rules_text() -> str:
    return TINY_RULES


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.shared_build import shared_demo_layers

    return shared_demo_layers(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_layers(demo_dir: Path) -> dict[str, Layer]:
    return load_layers(demo_dir)


@pytest.fixture
def settled_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real ``gis.layers.settle_long_lived``: the other tests leave the layers they load unsettled
    (tests/conftest.py ``layers_left_unsettled``)."""
    from gis import layers

    monkeypatch.setattr(layers, "settle_long_lived", REAL_SETTLE_LONG_LIVED)
