"""A bezwaar joined while the first letter is registered is not lost when that letter is a beroep.

Before, a neighbour's timely bezwaar joined while the first letter was still being registered (public
line: "de beslissing op bezwaar beantwoordt alle 2 bezwaren") was dropped when the bezwaarjurist then
registered the first letter as a beroep: the case ended at "beroep ingesteld" (a terminate end) and
nobody decided on the joined bezwaar (review sessie15, F1). Now the beroep is registered and the case
goes on to the bezwaar handling, whose beslissing answers the joined bezwaar. So a bezwaar is also joined
while a first letter that came in marked as a beroep is registered: nothing is lost either way.

Dates (test_bezwaar_beslistermijn): the bezwaartermijn runs up to and including Monday 13 April 2026;
decide by Tuesday 26 May.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processes.errors import ValidationError
from services import case_queries
from services.status import view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten
from tests.integration.test_bezwaar_gevoegd import TWEEDE
from tests.integration.test_bezwaar_inzage import BEZWAAR
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _publiek(z: Omgeving) -> list[str]:
    return [str(t["tekst"]) for t in z.zaak()["tijdlijn"] if t.get("publiek")]


def test_registering_the_first_letter_as_beroep_keeps_the_joined_bezwaar_in_handling(z: Omgeving) -> None:
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)  # joined while the first is being registered
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    assert case["status"] == "lopend"
    taak = z.taak("jet", "Beslissen op bezwaar")
    assert taak["vervaldatum"] == "2026-05-26"
    publiek = _publiek(z)
    assert any("beroep ingesteld" in t and "gevoegde bezwaar" in t for t in publiek), publiek
    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    beslissing = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-20"}
    case = z.doe("jet", "Beslissen op bezwaar", beslissing)
    assert case["status"] == "afgerond"
    behandeling = case_queries.read_case(z.p, z.ref, "jet")["samenvatting"]["gegevens"]["bezwaar_behandeling"]
    assert behandeling["beslissing"]["bezwaren"] == 1  # the joined bezwaar; the beroep is the court's


def test_a_bezwaar_received_while_a_letter_sent_as_beroep_is_registered_is_joined_and_decided(
    z: Omgeving,
) -> None:
    """A neighbour's timely bezwaar is not refused because the first letter came in marked as a beroep:
    registered as a beroep, the case still goes on to decide the joined bezwaar (the routing above), so
    joining it loses nothing, where a refusal made the neighbour send it again."""
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {**BEZWAAR, "soort": "beroep"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)
    gevoegd = case_queries.read_case(z.p, z.ref, "jet")["samenvatting"]["gevoegde_bezwaren"]
    assert [b["indiener"] for b in gevoegd] == [TWEEDE["indiener"]]
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    assert case["status"] == "lopend"
    assert z.taak("jet", "Beslissen op bezwaar")["vervaldatum"] == "2026-05-26"


def _beroep_met_gevoegd_bezwaar(z: Omgeving) -> str:
    """The first letter (1 April, marked beroep) registered as a beroep, a bezwaar joined on 10 April;
    returns the status page's code."""
    besloten(z)
    code = str(z.zaak()["volgcode"])
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {**BEZWAAR, "soort": "beroep"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    return code


def test_joining_to_a_letter_sent_as_beroep_does_not_count_it_as_a_bezwaar(z: Omgeving) -> None:
    """The join's public line does not say "alle 2 bezwaren" when the first letter came in as a beroep
    (review sessie15c, F4): registered as a beroep, the beslissing answers only the joined one."""
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {**BEZWAAR, "soort": "beroep"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)
    gevoegd = [t for t in _publiek(z) if "gevoegd" in t]
    assert gevoegd, _publiek(z)
    assert not any("2 bezwaren" in t for t in gevoegd), gevoegd
    assert "als beroep" in gevoegd[-1] and "alle bezwaren" in gevoegd[-1], gevoegd


def test_the_status_page_dates_the_joined_bezwaar_and_tells_the_pending_beroep(z: Omgeving) -> None:
    """The page dated the bezwaar from the beroep (1 April), never named the beroep at the rechtbank, and
    after the beslissing offered beroep as if none were pending (review sessie15c, F3)."""
    code = _beroep_met_gevoegd_bezwaar(z)
    page = view.public_status(z.p, code)
    termijn = page["termijn"]["toelichting"]
    assert page["termijn"]["rechtsmiddel"]["bezwaar"]["ontvangen_op"] == "2026-04-10"
    assert "Er is op 10 april 2026 bezwaar gemaakt tegen het besluit" in termijn, termijn
    assert "op 1 april 2026 bezwaar" not in termijn, termijn
    assert "Er is op 1 april 2026 beroep ingesteld tegen het besluit" in termijn, termijn
    assert "beroep tegen is ingesteld bij de rechtbank" in page["besluit"]["tekst"], page["besluit"]

    z.op(datetime(2026, 5, 20, 8, 0, tzinfo=UTC))
    z.doe(
        "jet",
        "Beslissen op bezwaar",
        {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-20"},
    )
    page = view.public_status(z.p, code)
    besluit, termijn = page["besluit"]["tekst"], page["termijn"]["toelichting"]
    assert "kan beroep worden ingesteld" not in besluit, besluit
    assert "loopt beroep bij de rechtbank" in besluit, besluit
    assert "Er is op 1 april 2026 beroep ingesteld tegen het besluit" in termijn, termijn
    assert "op 1 april 2026 bezwaar" not in termijn, termijn
    z.op(datetime(2026, 8, 1, 8, 0, tzinfo=UTC))  # after the beroepstermijn against the beslissing
    page = view.public_status(z.p, code)
    assert page["besluit"]["definitief"] is False, page["besluit"]
    assert "loopt beroep bij de rechtbank" in page["besluit"]["tekst"], page["besluit"]


def test_the_beslissing_cannot_predate_the_joined_bezwaar(z: Omgeving) -> None:
    """The beslissing's date is checked against the joined bezwaar's receipt (10 April), not against the
    beroep's (1 April), which the beslissing does not answer (review sessie15c, F3)."""
    _beroep_met_gevoegd_bezwaar(z)
    with pytest.raises(ValidationError, match="vóór de ontvangst van het bezwaarschrift"):
        z.doe(
            "jet",
            "Beslissen op bezwaar",
            {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-04-05"},
        )
    assert z.taak("jet", "Beslissen op bezwaar")
