"""The municipality's area is read once per set of layers and kept (services.gemeente_area), and new layers
are seen at once: in memory when the layer folder changes, in PostGIS when `ruimteflow gis load` in
another process changes the ``gemeente`` layer. Before, every locatiecheck over the API or the command
line, every application form and windpark intake read and unioned the area again (PostGIS: 4.6 ms of a
13 ms check of one point; in memory up to 0.4 s for a large multipolygon)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pytest
import shapely

from services.config import Settings
from services.gemeentegebied import gemeentegebied
from services.kaart_layers import configured_layers
from services.locatiecheck import check_document, postgis_backend
from services.platform import Platform
from tests.shared_build import shared_demo_layers
from tests.sql_statements import statements
from web import cli

ROOT = Path(__file__).resolve().parents[2]
TOWN = (226_050.0, 448_050.0)  # the demo's town centre
EAST = (227_550.0, 448_050.0)  # 1.5 km east of it: in the demo municipality, not in the smaller one
SMALLER = shapely.box(TOWN[0] - 500, TOWN[1] - 500, TOWN[0] + 500, TOWN[1] + 500)


@pytest.fixture
def folders(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, Path]:
    """The demo's layers, and the same with the municipality shrunk to a square around the town centre."""
    demo = shared_demo_layers(tmp_path_factory)
    before, after = tmp_path / "voor", tmp_path / "na"
    shutil.copytree(demo, before)
    shutil.copytree(demo, after)
    gemeente = gpd.read_file(after / "gemeente.gpkg")
    gemeente = gemeente.iloc[:1].set_geometry([SMALLER], crs=gemeente.crs)
    (after / "gemeente.gpkg").unlink()
    gemeente.to_file(after / "gemeente.gpkg", driver="GPKG")
    return before, after


def warnings_for(
    settings: Settings, points: Sequence[tuple[float, float]], peildatum: dt.date = dt.date(2026, 3, 2)
) -> list[tuple[str, int]]:
    """(code, object) of each warning of the API's check (``buiten_gemeente``) of buildings at ``points``."""
    result = check_document(
        settings, buildings(points), crs="EPSG:28992", peildatum=peildatum, buiten_gemeente=True
    )
    return [(w["code"], w["onderwerp_index"]) for w in result["waarschuwingen"]]


def buildings(points: Sequence[tuple[float, float]]) -> str:
    """A GeoJSON body (RD New) of a building at each of ``points``."""
    features = [
        {
            "type": "Feature",
            "properties": {"soort": "bouwwerk"},
            "geometry": shapely.Point(p).__geo_interface__,
        }
        for p in points
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


def _kept_then_replaced(platform: Platform, replace: Callable[[], None]) -> None:
    first = gemeentegebied(platform)
    assert first is not None and first.area.covers(shapely.Point(EAST))
    assert gemeentegebied(platform) is first  # kept, not read again (the old code read it on every call)
    assert warnings_for(platform.settings, (TOWN, EAST)) == []
    replace()
    after = gemeentegebied(platform)
    assert after is not None and after is not first and after.area.equals(SMALLER)
    assert warnings_for(platform.settings, (TOWN, EAST)) == [("buiten-gemeente", 1)]  # the check sees it too


def test_a_changed_layer_folder_gives_the_new_area_in_memory(folders, settings: Settings, clock) -> None:
    before, after = folders
    platform = Platform.create(settings.with_(gis_layers_dir=str(before)), clock, migrate=False)

    def replace() -> None:  # the folder's gemeente.gpkg replaced, as an administrator would
        shutil.copy2(after / "gemeente.gpkg", before / "gemeente.gpkg")

    try:
        _kept_then_replaced(platform, replace)
    finally:
        platform.close()


@pytest.mark.postgres
def test_gis_load_in_another_process_gives_the_new_area_on_postgis(folders, pg_platform: Platform) -> None:
    before, after = folders
    url = pg_platform.settings.database_url
    assert cli.main(["gis", "load", str(before), "--database", url]) == 0

    def replace() -> None:  # `ruimteflow gis load` in its own process, as on a live system
        load = "import sys; from web.cli import main; sys.exit(main(sys.argv[1:]))"
        argv = [sys.executable, "-c", load, "gis", "load", str(after), "--database", url]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    _kept_then_replaced(pg_platform, replace)


@pytest.mark.postgres
def test_a_kept_area_costs_no_statement_on_postgis(folders, pg_platform: Platform) -> None:
    # was: the check and the application form read the area's key (the signatures of gemeente and
    # gemeentegrens) in a transaction of their own on every call (the shared lock, whether the registry is
    # there, the signatures), although the layer catalog they had just read under its stamp names them
    before, _after = folders
    settings = pg_platform.settings
    assert cli.main(["gis", "load", str(before), "--database", settings.database_url]) == 0
    layers_engine = SimpleNamespace(engine=postgis_backend(settings).engine)  # the check's, by URL
    sent: dict[bool, list[str]] = {}
    for buiten_gemeente in (True, False, True):  # the first reads and keeps the catalog and the area
        with statements(layers_engine) as sent[buiten_gemeente]:
            check_document(
                settings,
                buildings((TOWN, EAST)),
                crs="EPSG:28992",
                peildatum=dt.date(2026, 3, 2),
                buiten_gemeente=buiten_gemeente,
            )
    assert sent[True] == sent[False]
    assert gemeentegebied(pg_platform) is not None  # the application form's area, read and kept
    with statements(pg_platform) as catalog_only:
        configured_layers(pg_platform)
    with statements(pg_platform) as with_area:
        assert gemeentegebied(pg_platform) is not None
    assert with_area == catalog_only
