"""Review gis11, finding 2: the locatiecheck names the feature a conflict is with (the Natura 2000 area
"Rijntakken"), but the case kept only its layer and id, so the case file read "natura2000 · 102" and the
officer could not tell which area (and so which provincie) it was. The name is now stored with the
conflict, returned by the case API and shown in the case file, escaped; a party that may not see an
internal conflict reads its name nowhere either."""

from __future__ import annotations

from typing import Any

from tests.e2e.casefile_fixtures import deploy_permit, fake_locatiecheck, start_permit, task_of

NAMED = {"regel": "n2k-in", "laag": "natura2000", "feature_id": "102", "feature_naam": "Rijntakken"}
UNNAMED = {"regel": "bouwvlak", "laag": "percelen", "feature_id": "7", "feature_naam": None}
SCRIPT = {"regel": "bevi", "laag": "bevi", "feature_id": "3", "feature_naam": "<script>alert('x')</script>"}
#: an internal conflict: its rule, description and the feature's name are the municipality's own
INTERN = {
    "regel": "wt-bestaande-turbine",
    "laag": "windturbines",
    "feature_id": "1",
    "feature_naam": "WT Geheimveld 1",
    "intern": True,
    "afdeling": "Milieu",
    "beschrijving": "Interne afweging",
}


def _api(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{user}"}


def test_the_case_file_names_the_feature_of_a_conflict(faces_app, browser_for, start_case, enrich_case):
    ref = start_case("Aanbouw aan de IJssel")["zaak"]
    enrich_case(ref, conflicts=[NAMED, UNNAMED])
    html = browser_for("anna").get(f"/zaken/{ref}").text
    assert "<dd>natura2000: Rijntakken (102)</dd>" in html
    assert "<dd>percelen · 7</dd>" in html  # a layer without names: its id, as before
    found = faces_app.test_client().get(f"/api/v1/zaken/{ref}", headers=_api("anna")).get_json()
    assert {c["regel"]: c["feature_naam"] for c in found["conflicten"]} == {
        "n2k-in": "Rijntakken",
        "bouwvlak": None,
    }


def test_a_feature_name_is_escaped_in_the_case_file(browser_for, start_case, enrich_case):
    ref = start_case("Bij het risicobedrijf")["zaak"]
    enrich_case(ref, conflicts=[SCRIPT])
    html = browser_for("anna").get(f"/zaken/{ref}").text
    assert "<script>alert(" not in html
    assert "bevi: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; (3)" in html


def _case_mila_advises(platform: Any, browser_for: Any, enrich_case: Any) -> str:
    """A permit case of the initiator coop on which mila (Omgevingsdienst, an outside party) advises."""
    fake_locatiecheck(platform)
    deploy_permit(platform)
    ref = start_permit(platform, user="coop", initiator="Energiecoöperatie Ruimtedal")["zaak"]
    intake = task_of(platform, ref, "anna", "Ontvankelijkheid")
    assert browser_for("anna").post(f"/taken/{intake['id']}", {"compleet": "true"}).status_code == 302
    task_of(platform, ref, "mila", "Advies Milieu")  # mila may open the case
    enrich_case(ref, conflicts=[NAMED, INTERN])
    return ref


def test_only_who_sees_the_conflict_reads_the_name_of_its_feature(
    faces_platform, faces_app, browser_for, enrich_case
):
    ref = _case_mila_advises(faces_platform, browser_for, enrich_case)
    client = faces_app.test_client()
    officer = client.get(f"/api/v1/zaken/{ref}", headers=_api("anna")).get_json()["conflicten"]
    assert {c["feature_naam"] for c in officer} >= {"Rijntakken", "WT Geheimveld 1"}
    for user in ("mila", "coop"):  # an outside party and the initiator
        answer = client.get(f"/api/v1/zaken/{ref}", headers=_api(user))
        assert answer.status_code == 200, (user, answer.get_json())
        names = {c["feature_naam"] for c in answer.get_json()["conflicten"]}
        assert "Rijntakken" in names, user
        assert "Geheimveld" not in answer.get_data(as_text=True), user
    page = browser_for("mila").get(f"/zaken/{ref}").text
    assert "natura2000: Rijntakken (102)" in page and "Geheimveld" not in page
    code = faces_app.test_client().get(f"/api/v1/zaken/{ref}", headers=_api("anna")).get_json()["volgcode"]
    status = client.get(f"/api/v1/status/{code}").get_data(as_text=True)
    assert "Geheimveld" not in status  # the status page names no feature (one line per kind of remark)


def test_the_api_contract_declares_the_name_and_the_case_answer_keeps_it(faces_app, start_case, enrich_case):
    from jsonschema import Draft202012Validator

    ref = start_case("Aanbouw aan de IJssel")["zaak"]
    enrich_case(ref, conflicts=[NAMED, UNNAMED])
    client = faces_app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()["paths"]
    case_schema = doc["/zaken/{case_key}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    conflict = case_schema["properties"]["conflicten"]["items"]
    assert conflict["properties"]["feature_naam"]["type"] == ["string", "null"]
    assert "feature_naam" in conflict["required"]
    override = doc["/zaken/{case_key}/conflicten/{conflict_id}/overschrijven"]["post"]["responses"]["200"]
    assert override["content"]["application/json"]["schema"] == conflict
    answer = client.get(f"/api/v1/zaken/{ref}", headers=_api("anna")).get_json()
    Draft202012Validator(case_schema).validate(answer)
    first = answer["conflicten"][0]["id"]
    url = f"/api/v1/zaken/{ref}/conflicten/{first}/overschrijven"
    done = client.post(url, json={"reden": "Gebied ligt verderop"}, headers=_api("anna"))
    assert done.status_code == 200, done.get_json()
    Draft202012Validator(conflict).validate(done.get_json())
    assert done.get_json()["feature_naam"] == "Rijntakken"


def test_a_large_overlap_reads_in_hectares_and_a_small_share_is_not_zero(
    browser_for, start_case, enrich_case
):
    """Review gis11, finding 5: the case file wrote a 60 × 50 km overlap as "3000000000,0 m²" and a share of
    0.41% as "0%"; areas from 1 ha read in hectares, with Dutch thousands separators."""
    ref = start_case("Windpark over de hele regio")["zaak"]
    enrich_case(ref, conflicts=[{**NAMED, "overlap_m2": 3_000_000_000.0, "overlap_aandeel": 0.0041}])
    html = browser_for("anna").get(f"/zaken/{ref}").text
    assert "<dd>300.000 ha (0,4%)</dd>" in html, html.split("Overlap")[1][:120] if "Overlap" in html else html


def test_the_case_file_gives_a_distance_below_a_metre_in_words(browser_for, start_case, enrich_case):
    """Review gis18, finding 2: 4 mm outside read "0,0 m", as if the location touched the area."""
    ref = start_case("Net buiten de IJssel")["zaak"]
    enrich_case(ref, conflicts=[{**NAMED, "afstand_m": 0.004}, {**UNNAMED, "afstand_m": 1234.5}])
    html = browser_for("anna").get(f"/zaken/{ref}").text
    assert "<dt>Afstand</dt><dd>minder dan 1 m</dd>" in html
    assert "<dt>Afstand</dt><dd>1.234 m</dd>" in html
