"""Result shape: deterministic order, summary, overrides, public view."""

from __future__ import annotations

import json

import pytest

from gis import errors
from gis.api import check, public_view
from processes.errors import ValidationError
from tests.unit.gis.conftest import box, collection, feature, point


def _subjects():
    return collection(
        feature(box(50, 10, 250, 90), "bouwwerk"),  # Z1 + Z2, Z1 rood
        feature(point(200, 50), "windturbine"),  # woning 0 at 50 m, Z2 edge? no: x=200 is Z2's edge
        feature(box(50, 50, 150, 150), "woningbouw"),
    )


def test_output_keys(tiny_layers, tiny_rules):
    result = check(_subjects(), tiny_layers, tiny_rules, crs="EPSG:28992")
    assert set(result) == {"conflicten", "samenvatting", "waarschuwingen"}
    expected = {
        "regel", "laag", "feature_id", "feature_naam", "onderwerp_index", "soort", "ernst", "afdeling",
        "beschrijving", "bron", "afstand_m", "overlap_m2", "overlap_aandeel", "intern", "overschreven",
    }  # fmt: skip
    assert all(set(c) == expected for c in result["conflicten"])
    summary = result["samenvatting"]
    assert summary["aantal"] == len(result["conflicten"])
    assert summary["hoogste_ernst"] == "blokkerend"
    assert summary["afdelingen"] == sorted(set(summary["afdelingen"]))
    assert summary["per_ernst"]["blokkerend"] >= 1
    json.dumps(result)  # JSON-ready


def test_sorted_by_subject_severity_rule_layer_feature(tiny_layers, tiny_rules):
    result = check(_subjects(), tiny_layers, tiny_rules, crs="EPSG:28992")
    rank = {"blokkerend": 0, "waarschuwing": 1, "info": 2}
    keys = [
        (c["onderwerp_index"], rank[c["ernst"]], c["regel"], c["laag"], str(c["feature_id"]))
        for c in result["conflicten"]
    ]
    assert keys == sorted(keys)
    first = [c for c in result["conflicten"] if c["onderwerp_index"] == 0]
    assert [c["regel"] for c in first] == ["r-filter", "r-snijdt", "r-snijdt"]
    assert [c["feature_id"] for c in first[1:]] == ["Z1", "Z2"]


def test_deterministic(tiny_layers, tiny_rules):
    body = json.dumps(_subjects())
    results = {
        json.dumps(check(body, tiny_layers, tiny_rules, crs="EPSG:28992"), sort_keys=True) for _ in range(3)
    }
    assert len(results) == 1


def test_deterministic_on_demo(demo_layers):
    from gis.api import default_rules_path, load_rules
    from gis.demo import DEMO_CENTRE_RD

    rules = load_rules(default_rules_path(), demo_layers)
    cx, cy = DEMO_CENTRE_RD
    import shapely

    body = collection(
        feature(shapely.box(cx - 800, cy - 800, cx + 800, cy + 800), "wijk"),
        feature(shapely.Point(cx + 3300, cy - 3000), "windturbine"),
    )
    first = check(body, demo_layers, rules, crs="EPSG:28992")
    second = check(json.dumps(body).encode(), demo_layers, rules, crs="EPSG:28992")
    assert first == second and first["samenvatting"]["aantal"] > 5


def test_overrides_are_flagged_and_left_out_of_summary(tiny_layers, tiny_rules):
    subject = collection(feature(box(50, 10, 250, 90), "bouwwerk"))
    plain = check(subject, tiny_layers, tiny_rules, crs="EPSG:28992")
    assert plain["samenvatting"]["hoogste_ernst"] == "blokkerend"
    result = check(
        subject,
        tiny_layers,
        tiny_rules,
        crs="EPSG:28992",
        overrides={("r-filter", "zones", "Z1"), ("r-snijdt", "zones", "Z2")},
    )
    flagged = {(c["regel"], c["feature_id"]) for c in result["conflicten"] if c["overschreven"]}
    assert flagged == {("r-filter", "Z1"), ("r-snijdt", "Z2")}
    assert len(result["conflicten"]) == len(plain["conflicten"])
    summary = result["samenvatting"]
    assert summary["hoogste_ernst"] == "waarschuwing"
    assert summary["afdelingen"] == ["RO"]
    assert summary["aantal"] == 1 and summary["aantal_overschreven"] == 2


def test_override_feature_id_matches_as_text(tiny_layers, tiny_rules):
    subject = collection(feature(point(200, 50), "windturbine"))
    result = check(
        subject,
        tiny_layers,
        tiny_rules,
        crs="EPSG:28992",
        overrides=[{"regel": "r-afstand", "laag": "woningen", "feature_id": "0"}],
    )
    assert [c["overschreven"] for c in result["conflicten"] if c["regel"] == "r-afstand"] == [True]


def test_bad_override(tiny_layers, tiny_rules):
    with pytest.raises(ValidationError) as caught:
        check(
            collection(feature(point(0, 0), "bouwwerk")),
            tiny_layers,
            tiny_rules,
            crs="EPSG:28992",
            overrides=["r-snijdt"],
        )
    assert caught.value.code == errors.BAD_OVERRIDE


def test_public_view_hides_internal_conflicts(tiny_layers, tiny_rules):
    result = check(
        collection(feature(box(50, 10, 250, 90), "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    public = public_view(result)
    assert all(not c["intern"] for c in public["conflicten"])
    assert public["samenvatting"]["afdelingen"] == ["RO"]
    assert public["samenvatting"]["hoogste_ernst"] == "waarschuwing"
