"""What the public status page says about a wijkuitvoeringsplan's decisions, and their lapse.

Reviewer findings (rv6 warmte 1 and 2): after the plan went back to 'alternatieven' the status page still
ended with "Gemeenteraad: ... vastgesteld; ... aardgasvrij vanaf 2034-01-01" (the lapse was a phase event
the page hides), and the warmtekavel and warmtebedrijf designation never lapsed; after the raad adopted
the plan the page said "Er is nog geen definitief besluit", and once finished "afgerond zonder definitief
besluit" (the raadsbesluit was not where the page reads the case's besluit).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.status.view import public_status
from services.store.models import Case
from services.waits import timeline as waits_timeline
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    alternatieven_opnieuw,
    naar,
    naar_besluitvorming,
    raad_en_warmtekavel,
    raadsbesluit,
    start,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_besluiten import tot_besluitvorming_elders
from web import create_app

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

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
    assert "vervallen" in laatste and "1 januari 2034" in laatste and "geldt niet meer" in laatste
    assert status(wup, ref)["besluit"] == {
        "definitief": False,
        "dwangsom": None,  # a permit's (4555bd0); a WUP has none
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
    # sessie7c 5: a raad's plan has no bezwaar- or beroepstermijn of its own to wait for; the omgevingsplan
    # change it starts has its own procedure, which the page names (rv9 warmte2 2)
    assert pagina["besluit"]["tekst"].startswith("Het besluit is genomen. De wijziging van het omgevingsplan")
    assert pagina["termijn"]["rechtsmiddel"] is None
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


BPMN_WUP = Path(__file__).resolve().parents[2] / "bpmn" / "wijkuitvoeringsplan.bpmn"


def test_the_raad_starts_an_omgevingsplan_change_it_does_not_make_it(wup: Platform) -> None:
    """rv9 warmte2 2: on the day of the raadsbesluit the timeline said "omgevingsplan gewijzigd: aardgasvrij
    vanaf 2032-01-01" and the page "Het besluit is genomen.", but an omgevingsplan change follows afdeling
    3.4 Awb (ontwerp ter inzage, zienswijzen in 6 weeks), takes effect after its bekendmaking and is open
    to beroep: the raad adopts the plan and starts the change, with the plan's streefdatum."""
    ref = tot_besluitvorming(wup)
    doe(
        wup, ref, "raadsbesluit", {**RAAD, "gekozen_alternatief": "warmtenet", "aardgasvrij_op": "2034-01-01"}
    )
    regel = tijdlijn(wup, ref)[-1]
    assert "gewijzigd" not in regel
    # the raad's form asks the same: whether the change is started, not whether the plan was changed
    [taak] = [
        t for t in BPMN_WUP.read_text(encoding="utf-8").split("<bpmn:userTask ") if 'id="raadsbesluit"' in t
    ]
    assert "Omgevingsplan gewijzigd" not in taak and "Wijziging van het omgevingsplan starten" in taak
    assert regel.startswith("Gemeenteraad: wijkuitvoeringsplan vastgesteld (2 maart 2026). De raad start een")
    assert "de streefdatum aardgasvrij van het plan is 1 januari 2034" in regel
    for deel in ("afdeling 3.4 Awb", "ter inzage", "binnen 6 weken een zienswijze", "pas na de bekendmaking"):
        assert deel in regel, deel
    besluit = status(wup, ref)["besluit"]
    assert besluit["genomen"] is True and "gewijzigd" not in besluit["tekst"]
    assert "afdeling 3.4 Awb" in besluit["tekst"] and "pas na de bekendmaking" in besluit["tekst"]
    # without an omgevingsplan change the line names the adoption alone
    ref2 = tot_besluitvorming_elders(wup)
    raadsbesluit(wup, ref2)
    assert tijdlijn(wup, ref2)[-1] == "Gemeenteraad: wijkuitvoeringsplan vastgesteld (2 maart 2026)."
    assert status(wup, ref2)["besluit"]["tekst"] == "Het besluit is genomen."


def test_the_case_file_and_the_status_page_name_the_same_holder(wup: Platform) -> None:
    """rv9 warmte2 6: in 'alternatieven' four outside parties have a task at once; the status page named
    the Warmtebedrijf (the holder timeline's choice), the case file the Woningcorporatie (the first open
    task's group). Both now name the timeline's holder; "wacht op" names all four."""
    ref = str(start(wup)["zaak"])
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij in 2032"})
    naar(wup, ref, "wijkanalyse")
    doe(wup, ref, "analyse_beoordelen", {"conclusie": "Telling.", "correcties": {"aantal_woningen": 800}})
    zaak = naar(wup, ref, "alternatieven")
    assert len(zaak["open_taken"]) == 4
    pagina = status(wup, ref)
    with wup.uow(write=False) as uow:
        case = uow.session.scalar(select(Case).where(Case.reference == ref))
        nu = waits_timeline.timeline(uow.session, case, wup.clock.now(), public=False)["nu"]
    assert cases.get_case(wup, ref)["houder"] == nu["houder"] == pagina["houder"]["naam"] == "Warmtebedrijf"
    for partij in ("Woningcorporatie", "Netbeheerder", "Warmtebedrijf", "Waterschap"):
        assert partij in pagina["wacht_op"]


def _tekst(html: str) -> str:
    """The words of a part of the page, without its tags (a <time> keeps its ISO date in its attribute)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_public_timeline_says_its_days_in_dutch_and_names_the_warmtebedrijf_once(
    wup: Platform, clock: FixedClock
) -> None:
    """Review status15, F5: "Informatieavond op 2026-05-21", "College: plan aangeboden aan de raad
    (2026-05-28)", "Warmtebedrijf Warmtebedrijf Ruimtedal (fictief) aangewezen (2026-06-12)",
    "Uitvoeringsplanning: 1 mijlpalen t/m 2027-08-20" on the rendered status page."""
    ref = tot_besluitvorming(wup)
    raad_en_warmtekavel(wup, ref)
    clock.advance(days=14)
    doe(wup, ref, "warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Centrum", "aangewezen_op": "2026-03-16"})
    naar(wup, ref, "uitvoering")
    mijlpaal = {"naam": "Warmtenet fase 1", "partij": "warmtebedrijf", "uiterlijk": "2028-12-31"}
    doe(wup, ref, "planning", {"mijlpalen": [mijlpaal]}, user="pim")
    with wup.uow(write=False) as uow:
        code = uow.session.scalar(select(Case.tracking_code).where(Case.reference == ref))
    page = create_app(wup.settings, platform=wup).test_client().get(f"/status/{code}").text
    gebeurd = _tekst(page.split('id="tijdlijn"', 1)[1].split("</ol>", 1)[0])
    assert not re.search(r"\d{4}-\d\d-\d\d", gebeurd), gebeurd
    for regel in (
        "Informatieavond op 2 maart 2026 (85 deelnemers).",
        "College: plan aangeboden aan de raad (2 maart 2026).",
        "Gemeenteraad: wijkuitvoeringsplan vastgesteld (2 maart 2026).",
        "Warmtekavel vastgesteld door het college (2 maart 2026).",
        "Warmtebedrijf aangewezen op 16 maart 2026: Warmtebedrijf Centrum.",
        "Uitvoeringsplanning: een mijlpaal, uiterlijk op 31 december 2028.",
    ):
        assert regel in gebeurd, regel


def test_the_page_names_no_internal_task_and_no_start_day_of_a_done_phase(wup: Platform) -> None:
    """Review status15, F6: the public holder timeline named the outside parties' tasks ("Nu bij:
    Warmtebedrijf ...: Aanbod warmtebedrijf"), and the step bar's "Afgerond, sinds 2 maart 2026" gave the
    day a done phase started."""
    ref = str(start(wup)["zaak"])
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij in 2032"})
    naar(wup, ref, "wijkanalyse")
    doe(wup, ref, "analyse_beoordelen", {"conclusie": "Telling.", "correcties": {"aantal_woningen": 800}})
    naar(wup, ref, "alternatieven")  # four outside parties have a task at once
    with wup.uow(write=False) as uow:
        code = uow.session.scalar(select(Case.tracking_code).where(Case.reference == ref))
    page = create_app(wup.settings, platform=wup).test_client().get(f"/status/{code}").text
    houders = page.split('id="houders"', 1)[1].split("</section>", 1)[0]
    nu = _tekst(houders.split('id="houder-nu">', 1)[1].split("</p>", 1)[0])
    assert nu.startswith(" Nu bij: Warmtebedrijf , sinds 2 maart 2026 (0 werkdagen)."), nu
    for taak in ("Aanbod warmtebedrijf", "Inbreng woningcorporatie", "Aquathermie beoordelen"):
        assert taak not in houders, taak
    fasen = _tekst(page.split('id="fasen"', 1)[1].split("</ol>", 1)[0])
    assert "Afgerond" in fasen and "Afgerond, sinds" not in fasen
    assert "Nu bezig, sinds 2 maart 2026" in fasen
