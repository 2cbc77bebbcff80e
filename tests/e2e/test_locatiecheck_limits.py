"""POST /api/v1/locatiecheck costs a bounded amount for every caller (security tester: any account, an
initiator with DigiD too, exhausted a web worker's memory with copies of one polygon over the municipality,
each giving hundreds of conflicts: 100 features gave a 52 MB answer, 10,000 killed the worker).

The vertices of a request together, the objects of an initiator's or outside party's request and the
conflicts of an answer are bounded, each refused with a Dutch problem+json; a refusal stores nothing.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from services import users
from services.config import Settings
from tests.e2e.test_api_bad_input import table_counts
from tests.shared_build import shared_demo_layers
from web import create_app, hygiene
from web.uploads import JSON_TOO_LARGE

URL = "/api/v1/locatiecheck"


@pytest.fixture
def settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo layers generated once per run (as `ruimteflow demo` has them)."""
    return settings.with_(gis_layers_dir=str(shared_demo_layers(tmp_path_factory)))


@pytest.fixture
def client(platform: Any) -> Any:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(platform, "coop", groups=[], role="initiatiefnemer", token="t-coop")
    return create_app(platform.settings, platform=platform).test_client()


def post(client: Any, features: list[dict[str, Any]], token: str) -> Any:
    body = {"type": "FeatureCollection", "features": features}
    return client.post(
        URL,
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {token}"},
        content_type="application/geo+json",
    )


def refused(resp: Any, status: int, code: str) -> str:
    """A problem+json with ``status`` and ``code``; returns its Dutch detail."""
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    assert resp.mimetype == "application/problem+json"
    problem = json.loads(resp.text)
    assert problem["status"] == status and problem["code"] == code, problem
    return str(problem["detail"])


def feature(geometry: dict[str, Any], soort: str = "woningbouw") -> dict[str, Any]:
    return {"type": "Feature", "properties": {"soort": soort}, "geometry": geometry}


def over_the_municipality(i: int) -> dict[str, Any]:
    """As the tester's polygon, but over the whole demo municipality (WGS84), a little different each time."""
    from gis.demo import demo_bbox_wgs84

    x0, y0, x1, y1 = demo_bbox_wgs84()
    ring = [[x0 + i * 1e-6, y0], [x1, y0], [x1, y1], [x0, y1], [x0 + i * 1e-6, y0]]
    return feature({"type": "Polygon", "coordinates": [ring]})


def circle(n: int, i: int = 0) -> dict[str, Any]:
    """A polygon of ``n`` vertices, about 100 m across, in the demo town (RD New is not needed: WGS84)."""
    import math

    cx, cy = 6.40 + 0.002 * i, 52.01
    ring = [
        [cx + 0.0007 * math.cos(2 * math.pi * k / n), cy + 0.0005 * math.sin(2 * math.pi * k / n)]
        for k in range(n)
    ]
    return feature({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def test_a_request_over_the_vertex_bound_is_refused(client: Any) -> None:
    """21 polygons of 9,600 vertices: each within the cap of one geometry, together over 200,000."""
    platform = client.application.extensions["ruimteflow"]
    before = table_counts(platform)
    detail = refused(
        post(client, [circle(9_600, i) for i in range(21)], "t-anna"), 413, "gis-te-veel-hoekpunten"
    )
    assert "ten hoogste 200.000 hoekpunten" in detail and "heeft er 201.621" in detail and "Splits" in detail
    assert table_counts(platform) == before


def test_an_initiator_over_the_object_bound_is_refused_staff_is_not(client: Any) -> None:
    points = [feature({"type": "Point", "coordinates": [6.40 + 0.0001 * i, 52.01]}) for i in range(101)]
    platform = client.application.extensions["ruimteflow"]
    before = table_counts(platform)
    detail = refused(post(client, points, "t-coop"), 413, "gis-te-veel-objecten")
    assert "ten hoogste 100 objecten" in detail and "heeft er 101" in detail and "Splits" in detail
    assert table_counts(platform) == before
    staff = post(client, points, "t-anna")  # the municipality's staff may check a batch
    assert staff.status_code == 200 and staff.json["samenvatting"]["aantal_onderwerpen"] == 101


def test_staff_over_their_object_bound_get_the_promised_413(client: Any) -> None:
    """10,001 objects: the API schema refused them first with a 400 on 'features' (its maxItems), not the
    413 gis-te-veel-objecten that README and the OpenAPI description promise; both callers get the 413."""
    points = [feature({"type": "Point", "coordinates": [6.40 + 1e-6 * i, 52.01]}) for i in range(10_001)]
    detail = refused(post(client, points, "t-anna"), 413, "gis-te-veel-objecten")
    assert "ten hoogste 10.000 objecten" in detail and "heeft er 10.001" in detail
    detail = refused(post(client, points, "t-coop"), 413, "gis-te-veel-objecten")
    assert "ten hoogste 100 objecten" in detail and "heeft er 10.001" in detail


def test_an_answer_past_the_conflict_bound_is_refused(client: Any) -> None:
    """A few polygons over the municipality: over 10,000 conflicts each for the municipality's staff."""
    platform = client.application.extensions["ruimteflow"]
    before = table_counts(platform)
    one = post(client, [over_the_municipality(0)], "t-anna").json["samenvatting"]["aantal"]
    copies = 25_000 // one + 1
    detail = refused(
        post(client, [over_the_municipality(i) for i in range(copies)], "t-anna"),
        422,
        "gis-te-veel-conflicten",
    )
    assert "meer dan 25.000 conflicten" in detail and "Splits" in detail and "kleiner gebied" in detail
    assert table_counts(platform) == before


def test_an_initiator_s_bound_counts_only_the_conflicts_it_may_see(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound counts what the answer would hold: the internal rules an initiator does not see do not
    count (else the refusal would tell it how many internal conflicts a place has). An initiator's check
    over the municipality is refused for its area now (test_locatiecheck_cost): its cost bounds are lifted
    here, so that the conflicts' bound is what this test sees."""
    from gis.cost import CostCaps
    from services import locatiecheck_limits

    monkeypatch.setattr(locatiecheck_limits, "PUBLIC_CAPS", CostCaps())
    public = post(client, [over_the_municipality(0)], "t-coop").json["samenvatting"]["aantal"]
    staff = post(client, [over_the_municipality(0)], "t-anna").json["samenvatting"]["aantal"]
    copies = 25_000 // public
    assert copies * staff > 25_000  # the same request is too much for staff, who see the internal rules
    features = [over_the_municipality(i) for i in range(copies)]
    answer = post(client, features, "t-coop")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json["samenvatting"]["aantal"] == copies * public
    assert not [c for c in answer.json["conflicten"] if c["intern"]]
    refused(post(client, features, "t-anna"), 422, "gis-te-veel-conflicten")


def test_a_normal_request_is_answered_as_before(client: Any) -> None:
    """One polygon over the municipality: its conflicts for staff; an initiator's check of the whole
    municipality is refused for its area now (127 km2, test_locatiecheck_cost), one of the town's centre
    gets the public view of the same check."""
    from gis.api import public_view
    from services import locatiecheck
    from services.clock import today

    platform = client.application.extensions["ruimteflow"]
    body = {"type": "FeatureCollection", "features": [over_the_municipality(0)]}
    expected = locatiecheck.check_document(
        platform.settings, body, peildatum=today(platform.clock), buiten_gemeente=True
    )
    assert len(expected["conflicten"]) > 1000
    assert post(client, body["features"], "t-anna").json == expected
    refused(post(client, body["features"], "t-coop"), 413, "gis-gebied-te-groot")
    town = {"type": "FeatureCollection", "features": [circle(200)]}
    expected = locatiecheck.check_document(
        platform.settings, town, peildatum=today(platform.clock), buiten_gemeente=True
    )
    assert expected["conflicten"]
    assert post(client, town["features"], "t-coop").json == public_view(expected)


def test_one_feature_is_bounded_as_the_one_object_the_check_reads(client: Any) -> None:
    """A body that is one Feature is the one object the check reads, whatever other members it carries (a
    'features' member is no part of a Feature): its own geometry is held to the cap of one geometry, and a
    'features' member neither stands in for it nor counts as objects. Was: the bounds read a 'features'
    member of any body, so a Feature over the cap carrying one small object there was checked (200), and an
    initiator's Feature carrying 101 there was refused 413 gis-te-veel-objecten."""

    def one_feature(geometry: dict[str, Any], decoys: int) -> Any:
        point = feature({"type": "Point", "coordinates": [6.40, 52.01]})
        body = {**feature(geometry), "features": [point] * decoys}
        return client.post(
            URL,
            data=json.dumps(body),
            headers={"Authorization": "Bearer t-coop"},
            content_type="application/geo+json",
        )

    over_the_cap = circle(12_000)["geometry"]  # Settings.max_geometry_vertices: 10,000
    detail = refused(one_feature(over_the_cap, 1), 400, "geometrie-te-groot")
    assert "te veel hoekpunten (12001)" in detail
    answer = one_feature({"type": "Point", "coordinates": [6.40, 52.01]}, 101)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json["samenvatting"]["aantal_onderwerpen"] == 1


def test_a_batch_over_the_json_cap_of_other_routes_reaches_the_locatiechecks_own_bounds(client: Any) -> None:
    """JSON bodies are capped at 2 MB (web.uploads.json_cap); the staff's real batches are larger (10,000
    objects with 200,000 vertices are about 10 MB), so their own cap takes them and their bounds answer."""
    features = [circle(12, i) for i in range(10_001)]
    assert len(json.dumps({"type": "FeatureCollection", "features": features})) > 4_000_000
    refused(post(client, features, "t-anna"), 413, "gis-te-veel-objecten")


def padded(size: int) -> bytes:
    """A check of one point whose properties carry ``size`` bytes of small objects (the pentest's shape)."""
    point = feature({"type": "Point", "coordinates": [6.40, 52.01]})
    point["properties"]["x"] = [{"a": 1}] * (size // 8)
    return json.dumps({"type": "FeatureCollection", "features": [point]}, separators=(",", ":")).encode()


def _never_parsed(raw: bytes | str) -> Any:
    raise AssertionError("the over-size body was parsed")


def test_an_initiators_body_over_its_own_cap_is_refused_before_it_is_read(
    client: Any, monkeypatch: Any
) -> None:
    """The staff's cap (12 MB) was everyone's: 12 MB of small objects cost an initiator's request about 4 s in
    the JSON check before its 100-object bound refused it. An initiator's or outside party's body over its
    own cap (2 MB) is refused before it is read, by its length or, chunked, as it is read; staff's is not."""
    raw, coop = padded(3_000_000), {"Authorization": "Bearer t-coop"}
    with monkeypatch.context() as patched:
        patched.setattr(hygiene, "parse_json", _never_parsed)
        resp = client.post(URL, data=raw, headers=coop, content_type="application/geo+json")
        detail = refused(resp, 413, JSON_TOO_LARGE)
        assert "ten hoogste 2 MB" in detail and "dit verzoek: 2,9 MB" in detail, detail
        resp = client.post(
            URL,
            input_stream=io.BytesIO(raw),
            content_type="application/geo+json",
            headers={**coop, "Transfer-Encoding": "chunked"},  # werkzeug: no Content-Length then
            environ_overrides={"wsgi.input_terminated": True},
        )
        detail = refused(resp, 413, JSON_TOO_LARGE)
        assert "ten hoogste 2 MB" in detail and "dit verzoek" not in detail, detail
    staff = client.post(
        URL, data=raw, headers={"Authorization": "Bearer t-anna"}, content_type="application/geo+json"
    )
    assert staff.status_code == 200 and staff.json["samenvatting"]["aantal_onderwerpen"] == 1, staff.text[
        :300
    ]
