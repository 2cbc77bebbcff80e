"""What the public status page says about a wijkuitvoeringsplan's decisions, and their lapse.

Reviewer findings (rv6 warmte 1 and 2): after the plan went back to 'alternatieven' the status page still
ended with "Gemeenteraad: ... vastgesteld; ... aardgasvrij vanaf 2034-01-01" (the lapse was a phase event
the page hides), and the warmtekavel and warmtebedrijf designation never lapsed; after the raad adopted
the plan the page said "Er is nog geen definitief besluit", and once finished "afgerond zonder definitief
besluit" (the raadsbesluit was not where the page reads the case's besluit).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.status.view import public_status
from services.store.models import Case
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    _lagen,
    alternatieven_opnieuw,
    naar,
    naar_besluitvorming,
    raad_en_warmtekavel,
    raadsbesluit,
    tot_besluitvorming,
    wup,
)

__all__ = ["_lagen", "wup"]  # the fixtures of the wijkuitvoeringsplan tests (no layers; the model)

RAAD = {
    "raadsbesluit_op": "2026-03-02",
    "vastgesteld": True,
    "gekozen_alternatief": "all_electric",
    "omgevingsplanwijziging": True,
    "aardgasvrij_op": "2034-01-01",
}


def status(platform: Platform, ref: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        code = uow.session.scalar(select(Case.tracking_code).where(Case.reference == ref))
    return public_status(platform, str(code))


def tijdlijn(platform: Platform, ref: str) -> list[str]:
    return [e["tekst"] for e in status(platform, ref)["tijdlijn"]]


def test_the_lapse_of_the_decisions_is_on_the_status_page(wup: Platform, clock: FixedClock) -> None:
    ref = tot_besluitvorming(wup)
    doe(wup, ref, "raadsbesluit", RAAD)
    assert status(wup, ref)["besluit"]["genomen"] is True
    clock.advance(days=30)
    zaak = naar(wup, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    laatste = tijdlijn(wup, ref)[-1]
    assert "vervallen" in laatste and "2034-01-01" in laatste and "geldt niet meer" in laatste
    assert status(wup, ref)["besluit"] == {
        "definitief": False,
        "genomen": False,
        "tekst": "Er is nog geen definitief besluit.",
    }
    assert zaak["samenvatting"].get("besluit") is None
    assert zaak["samenvatting"].get("aardgasvrij_op") is None


def test_the_wcw_steps_lapse_with_the_plan(wup: Platform, clock: FixedClock) -> None:
    ref = tot_besluitvorming(wup)
    raad_en_warmtekavel(wup, ref)
    clock.advance(days=14)
    doe(wup, ref, "warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Centrum", "aangewezen_op": "2026-03-16"})
    clock.advance(days=30)
    naar(wup, ref, "alternatieven", "kosten warmtenet te hoog")
    laatste = tijdlijn(wup, ref)[-1]
    assert "de warmtekavel en de aanwijzing van het warmtebedrijf" in laatste and "vervallen" in laatste
    alternatieven_opnieuw(wup, ref, "all_electric")
    naar_besluitvorming(wup, ref)
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-04-15", "college_akkoord": True})
    raad = {**RAAD, "raadsbesluit_op": "2026-04-15", "omgevingsplanwijziging": False}
    doe(wup, ref, "raadsbesluit", raad)
    zaak = naar(wup, ref, "uitvoering")
    assert zaak["fase"] == "uitvoering"
    assert zaak["samenvatting"]["besluit"]["datum"] == "2026-04-15"  # the new round's besluit
    # the all-electric plan's state no longer carries the heat network's warmtekavel and company
    assert cases.get_case(wup, ref)["samenvatting"]["gegevens"]["wup"]["wcw"] == {}


def test_the_status_page_shows_the_raadsbesluit_as_the_besluit(wup: Platform, clock: FixedClock) -> None:
    ref = tot_besluitvorming(wup)
    doe(wup, ref, "raadsbesluit", RAAD)
    naar(wup, ref, "uitvoering")
    mijlpaal = {"naam": "Wijk aardgasvrij", "partij": "gemeente", "uiterlijk": "2027-01-31"}
    doe(wup, ref, "planning", {"mijlpalen": [mijlpaal]}, user="pim")
    pagina = status(wup, ref)
    assert pagina["besluit"]["genomen"] is True and "nog geen" not in pagina["besluit"]["tekst"]
    # sessie7c 5: a raad's plan has no bezwaar- or beroepstermijn of its own to wait for
    assert pagina["besluit"]["tekst"] == "Het besluit is genomen."
    # a plan has no beslistermijn, and its besluit is not one that is "soon made known"
    assert pagina["termijn"]["toelichting"] == "Voor deze zaak geldt (nog) geen wettelijke beslistermijn."
    clock.set(datetime(2027, 1, 5, 9, tzinfo=UTC))
    assert doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-01-05"}, user="pim")["status"] == "afgerond"
    besluit = status(wup, ref)["besluit"]
    assert besluit["genomen"] is True and "zonder definitief besluit" not in besluit["tekst"]
    assert besluit["tekst"] == "Het besluit is genomen; de behandeling is afgerond."  # not "de aanvraag"


def test_a_raad_that_does_not_adopt_takes_no_besluit_on_the_page(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    assert status(wup, ref)["besluit"]["genomen"] is False
