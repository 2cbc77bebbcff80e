"""The map API over HTTP: access, bbox and zoom, filters, the side panel, layers and bad input."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gis.demo import demo_bbox_wgs84
from services.kaart import grid_degrees, pixel_metres, web_geometries
from services.ratelimit import FailureLimiter
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
BBOX = ",".join(f"{v:.5f}" for v in demo_bbox_wgs84())


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer token-{name}"}


def seeded(app: Any) -> Any:
    fx.insert_map_cases(app.extensions["ruimteflow"], fx.WIJK_PLANS)
    return app.test_client()


def test_staff_only(app):
    client = seeded(app)
    assert client.get("/api/v1/kaart/zaken").status_code == 401
    refused = client.get("/api/v1/kaart/zaken", headers=auth("coop"))
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert refused.headers["API-Version"]
    assert client.get("/api/v1/kaart/lagen", headers=auth("coop")).status_code == 403
    assert client.get("/kaart").status_code == 302  # to the login page
    assert client.get("/api/v1/kaart/zaken", headers=auth("eva")).status_code == 200


def test_cases_in_bbox_with_filters_and_colours(app):
    client = seeded(app)
    resp = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=13", headers=auth("bea"))
    assert resp.mimetype == "application/geo+json"
    fc = resp.json
    assert fc["type"] == "FeatureCollection" and fc["aantal"] == 5
    by_ref = {f["id"]: f for f in fc["features"]}
    centrum = by_ref["Z-2026-800001"]["properties"]
    assert centrum["soort"] == "wijk" and centrum["fase"] == "participatie" and centrum["kleur"] == "#fd8d3c"
    assert centrum["ernst"] == "blokkerend" and centrum["conflicten"] == 1
    assert by_ref["Z-2026-800004"]["properties"]["weergave"] == "wacht"
    assert by_ref["Z-2026-800005"]["geometry"]["type"] == "Point"
    lon, lat = by_ref["Z-2026-800005"]["geometry"]["coordinates"]
    assert abs(lon - 6.41) < 1e-4 and abs(lat - 52.03) < 1e-4
    only = client.get(
        f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=13&procedure=wijkuitvoeringsplan&fase=participatie",
        headers=auth("bea"),
    ).json
    assert sorted(f["id"] for f in only["features"]) == ["Z-2026-800001", "Z-2026-800003"]
    west = client.get("/api/v1/kaart/zaken?bbox=6.36,51.98,6.39,52.0&zoom=14", headers=auth("bea")).json
    assert [f["id"] for f in west["features"]] == ["Z-2026-800004"]
    far = client.get("/api/v1/kaart/zaken?bbox=4.0,52.0,4.1,52.1&zoom=14", headers=auth("bea")).json
    assert far["features"] == []
    options = client.get("/api/v1/kaart/filters", headers=auth("bea")).json
    assert options["fasen"][:2] == ["wijkanalyse", "participatie"] and "te_laat" in options["statussen"]


def test_zoom_turns_small_shapes_into_points(app):
    client = seeded(app)
    low = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=8", headers=auth("bea")).json
    assert {f["geometry"]["type"] for f in low["features"]} == {"Point"}
    high = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=16", headers=auth("bea")).json
    assert {f["geometry"]["type"] for f in high["features"]} == {"Point", "Polygon"}


def test_milestone_filter(app):
    from datetime import date

    platform = app.extensions["ruimteflow"]
    fx.insert_map_cases(
        platform,
        [
            {**fx.WIJK_PLANS[4], "zaak": "Z-2026-700001", "deadline": date(2026, 4, 10)},
            {**fx.WIJK_PLANS[4], "zaak": "Z-2026-700002", "deadline": date(2026, 9, 1)},
        ],
    )
    client = app.test_client()
    fc = client.get(
        f"/api/v1/kaart/zaken?bbox={BBOX}&mijlpaal_van=2026-04-01&mijlpaal_tot=2026-04-30",
        headers=auth("bea"),
    ).json
    assert [f["id"] for f in fc["features"]] == ["Z-2026-700001"]
    assert fc["features"][0]["properties"]["mijlpaal"] == "2026-04-10"


def test_milestone_filter_counts_days_on_the_dutch_clock(app):
    from datetime import UTC, datetime

    platform = app.extensions["ruimteflow"]
    fx.insert_map_cases(
        platform,
        [  # 22:30 UTC is 00:30 the next day in the Netherlands (summer time)
            {**fx.WIJK_PLANS[4], "zaak": "Z-2026-700003", "timer": datetime(2026, 3, 31, 22, 30, tzinfo=UTC)},
            {**fx.WIJK_PLANS[4], "zaak": "Z-2026-700004", "timer": datetime(2026, 4, 30, 22, 30, tzinfo=UTC)},
        ],
    )
    fc = (
        app.test_client()
        .get(
            f"/api/v1/kaart/zaken?bbox={BBOX}&mijlpaal_van=2026-04-01&mijlpaal_tot=2026-04-30",
            headers=auth("bea"),
        )
        .json
    )
    assert [(f["id"], f["properties"]["mijlpaal"]) for f in fc["features"]] == [
        ("Z-2026-700003", "2026-04-01")
    ]


def test_side_panel(app):
    client = seeded(app)
    panel = client.get("/api/v1/kaart/zaken/Z-2026-800001", headers=auth("bea")).json
    assert panel["fase"] == "participatie" and panel["url"] == "/zaken/Z-2026-800001"
    assert panel["conflicten"][0]["beschrijving"] == "Woningbouw in rood congestiegebied"
    assert panel["open_taken"] == [] and panel["gekoppelde_zaken"] == []
    assert len(panel["bbox"]) == 4
    missing = client.get("/api/v1/kaart/zaken/Z-0000-000000", headers=auth("bea"))
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    # the contract names a zaaknummer or an id (reviewer finding: an id answered 404 zaak-onbekend)
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == "Z-2026-800001")).one()
    by_id = client.get(f"/api/v1/kaart/zaken/{case_id}", headers=auth("bea"))
    assert by_id.status_code == 200 and by_id.json == panel


def test_layers_catalog_and_features(app):
    client = app.test_client()
    lagen = client.get("/api/v1/kaart/lagen", headers=auth("bea")).json["lagen"]
    names = {lg["naam"] for lg in lagen}
    assert {"netcongestie", "natura2000", "gewaspercelen", "woningbouwlocaties", "windzone"} <= names
    assert not names & {"woningen", "panden", "percelen"}  # personal and cadastral data stay off the map
    congestion = client.get(f"/api/v1/kaart/lagen/netcongestie?bbox={BBOX}&zoom=12", headers=auth("bea")).json
    props = congestion["features"][0]["properties"]
    assert {"kleur", "richting", "naam"} <= set(props) and congestion["laag"] == "netcongestie"
    parcels_low = client.get(
        f"/api/v1/kaart/lagen/gewaspercelen?bbox={BBOX}&zoom=7", headers=auth("bea")
    ).json
    parcels_high = client.get(
        f"/api/v1/kaart/lagen/gewaspercelen?bbox={BBOX}&zoom=14", headers=auth("bea")
    ).json
    assert parcels_low["weggelaten"] > 0 and parcels_low["aantal"] < parcels_high["aantal"]
    assert client.get("/api/v1/kaart/lagen/woningen", headers=auth("bea")).status_code == 404


def test_bad_parameters_are_problems_in_dutch(app):
    client = app.test_client()
    for query, code in (
        ("bbox=1,2,3", "bbox-ongeldig"),
        ("bbox=6,53,5,52", "bbox-ongeldig"),
        ("zoom=hoog", "zoom-ongeldig"),
        ("zoom=40", "zoom-ongeldig"),
        ("mijlpaal_van=morgen", "datum-ongeldig"),
    ):
        resp = client.get(f"/api/v1/kaart/zaken?{query}", headers=auth("bea"))
        assert resp.status_code == 400 and resp.json["code"] == code, query


def test_geometry_helpers():
    import numpy as np
    import shapely

    assert 9 < pixel_metres(13) < 13 and grid_degrees(18) == 1e-6
    square = shapely.box(226_000, 448_000, 226_500, 448_500)
    [text] = web_geometries(np.array([square], dtype=object), 15)
    assert text is not None and '"Polygon"' in text


def test_failure_limiter_window():
    now = [0.0]
    limiter = FailureLimiter(2, 60, now=lambda: now[0], max_keys=2)
    limiter.fail("a")
    assert not limiter.blocked("a")
    limiter.fail("a")
    assert limiter.blocked("a") and limiter.retry_after("a") == 60
    now[0] = 61
    assert not limiter.blocked("a") and limiter.retry_after("a") == 0
    for key in ("b", "c", "d"):
        limiter.fail(key)
    assert len(limiter._failures) == 2


def test_the_status_filter_offers_what_the_map_shows(app):
    """Review projectleider13 (smaller): the Status filter offered afgerond, lopend and termijn verstreken,
    not "wacht op een ander", where the netcongestie cases sit, nor "in behandeling"."""
    client = seeded(app)
    options = client.get("/api/v1/kaart/filters", headers=auth("bea")).json["statussen"]
    assert options[:3] == ["in_behandeling", "wacht", "te_laat"] and "lopend" in options

    def shown(status: str) -> dict[str, str]:
        fc = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=14&status={status}", headers=auth("bea")).json
        return {f["id"]: f["properties"]["weergave"] for f in fc["features"]}

    assert shown("wacht") == {"Z-2026-800004": "wacht"}  # the windpark waiting for the netbeheerder
    assert set(shown("in_behandeling").values()) == {"in_behandeling"} and len(shown("in_behandeling")) == 4
    assert len(shown("wacht,in_behandeling")) == 5 == len(shown("lopend"))
    page = logged_in(app, "pim").get("/kaart").get_data(as_text=True)
    assert '<option value="wacht">wacht op een ander</option>' in page
    assert '<option value="in_behandeling">in behandeling</option>' in page


def test_each_layer_explains_its_colours_and_dashes_and_a_conflict_looks_like_no_layer(app):
    """Review projectleider13, finding 6: the layer list showed one red swatch for netcongestie (red,
    orange and yellow areas, dashed for invoeding) and the legend explained neither, while its "rode
    stippelrand" for a blocking conflict was the same red dashes ("6 4") as an invoeding area."""
    client = app.test_client()
    lagen = {lg["naam"]: lg for lg in client.get("/api/v1/kaart/lagen", headers=auth("bea")).json["lagen"]}
    assert [(i["label"], i["soort"], i["streep"]) for i in lagen["netcongestie"]["legenda"]] == [
        ("rood", "vlak", None),
        ("oranje", "vlak", None),
        ("geel", "vlak", None),
        ("richting invoeding: gestreepte rand", "lijn", "6 4"),
        ("andere richting: doorgetrokken rand", "lijn", None),
    ]
    colours = lagen["netcongestie"]["stijl"]["kleuren"]
    assert [i["kleur"] for i in lagen["netcongestie"]["legenda"][:3]] == list(colours.values())
    assert lagen["natura2000"]["legenda"] == []  # one colour: its swatch says it all
    rand = client.get("/api/v1/kaart/filters", headers=auth("bea")).json["legenda"]["conflict_rand"]
    layer_dashes = {d for lg in lagen.values() for d in (lg["stijl"].get("strepen") or {}).values()}
    assert rand["streep"] not in layer_dashes and rand["dikte"] > 1.5
