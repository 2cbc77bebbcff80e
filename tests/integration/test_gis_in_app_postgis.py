"""With PostgreSQL the app's locatiecheck, map layers and wijkanalyse run in PostGIS, equal to in memory.

Needs RUIMTEFLOW_TEST_DATABASE_URL (PostgreSQL with PostGIS); skipped with a reason otherwise.
The in-memory LayerCache of the web process must stay empty, and a spy proves the PostGIS backend ran.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from gis.api import check, default_rules_path, load_layers, load_rules
from gis.demo import DEMO_CENTRE_RD, demo_bbox_wgs84
from gis.matching import MemoryBackend
from services import cases, deployments, kaart, locatiecheck, users
from services.clock import today
from services.config import Settings
from services.domain import energie_gis
from services.gemeente_area import area_of
from services.store.postgis import PostgisBackend
from tests.conftest import FIXTURES
from tests.shared_build import shared_demo_layers
from web import cli

pytestmark = pytest.mark.postgres
TURBINE_IN_TOWN = "POINT (226000 448000)"


@pytest.fixture(scope="module")
def demo_loaded(pg_worker_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The demo layers (generated once per run) loaded into the worker's database with `ruimteflow gis load`
    once for this module, and read into memory: the layer tables are no app tables (``pg_url`` leaves
    them), no test here changes them (every other load is refused or finds them unchanged) and the tests
    only read the layers in memory. Loaded per test it was a second of CPU each (generate, read, compare)."""
    directory = shared_demo_layers(tmp_path_factory)
    assert cli.main(["gis", "load", str(directory), "--database", pg_worker_url]) == 0
    return directory, load_layers(directory)


@pytest.fixture
def pg_gis(pg_platform, demo_loaded, monkeypatch):
    """A PostgreSQL platform whose demo layers were loaded with `ruimteflow gis load`."""
    directory, layers = demo_loaded
    monkeypatch.setattr(locatiecheck, "_layer_cache", None)
    calls: list[int] = []
    original = PostgisBackend.find_conflicts

    def spy(self, subjects, rules):  # type: ignore[no-untyped-def]
        calls.append(len(subjects))
        return original(self, subjects, rules)

    def forbidden(self, subjects, rules):  # type: ignore[no-untyped-def]
        raise AssertionError("in-memory matching used on PostgreSQL")

    monkeypatch.setattr(PostgisBackend, "find_conflicts", spy)
    monkeypatch.setattr(MemoryBackend, "find_conflicts", forbidden)
    return pg_platform, layers, calls


def _memory_result(layers, wkt: str, soort: str) -> dict:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"soort": soort},
                "geometry": json.loads(shapely.to_geojson(shapely.from_wkt(wkt))),
            }
        ],
    }
    return check(fc, layers, load_rules(default_rules_path(), layers), crs="EPSG:28992", max_bytes=None)


def test_case_locatiecheck_runs_in_postgis_with_the_in_memory_result(pg_gis, monkeypatch):
    platform, layers, calls = pg_gis
    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    for name, group in (("mila", "Milieu"), ("nina", "Netbeheerder")):
        users.add_user(platform, name, groups=[group], role="adviseur")
    case = cases.start_case(
        platform, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=TURBINE_IN_TOWN
    )
    stored = cases.get_case(platform, case["zaak"])["conflicten"]
    assert calls == [1]  # the check of this case ran in PostGIS
    assert locatiecheck._layer_cache is None  # no layer loaded into this (web) process
    monkeypatch.undo()  # the in-memory reference result
    expected = _memory_result(layers, TURBINE_IN_TOWN, "windturbine")["conflicten"]
    assert len(stored) == len(expected) > 0
    key = ("regel", "laag", "feature_id", "afdeling", "ernst")
    assert sorted(tuple(str(c[k]) for k in key) for c in stored) == sorted(
        tuple(str(c[k]) for k in key) for c in expected
    )


def test_api_check_document_and_layer_list_use_postgis(pg_gis):
    platform, layers, calls = pg_gis
    body = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"soort": "windturbine"},
                    "geometry": json.loads(shapely.to_geojson(shapely.Point(*DEMO_CENTRE_RD))),
                }
            ],
        }
    )
    result = locatiecheck.check_document(
        platform.settings, body, crs="EPSG:28992", peildatum=today(platform.clock)
    )
    assert calls == [1] and locatiecheck._layer_cache is None
    listed = {item["name"]: item for item in locatiecheck.layer_list(platform.settings)}
    assert set(listed) == set(layers)
    assert listed["woningen"]["features"] == len(layers["woningen"])
    assert listed["natura2000"]["geometrie"] == sorted(set(layers["natura2000"].frame.geom_type))
    assert result["samenvatting"]["aantal"] == len(result["conflicten"])


@pytest.mark.parametrize("zoom", [9, 12, 15])
def test_map_layers_from_postgis_equal_memory(pg_gis, zoom):
    platform, layers, _ = pg_gis
    source = kaart.configured_layers(platform)
    assert not isinstance(source, dict) and locatiecheck._layer_cache is None
    bbox = demo_bbox_wgs84()
    for name in ("gewaspercelen", "netcongestie", "natura2000", "windturbines"):
        mem = json.loads(kaart.layer_features(layers, name, bbox=bbox, zoom=zoom))
        pg = json.loads(kaart.layer_features(source, name, bbox=bbox, zoom=zoom))
        assert pg == mem, name
    clustered = json.loads(kaart.layer_features(source, "gewaspercelen", bbox=bbox, zoom=9))
    assert clustered["clusters"] > 0
    assert kaart.layer_catalog(source) == kaart.layer_catalog(layers)
    assert kaart.start_view(source) == kaart.start_view(layers)


def test_wijkanalyse_in_postgis_equals_memory(pg_gis):
    platform, layers, _ = pg_gis
    frames = energie_gis.lagen(None, platform.settings)
    assert frames is not None and hasattr(frames, "reader") and locatiecheck._layer_cache is None
    memory = {name: layer.frame for name, layer in layers.items()}
    code = str(memory["wijken"]["code"].iloc[0])
    wijk = energie_gis.wijk(frames, code)
    assert wijk == energie_gis.wijk(memory, code)
    geom = shapely.from_wkt(wijk["wkt"])
    assert energie_gis.wijkanalyse(frames, geom) == energie_gis.wijkanalyse(memory, geom)
    assert area_of(frames).area.equals(area_of(memory).area)
    assert energie_gis.congestie(frames, geom.buffer(3000), "afname") == energie_gis.congestie(
        memory, geom.buffer(3000), "afname"
    )


def test_wijkanalyse_ondergrond_in_postgis_equals_memory_per_wijk(pg_gis):
    """Every wijk's underground conflicts, clipped to the wijk, equal in both sources (review projectleider13,
    2): the Hoofdleiding Centrum crosses five wijken; Beekdal gets none of its conflicts, De Esch its one."""
    platform, layers, _ = pg_gis
    frames = energie_gis.lagen(None, platform.settings)
    memory = {name: layer.frame for name, layer in layers.items()}
    per_wijk = {}
    for _, row in memory["wijken"].iterrows():
        found = energie_gis.ondergrond(frames, row.geometry)
        assert found == energie_gis.ondergrond(memory, row.geometry), row["naam"]
        per_wijk[str(row["naam"])] = [(c["warmteleiding"], c["drinkwaterleiding"]) for c in found]
    assert per_wijk["Beekdal"] == [] and per_wijk["Centrum"] == []
    assert per_wijk["De Esch"] == [("Hoofdleiding Centrum", "Transportleiding Noord-Zuid")]


def test_gis_load_refuses_bad_input(pg_url, tmp_path, capsys):
    assert cli.main(["gis", "load", str(tmp_path / "nergens"), "--database", pg_url]) == 2
    assert "Lagenmap" in capsys.readouterr().err
    sqlite = f"sqlite:///{tmp_path / 'x.db'}"
    assert cli.main(["gis", "load", str(tmp_path), "--database", sqlite]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    assert not locatiecheck.uses_postgis(Settings(database_url=sqlite))


def test_gis_load_of_a_folder_it_cannot_use_leaves_the_layers(pg_gis, demo_loaded, tmp_path, capsys):
    # was: a folder without layer files at its top level dropped every layer, then the report's catalog
    # loaded the configured folder, exit 0; a multi-layer GeoPackage loaded its first layer (ops12 F3, F4)
    import geopandas as gpd
    import pyogrio

    platform, layers, _ = pg_gis
    url = platform.settings.database_url
    backend = locatiecheck.postgis_backend(platform.settings)
    before = (backend.stamp(), sorted(backend.catalog()))
    capsys.readouterr()
    (tmp_path / "leeg").mkdir()
    (tmp_path / "geodata" / "amsterdam").mkdir(parents=True)
    bag = tmp_path / "bag"
    bag.mkdir()
    for name in ("ligplaatsen", "verblijfsobjecten"):
        frame = gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(226000, 448000)], crs=28992)
        pyogrio.write_dataframe(frame, tmp_path / "geodata" / "amsterdam" / "bag.gpkg", layer=name)
        pyogrio.write_dataframe(frame, bag / "bag.gpkg", layer=name)
    (bag / "lagen.toml").write_text(
        '[bag]\nfamilie = "wonen"\nbron = "BAG"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'
    )
    for folder, fragment in (
        ("leeg", "Geen lagen gevonden in"),
        ("geodata", "De submappen amsterdam bevatten wel lagen."),
        ("bag", "bag.gpkg heeft 2 lagen (ligplaatsen, verblijfsobjecten); kies er één met laag"),
    ):
        assert cli.main(["gis", "load", str(tmp_path / folder), "--database", url]) == 2
        assert fragment in capsys.readouterr().err
        assert (backend.stamp(), sorted(backend.catalog())) == before
    directory, _ = demo_loaded
    assert cli.main(["gis", "load", str(directory), "--database", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["geladen"] == [] and report["ongewijzigd"] == sorted(layers) == before[1]


def test_gis_load_of_a_folder_without_a_layer_the_rules_use_is_refused(pg_gis, demo_loaded, tmp_path, capsys):
    # was: exit 0, and from then on every new case with a location answered 500 gis-regel-onbekende-laag
    # (review sessie16, beheer 2)
    import shutil

    platform, _layers, _ = pg_gis
    backend = locatiecheck.postgis_backend(platform.settings)
    before = (backend.stamp(), sorted(backend.catalog()))
    capsys.readouterr()
    folder = tmp_path / "lagen"
    shutil.copytree(demo_loaded[0], folder)
    (folder / "bevi.gpkg").unlink()
    (folder / "bevi_contour.gpkg").unlink()

    assert cli.main(["gis", "load", str(folder), "--database", platform.settings.database_url]) == 2

    err = capsys.readouterr().err
    assert f"De lagenmap '{folder}' mist de lagen bevi, bevi_contour, die de locatieregels" in err, err
    assert "Er is niets geladen" in err and "Traceback" not in err
    assert (backend.stamp(), sorted(backend.catalog())) == before
