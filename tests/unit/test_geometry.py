"""Incoming locations become RD New WKT; impossible coordinates are refused in Dutch."""

from __future__ import annotations

import pytest
from shapely import wkt

from processes.errors import ValidationError
from services.geometry import to_rd_wkt


def test_wgs84_point_is_transformed_to_rd():
    # Amersfoort's Onze Lieve Vrouwetoren, origin of the RD grid (155000, 463000)
    geom = wkt.loads(to_rd_wkt({"type": "Point", "coordinates": [5.387203658, 52.155172894]}))
    assert geom.x == pytest.approx(155000, abs=1) and geom.y == pytest.approx(463000, abs=1)


def test_rd_input_stays_and_a_self_intersecting_polygon_is_refused_where_it_crosses():
    """Tester finding input 2: a bowtie was stored as a two-part MULTIPOLYGON without a word."""
    square = "POLYGON ((226000 448000, 226100 448000, 226100 448100, 226000 448100, 226000 448000))"
    assert wkt.loads(to_rd_wkt(square, "EPSG:28992")).equals(wkt.loads(square))
    bowtie = "POLYGON ((226000 448000, 226100 448100, 226100 448000, 226000 448100, 226000 448000))"
    with pytest.raises(ValidationError) as caught:
        to_rd_wkt(bowtie, "EPSG:28992")
    assert caught.value.code == "geometrie-ongeldig"
    assert "snijdt zichzelf bij (226050, 448050)" in caught.value.detail


@pytest.mark.parametrize(
    ("geometry", "crs"),
    [
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[181000, 448000, 5], [181100, 448000, 5], [181100, 448100, 5], [181000, 448000, 5]]
                ],
            },
            "EPSG:28992",
        ),
        ("POLYGON Z ((181000 448000 5, 181100 448000 5, 181100 448100 5, 181000 448000 5))", "EPSG:28992"),
        ({"type": "Point", "coordinates": [5.77, 52.10, 3.0]}, None),
        ("POINT Z (5.77 52.1 3)", "EPSG:4326"),
    ],
)
def test_z_is_dropped_in_every_crs(geometry, crs):
    """Reviewer finding: a 3D RD location kept its Z ('POLYGON Z (...)') while WGS84 lost it."""
    result = to_rd_wkt(geometry, crs)
    assert not wkt.loads(result).has_z and " Z " not in f" {result} "


@pytest.mark.parametrize(
    ("geometry", "crs", "code"),
    [
        ({"type": "Point", "coordinates": [45.0, 12.0]}, None, "buiten-nederland"),
        ("POINT (900000 900000)", "EPSG:28992", "buiten-rd"),
        ("POINT EMPTY", None, "geometrie-leeg"),
        ("geen wkt", None, "geometrie-ongeldig"),
        ({"type": "Point", "coordinates": [5.0, 52.0]}, "EPSG:999999", "crs-onbekend"),
    ],
)
def test_bad_locations_are_refused(geometry, crs, code):
    with pytest.raises(ValidationError) as err:
        to_rd_wkt(geometry, crs)
    assert err.value.code == code


@pytest.mark.parametrize(
    "geometry",
    [
        "LINESTRING (226000 448000, NaN 448100, 226100 448100)",
        "MULTIPOINT ((226000 448000), (NaN NaN))",
        "POLYGON ((226000 448000, 226100 448000, 226100 NaN, 226000 448000))",
        "POLYGON ((226000 448000, 226100 448000, 226100 448100, NaN 448050, 226000 448000))",
        "LINESTRING (226000 448000, inf 448100)",
    ],
)
def test_any_non_finite_vertex_is_refused(geometry):
    """GEOS leaves NaN vertices out of the bounds: every vertex is checked (a 201 or a 500 before)."""
    with pytest.raises(ValidationError) as err:
        to_rd_wkt(geometry, "EPSG:28992")
    assert err.value.code == "geometrie-nan" and "geen getal" in str(err.value)


def test_an_advice_reason_names_the_departments_own_conflicts_and_rules_not_the_internal_ones():
    """Tester finding: every windpark advice task gave the whole case's count and highest severity as
    its reason ('287 in totaal, hoogste ernst blokkerend' for a department with one info conflict)."""
    from services.domain.locatiecheck import reasons

    def k(afdeling, regel, ernst="info", intern=False, beschrijving=""):
        return {
            "afdeling": afdeling,
            "regel": regel,
            "ernst": ernst,
            "intern": intern,
            "beschrijving": beschrijving,
        }

    live = [
        k("Grondzaken", "perceel-eigendom", beschrijving="Perceel van de gemeente"),
        k("Milieu", "bevi-contour", "blokkerend", intern=True, beschrijving="Bevi-contour van Chemie BV"),
        *[
            k("Milieu", f"geluid-{i}", "waarschuwing", beschrijving=f"Woning {i} binnen 500 m")
            for i in range(5)
        ],
    ]
    out = reasons(live)
    assert (
        out["Grondzaken"]
        == "1 conflict(en), hoogste ernst info: Perceel van de gemeente (regel perceel-eigendom)"
    )
    assert out["Milieu"].startswith(
        "6 conflict(en), hoogste ernst blokkerend: Woning 0 binnen 500 m (regel geluid-0)"
    )
    assert out["Milieu"].endswith(" en 2 meer") and "Chemie" not in out["Milieu"]  # internal: not in the text


def test_a_location_the_projection_to_rd_collapses_is_refused_naming_the_conversion(monkeypatch):
    """Invalid input is refused before the projection: only the conversion to RD can leave it empty."""
    from services import geometry

    line = wkt.loads("POLYGON ((155000 463000, 155010 463000, 155020 463000, 155000 463000))")
    monkeypatch.setattr(geometry, "_in_rd", lambda geom, crs: line)
    with pytest.raises(ValidationError) as info:
        to_rd_wkt({"type": "Point", "coordinates": [5.3872, 52.1552]})
    assert info.value.code == "geometrie-ongeldig" and info.value.detail == (
        "De geometrie is na de omrekening naar RD (EPSG:28992) en het herstel daarvan leeg: het vlak is zo "
        "smal dat er niets van overbleef."
    )
