"""POST /api/v1/locatiecheck bounds the cost of one check before it runs, and counts an account's checks
(security tester: as an initiator, 9 polygons of 9,999 vertices over the municipality, well within the
bounds of objects and vertices, took 38 s of a web worker and answered 11 MB of 18,912 conflicts; nothing
counted how often an account asked).

The area of the objects, the layer features near them and the work of the exact predicates are bounded
per role (services.locatiecheck_limits, gis.cost), each refused with a Dutch problem+json that names the
field; an initiator's checks per hour are counted (429 with Retry-After). A refusal stores nothing.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from gis.demo import DEMO_CENTRE_RD
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_locatiecheck_limits import client, feature, over_the_municipality, refused, settings

__all__ = ["client", "settings"]  # the fixtures of the bounds' tests

URL = "/api/v1/locatiecheck"


def post(client: Any, features: list[dict[str, Any]], token: str, crs: str | None = None) -> Any:
    body = {"type": "FeatureCollection", "features": features}
    return client.post(
        URL + (f"?crs={crs}" if crs else ""),
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {token}"},
        content_type="application/geo+json",
    )


def circle_like_the_testers(n: int, radius: float, i: int = 0) -> dict[str, Any]:
    """As the tester's polygon: ``n`` vertices on a circle of ``radius`` degrees round the demo town."""
    cx, cy = 6.4216 + 0.001 * i, 52.0158
    ring = [
        [cx + radius * math.cos(2 * math.pi * k / n), cy + radius * math.sin(2 * math.pi * k / n)]
        for k in range(n)
    ]
    return feature({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def rd(geometry_type: str, coordinates: Any, soort: str) -> dict[str, Any]:
    return feature({"type": geometry_type, "coordinates": coordinates}, soort)


def rectangle(x: float, y: float, width: float, depth: float, soort: str) -> dict[str, Any]:
    ring = [[x, y], [x + width, y], [x + width, y + depth], [x, y + depth], [x, y]]
    return rd("Polygon", [ring], soort)


def test_the_testers_request_is_refused_quickly_for_its_area(client: Any) -> None:
    """Three circles of 2,500 vertices, 0.06 degrees in radius (86 km2 each): the tester's shape, scaled down.
    Was: 200 with over 6,000 conflicts for an initiator."""
    platform = client.application.extensions["ruimteflow"]
    x, y = DEMO_CENTRE_RD
    assert post(client, [rectangle(x, y, 40, 30, "woningbouw")], "t-coop", "EPSG:28992").status_code == 200
    before = table_counts(platform)  # after a first check, which read the layers
    resp = post(client, [circle_like_the_testers(2_500, 0.06, i) for i in range(3)], "t-coop")
    detail = refused(resp, 413, "gis-gebied-te-groot")
    assert resp.json["veld"] == "features"
    assert "ten hoogste 50 km²" in detail and "kleiner gebied" in detail, detail
    assert table_counts(platform) == {**before, "auth_failure": before["auth_failure"] + 1}  # it counted


def test_many_vertices_near_many_features_are_refused_for_their_work(client: Any) -> None:
    """One circle of 9,999 vertices over 15 km2 (within the area): its exact predicates are the cost.
    Was: 200 after about a quarter of a second of CPU."""
    detail = refused(
        post(client, [circle_like_the_testers(9_999, 0.025)], "t-coop"), 413, "gis-te-veel-rekenwerk"
    )
    assert "Vereenvoudig de geometrieën" in detail and "ten hoogste 2.000.000" in detail, detail
    # the municipality's staff may do more work, not without end: the tester's own circle of 86 km2
    detail = refused(
        post(client, [circle_like_the_testers(9_999, 0.06)], "t-anna"), 413, "gis-te-veel-rekenwerk"
    )
    assert "ten hoogste 20.000.000" in detail


def test_many_objects_near_many_features_are_refused_for_their_candidates(client: Any) -> None:
    """Sixty turbines on one spot: no area, few vertices, but each near hundreds of houses and parcels; the
    answer would hold thousands of conflicts. Was: 200 with over 10,000 conflicts."""
    x, y = DEMO_CENTRE_RD
    turbines = [rd("Point", [x, y + i], "windturbine") for i in range(60)]
    detail = refused(post(client, turbines, "t-coop", "EPSG:28992"), 413, "gis-te-veel-kaartobjecten")
    assert "ten hoogste 10.000 kaartobjecten" in detail, detail


def test_normal_checks_of_an_initiator_and_of_staff_are_answered(client: Any) -> None:
    """A plot, a solar park, the demo windpark and one of 15 turbines over 6 km; staff over the municipality."""
    x, y = DEMO_CENTRE_RD
    requests = [
        [rectangle(x, y, 40, 30, "woningbouw")],
        [rectangle(x, y, 500, 300, "zonnepark")],
        [rd("MultiPoint", [[x - 400, y], [x, y], [x + 400, y]], "windturbine")],
        [rd("MultiPoint", [[x - 3000 + 400 * k, y + 100 * k] for k in range(15)], "windturbine")],
    ]
    for features in requests:
        resp = post(client, features, "t-coop", "EPSG:28992")
        assert resp.status_code == 200, resp.text[:300]
    resp = post(client, [over_the_municipality(0)], "t-anna")
    assert resp.status_code == 200 and resp.json["samenvatting"]["aantal"] > 1000


def test_an_initiator_s_checks_are_counted_per_hour_staff_s_are_not(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = client.application.extensions["ruimteflow"]
    monkeypatch.setattr(platform, "settings", platform.settings.with_(locatiechecks_per_account_per_hour=2))
    x, y = DEMO_CENTRE_RD
    plot = [rectangle(x, y, 40, 30, "woningbouw")]
    for _ in range(2):
        assert post(client, plot, "t-coop", "EPSG:28992").status_code == 200
    resp = post(client, plot, "t-coop", "EPSG:28992")
    detail = refused(resp, 429, "te-veel-pogingen")
    assert 0 < int(resp.headers["Retry-After"]) <= 3600
    assert "te veel locatiechecks" in detail and "ten hoogste 2 per uur" in detail, detail
    for _ in range(3):
        assert post(client, plot, "t-anna", "EPSG:28992").status_code == 200


def test_the_bounds_are_the_same_in_postgis(any_platform: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """On SQLite (layers in memory) and on PostgreSQL (the check in PostGIS): the same refusals, and a normal
    check answers the conflicts of the in-memory layers."""
    from services import locatiecheck, users
    from services.clock import today
    from web import create_app
    from web.cli import main

    directory = Path(any_platform.settings.gis_layers_dir)  # the run's demo layers (the settings fixture)
    if any_platform.is_postgres:  # PostGIS holds what the worker's last test loaded: load the demo's layers
        assert main(["gis", "load", str(directory), "--database", any_platform.settings.database_url]) == 0
        capsys.readouterr()
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(any_platform, "coop", groups=[], role="initiatiefnemer", token="t-coop")
    client = create_app(any_platform.settings, platform=any_platform).test_client()
    x, y = DEMO_CENTRE_RD
    turbines = [rd("Point", [x, y + i], "windturbine") for i in range(60)]
    refused(post(client, [circle_like_the_testers(2_500, 0.06)], "t-coop"), 413, "gis-gebied-te-groot")
    refused(post(client, turbines, "t-coop", "EPSG:28992"), 413, "gis-te-veel-kaartobjecten")
    refused(post(client, [circle_like_the_testers(9_999, 0.025)], "t-coop"), 413, "gis-te-veel-rekenwerk")
    refused(post(client, [circle_like_the_testers(9_999, 0.06)], "t-anna"), 413, "gis-te-veel-rekenwerk")
    windpark = [rd("MultiPoint", [[x - 3000 + 400 * k, y + 100 * k] for k in range(15)], "windturbine")]
    resp = post(client, windpark, "t-coop", "EPSG:28992")
    assert resp.status_code == 200, resp.text[:300]
    memory = locatiecheck.check_document(
        any_platform.settings,
        {"type": "FeatureCollection", "features": windpark},
        crs="EPSG:28992",
        peildatum=today(any_platform.clock),
        layers_dir=str(directory),
        buiten_gemeente=True,
        public=True,
    )
    assert resp.json["samenvatting"] == memory["samenvatting"] and memory["samenvatting"]["aantal"] > 1000
    found = [(c["regel"], c["feature_id"]) for c in resp.json["conflicten"]]
    assert found == [(c["regel"], c["feature_id"]) for c in memory["conflicten"]]
