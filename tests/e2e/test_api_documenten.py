"""Documents and the besluit over HTTP: multipart upload, list, download, versions, refusals as problem+json."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pypdf
import pytest

from services import cases, users
from services.documents.storage import blob_store
from tests.integration.core_helpers import setup_klein
from tests.integration.document_helpers import EXE, pdf
from web import create_app


@pytest.fixture
def client(platform):
    setup_klein(platform)
    # 'Besluit nemen' lies in the lane Juridisch: anna makes the besluit final, so she is in it
    users.add_user(
        platform, "anna", groups=["Vergunningen", "Juridisch"], role="vergunningverlener", token="t-anna"
    )
    users.add_user(platform, "piet", role="initiatiefnemer", token="t-piet")
    users.add_user(platform, "buur", groups=["Welstand"], role="adviseur", token="t-buur")
    app = create_app(platform.settings, platform=platform)
    return app.test_client()


@pytest.fixture
def zaak(platform, client):
    return cases.start_case(
        platform,
        "vergunning_klein",
        {},
        user="piet",
        initiator="P. Jansen",
        location_name="Dorpsstraat 1, Ruimtedal",
    )["zaak"]


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def post_file(client, url, token, content, name="tekening.pdf", **form):
    data = {"bestand": (io.BytesIO(content), name), **form}
    return client.post(url, data=data, headers=auth(token), content_type="multipart/form-data")


def download(client, url, token):
    resp = client.get(url, headers=auth(token))
    data = resp.data
    resp.close()  # closes the store's file handle behind send_file
    return resp, data


def assert_problem(resp, status, code):
    assert resp.status_code == status, resp.get_json()
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["code"] == code
    return resp.get_json()


def test_upload_list_download_and_version(client, zaak):
    resp = post_file(
        client, f"/api/v1/zaken/{zaak}/documenten", "t-piet", pdf("a"), informatieobjecttype="bijlage"
    )
    assert resp.status_code == 201, resp.get_json()
    doc = resp.get_json()
    listed = client.get(f"/api/v1/zaken/{zaak}/documenten", headers=auth("t-anna")).get_json()["documenten"]
    assert [d["id"] for d in listed] == [doc["id"]]
    got, data = download(client, f"/api/v1/documenten/{doc['id']}/inhoud", "t-piet")
    assert got.status_code == 200 and data == pdf("a") and got.mimetype == "application/pdf"
    assert (
        "attachment" in got.headers["Content-Disposition"]
        and got.headers["X-Content-Type-Options"] == "nosniff"
    )
    resp = post_file(client, f"/api/v1/documenten/{doc['id']}/versies", "t-anna", pdf("b"), name="v2.pdf")
    assert resp.status_code == 201 and resp.get_json()["versie"] == 2
    assert download(client, f"/api/v1/documenten/{doc['id']}/inhoud?versie=1", "t-anna")[1] == pdf("a")


def test_refusals_are_problems_and_store_nothing(client, zaak, platform):
    url = f"/api/v1/zaken/{zaak}/documenten"
    assert_problem(
        post_file(client, url, "t-piet", EXE, name="aanvraag.pdf", informatieobjecttype="bijlage"),
        400,
        "document-uitvoerbaar",
    )
    assert_problem(
        post_file(client, url, "t-piet", pdf("x"), name="../x.pdf", informatieobjecttype="bijlage"),
        400,
        "bestandsnaam-ongeldig",
    )
    bidi = post_file(
        client, url, "t-piet", pdf("x"), informatieobjecttype="bijlage", titel="factuur\u202efdp.exe"
    )
    assert "De titel bevat een stuurteken" in assert_problem(bidi, 400, "titel-ongeldig")["detail"]
    assert_problem(
        post_file(client, url, "t-piet", b"", name="leeg.pdf", informatieobjecttype="bijlage"),
        400,
        "document-leeg",
    )
    assert_problem(
        post_file(client, url, "t-buur", pdf("x"), informatieobjecttype="bijlage"),
        404,
        "zaak-onbekend",
    )
    assert_problem(
        client.post(url, headers=auth("t-piet"), data={}, content_type="multipart/form-data"),
        400,
        "bestand-ontbreekt",
    )
    hidden = post_file(  # an initiator does not hide its upload from the advisers
        client,
        url,
        "t-piet",
        pdf("x"),
        informatieobjecttype="bijlage",
        vertrouwelijkheidaanduiding="zeer_geheim",
    )
    assert "adviseurs" in assert_problem(hidden, 400, "vertrouwelijkheid-niet-toegestaan")["detail"]
    assert list(blob_store(platform).iter_files()) == []
    doc = post_file(client, url, "t-anna", pdf("intern"), informatieobjecttype="advies").get_json()
    assert_problem(
        client.get(f"/api/v1/documenten/{doc['id']}/inhoud", headers=auth("t-piet")), 404, "document-onbekend"
    )
    assert_problem(
        client.get(f"/api/v1/documenten/{doc['id']}/inhoud", headers=auth("t-buur")), 404, "document-onbekend"
    )
    assert_problem(client.get(f"/api/v1/documenten/{doc['id']}/inhoud"), 401, "niet-ingelogd")


def received_on(platform, zaak, day):
    """Date the application's receipt back (a besluit cannot be dated before it)."""
    from sqlalchemy import update

    from services.store.models import Case

    with platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == zaak).values(received_on=day))
        uow.commit()


def test_besluit_over_http(client, zaak, platform):
    received_on(platform, zaak, date(2025, 4, 1))  # the besluit below is of April 2025
    platform.clock.set(datetime(2025, 4, 17, 12, tzinfo=UTC))  # and made final on the day it is sent
    beoordelen = cases.get_case(platform, zaak)["open_taken"][0]
    cases.complete_task(platform, beoordelen["id"], "anna", {"compleet": True})  # to 'Besluit nemen'
    body = {
        "uitkomst": "verlenen",
        "motivering": "Past in het omgevingsplan.",
        "voorschriften": ["Het hekwerk is ten hoogste 2 meter hoog."],
        "besluitdatum": "2025-04-16",
        "verzenddatum": "2025-04-17",
        "gegevens": {"procedure": "regulier"},
    }
    concept = client.post(
        f"/api/v1/zaken/{zaak}/besluit/concept", json=body, headers=auth("t-anna")
    ).get_json()
    assert concept["ontbreekt"] == [] and "maandag 2 juni 2025" in concept["html"]
    final = {k: v for k, v in body.items() if k != "gegevens"}
    missing = {**final, "verzenddatum": None}
    assert_problem(
        client.post(f"/api/v1/zaken/{zaak}/besluit", json=missing, headers=auth("t-anna")),
        400,
        "besluit-onvolledig",
    )
    assert_problem(  # a final besluit is built from the case's own data, never from the caller's
        client.post(f"/api/v1/zaken/{zaak}/besluit", json=body, headers=auth("t-anna")),
        400,
        "besluit-gegevens-van-zaak",
    )
    resp = client.post(f"/api/v1/zaken/{zaak}/besluit", json=final, headers=auth("t-anna"))
    assert resp.status_code == 201, resp.get_json()
    assert_problem(  # one final besluit in the task that takes it
        client.post(f"/api/v1/zaken/{zaak}/besluit", json=final, headers=auth("t-anna")),
        409,
        "besluit-al-definitief",
    )
    doc = resp.get_json()
    _, data = download(client, f"/api/v1/documenten/{doc['id']}/inhoud", "t-piet")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert zaak in text and "2 meter" in text and "maandag 2 juni 2025" in text
    new = post_file(client, f"/api/v1/documenten/{doc['id']}/versies", "t-anna", pdf("nieuw"))
    assert_problem(new, 409, "document-definitief")
    assert_problem(
        client.post(
            f"/api/v1/zaken/{zaak}/besluit/concept",
            json={**body, "besluitdatum": "16-04-2025"},
            headers=auth("t-anna"),
        ),
        400,
        "ongeldige-datum",
    )


def test_delete_over_http(client, zaak):
    doc = post_file(
        client, f"/api/v1/zaken/{zaak}/documenten", "t-piet", pdf("weg"), informatieobjecttype="bijlage"
    )
    url = f"/api/v1/documenten/{doc.get_json()['id']}"
    assert_problem(
        client.delete(url, json={"reden": "oeps"}, headers=auth("t-piet")), 403, "document-geen-toegang"
    )
    assert_problem(client.delete(url, json={"reden": " "}, headers=auth("t-anna")), 400, "reden-ontbreekt")
    resp = client.delete(url, json={"reden": "Verkeerde zaak"}, headers=auth("t-anna"))
    assert resp.status_code == 200 and resp.get_json()["verwijderd"] is True
    assert (
        client.get(f"/api/v1/zaken/{zaak}/documenten", headers=auth("t-piet")).get_json()["documenten"] == []
    )


def test_delete_takes_its_reason_as_a_query_parameter_too(client, zaak):
    """A DELETE with a body has no defined meaning (RFC 9110) and proxies may drop it: the reason may come
    as ?reden= instead (the last note's left item); given twice it must be one reason."""
    doc = post_file(
        client, f"/api/v1/zaken/{zaak}/documenten", "t-piet", pdf("weg2"), informatieobjecttype="bijlage"
    )
    url = f"/api/v1/documenten/{doc.get_json()['id']}"
    assert_problem(client.delete(url, headers=auth("t-anna")), 400, "reden-ontbreekt")
    assert_problem(
        client.delete(url + "?reden=Dubbel", json={"reden": "Anders"}, headers=auth("t-anna")),
        400,
        "reden-dubbel",
    )
    resp = client.delete(url + "?reden=Verkeerde%20zaak", headers=auth("t-anna"))
    assert resp.status_code == 200 and resp.get_json()["verwijderd"] is True


def test_a_draft_refuses_advice_fields_that_are_no_text(client, zaak, platform):
    """Tester finding: gegevens.adviezen=[{"oordeel": ["x"]}] gave a 500 instead of a clear 400."""
    beoordelen = cases.get_case(platform, zaak)["open_taken"][0]
    cases.complete_task(platform, beoordelen["id"], "anna", {"compleet": True})  # to 'Besluit nemen'
    body = {"uitkomst": "verlenen", "gegevens": {"adviezen": [{"groep": "Milieu", "oordeel": ["x"]}]}}
    problem = client.post(f"/api/v1/zaken/{zaak}/besluit/concept", json=body, headers=auth("t-anna"))
    assert problem.status_code == 400, problem.get_json()
    assert problem.mimetype == "application/problem+json"
    assert problem.get_json()["veld"] == "gegevens.adviezen.0.oordeel"
    ok = {"uitkomst": "verlenen", "gegevens": {"adviezen": [{"groep": "Milieu", "oordeel": "akkoord"}]}}
    resp = client.post(f"/api/v1/zaken/{zaak}/besluit/concept", json=ok, headers=auth("t-anna"))
    assert resp.status_code == 200 and "Advies van Milieu: akkoord." in resp.get_json()["html"]
