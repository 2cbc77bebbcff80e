"""A Wabo permit's term that ends in 2024 or later grants nothing van rechtswege.

Art. 4.3 Invoeringswet Omgevingswet keeps the Wabo for an application received before 1 January 2024
"met uitzondering van artikel 3.9, derde lid, eerste zin" (the vergunning van rechtswege): such a case
whose beslistermijn ends on or after that day passes its term as an Omgevingswet case does
(ingebrekestelling, dwangsom); one whose term ended in 2023 is still granted van rechtswege, also when it
is registered only now. The clock starts on Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie


@pytest.fixture
def z(platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    return Omgeving(platform, clock, locatie)


def _publiek(z: Omgeving) -> list[str]:
    return [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]


def test_a_wabo_case_whose_term_ends_in_2024_takes_the_dwangsom_route(z: Omgeving) -> None:
    z.start(regime="wabo", ontvangen="2023-12-01")  # the term ended on 26 January 2024
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    case = z.later(hours=1)
    assert case["status"] == "lopend" and case["te_laat"] is True
    assert "besluit" not in case["samenvatting"]
    publiek = _publiek(z)
    assert not any("van rechtswege" in t for t in publiek), publiek
    assert any("in gebreke stellen" in t for t in publiek), publiek
    dwangsom = z.bericht("ingebrekestelling", {})["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "wachttijd" and dwangsom["bedrag_euro"] == 0


def test_a_wabo_case_whose_term_ended_in_2023_registered_now_is_granted_van_rechtswege(
    z: Omgeving,
) -> None:
    z.start(regime="wabo", ontvangen="2023-10-02")  # the term ended on 27 November 2023: at once
    case = z.later(hours=1)
    assert case["status"] == "afgerond"
    assert case["samenvatting"]["resultaat"] == "vergunning van rechtswege verleend (Wabo)"
    assert not any("in gebreke" in t for t in _publiek(z))


def test_a_wabo_term_verdaagd_into_2024_takes_the_dwangsom_route(z: Omgeving) -> None:
    """The day the term ends decides, not the receipt day: the model passes the case's ``termijn``."""
    z.clock.set(datetime(2023, 10, 2, 9, 0, tzinfo=UTC))  # the term would end on 27 November 2023
    z.start(regime="wabo")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.op(datetime(2023, 11, 20, 9, 0, tzinfo=UTC))
    case = z.doe(
        "anna",
        "Aanvraag inhoudelijk",
        {"actie": "verdagen", "verdaging_weken": 6, "verdaging_reden": "complexe aanvraag"},
    )
    assert case["uiterlijkeEinddatumAfdoening"] == "2024-01-08"
    case = z.op(datetime(2024, 1, 9, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and case["te_laat"] is True
    assert not any("van rechtswege" in t for t in _publiek(z))
    assert z.bericht("ingebrekestelling", {})["samenvatting"]["dwangsom"]["status"] == "wachttijd"
