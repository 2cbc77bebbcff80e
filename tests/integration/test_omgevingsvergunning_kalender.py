"""The permit's legal dates after the review "kalender" (findings 1 and 4).

Dates as in test_omgevingsvergunning: the clock starts on Monday 2 March 2026 and the reguliere
beslistermijn ends on Tuesday 28 April 2026. A besluit sent on 2 March has its bezwaar term up to and
including Monday 13 April; a bezwaarschrift posted by then may arrive until Monday 20 April (Awb 6:9
lid 2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services import cases
from services.documents.besluit import BesluitInvoer, finalise_besluit
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _public(case: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]


def test_the_dwangsom_runs_until_the_besluit_is_sent(z: Omgeving) -> None:
    """Finding 1: the dwangsom stopped the day before the task was completed (19 May), but a beschikking
    is given when it is made known by sending it (Awb 3:40, 3:41, 4:17): sent on 26 May, it runs to 25 May
    (13 days from 13 May x EUR 23)."""
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    z.op(datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    invoer = BesluitInvoer(
        uitkomst="verlenen",
        motivering="Zie de overwegingen.",
        besluitdatum=date(2026, 5, 19),
        verzenddatum=date(2026, 5, 26),
    )
    finalise_besluit(z.p, z.ref, "tom", invoer)
    taak = z.taak("tom", "Besluit nemen")
    cases.complete_task(z.p, taak["id"], "tom", {"besluit": "verlenen", "motivering": "Zie de overwegingen."})
    case = z.zaak()
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["peildatum"] == "2026-05-25"
    assert dwangsom["dagen"] == 13 and dwangsom["bedrag_euro"] == 299
    assert (
        "Het besluit wordt verzonden op 26 mei 2026: de dwangsom is vastgesteld op € 299 (13 dagen)."
        in _public(case)
    )


def test_buiten_behandeling_is_due_four_weeks_after_the_aanvullingstermijn_ended(z: Omgeving) -> None:
    """Finding 4: the task was due four weeks after the day the timer fired (17 March), one day late;
    Awb 4:5 lid 4 counts from the term's last day (16 March): due Monday 13 April."""
    z.start()
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14},
    )
    z.op(datetime(2026, 3, 16, 23, 30, tzinfo=UTC))  # 00:30 on 17 March: the timer fired at midnight
    assert z.taak("jet", "Besluit buiten behandeling")["vervaldatum"] == "2026-04-13"
