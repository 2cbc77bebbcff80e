"""A ``gemeente`` layer without area (here the border loaded as a line) gives no municipal area, in every
path that reads it. Before, the paths disagreed: the energy services' own reading (energie_gis.gemeentegebied)
took an area of 0 as unknown, so the windpark intake did not check its turbines, while
services.gemeente_area.area_of took it as an area that nothing lies in, so the application form refused
every location as "buiten" the municipality and the locatiecheck warned of every object. Both now read
the area from services.gemeente_area.area_of: unknown. In memory (SQLite) and in PostGIS (PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gis.demo import demo_layers_dir
from services.clock import today
from services.config import Settings
from services.domain import energie_gis
from services.gemeente_area import area_of
from services.gemeentegebied import check_inside
from services.locatiecheck import check_document
from services.platform import Platform
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform, toestand
from tests.integration.test_windpark import start
from web import cli

BINNEN = (226_050, 448_050)  # the demo's town centre


@pytest.fixture
def lagen(tmp_path: Path) -> Path:
    """The demo layers, with the municipality's border loaded as a line: a ``gemeente`` without area."""
    directory = tmp_path / "lagen"
    shutil.copytree(demo_layers_dir(tmp_path / "demo"), directory)
    gemeente = gpd.read_file(directory / "gemeente.gpkg")
    gemeente["geometry"] = gemeente.geometry.boundary
    gemeente.to_file(directory / "gemeente.gpkg", driver="GPKG")
    return directory


def _geen_gebied_in_elk_pad(platform: Platform) -> None:
    point = shapely.Point(BINNEN)
    check_inside(platform, point.wkt)  # the application form: no refusal "ligt buiten"
    body = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": point.__geo_interface__}
        ],
    }
    result = check_document(
        platform.settings,
        json.dumps(body),
        crs="EPSG:28992",
        peildatum=today(platform.clock),
        buiten_gemeente=True,
    )
    assert [w for w in result["waarschuwingen"] if w["code"] == "buiten-gemeente"] == []
    energie_platform(platform, WIND_MODELLEN)
    platform.layer_source = None  # the intake reads the configured layers, as in production
    zaak = str(start(platform, 4.0, 1, geometry=f"MULTIPOINT (({BINNEN[0]} {BINNEN[1]}))")["zaak"])
    assert "niet gecontroleerd: geen lagen beschikbaar" in toestand(platform, zaak)[1]
    assert area_of(energie_gis.lagen(None, platform.settings)) is None  # the intake's layers, read again


def test_a_gemeente_layer_without_area_is_no_area_in_memory(lagen: Path, settings: Settings, clock) -> None:
    platform = Platform.create(settings.with_(gis_layers_dir=str(lagen)), clock, migrate=False)
    try:
        _geen_gebied_in_elk_pad(platform)
    finally:
        platform.close()


@pytest.mark.postgres
def test_a_gemeente_layer_without_area_is_no_area_in_postgis(lagen: Path, pg_platform: Platform) -> None:
    assert cli.main(["gis", "load", str(lagen), "--database", pg_platform.settings.database_url]) == 0
    _geen_gebied_in_elk_pad(pg_platform)
