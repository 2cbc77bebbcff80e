"""The map API never serves what a layer file only points at (outside tester, MEDIUM): an evil.geojson
holding OGR VRT XML over the app's own database, put in the layer folder of a running server, showed its
zaak rows (names, e-mails, volgcodes) at GET /api/v1/kaart/lagen/evil. It is refused as a broken layer
file is (gis.layer_formats), and the rows never leave the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers = fx.clock, fx.demo_layers
AUTH = {"Authorization": "Bearer token-bea"}


def test_a_vrt_added_to_the_layer_folder_is_refused_not_served(tmp_path: Path, demo_layers, clock):
    lagen = tmp_path / "lagen"
    shutil.copytree(demo_layers, lagen)
    app = fx.make_app(tmp_path, lagen, clock)
    try:
        client = app.test_client()
        assert client.get("/api/v1/kaart/lagen", headers=AUTH).status_code == 200
        database = tmp_path / "kaart_status.db"
        (lagen / "evil.geojson").write_text(
            f'<OGRVRTDataSource><OGRVRTLayer name="evil"><SrcDataSource>{database}</SrcDataSource>'
            '<SrcSQL dialect="sqlite">SELECT name AS naam, MakePoint(226000, 448000, 28992) AS geom '
            "FROM sqlite_master</SrcSQL><LayerSRS>EPSG:28992</LayerSRS></OGRVRTLayer></OGRVRTDataSource>",
            encoding="utf-8",
        )
        with (lagen / "lagen.toml").open("a", encoding="utf-8") as toml:
            toml.write('\n[evil]\nfamilie = "wonen"\nbron = "?"\npeildatum = 2024-01-01\nlicentie = "CC0"\n')
        resp = client.get("/api/v1/kaart/lagen/evil?zoom=14", headers=AUTH)
        assert resp.status_code != 200 and resp.mimetype == "application/problem+json"
        assert resp.json["code"] == "gis-laag-verkeerd-formaat"  # its detail, naming the file, is logged
        assert "sqlite_" not in resp.get_data(as_text=True)
    finally:
        app.extensions["ruimteflow"].close()
