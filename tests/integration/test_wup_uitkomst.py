"""What a wijkuitvoeringsplan's case says after the plan ended.

Tester findings (s10 wup3):
2. A plan the raad adopted and that was later ended (ingetrokken, vervangen) kept the raad's besluit and
   its streefdatum aardgasvrij as the case's outcome (summary, status page, API, case file): readers
   thought the wijk still went aardgasvrij on that date. Now the case shows the plan as beëindigd, with
   its reason and date; the raad's besluit stays in the timeline and in the plan's history only.
"""

from __future__ import annotations

from sqlalchemy import select

from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case
from tests.integration.test_wijkuitvoeringsplan import (
    _lagen,
    raadsbesluit,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_beeindigen import beeindigen
from tests.integration.test_wup_status import status, tijdlijn

__all__ = ["_lagen", "wup"]  # the fixtures of the wijkuitvoeringsplan tests (no layers; the model)


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
    assert pagina["besluit"] == {"definitief": False, "genomen": False, "tekst": einde}
    assert pagina["termijn"]["besloten"] is False
    regels = tijdlijn(wup, ref)
    assert any(r.startswith("Gemeenteraad: wijkuitvoeringsplan vastgesteld (2026-03-02)") for r in regels)
    assert (
        "Het plan dat de gemeenteraad op 2 maart 2026 vaststelde, wordt niet uitgevoerd; de streefdatum "
        "aardgasvrij van het plan (1 januari 2034) geldt niet meer." in regels
    )
    assert "het nieuwe plan neemt de buurt mee" not in " ".join(regels)  # the toelichting stays internal
