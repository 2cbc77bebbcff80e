"""`ruimteflow gis check/layers` and POST /api/v1/locatiecheck: same input, same output, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gis.demo import DEMO_CENTRE_RD, demo_layers_dir
from services import users
from tests.shared_build import shared_demo_layers
from web import create_app
from web.cli import main

TURBINE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"soort": "windturbine"},
            "geometry": {"type": "Point", "coordinates": [226000, 448000]},
        }
    ],
}


@pytest.fixture
def env(tmp_path, tmp_path_factory, monkeypatch):
    """The instance folder of the command line and the API, holding the demo layers they would generate
    there on first use (``gis.demo.demo_layers_dir``): a copy of the run's generated ones
    (tests/shared_build.py; the same generator, version, seed and scale, so the same layers).
    tests/unit/gis/test_demo.py tests the generating."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    shutil.copytree(shared_demo_layers(tmp_path_factory), tmp_path / "gis" / "demo-lagen")
    return tmp_path


def _api_check(env, platform, body):
    """POST /api/v1/locatiecheck of ``body`` (RD New) as a vergunningverlener."""
    users.add_user(platform, "anna", groups=["Vergunningen"], token="t")
    client = create_app(platform.settings.with_(instance_dir=env), platform=platform).test_client()
    return client.post(
        "/api/v1/locatiecheck?crs=EPSG:28992",
        data=json.dumps(body),
        headers={"Authorization": "Bearer t"},
        content_type="application/geo+json",
    )


def test_cli_and_api_agree(env, platform, capsys):
    path = env / "turbine.geojson"
    path.write_text(json.dumps(TURBINE))
    assert main(["gis", "check", str(path), "--crs", "EPSG:28992", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["samenvatting"]["aantal"] > 0 and "Milieu" in cli["samenvatting"]["afdelingen"]
    resp = _api_check(env, platform, TURBINE)
    assert resp.status_code == 200
    assert resp.get_json()["conflicten"] == cli["conflicten"]
    assert main(["gis", "layers", "--json"]) == 0
    names = {layer["name"] for layer in json.loads(capsys.readouterr().out)["lagen"]}
    assert {"woningen", "netcongestie", "natura2000", "gewaspercelen", "wijken"} <= names


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("niet json", "geen geldige JSON"),
        (json.dumps({"type": "Point", "coordinates": [5, 52]}), "FeatureCollection"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"soort": "raket"},
                            "geometry": {"type": "Point", "coordinates": [5.9, 52.0]},
                        }
                    ],
                }
            ),
            "onbekende soort 'raket'",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {},
                            "geometry": {"type": "Point", "coordinates": [5.9, 52.0]},
                        }
                    ],
                }
            ),
            "soort",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"soort": "bouwwerk"},
                            "geometry": {"type": "Point", "coordinates": [45.0, 12.0]},
                        }
                    ],
                }
            ),
            "niet in Nederland",
        ),
    ],
)
def test_bad_subjects_exit_2_with_a_dutch_message(env, capsys, content, fragment):
    path = env / "bad.geojson"
    path.write_text(content)
    assert main(["gis", "check", str(path)]) == 2
    assert fragment in capsys.readouterr().err


def test_a_folder_without_layer_files_exits_2(env, capsys):
    # was: `gis layers` listed no layers and `gis check` blamed the rules, both about the wrong thing (ops12 F3)
    path = env / "turbine.geojson"
    path.write_text(json.dumps(TURBINE))
    (env / "lagen" / "amsterdam").mkdir(parents=True)
    (env / "lagen" / "amsterdam" / "panden.geojson").write_text(
        '{"type": "FeatureCollection", "features": []}'
    )
    for command in (["gis", "layers"], ["gis", "check", str(path)]):
        assert main([*command, "--layers", str(env / "lagen")]) == 2
        err = capsys.readouterr().err
        assert (
            f"Geen lagen gevonden in {env / 'lagen'}" in err
            and ".gpkg-, .geojson- en .shp-bestanden direct in die map, niet in submappen" in err
        )
        assert "De submappen amsterdam bevatten wel lagen." in err


def test_a_geopackage_of_several_layers_needs_laag(env, capsys):
    import geopandas as gpd
    import pyogrio
    import shapely

    lagen = env / "lagen"
    lagen.mkdir()
    for name, count in (("ligplaatsen", 1), ("verblijfsobjecten", 2)):
        frame = gpd.GeoDataFrame(
            {"n": range(count)}, geometry=[shapely.Point(226000, 448000)] * count, crs=28992
        )
        pyogrio.write_dataframe(frame, lagen / "bag.gpkg", layer=name)
    table = '[bag]\nfamilie = "wonen"\nbron = "BAG"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'
    (lagen / "lagen.toml").write_text(table, encoding="utf-8")
    assert main(["gis", "layers", "--layers", str(lagen)]) == 2
    assert (
        "bag.gpkg heeft 2 lagen (ligplaatsen, verblijfsobjecten); kies er één met laag"
        in capsys.readouterr().err
    )
    (lagen / "lagen.toml").write_text(table + 'laag = "verblijfsobjecten"\n', encoding="utf-8")
    assert main(["gis", "layers", "--layers", str(lagen), "--json"]) == 0
    assert [(layer["name"], layer["features"]) for layer in json.loads(capsys.readouterr().out)["lagen"]] == [
        ("bag", 2)
    ]


def test_a_location_outside_the_municipality_is_warned_of(env, platform, capsys):
    """Review gis18, 7: a location outside the municipality (the Dam, Amsterdam) got "0 conflicten" and no
    remark from the command line and the API: the municipality's layers end at its border, so "no
    conflicts" said nothing there. Now each such object gets a warning; one inside gets none."""
    dam = {**TURBINE["features"][0], "geometry": {"type": "Point", "coordinates": [121400, 487400]}}
    across = {
        **TURBINE["features"][0],
        "geometry": {"type": "LineString", "coordinates": [[226000, 448000], [121400, 487400]]},
    }
    body = {"type": "FeatureCollection", "features": [TURBINE["features"][0], dam, across]}
    path = env / "plaatsen.geojson"
    path.write_text(json.dumps(body))
    assert main(["gis", "check", str(path), "--crs", "EPSG:28992", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    outside = {
        w["onderwerp_index"]: w["detail"] for w in cli["waarschuwingen"] if w["code"] == "buiten-gemeente"
    }
    assert set(outside) == {1, 2}
    assert outside[1].startswith("Object 1 ligt buiten het gemeentegebied.")
    assert outside[2].startswith("Object 2 ligt deels buiten het gemeentegebied.")
    resp = _api_check(env, platform, body)
    assert resp.status_code == 200 and resp.get_json()["waarschuwingen"] == cli["waarschuwingen"]


def test_a_location_inside_a_natura2000_area_has_no_distance(env, any_platform, capsys):
    """A point inside the demo's Natura 2000 area, on SQLite (layers in memory) and on PostgreSQL (PostGIS):
    the rule it lies in (natura2000-in-gebied, snijdt) gives no distance in the API's and the command
    line's answer. It was 0.0 there, which processes.nederlands.afstand reads as "minder dan 1 m"; only
    the case's step left it out. The buffer rule (binnen_afstand) keeps its distance: 0 m, within 1 km."""
    url = any_platform.settings.database_url
    if any_platform.is_postgres:  # PostGIS holds what the worker's last test loaded: load the demo's layers
        directory = demo_layers_dir(Path(any_platform.settings.instance_dir))
        assert main(["gis", "load", str(directory), "--database", url]) == 0
        capsys.readouterr()
    cx, cy = DEMO_CENTRE_RD
    heide = {**TURBINE["features"][0], "geometry": {"type": "Point", "coordinates": [cx - 5000, cy + 3800]}}
    body = {"type": "FeatureCollection", "features": [heide]}
    resp = _api_check(env, any_platform, body)
    assert resp.status_code == 200
    api = resp.get_json()["conflicten"]
    assert {c["regel"]: c["afstand_m"] for c in api if c["laag"] == "natura2000"} == {
        "natura2000-in-gebied": None,
        "natura2000-buffer": 0.0,
    }
    path = env / "heide.geojson"
    path.write_text(json.dumps(body))
    assert main(["gis", "check", str(path), "--crs", "EPSG:28992", "--database", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicten"] == api


def test_a_vrt_posing_as_geojson_is_refused_by_name(env, capsys):
    """Outside tester (MEDIUM): an evil.geojson holding OGR VRT XML over the app's own SQLite database was
    listed by `gis layers` and its zaak rows (names, e-mails, volgcodes) served on the map."""
    import sqlite3

    database = env / "ruimteflow.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE zaak (id INTEGER, initiator TEXT, initiator_email TEXT, tracking_code TEXT)")
        db.execute("INSERT INTO zaak VALUES (1, 'Jan Jansen', 'jan@example.org', 'VOLG-123')")
    db.close()
    lagen = env / "lagen"
    lagen.mkdir()
    (lagen / "evil.geojson").write_text(
        f'<OGRVRTDataSource><OGRVRTLayer name="evil"><SrcDataSource>{database}</SrcDataSource>'
        '<SrcSQL dialect="sqlite">SELECT initiator, initiator_email, tracking_code, '
        "MakePoint(226000, 448000, 28992) AS geom FROM zaak</SrcSQL><LayerSRS>EPSG:28992</LayerSRS>"
        "</OGRVRTLayer></OGRVRTDataSource>",
        encoding="utf-8",
    )
    table = '[evil]\nfamilie = "wonen"\nbron = "?"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'
    (lagen / "lagen.toml").write_text(table, encoding="utf-8")
    assert main(["gis", "layers", "--layers", str(lagen)]) == 2
    captured = capsys.readouterr()
    assert "Fout: evil.geojson is geen GeoJSON" in captured.err and "OGR-VRT" in captured.err
    assert "jan@example.org" not in captured.out + captured.err
