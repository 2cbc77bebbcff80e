"""What a wijkuitvoeringsplan's case says after a raad or college said no, and after the plan ended.

Tester findings (s10 wup3):
1. While a plan the raad did not adopt (or the college did not offer) was still open, the status page read
   "Er is nog geen definitief besluit": untrue, the raad decided (not to adopt). Now the page says what
   was decided, on which day, and what happens now, until the plan is reworked or ended.
2. A plan the raad adopted and that was later ended (ingetrokken, vervangen) kept the raad's besluit and
   its streefdatum aardgasvrij as the case's outcome (summary, status page, API, case file): readers
   thought the wijk still went aardgasvrij on that date. Now the case shows the plan as beëindigd, with
   its reason and date; the raad's besluit stays in the timeline and in the plan's history only.
"""

from __future__ import annotations

from sqlalchemy import select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    naar_besluitvorming,
    raadsbesluit,
    tot_alternatieven,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_beeindigen import beeindigen
from tests.integration.test_wup_status import status, tijdlijn

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

DAN = "De projectleider beslist nu of het plan wordt herzien en opnieuw aangeboden, of wordt beëindigd."


def test_the_page_says_the_raad_did_not_adopt_the_plan_until_it_is_reworked(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    besluit = status(wup, ref)["besluit"]
    assert besluit == {
        "definitief": False,
        "dwangsom": None,  # a permit's (4555bd0); a WUP has none
        "genomen": False,  # the raad adopted nothing: no besluit of the case (and no term to count)
        "tekst": f"De gemeenteraad heeft het wijkuitvoeringsplan op 2 maart 2026 niet vastgesteld. {DAN}",
    }
    uitkomst = cases.get_case(wup, ref)["samenvatting"]["uitkomst"]
    assert uitkomst["soort"] == "niet vastgesteld" and uitkomst["datum"] == "2026-03-02"
    # reworked: back to participatie, the raad's "no" is about the previous plan
    naar(wup, ref, "participatie", "de raad wil eerst meer draagvlak")
    assert status(wup, ref)["besluit"]["tekst"] == "Er is nog geen definitief besluit."
    assert cases.get_case(wup, ref)["samenvatting"].get("uitkomst") is None


def test_the_page_says_the_college_did_not_offer_the_plan_until_it_is_ended(
    wup: Platform, clock: FixedClock
) -> None:
    ref = tot_alternatieven(wup)
    naar_besluitvorming(wup, ref)
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": False})
    assert status(wup, ref)["besluit"]["tekst"] == (
        f"Het college heeft het wijkuitvoeringsplan op 2 maart 2026 niet aan de gemeenteraad aangeboden. {DAN}"
    )
    clock.advance(days=7)
    beeindigen(wup, ref, "niet aangeboden door het college")
    besluit = status(wup, ref)["besluit"]
    assert besluit["genomen"] is False
    assert besluit["tekst"] == (
        "Het wijkuitvoeringsplan is op 9 maart 2026 beëindigd: niet aangeboden door het college. "
        "De wijk is vrij voor een nieuw plan."
    )


def test_an_adopted_plan_that_ended_no_longer_shows_the_raads_besluit_as_its_outcome(
    wup: Platform, clock: FixedClock
) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, omgevingsplanwijziging=True, aardgasvrij_op="2034-01-01")
    clock.advance(days=30)
    zaak = beeindigen(wup, ref, "vervangen door een nieuw plan", "het nieuwe plan neemt de buurt mee")
    samenvatting = zaak["samenvatting"]
    # the summary (the API's samenvatting): no besluit, no streefdatum, no destination; the end instead
    assert samenvatting.get("besluit") is None and samenvatting.get("aardgasvrij_op") is None
    assert samenvatting.get("warmte_bestemming") is None
    einde = (
        "Het wijkuitvoeringsplan is op 1 april 2026 beëindigd: vervangen door een nieuw plan. De wijk is vrij "
        "voor een nieuw plan. De gemeenteraad had het plan op 2 maart 2026 vastgesteld; het wordt niet "
        "uitgevoerd en de streefdatum aardgasvrij van het plan (1 januari 2034) geldt niet meer."
    )
    assert samenvatting["uitkomst"] == {
        "soort": "beëindigd",
        "reden": "vervangen door een nieuw plan",
        "datum": "2026-04-01",
        "tekst": einde,
        # the withdrawn adoption: its besluit in the zaakregistratie lapses (test_publication_besluit_vervallen)
        "ingetrokken_besluit": {"orgaan": "gemeenteraad", "datum": "2026-03-02"},
    }
    # the case file: the raad's form no longer shows a streefdatum; the plan's history keeps the besluit
    gegevens = samenvatting["gegevens"]
    assert "aardgasvrij_op" not in gegevens
    assert gegevens["wup"]["besluiten"]["raad"]["aardgasvrij_op"] == "2034-01-01"
    # the case row: no besluit date (the map's and the dashboard's "decided")
    with wup.uow(write=False) as uow:
        assert uow.session.scalar(select(Case.decided_on).where(Case.reference == ref)) is None
    # the status page: the end, not "Het besluit is genomen"
    pagina = status(wup, ref)
    assert pagina["besluit"] == {"definitief": False, "dwangsom": None, "genomen": False, "tekst": einde}
    assert pagina["termijn"]["besloten"] is False
    regels = tijdlijn(wup, ref)
    assert any(r.startswith("Gemeenteraad: wijkuitvoeringsplan vastgesteld (2 maart 2026)") for r in regels)
    assert (
        "Het plan dat de gemeenteraad op 2 maart 2026 vaststelde, wordt niet uitgevoerd; de streefdatum "
        "aardgasvrij van het plan (1 januari 2034) geldt niet meer." in regels
    )
    assert "het nieuwe plan neemt de buurt mee" not in " ".join(regels)  # the toelichting stays internal


def test_the_case_file_drops_the_streefdatum_when_the_decisions_lapse(wup: Platform) -> None:
    """The same for a plan that goes back before besluitvorming (rv6 warmte 1 cleared the summary only):
    the raad form's aardgasvrij_op stayed in the data the case file lists as the case's own field."""
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, omgevingsplanwijziging=True, aardgasvrij_op="2034-01-01")
    zaak = naar(wup, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    assert zaak["samenvatting"].get("aardgasvrij_op") is None
    assert "aardgasvrij_op" not in zaak["samenvatting"]["gegevens"]
