"""Real Dutch open data from ../shared/geodata: the check must equal a brute-force all-pairs computation.

Natura 2000 there is in EPSG:4326, so the layer reprojection path is exercised. Skipped with a reason
when the shared data is absent.
"""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gis.api import check, load_layer, parse_rules
from gis.layers import Layer
from gis.metadata import LayerMeta
from tests.unit.gis.real_data import shared_geodata, subjects_json

N2K_META = LayerMeta(
    familie="natuur", bron="RVO via PDOK", peildatum=dt.date(2024, 1, 1), licentie="publiek domein"
)
BGT_META = LayerMeta(familie="wonen", bron="BGT", peildatum=dt.date(2020, 1, 1), licentie="CC0 1.0")

RULES = """
[soorten]
bouwwerk = "Bouwwerk"
perceel = "Perceel"

[[rule]]
id = "n2k-snijdt"
beschrijving = "In Natura 2000."
onderwerp = ["*"]
laag = "natura2000"
predicaat = "snijdt"
ernst = "blokkerend"
afdeling = "Provincie"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "n2k-200m"
beschrijving = "Binnen 200 m van Natura 2000."
onderwerp = ["perceel"]
laag = "natura2000"
predicaat = "binnen_afstand"
afstand_m = 200
ernst = "waarschuwing"
afdeling = "Provincie"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "perceel-pand"
beschrijving = "Perceel raakt een pand."
onderwerp = ["perceel"]
laag = "bgt_pand"
predicaat = "snijdt"
ernst = "info"
afdeling = "Grondzaken"
bron = "test"
geldig_vanaf = 2024-01-01
"""


@pytest.fixture(scope="module")
def natura2000(request) -> Layer:
    path = shared_geodata(request, "natura2000/natura2000_nl.gpkg")
    return load_layer(path, name="natura2000", meta=N2K_META, sublayer="natura2000")


def _interiors_meet(geom: shapely.Geometry, subjects: np.ndarray) -> np.ndarray:
    return shapely.intersects(geom, subjects) & ~shapely.touches(geom, subjects)


def _brute_force(subjects: np.ndarray, features: np.ndarray, predicate) -> set[tuple[int, int]]:
    pairs = set()
    for j, geom in enumerate(features):  # no index: every subject against every feature
        shapely.prepare(geom)
        hits = np.flatnonzero(predicate(geom, subjects))
        pairs.update((int(i), j) for i in hits)
    return pairs


def _reference_n2k(request) -> gpd.GeoDataFrame:
    """Natura 2000 reprojected independently of gis.layers (pyproj via geopandas, no repair)."""
    frame = pyogrio.read_dataframe(
        shared_geodata(request, "natura2000/natura2000_nl.gpkg"), layer="natura2000"
    )
    assert frame.crs.to_epsg() == 4326
    return frame.to_crs(28992)


def test_doesburg_buildings_in_rijntakken(request, natura2000):
    panden = pyogrio.read_dataframe(
        shared_geodata(request, "doesburg/bag_panden_doesburg.gpkg"), layer="pand"
    )
    layers = {"natura2000": natura2000, "bgt_pand": natura2000}
    rules = parse_rules(RULES.replace('laag = "bgt_pand"', 'laag = "natura2000"'), layers)
    result = check(subjects_json(panden, "bouwwerk"), layers, rules, crs="EPSG:28992")
    got = {(c["onderwerp_index"], c["feature_id"]) for c in result["conflicten"]}
    n2k = _reference_n2k(request)
    expected = _brute_force(
        np.asarray(panden.geometry.array), np.asarray(n2k.geometry.array), shapely.intersects
    )
    assert got == expected
    assert len(got) == 6
    assert {c["feature_naam"] for c in result["conflicten"]} == {"Rijntakken"}


def test_otterlo_parcels_and_buildings(request, natura2000):
    parcels = pyogrio.read_dataframe(
        shared_geodata(request, "otterlo/brk_perceel_otterlo.gpkg"), layer="perceel"
    )
    bgt = load_layer(
        shared_geodata(request, "otterlo/bgt_pand_otterlo.gpkg"),
        name="bgt_pand",
        meta=BGT_META,
        sublayer="bgt_pand",
    )
    layers = {"natura2000": natura2000, "bgt_pand": bgt}
    rules = parse_rules(RULES, layers)
    body = json.loads(subjects_json(parcels, "perceel"))
    body["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    result = check(body, layers, rules)

    n2k = _reference_n2k(request)
    veluwe = n2k.geometry[n2k["naam"] == "Veluwe"].iloc[0]
    subject_geoms = np.asarray(parcels.geometry.array)
    near = {
        (c["onderwerp_index"], c["feature_naam"]): c["afstand_m"]
        for c in result["conflicten"]
        if c["regel"] == "n2k-200m"
    }
    distances = shapely.distance(subject_geoms, veluwe)
    assert near == {
        (int(i), "Veluwe"): pytest.approx(round(float(distances[i]), 2), abs=0.01)
        for i in np.flatnonzero(distances <= 200)
    }
    assert min(near.values()) == pytest.approx(157.5, abs=1.0)  # "about 160 m from the Veluwe"
    assert not [c for c in result["conflicten"] if c["regel"] == "n2k-snijdt"]

    buildings = np.asarray(bgt.frame.geometry.array)
    got = {
        (c["onderwerp_index"], c["feature_id"]) for c in result["conflicten"] if c["regel"] == "perceel-pand"
    }
    # snijdt: the interiors meet; the 4 parcels that only share a border with a building are out
    expected = _brute_force(subject_geoms, buildings, _interiors_meet)
    assert got == expected and len(got) == 22
    assert len(_brute_force(subject_geoms, buildings, shapely.intersects) - expected) == 4
    overlaps = {
        (c["onderwerp_index"], c["feature_id"]): c["overlap_m2"]
        for c in result["conflicten"]
        if c["regel"] == "perceel-pand"
    }
    for i, j in expected:
        assert overlaps[(i, j)] == pytest.approx(
            shapely.intersection(subject_geoms[i], buildings[j]).area, abs=0.01
        )


def test_otterlo_buildings_in_veluwe(request, natura2000):
    bgt = pyogrio.read_dataframe(shared_geodata(request, "otterlo/bgt_pand_otterlo.gpkg"), layer="bgt_pand")
    layers = {"natura2000": natura2000, "bgt_pand": natura2000}
    rules = parse_rules(RULES.replace('laag = "bgt_pand"', 'laag = "natura2000"'), layers)
    result = check(subjects_json(bgt, "bouwwerk"), layers, rules, crs="EPSG:28992")
    hits = [c for c in result["conflicten"] if c["regel"] == "n2k-snijdt"]
    assert len(hits) == 6 and {c["feature_naam"] for c in hits} == {"Veluwe"}
    n2k = _reference_n2k(request)
    expected = _brute_force(
        np.asarray(bgt.geometry.array), np.asarray(n2k.geometry.array), shapely.intersects
    )
    assert {(c["onderwerp_index"], c["feature_id"]) for c in hits} == expected
