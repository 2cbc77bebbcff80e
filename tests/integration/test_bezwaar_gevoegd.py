"""A second bezwaar against the same besluit, within the term, is joined to the one in handling.

Before, a bezwaar received while the first was being registered or awaited its beslissing was refused
with 409 bericht-niet-verwacht: a neighbour's timely bezwaarschrift was lost, where the gemeente must
register every one (Awb 6:6, 6:9) and usually decides on them together, one beslissing op bezwaar
answering all bezwaarmakers. Now it is stored with its sender, dates and text, seen by the bezwaarjurist
who handles the first (not by another adviser), counted on the case, and answered by the one beslissing;
the first one's task and its Awb 7:10 day stay as they are. A second one after the term is joined too,
marked late (Awb 6:11), as a late first one is registered; a beroep is refused, nothing changed.

Dates (test_bezwaar_beslistermijn): the bezwaartermijn runs up to and including Monday 13 April 2026;
decide by Tuesday 26 May.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services import case_queries, cases
from services.status import messages, view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten
from tests.integration.test_bezwaar_inzage import BEZWAAR
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
TWEEDE = {
    "soort": "bezwaar",
    "ontvangen_op": "2026-04-10",
    "indiener": "Vereniging Esweg-Noord, Esweg 20",
    "inhoud": "De vereniging maakt bezwaar: de schuur past niet in het straatbeeld.",
}


def _summary(z: Omgeving, who: str) -> dict[str, Any]:
    return dict(case_queries.read_case(z.p, z.ref, who)["samenvatting"])


def _eerste(z: Omgeving) -> str:
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    return str(z.zaak()["volgcode"])


def test_a_second_bezwaar_within_the_term_is_joined_and_read_by_its_handler_only(z: Omgeving) -> None:
    code = _eerste(z)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", TWEEDE)  # while the first awaits its beslissing
    taak = z.taak("jet", "Beslissen op bezwaar")
    assert taak["vervaldatum"] == "2026-05-26"  # the first one's task and term as they were
    jet = _summary(z, "jet")
    assert jet["gegevens"]["bezwaar"] == BEZWAAR  # the first, unchanged
    (gevoegd,) = jet["gevoegde_bezwaren"]
    assert gevoegd["indiener"] == TWEEDE["indiener"] and gevoegd["inhoud"] == TWEEDE["inhoud"]
    assert gevoegd["ontvangen_op"] == "2026-04-10" and gevoegd["tijdig"] is True
    assert jet["bezwaren"]["aantal"] == 2
    mila = _summary(z, "mila")  # Milieu advised on this case: the count, no bezwaarmaker
    assert mila["bezwaren"]["aantal"] == 2 and "gevoegde_bezwaren" not in mila
    assert "Esweg" not in str(mila) and "Buurman" not in str(mila)
    tijdlijn = [str(t) for t in z.zaak()["tijdlijn"]]
    assert any("gevoegd" in t and "2 bezwaren" in t for t in tijdlijn), tijdlijn
    page = view.public_status(z.p, code)
    assert page["status_tekst"] == "Besluit genomen, bezwaar in behandeling"
    assert "beslist erop uiterlijk op dinsdag 26 mei 2026" in page["termijn"]["toelichting"]

    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    case = z.doe(
        "jet",
        "Beslissen op bezwaar",
        {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-01"},
    )
    assert case["status"] == "afgerond", case.get("incident")
    assert case["samenvatting"]["gegevens"]["bezwaar_behandeling"]["beslissing"]["bezwaren"] == 2
    tijdlijn = [str(t) for t in z.zaak()["tijdlijn"]]
    assert any("op de 2 gevoegde bezwaren beslist" in t for t in tijdlijn), tijdlijn


def test_a_second_bezwaar_while_the_first_is_registered_is_joined(z: Omgeving) -> None:
    _eerste(z)
    z.op(datetime(2026, 4, 13, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {**TWEEDE, "ontvangen_op": "2026-04-13"})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert z.taak("jet", "Beslissen op bezwaar")["vervaldatum"] == "2026-05-26"
    assert len(_summary(z, "jet")["gevoegde_bezwaren"]) == 1


def test_a_second_bezwaar_after_the_term_is_joined_as_late_and_not_offered_online(z: Omgeving) -> None:
    """A late bezwaarschrift is still a bezwaar the beslissing must answer (Awb 6:11: niet-ontvankelijk
    unless the lateness is excusable), as a late first one is registered: the officer's letter is joined,
    marked late; the status page, which takes only what is received today, no longer offers one."""
    code = _eerste(z)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 4, 22, 8, 0, tzinfo=UTC))
    # from the status page (received today, after the term): not offered, and refused, nothing stored
    assert not messages.is_expected(z.p, code, "bezwaar")
    z.geweigerd(
        "bericht-niet-verwacht",
        lambda: messages.send_public_message(z.p, code, "bezwaar", {"tekst": "Ook ik maak bezwaar."}),
    )
    assert "gevoegde_bezwaren" not in _summary(z, "jet")
    # a letter received after the term and posted after it: joined, marked late for the officer to judge
    late = {**TWEEDE, "ontvangen_op": "2026-04-22", "ter_post_bezorgd_op": "2026-04-20"}
    cases.send_message(z.p, z.ref, "bezwaar", late)
    (gevoegd,) = _summary(z, "jet")["gevoegde_bezwaren"]
    assert gevoegd["tijdig"] is False and "6:11" in gevoegd["markering"], gevoegd
    assert z.taak("jet", "Beslissen op bezwaar")["vervaldatum"] == "2026-05-26"  # the first one's term
    intern = [
        str(t) for t in case_queries.read_case(z.p, z.ref, "anna")["tijdlijn"] if "Gevoegd bezwaar" in str(t)
    ]
    assert intern, "the officer's judgement of the late one is a line for staff"
    assert not any("Gevoegd bezwaar" in str(t) for t in view.public_status(z.p, code)["tijdlijn"])
    # posted within the term and received within the week after it: on time (Awb 6:9 lid 2), joined
    cases.send_message(
        z.p, z.ref, "bezwaar", {**late, "ter_post_bezorgd_op": "2026-04-13", "ontvangen_op": "2026-04-17"}
    )
    jet = _summary(z, "jet")
    assert jet["bezwaren"]["aantal"] == 3 and jet["gevoegde_bezwaren"][1]["tijdig"] is True


def test_a_beroep_while_a_bezwaar_is_in_handling_is_refused_and_changes_nothing(z: Omgeving) -> None:
    _eerste(z)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    fout = z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("bezwaar", {**TWEEDE, "soort": "beroep"}))
    assert fout.status == 409 and "rechtbank" in fout.detail, fout.detail
    assert "gevoegde_bezwaren" not in _summary(z, "jet")
