"""On PostgreSQL the municipal area for the application form comes from PostGIS (issue 16.2)."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services.gemeentegebied import check_inside, gemeentegebied
from tests.shared_build import shared_demo_layers
from web import cli

pytestmark = pytest.mark.postgres


def test_inside_and_outside_the_municipality_on_postgis(pg_platform, tmp_path_factory):
    directory = shared_demo_layers(tmp_path_factory)  # generated once per run, as in the instance folder
    assert cli.main(["gis", "load", str(directory), "--database", pg_platform.settings.database_url]) == 0
    area = gemeentegebied(pg_platform)
    assert area is not None and area.area.area > 1_000_000
    check_inside(pg_platform, "POINT (226050 448050)")  # the town centre: no error
    with pytest.raises(ValidationError) as exc:
        check_inside(pg_platform, "POINT (121400 487400)")  # the Dam, Amsterdam (RD New)
    assert exc.value.code == "buiten-gemeente" and "bevoegd gezag" in exc.value.detail


def test_the_refusal_names_the_neighbour_on_postgis_as_in_memory(pg_platform, tmp_path_factory):
    """Reviewer gis11 #1: on PostGIS the refusal said "in een andere gemeente" (no gemeentegrens read)."""
    from shapely.geometry import box

    directory = shared_demo_layers(tmp_path_factory)  # generated once per run, as in the instance folder
    assert cli.main(["gis", "load", str(directory), "--database", pg_platform.settings.database_url]) == 0
    area = gemeentegebied(pg_platform)
    assert area is not None and {name for name, _ in area.borders} >= {"Noorderbroek (fictief)"}
    minx, miny, maxx, maxy = area.area.bounds
    north = ((minx + maxx) / 2, maxy + 300)  # 300 m north of the northernmost point
    with pytest.raises(ValidationError) as exc:
        check_inside(pg_platform, f"POINT ({north[0]} {north[1]})")
    detail = exc.value.detail
    assert (
        "buiten" in detail and "De locatie ligt waarschijnlijk in gemeente Noorderbroek (fictief)." in detail
    )
    across = box(north[0] - 50, maxy - 400, north[0] + 50, north[1])  # across the northern border
    with pytest.raises(ValidationError) as exc:
        check_inside(pg_platform, across.wkt)
    assert "ligt deels buiten" in exc.value.detail
    assert "waarschijnlijk in gemeente Noorderbroek (fictief)" in exc.value.detail


def test_the_check_warns_of_a_location_outside_the_municipality_on_postgis(pg_platform, tmp_path_factory):
    """Review gis18, 7, on PostGIS as in memory (tests/e2e/test_gis_interfaces.py): an object outside the
    municipality gets the warning ``buiten-gemeente``; one inside gets none."""
    import datetime as dt

    from tests.integration.test_gemeente_area_kept import warnings_for

    directory = shared_demo_layers(tmp_path_factory)  # generated once per run, as in the instance folder
    assert cli.main(["gis", "load", str(directory), "--database", pg_platform.settings.database_url]) == 0
    points = [(226050, 448050), (121400, 487400)]  # the town centre; the Dam, Amsterdam
    assert warnings_for(pg_platform.settings, points, dt.date(2026, 12, 6)) == [("buiten-gemeente", 1)]
