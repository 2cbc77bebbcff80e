"""Privacy (AVG) review: a document does not give an outside party the applicant's name that its case
view withholds (data minimisation)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from services import users
from services.documents import NewDocument
from services.documents.service import import_document
from services.store.models import HumanTask, TaskCandidate
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_authorization_holes import auth, own_case
from tests.integration.document_helpers import pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def test_an_outside_party_does_not_read_the_besluit_that_names_the_applicant(app):
    """Privacy finding 2: mila (Omgevingsdienst) and nina (Netbeheerder) downloaded the besluit PDF of a
    case they once advised on (beperkt_openbaar) and read 'Aanvrager <name>' in it, while their case
    view withholds ``initiatiefnemer``. Now the besluit is not theirs (404, as any document they may not
    read); an openbaar document of the case still is, and the initiator and the officer read the besluit."""
    ref, code, _ = own_case(app, waiting=False)
    platform = app.extensions["ruimteflow"]
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur", token="token-nina")
    with platform.uow() as uow:  # the open task is the netbeheerder's, as a lane of a model would make it
        uow.session.execute(
            update(HumanTask).where(HumanTask.case_reference == ref).values(candidate_groups=["Netbeheerder"])
        )
        uow.session.execute(update(TaskCandidate).values(group_name="Netbeheerder"))
        uow.commit()
    meta = NewDocument("besluit", "besluit.pdf", besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2))
    besluit = import_document(platform, ref, pdf("Aanvrager Energiecoöperatie Ruimtedal"), meta)
    assert besluit["vertrouwelijkheidaanduiding"] == "beperkt_openbaar"
    ontwerp = import_document(platform, ref, pdf("ontwerp"), NewDocument("ontwerpbesluit", "ontwerp.pdf"))
    client = app.test_client()

    listed = client.get(f"/api/v1/zaken/{ref}/documenten", headers=auth("nina"))
    assert listed.status_code == 200, listed.get_json()
    assert [d["id"] for d in listed.get_json()["documenten"]] == [ontwerp["id"]]
    for url in (f"/api/v1/documenten/{besluit['id']}", f"/api/v1/documenten/{besluit['id']}/inhoud"):
        refused = client.get(url, headers=auth("nina"))
        assert refused.status_code == 404 and refused.mimetype == "application/problem+json"
        assert "Energiecoöperatie" not in refused.get_data(as_text=True)
    assert client.get(f"/api/v1/documenten/{ontwerp['id']}/inhoud", headers=auth("nina")).status_code == 200
    timeline = client.get(f"/api/v1/zaken/{ref}", headers=auth("nina")).get_json()["tijdlijn"]
    assert all((e.get("gegevens") or {}).get("document") != besluit["id"] for e in timeline)

    for who in ("coop", "anna"):  # the applicant itself and the officer
        own = client.get(f"/api/v1/documenten/{besluit['id']}/inhoud", headers=auth(who))
        assert own.status_code == 200 and b"Energieco" in own.data
    page = client.get(f"/status/{code}/documenten/{besluit['id']}")  # the applicant's status page
    assert page.status_code == 200 and b"Energieco" in page.data
