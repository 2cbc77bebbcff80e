"""The status page of a windpark on the gemeente route: the initiator answers the called permit's
aanvullingsverzoek there, as the public API already allowed (review sessie10 upgrade2, finding 1: the
page listed only the messages of the windpark model itself, so it said 'Vul haar ... aan' without a
form, and the aanvraag went buiten behandeling, Awb 4:5)."""

from __future__ import annotations

import io

from sqlalchemy import update

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.store.models import Case
from tests.e2e.harness import status_form
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import (
    buiten_behandeling_stellen,
    doe,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_windpark import participatie, start
from tests.integration.test_windpark_vergunning import MODELLEN
from web import create_app


def asked_for_a_drawing(platform: Platform) -> tuple[Platform, str, str]:
    """A fresh windpark whose called omgevingsvergunning asks for an aanvulling with a drawing."""
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    started = start(wp, 4.2)
    ref = started["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    doe(
        wp,
        ref,
        "ontvankelijkheid",  # inside the called omgevingsvergunning
        {
            "compleet": False,
            "ontbrekend": "gevel- en doorsnedetekeningen",
            "aanvullingstermijn_dagen": 14,
            "gevraagde_documenten": ["bijlage"],
        },
    )
    return wp, ref, started["volgcode"]


def test_the_initiator_sends_the_permits_aanvulling_from_the_windparks_status_page(
    platform: Platform,
) -> None:
    wp, ref, code = asked_for_a_drawing(platform)
    client = create_app(wp.settings, platform=wp).test_client()
    status = client.get(f"/api/v1/status/{code}").json
    assert status["termijn"]["opgeschort"] is True
    # the windpark also waits for an intrekking of the initiative, which the page now offers
    acties = [(a["bericht"], a["verwacht"]) for a in status["acties"]]
    assert acties == [("aanvulling", True), ("intrekking", True)]
    assert status["gevraagde_documenten"] == [{"code": "bijlage", "naam": "Bijlage of tekening"}]
    page = client.get(f"/status/{code}").text
    assert 'id="actie-aanvulling"' in page and 'name="document_bijlage"' in page
    form = status_form(page)
    without = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "Hierbij."})
    assert without.status_code == 400 and "Stuur ook mee: Bijlage of tekening" in without.text
    sent = client.post(
        f"/status/{code}/aanvulling",
        data={
            **form,
            "tekst": "Hierbij de tekeningen.",
            "document_bijlage": (io.BytesIO(pdf("gevels")), "gevels.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303, sent.text
    after = client.get(f"/api/v1/status/{code}").json
    assert after["termijn"]["opgeschort"] is False and after["gevraagde_documenten"] == []
    assert [(a["bericht"], a["verwacht"]) for a in after["acties"]] == [("intrekking", True)]
    assert [d["titel"] for d in after["documenten"]] == ["gevels"]
    assert "Uw aanvulling is ontvangen" in [e["tekst"] for e in after["tijdlijn"]]
    case = cases.get_case(wp, ref)  # the permit's officer checks the application again
    assert case["status"] == "lopend" and "aanvulling" not in case["samenvatting"]["verwachte_berichten"]


def test_while_the_grid_request_is_withdrawn_the_page_does_not_call_the_case_done(
    platform: Platform, clock: FixedClock
) -> None:
    """Review sessie10 upgrade2 (check): after the called permit ended (here buiten behandeling, Awb
    4:5) the windpark's internal fase was the permit's "afgerond" while 'Transportverzoek intrekken' is
    still open (now "transportverzoek intrekken": test_windpark_fase_intrekken). The public page keeps the
    case in its Vergunning phase, in behandeling, with the team that must act (fasen.toml)."""
    wp, ref, code = asked_for_a_drawing(platform)
    with wp.uow() as uow:  # the letter names the location
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    buiten_behandeling_stellen(wp, ref, clock)
    # its bezwaartermijn and post week: then it is onherroepelijk (review archief15 F2)
    clock.advance(days=70)
    cases.fire_due_timers(wp)
    case = cases.get_case(wp, ref)
    assert [t["element"] for t in case["open_taken"]] == ["transportverzoek_intrekken"]
    page = view.public_status(wp, code)
    assert (page["status"], page["status_tekst"]) == ("lopend", "In behandeling")
    assert page["huidige_fase"]["naam"] == "Vergunning"
    assert [f["stand"] for f in page["fasen"]] == ["afgerond", "afgerond", "afgerond", "huidig"]
    assert page["houder"]["naam"] == "Energie en Klimaat"
