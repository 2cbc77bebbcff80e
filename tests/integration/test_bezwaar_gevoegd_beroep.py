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

from services import case_queries
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_bezwaar_beslistermijn import _besloten
from tests.integration.test_bezwaar_gevoegd import TWEEDE
from tests.integration.test_bezwaar_inzage import BEZWAAR
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _publiek(z: Omgeving) -> list[str]:
    return [str(t["tekst"]) for t in z.zaak()["tijdlijn"] if t.get("publiek")]


def test_registering_the_first_letter_as_beroep_keeps_the_joined_bezwaar_in_handling(z: Omgeving) -> None:
    _besloten(z)
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
    _besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {**BEZWAAR, "soort": "beroep"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)
    gevoegd = case_queries.read_case(z.p, z.ref, "jet")["samenvatting"]["gevoegde_bezwaren"]
    assert [b["indiener"] for b in gevoegd] == [TWEEDE["indiener"]]
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    assert case["status"] == "lopend"
    assert z.taak("jet", "Beslissen op bezwaar")["vervaldatum"] == "2026-05-26"
