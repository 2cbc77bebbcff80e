"""A layer file is opened only as the format its extension names (gis.layer_formats): content that names
another source (an OGR VRT, a CRS at a URL) is refused before GDAL reads it (outside tester, MEDIUM: an
``evil.geojson`` holding a VRT over the app's own database showed its zaak rows on the map)."""

from __future__ import annotations

import http.server
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from gis.api import load_layer, load_layers
from gis.bag import read_extract
from gis.errors import LayerError
from processes.errors import ValidationError
from tests.unit.gis.conftest import META, X0, Y0, point
from tests.unit.gis.real_data import shared_geodata


def _zaak_database(path: Path) -> Path:
    """A stand-in for the app's SQLite database: one zaak with an initiator's name, e-mail and volgcode."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE zaak (id INTEGER, initiator TEXT, initiator_email TEXT, tracking_code TEXT)")
        db.execute("INSERT INTO zaak VALUES (1, 'Jan Jansen', 'jan@example.org', 'VOLG-123')")
    db.close()
    return path


def _vrt(source: str, sql: str | None = None) -> str:
    """OGR VRT XML over ``source``, as the tester wrote it (one point per row in RD New)."""
    select = f'<SrcSQL dialect="sqlite">{sql}</SrcSQL>' if sql else "<SrcLayer>bron</SrcLayer>"
    return (
        f'<OGRVRTDataSource><OGRVRTLayer name="evil"><SrcDataSource>{source}</SrcDataSource>{select}'
        f"<GeometryType>wkbPoint</GeometryType><LayerSRS>EPSG:28992</LayerSRS></OGRVRTLayer></OGRVRTDataSource>"
    )


#: the stable codes of the refusals (gis.errors)
WRONG_FORMAT, LINKED_CRS = "gis-laag-verkeerd-formaat", "gis-laag-crs-verwijzing"
TESTER_SQL = (
    f"SELECT id, initiator, initiator_email, tracking_code, MakePoint({X0}, {Y0}, 28992) AS geom FROM zaak"
)


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every path asked of it: a fetch GDAL makes shows up here."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()
    thread.join()


def _with_metadata(folder: Path, *names: str) -> Path:
    """``folder`` with a lagen.toml table for every layer name (a layer without metadata is refused)."""
    table = 'familie = "energie"\nbron = "test"\npeildatum = 2026-01-01\nlicentie = "CC0"\n'
    (folder / "lagen.toml").write_text("".join(f"[{n}]\n{table}" for n in names), encoding="utf-8")
    return folder


def _refused(path: Path, code: str) -> LayerError:
    with pytest.raises(LayerError) as raised:
        load_layer(path, meta=META)
    assert raised.value.code == code, raised.value.detail
    assert path.name in raised.value.detail
    return raised.value


def test_the_testers_vrt_in_a_geojson_is_refused_and_the_database_never_read(tmp_path: Path):
    database = _zaak_database(tmp_path / "ruimteflow.db")
    lagen = tmp_path / "lagen"
    lagen.mkdir()
    (lagen / "evil.geojson").write_text(_vrt(str(database), TESTER_SQL), encoding="utf-8")
    refusal = _refused(lagen / "evil.geojson", WRONG_FORMAT)
    assert "is geen GeoJSON" in refusal.detail and "OGR-VRT" in refusal.detail
    assert "jan@example.org" not in str(refusal.to_problem())
    with pytest.raises(LayerError) as whole:  # a folder holding it is refused as a whole (as a broken file)
        load_layers(_with_metadata(lagen, "evil"))
    assert whole.value.code == WRONG_FORMAT


@pytest.mark.parametrize("name", ["evil.gpkg", "evil.shp"])
def test_a_vrt_named_as_another_layer_format_is_refused(tmp_path: Path, name: str):
    database = _zaak_database(tmp_path / "ruimteflow.db")
    (tmp_path / name).write_text(_vrt(str(database), TESTER_SQL), encoding="utf-8")
    _refused(tmp_path / name, WRONG_FORMAT)


def test_a_gdal_pipeline_in_a_geojson_is_not_run(tmp_path: Path):
    """A GDALG file is JSON too (so it starts with {), and GDAL runs the pipeline it names: read the
    database, select its rows, give them a CRS. Forced to the GeoJSON driver, it is no GeoJSON."""
    database = _zaak_database(tmp_path / "ruimteflow.db")
    pipeline = (
        f'gdal vector pipeline ! read {database} ! sql --dialect SQLITE --sql "{TESTER_SQL}" '
        "! edit --crs EPSG:28992 ! write --output-format stream streamed_dataset"
    )
    path = tmp_path / "pijplijn.geojson"
    path.write_text(json.dumps({"type": "gdal_streamed_alg", "command_line": pipeline}), encoding="utf-8")
    refusal = _refused(path, "gis-laag-onleesbaar")
    assert "jan@example.org" not in str(refusal.to_problem())


def test_a_vrt_over_a_vsicurl_source_is_refused_without_a_fetch(tmp_path: Path, web_server):
    url, asked = web_server
    (tmp_path / "op_afstand.geojson").write_text(_vrt(f"/vsicurl/{url}/bron.geojson"), encoding="utf-8")
    _refused(tmp_path / "op_afstand.geojson", WRONG_FORMAT)
    assert asked == []


def _points(crs_member: dict | None, geometry_crs: dict | None = None) -> str:
    geometry: dict = {"type": "Point", "coordinates": [5.38, 52.15]}
    if geometry_crs is not None:
        geometry["crs"] = geometry_crs
    document: dict = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"n": 1}, "geometry": geometry}],
    }
    if crs_member is not None:
        document["crs"] = crs_member
    return json.dumps(document)


@pytest.mark.parametrize(
    ("where", "kind"), [("file", "link"), ("file", "URL"), ("geometry", "link"), ("escaped", "link")]
)
def test_a_geojson_crs_at_a_url_is_refused_without_a_fetch(tmp_path: Path, web_server, where, kind):
    """GDAL fetches a ``link`` or ``url`` CRS over HTTP: of the file, and of every geometry that has one."""
    url, asked = web_server
    linked = {"type": kind, "properties": {"href": f"{url}/crs", "url": f"{url}/crs"}}
    text = _points(linked if where != "geometry" else None, linked if where == "geometry" else None)
    if where == "escaped":  # the member name spelled with JSON escapes still names the crs for GDAL
        text = text.replace('"crs"', '"\\u0063RS"')
    (tmp_path / "gelinkt.geojson").write_text(text, encoding="utf-8")
    refusal = _refused(tmp_path / "gelinkt.geojson", LINKED_CRS)
    assert '"type": "name"' in refusal.detail
    assert asked == []


def test_a_geojson_with_a_named_crs_or_none_loads(tmp_path: Path):
    named = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    (tmp_path / "genoemd.geojson").write_text("\ufeff \n" + _points(named), encoding="utf-8")
    (tmp_path / "zonder.geojson").write_text(_points(None), encoding="utf-8")
    attribute = json.loads(_points(None))
    attribute["features"][0]["properties"]["crs"] = "EPSG:28992"  # a column named crs is no CRS
    (tmp_path / "kolom.geojson").write_text(json.dumps(attribute), encoding="utf-8")
    for name in ("genoemd", "zonder", "kolom"):
        assert len(load_layer(tmp_path / f"{name}.geojson", meta=META)) == 1


def test_geopackage_shapefile_and_geojson_still_load(tmp_path: Path):
    frame = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[point(0, 0), point(5, 5)], crs=28992)
    folder = tmp_path / "map:met:dubbele:punten"  # a GeoPackage whose path has a ':' takes no GPKG: prefix
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / "a.gpkg", layer="a")
    pyogrio.write_dataframe(frame, folder / "b.shp")
    pyogrio.write_dataframe(frame, folder / "c.geojson", driver="GeoJSON")
    _with_metadata(folder, "a", "b", "c")
    assert {name: len(layer) for name, layer in load_layers(folder).items()} == {"a": 2, "b": 2, "c": 2}
    (folder / "d.gpkg").write_text(_vrt("/etc/passwd"), encoding="utf-8")
    _refused(folder / "d.gpkg", WRONG_FORMAT)


def test_a_vrt_file_is_no_layer(tmp_path: Path):
    pyogrio.write_dataframe(
        gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)], crs=28992), tmp_path / "echt.gpkg", layer="echt"
    )
    (tmp_path / "bron.vrt").write_text(_vrt("/etc/passwd"), encoding="utf-8")
    assert list(load_layers(_with_metadata(tmp_path, "echt", "bron"))) == ["echt"]


def test_a_bag_extract_is_read_as_a_geopackage_only(tmp_path: Path):
    database = _zaak_database(tmp_path / "ruimteflow.db")
    (tmp_path / "bag.gpkg").write_text(_vrt(str(database), TESTER_SQL), encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        read_extract(tmp_path / "bag.gpkg")
    assert "bag.gpkg is geen GeoPackage" in raised.value.detail
    assert "jan@example.org" not in raised.value.detail


@pytest.mark.parametrize(
    ("relative", "layer", "count"),
    [
        ("delft/cbs_buurten_2023_delft.geojson", None, 91),
        ("otterlo/brk_perceel_otterlo.gpkg", None, 11),
        ("amsterdam/bag_houthavens.gpkg", "ligplaatsen", 67),
        ("natura2000/natura2000_nl.gpkg", None, 144),
    ],
)
def test_real_layers_still_load(request, relative: str, layer: str | None, count: int):
    source = shared_geodata(request, relative)
    assert len(load_layer(source, meta=META, sublayer=layer)) == count
