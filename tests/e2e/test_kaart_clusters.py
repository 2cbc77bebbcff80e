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


def test_zoomed_in_on_a_screen_of_the_map_many_cases_are_never_clustered(app):
    """A bbox of 2 by 2 km: at NO_CLUSTER_FROM_ZOOM it fits a screen (about 2,700 pixels), so every case
    in it comes as itself."""
    w, s, *_ = demo_bbox_wgs84()
    screen = (w + 0.01, s + 0.01, w + 0.01 + 2_000 / 68_600, s + 0.01 + 2_000 / 111_300)
    refs = many_map_cases(app, CASES_CLUSTER_ABOVE + 200, bbox=screen)
    url = "/api/v1/kaart/zaken?bbox={}&zoom={}".format(
        ",".join(f"{v:.5f}" for v in screen), NO_CLUSTER_FROM_ZOOM
    )
    high = app.test_client().get(url, headers=AUTH).json
    assert high["clusters"] == 0 and len(high["features"]) == high["aantal"] == len(refs)


def test_a_bbox_larger_than_a_screen_shows_is_answered_as_where_it_fits_one(app):
    """Tester finding: zoom=20 without a bbox, or the whole municipality at zoom 18, gave every case at full
    detail (1,342 cases: 657 KB), clustering having stopped at that zoom. The municipality (16,700 pixels
    wide at zoom 17) comes as at zoom 14, where it fits MAX_VIEW_PX; the whole map window as at zoom 9."""
    refs = many_map_cases(app, CASES_CLUSTER_ABOVE + 200)
    client = app.test_client()

    def get(query: str) -> bytes:
        return client.get(f"/api/v1/kaart/zaken?{query}", headers=AUTH).data

    for zoom in (NO_CLUSTER_FROM_ZOOM, 18, 22):
        assert get(f"bbox={BBOX}&zoom={zoom}") == get(f"bbox={BBOX}&zoom=14")
    whole = json.loads(get("zoom=20"))
    assert whole["zoom"] == 9 and get("zoom=20") == get("zoom=9")
    clusters = [f for f in whole["features"] if f["properties"].get("cluster")]
    assert whole["aantal"] == len(refs) and whole["clusters"] == len(clusters) > 0
    assert sum(f["properties"]["aantal"] for f in clusters) + len(whole["features"]) - len(clusters) == len(
        refs
    )
    assert len(whole["features"]) < 10


def test_a_layer_in_a_bbox_larger_than_a_screen_shows_is_answered_as_where_it_fits_one(app):
    client = app.test_client()
    url = f"/api/v1/kaart/lagen/gewaspercelen?bbox={BBOX}&zoom="
    assert client.get(url + "18", headers=AUTH).data == client.get(url + "14", headers=AUTH).data
    public = "/aanvragen/kaart_status_vergunning/kaartlagen/natura2000?zoom="  # the application form's map
    answer = client.get(public + "20")
    assert (
        answer.status_code == 200 and answer.json["features"] and answer.data == client.get(public + "9").data
    )


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
