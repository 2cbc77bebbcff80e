"""Bad input over the API gets a specific Dutch 4xx problem+json and leaves every table unchanged (issue #10).

Each test here was a 500 (or an accepted value that broke a later read) before the API contract.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from services import users
from services.config import Settings
from services.store.models import Base
from tests.conftest import FIXTURES
from tests.shared_build import shared_demo_layers
from web import create_app

BIG = "99999999999999999999999"  # beyond 64 bits


@pytest.fixture
def settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo layers generated once per run (tests/shared_build.py), not again in this test's folder."""
    return settings.with_(gis_layers_dir=str(shared_demo_layers(tmp_path_factory)))


def table_counts(platform: Any) -> dict[str, int]:
    """Rows per table: a bad request must not change any of them."""
    with platform.uow(write=False) as uow:
        return {
            t.name: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


def make_client(platform: Any) -> Any:
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    app = create_app(platform.settings, platform=platform)
    client = app.test_client()
    with open(FIXTURES / "bpmn" / "vergunning_klein.bpmn", "rb") as fh:
        resp = client.post(
            "/api/v1/modellen",
            data={"bestand": (fh, "vergunning_klein.bpmn")},
            headers=auth("t-bea"),
            content_type="multipart/form-data",
        )
    assert resp.status_code == 201, resp.text
    return client


@pytest.fixture
def client(platform: Any) -> Any:
    return make_client(platform)


@pytest.fixture
def any_client(any_platform: Any) -> Any:
    return make_client(any_platform)


def auth(token: str = "t-anna") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refused(resp: Any, *statuses: int) -> dict[str, Any]:
    """A 4xx problem+json with a Dutch title and detail; returns the body."""
    assert resp.status_code in (statuses or (400, 404, 422)), (resp.status_code, resp.text[:500])
    assert resp.mimetype == "application/problem+json", resp.text[:300]
    body = json.loads(resp.text)
    assert body["status"] == resp.status_code and body["code"]
    assert body["title"] in ("Ongeldig verzoek", "Ongeldige invoer", "Niet gevonden", "Niet verwerkbaar")
    return body


def platform_of(client: Any) -> Any:
    return client.application.extensions["ruimteflow"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/taken/{BIG}",
        f"/api/v1/zaken/{BIG}",
        f"/api/v1/zaken/Z-2026-000001/conflicten/{BIG}/overschrijven",
    ],
)
def test_id_beyond_64_bits_in_the_path_is_refused(client, url):
    before = table_counts(platform_of(client))
    method = client.post if url.endswith("overschrijven") else client.get
    kwargs: dict[str, Any] = {"json": {"reden": "x"}} if url.endswith("overschrijven") else {}
    body = refused(method(url, headers=auth(), **kwargs), 400)
    assert body["code"] == "parameter-ongeldig" and "ten hoogste" in body["detail"]
    assert table_counts(platform_of(client)) == before


@pytest.mark.parametrize("value", ["1e30", str(2**70), "-5", "veel"])
def test_query_number_out_of_range_or_not_a_number_is_refused(client, value):
    body = refused(client.get(f"/api/v1/taken?limiet={value}", headers=auth()), 400)
    assert "'limiet'" in body["detail"]


@pytest.mark.parametrize("url", ["/api/v1/zaken", "/api/v1/taken"])
@pytest.mark.parametrize(
    ("query", "field", "bound"),
    [
        ("limiet=99999999999", "limiet", "500"),
        ("limiet=2147483648", "limiet", "500"),
        ("vanaf=2147483648", "vanaf", "1000000"),
        (f"vanaf={'9' * 5000}", "vanaf", "1000000"),
    ],
)
def test_a_large_query_number_is_refused_with_its_own_bound_and_field(client, url, query, field, bound):
    """``?limiet=99999999999`` answered "mag ten hoogste 2147483647 zijn" without a ``veld``: the
    database's id bound, not the parameter's (500 for limiet, 1,000,000 for vanaf)."""
    body = refused(client.get(f"{url}?{query}", headers=auth()), 400)
    assert body["code"] == "parameter-ongeldig" and body.get("veld") == field, body
    assert body["detail"] == f"Parameter '{field}' mag ten hoogste {bound} zijn.", body


def test_a_large_id_in_the_path_names_its_field(client):
    body = refused(client.get("/api/v1/taken/3000000000", headers=auth()), 400)
    assert body["veld"] == "task_id" and "ten hoogste 2147483647" in body["detail"], body


def test_a_refused_path_parameter_is_called_by_its_dutch_name(any_client):
    """Tester finding: the route's variable names came through in the Dutch text ("Parameter 'case_ref'
    bevat een stuurteken", "Parameter 'task_id' mag ten hoogste 2147483647 zijn"); ``veld`` keeps the
    name the OpenAPI description gives the path parameter."""
    body = refused(any_client.get("/api/v1/taken/99999999999", headers=auth()), 400)
    assert body["detail"] == "Parameter 'taak' mag ten hoogste 2147483647 zijn." and body["veld"] == "task_id"
    body = refused(any_client.get("/api/v1/documenten/3000000000", headers=auth()), 400)
    assert body["detail"] == "Parameter 'document' mag ten hoogste 2147483647 zijn.", body
    page = any_client.get("/zaken/%00")
    assert page.status_code == 400 and "Parameter &#39;zaak&#39; bevat een stuurteken" in page.text, page.text
    assert "case_ref" not in page.text
    from web.hygiene import PATH_WORDS  # every route's variable has a Dutch word

    routes = {name for rule in any_client.application.url_map.iter_rules() for name in rule.arguments}
    assert routes - set(PATH_WORDS) == {"zaak", "naam", "bericht", "proces", "bestand", "aflevering"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"proces": ["x"]}, "proces"),
        ({"proces": "vergunning_klein", "titel": [1]}, "titel"),
        ({"proces": "vergunning_klein", "locatie": {"a": 1}}, "locatie"),
        ({"proces": "vergunning_klein", "initiatiefnemer": 5}, "initiatiefnemer"),
    ],
)
def test_wrong_json_type_in_start_case_names_the_field(client, body, field):
    before = table_counts(platform_of(client))
    problem = refused(client.post("/api/v1/zaken", json=body, headers=auth()), 400)
    assert f"'{field}'" in problem["detail"] and problem["code"] == "veld-ongeldig"
    assert table_counts(platform_of(client)) == before


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_json_are_refused(client, raw):
    before = table_counts(platform_of(client))
    data = '{"proces": "vergunning_klein", "gegevens": {"bouwkosten": RAW}}'.replace("RAW", raw)
    resp = client.post("/api/v1/zaken", data=data, headers={**auth(), "Content-Type": "application/json"})
    problem = refused(resp, 400)
    assert problem["code"] == "json-ongeldig-getal" and raw.lstrip("-") in problem["detail"]
    assert table_counts(platform_of(client)) == before


@pytest.mark.parametrize(
    "body",
    [
        {"proces": "vergunning_klein", "titel": "Dak\x00kapel"},
        {"proces": "vergunning_klein", "gegevens": {"opmerking": "a\x00b"}},
        {"proces": "vergunning_klein", "gegevens": {"sleutel\x00": 1}},
        {"proces": "vergunning_klein", "locatie": "Dorp\x07straat"},
    ],
)
def test_nul_and_control_characters_are_refused_on_every_database(any_client, body):
    before = table_counts(platform_of(any_client))
    problem = refused(any_client.post("/api/v1/zaken", json=body, headers=auth()), 400)
    assert problem["code"] == "tekens-ongeldig" and "stuurteken" in problem["detail"]
    assert table_counts(platform_of(any_client)) == before


@pytest.mark.parametrize(
    "raw",
    [
        '{"proces": "vergunning_klein", "titel": "x\\udc00"}',
        '{"proces": "vergunning_klein", "gegevens": {"opmerking": "a\\ud800b"}}',
        '{"proces": "vergunning_klein", "gegevens": {"sleutel\\udfff": 1}}',
    ],
)
def test_a_lone_surrogate_is_refused_on_every_database(any_client, raw):
    """Review finding: "x\\udc00" in a JSON string passed the hygiene and ended in a 500 at the INSERT
    (UnicodeEncodeError: surrogates not allowed); an aanvulling stored it."""
    before = table_counts(platform_of(any_client))
    resp = any_client.post("/api/v1/zaken", data=raw, headers={**auth(), "Content-Type": "application/json"})
    problem = refused(resp, 400)
    assert problem["code"] == "tekens-ongeldig" and "surrogaat" in problem["detail"]
    assert table_counts(platform_of(any_client)) == before


def test_nul_in_a_query_parameter_is_refused(any_client):
    problem = refused(any_client.get("/api/v1/taken?procedure=a%00b", headers=auth()), 400)
    assert problem["code"] == "tekens-ongeldig" and "'procedure'" in problem["detail"]


def huge_polygon(n: int) -> dict[str, Any]:
    import math

    ring = [
        [6.42 + 0.01 * math.cos(2 * math.pi * i / n), 52.01 + 0.01 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_huge_polygon_through_the_api_is_refused(client):
    before = table_counts(platform_of(client))
    body = {"proces": "vergunning_klein", "geometrie": huge_polygon(20_000)}  # 0.8 MB, within the JSON cap
    problem = refused(client.post("/api/v1/zaken", json=body, headers=auth()), 400, 413, 422)
    assert problem["code"] == "geometrie-te-groot" and "hoekpunten" in problem["detail"]
    body = {"proces": "vergunning_klein", "geometrie": huge_polygon(60_000)}  # 2.4 MB: over it, never read
    assert client.post("/api/v1/zaken", json=body, headers=auth()).get_json()["code"] == "json-te-groot"
    assert table_counts(platform_of(client)) == before


@pytest.mark.parametrize(
    "wkt",
    [
        "LINESTRING (226000 448000, NaN 448100, 226100 448100)",  # was stored on the case (201)
        "MULTIPOINT ((226000 448000), (NaN NaN))",  # was a 500 from make_valid
    ],
)
def test_nan_vertex_in_a_case_geometry_is_refused(client, wkt):
    before = table_counts(platform_of(client))
    body = {"proces": "vergunning_klein", "geometrie": wkt, "crs": "EPSG:28992"}
    problem = refused(client.post("/api/v1/zaken", json=body, headers=auth()), 400)
    assert problem["code"] == "geometrie-nan" and "geen getal" in problem["detail"]
    assert table_counts(platform_of(client)) == before


def test_openapi_has_request_and_response_schemas_for_every_operation(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["paths"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            for p in op.get("parameters", []):
                assert p["schema"].get("type"), where
            for name in __import__("re").findall(r"{([a-z_]+)}", path):
                assert name in {p["name"] for p in op["parameters"] if p["in"] == "path"}, where
            if method in ("post", "put", "patch") and "requestBody" in op:
                for media in op["requestBody"]["content"].values():
                    assert media["schema"] != {"type": "object"}, where
                    schema = media["schema"]
                    assert schema.get("properties") or schema.get("$ref") or schema.get("anyOf"), where
            assert "default" not in op["responses"], where
            ok = [s for s in op["responses"] if s.startswith("2")]
            assert ok, where
            for status, response in op["responses"].items():
                assert response.get("content"), (where, status)
                for media, content in response["content"].items():
                    assert content.get("schema"), (where, status, media)
                if status.startswith("4"):
                    assert "application/problem+json" in response["content"], (where, status)


def test_faces_parity_routes_are_in_the_api(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/beheer/incidenten",
        "/beheer/zaken/{zaak}/opnieuw",
        "/beheer/zaken/{zaak}/pauzeren",
        "/beheer/zaken/{zaak}/hervatten",
        "/beheer/modellen/{proces}/migreren",
        "/dashboard",
        "/status/{code}/berichten/{bericht}",
    ):
        assert path in paths, sorted(paths)


def test_huge_polygon_in_the_locatiecheck_is_refused(client):
    feature = {"type": "Feature", "geometry": huge_polygon(20_000), "properties": {"soort": "woningbouw"}}
    body = {"type": "FeatureCollection", "features": [feature]}
    problem = refused(client.post("/api/v1/locatiecheck", json=body, headers=auth()), 400)
    assert problem["code"] == "geometrie-te-groot" and "hoekpunten" in problem["detail"]


def test_crs_that_cannot_reach_rd_in_the_locatiecheck_is_refused(client):
    body = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "+proj=longlat +a=1"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"soort": "bouwwerk"},
                "geometry": {"type": "Point", "coordinates": [6.42, 52.01]},
            }
        ],
    }
    resp = client.post("/api/v1/locatiecheck", json=body, headers=auth())
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.text[:300]
    assert resp.json["code"] == "gis-onbekende-crs" and "RD New" in resp.json["detail"]


HUGE = '{"proces": "vergunning_klein", "gegevens": {"bouwkosten": DIGITS}}'


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        (HUGE.replace("DIGITS", "9" * 4401), "json-ongeldig-getal", "geheel getal"),
        (HUGE.replace("DIGITS", "9" * 4000), "json-ongeldig-getal", "geheel getal"),
        (HUGE.replace("DIGITS", "9" * 17), "json-ongeldig-getal", "geheel getal"),
        ('{"proces": "onbekend_proces", "proces": "vergunning_klein"}', "json-dubbel-veld", "'proces'"),
    ],
    ids=["4401-cijfers", "4000-cijfers", "17-cijfers", "dubbel-veld"],
)
def test_a_huge_integer_or_a_key_given_twice_is_refused_by_name_and_nothing_is_stored(
    client, body, code, words
):
    """A 4,401-digit integer answered "geen geldige JSON (geen UTF-8)"; a 4,000-digit one was stored in
    ``gegevens``; of two equal keys the last counted (a windpark started where the first said otherwise)."""
    before = table_counts(platform_of(client))
    resp = client.post("/api/v1/zaken", data=body, headers={**auth(), "Content-Type": "application/json"})
    problem = refused(resp, 400)
    assert problem["code"] == code and words in problem["detail"], problem
    assert table_counts(platform_of(client)) == before


def test_too_long_initiator_type_is_refused_before_the_database(any_client):
    before = table_counts(platform_of(any_client))
    body = {"proces": "vergunning_klein", "soort_initiatiefnemer": "x" * 61}
    problem = refused(any_client.post("/api/v1/zaken", json=body, headers=auth()), 400)
    assert "'soort_initiatiefnemer'" in problem["detail"] and "60" in problem["detail"]
    assert table_counts(platform_of(any_client)) == before


@pytest.mark.parametrize(
    "url",
    ["/api/v1/taken/3000000000", "/api/v1/zaken/3000000000", "/api/v1/beheer/zaken/3000000000/hervatten"],
)
def test_id_beyond_the_integer_column_is_refused_on_every_database(any_client, url):
    """ids are INTEGER columns: 32 bits on PostgreSQL, where a larger id was a 500 (found by Schemathesis)."""
    before = table_counts(platform_of(any_client))
    method = any_client.post if url.endswith("hervatten") else any_client.get
    body = refused(method(url, headers=auth("t-bea")), 400)
    assert body["code"] == "parameter-ongeldig" and "ten hoogste" in body["detail"]
    assert table_counts(platform_of(any_client)) == before


def test_published_schemas_are_the_ones_the_server_validates_with(client):
    """One source: every route's contract (web/api/contract.py) is what /api/v1/openapi.json shows."""
    from web.api.contract import contract_of

    app = client.application
    doc = client.get("/api/v1/openapi.json").get_json()
    checked = 0
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/v1/"):
                continue
            spec = contract_of(rule.endpoint)
            assert spec is not None, f"{rule.rule} heeft geen contract"
            path = __import__("re").sub(
                r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1")
            )
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                op = doc["paths"][path][method.lower()]
                published = {(p["in"], p["name"]): p["schema"] for p in op["parameters"]}
                assert published == {
                    **{("path", n): sch for n, sch in spec.path.items()},
                    **{("query", n): sch for n, sch in spec.query.items()},
                    **{("header", n): sch for n, sch in spec.headers.items()},
                }
                if spec.body is not None:
                    assert op["requestBody"]["content"]["application/json"]["schema"] == spec.body
                media = (spec.media,) if isinstance(spec.media, str) else spec.media  # ec2209c: one or more
                for m in media:
                    assert op["responses"][str(spec.status)]["content"][m]["schema"] == spec.response
                checked += 1
    assert checked >= 25
