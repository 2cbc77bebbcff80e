"""POST /api/v1/documenten/{id}/verzenddatum: the verzenddatum of a besluit uploaded with its besluitdatum
alone, recorded once (review sessie14c, 1); refusals as problem+json, nothing changed."""

from __future__ import annotations

from services.store.models import Document
from tests.e2e.test_api_documenten import assert_problem, auth, client, post_file, zaak  # noqa: F401
from tests.integration.document_helpers import pdf


def _besluit(client, zaak, **dates):  # noqa: F811
    resp = post_file(
        client,
        f"/api/v1/zaken/{zaak}/documenten",
        "t-anna",
        pdf(f"besluit {dates}"),
        "besluit.pdf",
        informatieobjecttype="besluit",
        **dates,
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_the_verzenddatum_of_an_uploaded_besluit_is_recorded_once(platform, client, zaak) -> None:  # noqa: F811
    doc = _besluit(client, zaak, besluitdatum="2026-03-02")
    assert (doc["besluitdatum"], doc["verzenddatum"]) == ("2026-03-02", None)
    url = f"/api/v1/documenten/{doc['id']}/verzenddatum"

    resp = client.post(url, json={"verzenddatum": "2026-03-02"}, headers=auth("t-anna"))
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["verzenddatum"] == "2026-03-02"
    assert (
        client.get(f"/api/v1/documenten/{doc['id']}", headers=auth("t-anna")).get_json()["verzenddatum"]
        == "2026-03-02"
    )
    assert_problem(
        client.post(url, json={"verzenddatum": "2026-03-02"}, headers=auth("t-anna")),
        409,
        "verzenddatum-al-vastgelegd",
    )


def test_a_refused_verzenddatum_is_problem_json_and_changes_nothing(platform, client, zaak) -> None:  # noqa: F811
    doc = _besluit(client, zaak, besluitdatum="2026-03-02")
    url = f"/api/v1/documenten/{doc['id']}/verzenddatum"
    assert_problem(
        client.post(url, json={"verzenddatum": "2026-03-01"}, headers=auth("t-anna")),
        400,
        "verzending-voor-besluit",
    )
    assert (
        client.post(url, json={"verzenddatum": "2026-03-02", "x": 1}, headers=auth("t-anna")).status_code
        == 400
    )
    assert client.post(url, json={}, headers=auth("t-anna")).status_code == 400
    # the applicant reads the besluit but may not upload one, so may not date it
    assert_problem(
        client.post(url, json={"verzenddatum": "2026-03-02"}, headers=auth("t-piet")),
        403,
        "document-geen-toegang",
    )
    bijlage = post_file(
        client, f"/api/v1/zaken/{zaak}/documenten", "t-anna", pdf("b"), informatieobjecttype="bijlage"
    )
    assert_problem(
        client.post(
            f"/api/v1/documenten/{bijlage.get_json()['id']}/verzenddatum",
            json={"verzenddatum": "2026-03-02"},
            headers=auth("t-anna"),
        ),
        409,
        "verzenddatum-zonder-besluit",
    )
    with platform.uow(write=False) as uow:
        stored = uow.session.get(Document, doc["id"])
        assert stored is not None and stored.verzenddatum is None


def test_the_contract_declares_the_route_and_the_dates(client) -> None:  # noqa: F811
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/documenten/{document_id}/verzenddatum"]["post"]
    assert {"200", "403", "409"} <= set(operation["responses"])
    assert "verzenddatum" in str(operation["requestBody"])


def test_a_verzenddatum_still_ahead_is_refused_at_the_upload_and_the_route(platform, client, zaak) -> None:  # noqa: F811
    """A verzenddatum records that the besluit was sent (the test clock: 2 March 2026): a later day is
    refused, by the upload and by the route alike, and nothing is stored or changed."""
    refused = post_file(
        client,
        f"/api/v1/zaken/{zaak}/documenten",
        "t-anna",
        pdf("besluit vooruit"),
        "besluit.pdf",
        informatieobjecttype="besluit",
        besluitdatum="2026-03-02",
        verzenddatum="2026-03-03",
    )
    assert_problem(refused, 400, "verzenddatum-in-toekomst")
    doc = _besluit(client, zaak, besluitdatum="2026-03-02")
    url = f"/api/v1/documenten/{doc['id']}/verzenddatum"
    assert_problem(
        client.post(url, json={"verzenddatum": "2026-03-03"}, headers=auth("t-anna")),
        400,
        "verzenddatum-in-toekomst",
    )
    with platform.uow(write=False) as uow:
        besluiten = uow.session.query(Document).filter(Document.informatieobjecttype == "besluit").all()
        assert [(d.besluitdatum.isoformat(), d.verzenddatum) for d in besluiten] == [("2026-03-02", None)]
