"""Each rule predicate on tiny geometries with an explicit CRS."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from gis.api import check, parse_rules
from tests.unit.gis.conftest import TINY_RULES, X0, Y0, box, collection, feature, make_layer, point


def _conflicts(result: dict, regel: str) -> list[dict]:
    return [c for c in result["conflicten"] if c["regel"] == regel]


def test_snijdt_polygon_overlap_measures(tiny_layers, tiny_rules):
    subject = box(50, 50, 150, 150)  # 100 x 100, a quarter inside Z1
    result = check(collection(feature(subject, "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992")
    [hit] = _conflicts(result, "r-snijdt")
    assert hit["feature_id"] == "Z1"
    assert hit["laag"] == "zones"
    assert hit["afstand_m"] is None  # the subject lies in Z1: no distance (was 0.0, read as "< 1 m")
    assert hit["overlap_m2"] == pytest.approx(2500.0)
    assert hit["overlap_aandeel"] == pytest.approx(0.25)


def test_snijdt_point_has_no_share(tiny_layers, tiny_rules):
    result = check(collection(feature(point(250, 50), "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992")
    [hit] = _conflicts(result, "r-snijdt")
    assert hit["feature_id"] == "Z2"
    assert hit["overlap_m2"] == 0.0
    assert hit["overlap_aandeel"] is None


def test_snijdt_miss(tiny_layers, tiny_rules):
    result = check(
        collection(feature(point(500, 500), "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    assert result["conflicten"] == []
    assert result["samenvatting"]["hoogste_ernst"] is None
    assert result["samenvatting"]["afdelingen"] == []


def test_binnen_afstand_reports_minimum_distance(tiny_layers, tiny_rules):
    # woning 0 at (150, 50): 50 m away; woning 1 at (400, 50): 200 m away (outside 100 m)
    result = check(
        collection(feature(point(200, 50), "windturbine")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    hits = _conflicts(result, "r-afstand")
    assert [h["feature_id"] for h in hits] == [0]  # row number: woningen has no id column
    assert hits[0]["afstand_m"] == pytest.approx(50.0)
    assert hits[0]["ernst"] == "blokkerend"


def test_binnen_afstand_applies_only_to_its_soort(tiny_layers, tiny_rules):
    result = check(collection(feature(point(200, 50), "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992")
    assert _conflicts(result, "r-afstand") == []


def test_binnen_afstand_boundary_is_inclusive(tiny_layers, tiny_rules):
    result = check(
        collection(feature(point(250, 50), "windturbine")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    assert [h["afstand_m"] for h in _conflicts(result, "r-afstand")] == [100.0]


def test_overlap_aandeel_threshold(tiny_layers, tiny_rules):
    quarter = box(50, 50, 150, 150)  # 25% in Z1
    little = box(90, 0, 190, 100)  # 10% in Z1
    result = check(
        collection(feature(quarter, "woningbouw"), feature(little, "woningbouw")),
        tiny_layers,
        tiny_rules,
        crs="EPSG:28992",
    )
    hits = _conflicts(result, "r-aandeel")
    assert [(h["onderwerp_index"], h["feature_id"]) for h in hits] == [(0, "Z1")]
    assert hits[0]["overlap_aandeel"] == pytest.approx(0.25)
    assert hits[0]["overlap_m2"] == pytest.approx(2500.0)


def test_overlap_aandeel_point_subject_acts_as_snijdt(tiny_layers, tiny_rules):
    result = check(
        collection(feature(point(10, 10), "woningbouw")), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    [hit] = _conflicts(result, "r-aandeel")
    assert hit["overlap_aandeel"] is None


def test_filter_on_attribute_and_intern_flag(tiny_layers, tiny_rules):
    subject = box(50, 10, 250, 90)  # crosses Z1 (rood) and Z2 (geel)
    result = check(collection(feature(subject, "bouwwerk")), tiny_layers, tiny_rules, crs="EPSG:28992")
    hits = _conflicts(result, "r-filter")
    assert [h["feature_id"] for h in hits] == ["Z1"]
    assert hits[0]["intern"] is True
    assert {h["feature_id"] for h in _conflicts(result, "r-snijdt")} == {"Z1", "Z2"}


def test_peildatum_skips_rules_not_yet_in_force(tiny_layers, tiny_rules):
    subject = collection(feature(box(50, 10, 250, 90), "bouwwerk"))
    result = check(subject, tiny_layers, tiny_rules, crs="EPSG:28992", peildatum=dt.date(2026, 1, 1))
    assert _conflicts(result, "r-filter") == []
    assert _conflicts(result, "r-snijdt")


def test_line_subject_distance(tiny_layers, tiny_rules):
    import shapely

    from tests.unit.gis.conftest import X0, Y0

    line = shapely.LineString([(X0 + 150, Y0 + 120), (X0 + 400, Y0 + 120)])
    result = check(collection(feature(line, "windturbine")), tiny_layers, tiny_rules, crs="EPSG:28992")
    distances = {h["feature_id"]: h["afstand_m"] for h in _conflicts(result, "r-afstand")}
    assert distances == {0: 70.0, 1: 70.0}


def test_snijdt_and_overlap_aandeel_exclude_a_plot_that_only_borders(tiny_layers, tiny_rules):
    """A plot sharing an edge is not in the zone (0 m2 inside); a point on the border and a line along
    it are (until the fix of review wup17 F3 they were in neither, like the plot)."""
    between = box(100, 0, 200, 100)  # shares its west edge with Z1 and its east edge with Z2
    on_border = point(100, 50)
    along = shapely.LineString([(X0 + 100, Y0), (X0 + 100, Y0 + 100)])
    result = check(
        collection(
            feature(between, "woningbouw"), feature(on_border, "woningbouw"), feature(along, "bouwwerk")
        ),
        tiny_layers,
        tiny_rules,
        crs="EPSG:28992",
    )
    hits = {(c["onderwerp_index"], c["feature_id"]) for c in _conflicts(result, "r-snijdt")}
    assert hits == {(1, "Z1"), (2, "Z1")}
    assert [(c["onderwerp_index"], c["feature_id"]) for c in _conflicts(result, "r-aandeel")] == [(1, "Z1")]


def test_a_point_or_line_on_the_shared_border_of_two_areas_lies_in_both():
    """Areas that tile a region (capacity areas): a turbine on their shared border lies in both, as
    does a line along it; a plot on either side lies in its own area only, and a line that only
    ends on the border (its end point, not its interior, on it) lies in neither (review wup17 F3), nor
    one that meets the border in a single point, at a corner (review sessie17: 0 m inside)."""
    layers = {
        "zones": make_layer(
            "zones",
            [box(0, 0, 100, 100), box(0, 100, 100, 200)],
            id=["Zuid", "Noord"],
            kleur=["rood", "oranje"],
        ),
        "woningen": make_layer("woningen", [point(1000, 1000)]),
    }
    rules = parse_rules(TINY_RULES, layers)
    subjects = [
        point(50, 100),  # on the shared edge
        point(0, 100),  # on the shared edge's end, at the region's border
        shapely.LineString([(X0 + 20, Y0 + 100), (X0 + 80, Y0 + 100)]),  # along the shared edge
        box(0, 0, 100, 100),  # the southern area itself
        shapely.LineString([(X0 - 50, Y0 + 50), (X0, Y0 + 50)]),  # ends on the southern area's border
        # a bend at both areas' shared corner, east of them: it meets them in that one point only
        shapely.LineString([(X0 + 110, Y0 + 90), (X0 + 100, Y0 + 100), (X0 + 110, Y0 + 110)]),
    ]
    result = check(
        collection(*(feature(g, "windturbine") for g in subjects)), layers, rules, crs="EPSG:28992"
    )
    hits = {(c["onderwerp_index"], c["feature_id"]) for c in _conflicts(result, "r-snijdt")}
    assert hits == {
        (0, "Zuid"),
        (0, "Noord"),
        (1, "Zuid"),
        (1, "Noord"),
        (2, "Zuid"),
        (2, "Noord"),
        (3, "Zuid"),
    }


def test_overlap_share_of_one_holds_for_a_plot_equal_to_its_feature():
    """GEOS gives 0.9999999999999999 for such a plot: "at least 1.0" must still hold (SHARE_TOLERANCE)."""
    import geopandas as gpd

    from gis.api import parse_rules
    from gis.layers import layer_from_frame
    from gis.metadata import LayerMeta

    plot = shapely.Polygon(
        [(200005.733, 450007.611), (199996.147, 450010.17), (199995.448, 450002.9), (199987.622, 449999.526),
         (200004.992, 449991.287), (200007.992, 449997.825), (200012.388, 449996.51)]
    )  # fmt: skip
    assert shapely.intersection(plot, plot).area < plot.area
    meta = LayerMeta(familie="natuur", bron="t", peildatum=dt.date(2024, 1, 1), licentie="CC0")
    layers = {"pand": layer_from_frame("pand", gpd.GeoDataFrame(geometry=[plot], crs=28992), meta)}
    rules = parse_rules(
        '[soorten]\nx = "x"\n[[rule]]\nid = "r"\nbeschrijving = "r"\nonderwerp = ["*"]\nlaag = "pand"\n'
        'predicaat = "overlap_aandeel"\nminimaal_aandeel = 1.0\nernst = "info"\nafdeling = "A"\nbron = "t"\n'
        "geldig_vanaf = 2024-01-01\n",
        layers,
    )
    result = check(collection(feature(plot, "x")), layers, rules, crs="EPSG:28992")
    assert [c["feature_id"] for c in result["conflicten"]] == [0]
