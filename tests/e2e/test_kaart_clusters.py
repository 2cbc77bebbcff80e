"""The map zoomed out: many cases and layer objects come as counted clusters, and responses are gzipped."""

from __future__ import annotations

import gzip
import json

from gis.demo import demo_bbox_wgs84
from services.kaart_cluster import CASES_CLUSTER_ABOVE, NO_CLUSTER_FROM_ZOOM
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_cases import many_map_cases

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
BBOX = ",".join(f"{v:.5f}" for v in demo_bbox_wgs84())
AUTH = {"Authorization": "Bearer token-bea"}


def test_many_cases_zoomed_out_come_as_clusters_that_add_up(app):
    refs = many_map_cases(app, CASES_CLUSTER_ABOVE + 200)
    client = app.test_client()
    low = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=11", headers=AUTH).json
    clusters = [f for f in low["features"] if f["properties"].get("cluster")]
    singles = [f for f in low["features"] if not f["properties"].get("cluster")]
    assert low["aantal"] == len(refs) and low["clusters"] == len(clusters) > 0
    assert sum(f["properties"]["aantal"] for f in clusters) + len(singles) == len(refs)
    assert len(low["features"]) < len(refs) / 4
    assert all(f["geometry"]["type"] == "Point" and len(f["properties"]["bbox"]) == 4 for f in clusters)
    assert {f["properties"]["zaak"] for f in singles} <= set(refs)
    assert "blokkerend" in {f["properties"].get("ernst") for f in low["features"]}  # severity survives
    high = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom={NO_CLUSTER_FROM_ZOOM}", headers=AUTH).json
    assert high["clusters"] == 0 and len(high["features"]) == high["aantal"] == len(refs)


def test_few_cases_are_never_clustered(app):
    fx.insert_map_cases(app.extensions["ruimteflow"], fx.WIJK_PLANS)
    fc = app.test_client().get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=8", headers=AUTH).json
    assert fc["clusters"] == 0 and len(fc["features"]) == fc["aantal"] == len(fx.WIJK_PLANS)


def test_layer_objects_cluster_zoomed_out(app):
    client = app.test_client()
    low = client.get(f"/api/v1/kaart/lagen/gewaspercelen?bbox={BBOX}&zoom=10", headers=AUTH).json
    assert low["clusters"] > 0
    members = sum(f["properties"]["aantal"] for f in low["features"] if f["properties"].get("cluster"))
    assert members + (len(low["features"]) - low["clusters"]) == low["aantal"]


def test_map_api_is_gzipped_for_clients_that_accept_it(app):
    many_map_cases(app, 300)
    client = app.test_client()
    url = f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=17"
    plain = client.get(url, headers=AUTH)
    packed = client.get(url, headers={**AUTH, "Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert json.loads(gzip.decompress(packed.data)) == plain.json
    assert len(packed.data) < len(plain.data) / 3
    refused = client.get("/api/v1/kaart/zaken?bbox=1,2", headers={**AUTH, "Accept-Encoding": "gzip"})
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
