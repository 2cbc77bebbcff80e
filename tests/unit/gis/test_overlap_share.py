"""overlap_aandeel judges a subject's share in the layer's (filtered) features together, not per feature.

Reviewer finding (s18, t10): an 80 x 80 m box straddling two CBS buurten, with a rule "at least 60%
overlap", gave no conflict although it lay 100% in the layer: the share was judged per (subject,
feature) pair, so a zone layer split into features (windzones, woningbouwlocaties) could miss a real
overlap. The PostGIS backend is held to the same answer in tests/integration/test_gis_postgis.py.
"""

from __future__ import annotations

import pytest

from gis.api import check
from gis.layers import Layer
from gis.rules import RuleSet, parse_rules
from tests.unit.gis.conftest import box, collection, feature, make_layer, point

SPLIT_RULES = """
[soorten]
woningbouw = "Woningbouw"

[[rule]]
id = "r-60"
beschrijving = "Woningbouw overlapt voor minstens 60% met een windzone."
onderwerp = ["woningbouw"]
laag = "zones"
predicaat = "overlap_aandeel"
minimaal_aandeel = 0.6
filter = { soort = "wind" }
ernst = "blokkerend"
afdeling = "RO"
bron = "test"
geldig_vanaf = 2024-01-01
"""

#: subject -> the features it is named with (see split_zones for the layer)
EXPECTED = {
    0: ["A"],  # 60% in A alone: named with A only (B and D hold 40% each)
    1: ["A"],  # 50% in A, 50% in B (and D, a copy of B): 100% in the zones; A and B equal, A first by id
    2: [],  # 50% in B and 50% in D, the same ground: 50% in the zones together, not 100%
    3: [],  # 25% in A and B (D), 50% in C, which the filter leaves out: 50% in the wind zones
    4: ["B", "D"],  # 70% in B and in D alone: both named, as before
    5: ["A"],  # a point in A: no share, the rule acts as snijdt
}


def split_zones() -> dict[str, Layer]:
    """One zone split into features A | B (100 x 100 m each), D a copy of B (overlapping zones count
    once), C a zone of another soort below them (left out by the rule's filter)."""
    return {
        "zones": make_layer(
            "zones",
            [box(0, 0, 100, 100), box(100, 0, 200, 100), box(0, -100, 200, 0), box(100, 0, 200, 100)],
            id=["A", "B", "C", "D"],
            soort=["wind", "wind", "zon", "wind"],
        )
    }


def split_subjects() -> dict:
    geometries = [
        box(40, 0, 140, 100),
        box(50, 0, 150, 100),
        box(150, 0, 250, 100),
        box(50, -50, 150, 50),
        box(130, 0, 230, 100),
    ]
    return collection(*(feature(g, "woningbouw") for g in [*geometries, point(50, 50)]))


def split_rules(layers: dict) -> RuleSet:
    return parse_rules(SPLIT_RULES, layers)


def named(result: dict) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {index: [] for index in EXPECTED}
    for conflict in result["conflicten"]:
        found[conflict["onderwerp_index"]].append(conflict["feature_id"])
    return found


def test_the_share_is_judged_against_the_layers_features_together():
    layers = split_zones()
    result = check(split_subjects(), layers, split_rules(layers), crs="EPSG:28992")
    assert named(result) == EXPECTED


def test_a_conflict_names_the_feature_with_its_own_measures():
    layers = split_zones()
    result = check(split_subjects(), layers, split_rules(layers), crs="EPSG:28992")
    [straddling] = [c for c in result["conflicten"] if c["onderwerp_index"] == 1]
    assert straddling["overlap_m2"] == pytest.approx(5000.0)
    assert straddling["overlap_aandeel"] == pytest.approx(0.5)
