"""`ruimteflow gis check/layers` and POST /api/v1/locatiecheck: same input, same output, clear errors."""

from __future__ import annotations

import json

import pytest

from services import users
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
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_cli_and_api_agree(env, platform, capsys):
    path = env / "turbine.geojson"
    path.write_text(json.dumps(TURBINE))
    assert main(["gis", "check", str(path), "--crs", "EPSG:28992", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["samenvatting"]["aantal"] > 0 and "Milieu" in cli["samenvatting"]["afdelingen"]
    users.add_user(platform, "anna", groups=["Vergunningen"], token="t")
    client = create_app(platform.settings.with_(instance_dir=env), platform=platform).test_client()
    resp = client.post(
        "/api/v1/locatiecheck?crs=EPSG:28992",
        data=json.dumps(TURBINE),
        headers={"Authorization": "Bearer t"},
        content_type="application/geo+json",
    )
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
