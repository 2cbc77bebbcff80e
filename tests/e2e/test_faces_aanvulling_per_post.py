"""A posted aanvulling registered by a behandelaar ends the suspension only with the requested documents on
the case (review vvl16, F3). Before, the case page and the API registered a letter without the drawing the
aanvullingsverzoek asked for: "Wachten beëindigd", the suspension gone, no document, no warning. Its paper
enclosures are added to the case first (Document toevoegen); the letter is registered then."""

from __future__ import annotations

import io
import re
from typing import Any

from sqlalchemy import select

from services.store.models import Case, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, status_form
from tests.e2e.kaart_status_fixtures import csrf_from
from tests.integration.document_helpers import pdf

clock, demo_layers, demo_database, app = fx.clock, fx.demo_layers, fx.demo_database, fx.testing_demo_app


def _drawing_requested(app: Any) -> str:
    """A demo permit in ontvankelijkheid, asked by anna for a drawing (bijlage): its reference."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        task = uow.session.scalars(
            select(HumanTask)
            .where(HumanTask.name == "Ontvankelijkheid beoordelen", HumanTask.state == "open")
            .order_by(HumanTask.id)
        ).first()
        assert task is not None
        task_id, ref = task.id, task.case_reference
    anna = logged_in(app, "anna")
    token = csrf_from(anna.get(f"/taken/{task_id}").text)
    anna.post(f"/taken/{task_id}/oppakken", data={"csrf_token": token})
    asked = anna.post(
        f"/taken/{task_id}",
        data={
            "csrf_token": token,
            "compleet": "false",
            "ontbrekend": "gevelaanzicht",
            "aanvullingstermijn_dagen": "14",
            "gevraagde_documenten": "bijlage",
        },
    )
    assert asked.status_code == 302, asked.text
    return str(ref)


def _suspended(app: Any, ref: str) -> bool:
    """The suspension of the aanvullingsverzoek still runs (the case's ``opschorting.indicatie``)."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        return bool((case.opschorting or {}).get("indicatie"))


def _letter(app: Any, client: Any, ref: str) -> Any:
    day = app.extensions["ruimteflow"].clock.now().date().isoformat()
    data = {"bericht": "aanvulling", "ontvangen_op": day, "indiener": "K. de Wit", "tekst": "Brief."}
    return client.post(
        f"/zaken/{ref}/berichten", data={**status_form(client.get(f"/zaken/{ref}").text), **data}
    )


def test_a_posted_aanvulling_without_the_requested_drawing_is_refused_at_the_field(app):
    ref = _drawing_requested(app)
    anna = logged_in(app, "anna")

    refused = _letter(app, anna, ref)

    assert refused.status_code == 422, refused.status_code
    error = re.search(r'<p class="veld-fout" id="fout-bericht-bericht">([^<]*)</p>', refused.text)
    assert error and "Bijlage of tekening" in error.group(1), refused.text
    assert "eerst als document van die soort toe aan de zaak" in error.group(1)
    assert "K. de Wit" in refused.text  # what was typed stays
    assert _suspended(app, ref)

    page = anna.get(f"/zaken/{ref}").text
    added = anna.post(
        f"/zaken/{ref}/documenten",
        data={
            "csrf_token": csrf_from(page),
            "informatieobjecttype": "bijlage",
            "bestand": (io.BytesIO(pdf("gevelaanzicht")), "gevel.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert added.status_code == 303, added.text
    registered = _letter(app, anna, ref)
    assert registered.status_code == 303, registered.text
    assert not _suspended(app, ref)


def test_the_api_refuses_a_behandelaars_aanvulling_without_the_drawing(app):
    ref = _drawing_requested(app)
    day = app.extensions["ruimteflow"].clock.now().date().isoformat()
    resp = app.test_client().post(
        f"/api/v1/zaken/{ref}/berichten",
        headers={"Authorization": "Bearer demo-anna"},
        json={"naam": "aanvulling", "gegevens": {"inhoud": "Brief.", "ontvangen_op": day}},
    )
    problem = resp.get_json()
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", problem
    assert problem["code"] == "aanvulling-onvolledig" and problem["veld"] == "documenten"
    assert problem["ontbreekt"] == ["Bijlage of tekening"]
    assert _suspended(app, ref)
