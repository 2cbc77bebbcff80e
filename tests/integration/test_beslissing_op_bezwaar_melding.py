"""What the initiator is told after the beslissing op bezwaar (review status15, F1 and F2).

F1: the beslissing was never mailed with its outcome or its beroep term: on "ongegrond" the only mail was
the generic "nieuwe fase: Afgerond", on "gegrond" with a herroeping a besluit mail without a beroep term.
Now one mail tells the outcome, what became of the besluit and the last day for beroep at the rechtbank.

F2: the status page said "nog niet onherroepelijk zolang beroep bij de rechtbank open staat" for ever and
headlined the old bezwaartermijn. Now the beroepstermijn is the headline once decided; while it runs the
page says until when, and after it ended (no beroep registered) that the besluit is onherroepelijk.

Dates: the besluit is sent on Monday 2 March 2026 (bezwaartermijn to 13 April); the bezwaar comes on
1 April; a beslissing sent Friday 3 July 2026 opens beroep up to and including Friday 14 August.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services.status import view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import bezwaar_tot_3_juli
from tests.integration.core_helpers import flat
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
TAAK = "Beslissen op bezwaar"
ONGEGROND = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-07-03"}
HERROEPEN = {
    "actie": "beslissen",
    "uitkomst": "gegrond",
    "beslist_op": "2026-07-03",
    "herroepen": True,
    "nieuw_besluit": "weigeren",
}


def _decided_mail(z: Omgeving, beslissing: dict[str, Any]) -> dict[str, Any]:
    """The one mail the beslissing sends (no generic phase mail, no second besluit mail)."""
    before = len(z.mails())
    z.doe("jet", TAAK, beslissing)
    new = z.mails()[before:]
    assert [m["soort"] for m in new] == ["beslissing_op_bezwaar"], [m["onderwerp"] for m in new]
    return new[0]


def test_an_ongegrond_beslissing_is_mailed_with_the_besluit_in_stand_and_the_beroep_term(z: Omgeving) -> None:
    bezwaar_tot_3_juli(z)
    mail = _decided_mail(z, ONGEGROND)
    assert mail["aan"] == "j.jansen@example.org"
    assert mail["onderwerp"] == "Beslissing op het bezwaar tegen het besluit op uw aanvraag " + z.ref
    text = flat(mail["tekst"])
    assert "Op 3 juli 2026 heeft de gemeente beslist op het bezwaar" in text, text
    assert "Het bezwaar is ongegrond verklaard. Het besluit blijft in stand." in text, text
    assert "beroep instellen bij de rechtbank" in text
    assert "tot en met vrijdag 14 augustus 2026" in text, text
    assert "artikel 6:7 en 8:1 Awb" in text
    assert "/status/" in text
    html = flat(mail["html"])
    assert "ongegrond" in html and "vrijdag 14 augustus 2026" in html, html


def test_a_gegrond_beslissing_that_herroept_is_one_mail_with_what_took_its_place(z: Omgeving) -> None:
    bezwaar_tot_3_juli(z)
    text = flat(_decided_mail(z, HERROEPEN)["tekst"])
    assert "Het bezwaar is gegrond verklaard." in text, text
    assert "Het besluit is herroepen; in de plaats daarvan is de vergunning geweigerd." in text, text
    assert "tot en met vrijdag 14 augustus 2026" in text, text


def test_a_niet_ontvankelijk_beslissing_is_mailed_in_its_words(z: Omgeving) -> None:
    bezwaar_tot_3_juli(z)
    beslissing = {**ONGEGROND, "uitkomst": "niet_ontvankelijk"}
    text = flat(_decided_mail(z, beslissing)["tekst"])
    assert "Het bezwaar is niet-ontvankelijk verklaard. Het besluit blijft in stand." in text, text


def test_while_the_beroep_term_runs_the_page_headlines_it_and_says_until_when(z: Omgeving) -> None:
    code = bezwaar_tot_3_juli(z)
    z.doe("jet", TAAK, HERROEPEN)
    for day in (datetime(2026, 7, 10, 8, 0, tzinfo=UTC), datetime(2026, 8, 14, 20, 0, tzinfo=UTC)):
        z.op(day)
        page = view.public_status(z.p, code)
        term = page["termijn"]["rechtsmiddel"]
        assert (term["soort"], term["laatste_dag"]) == ("beroep", "2026-08-14"), term
        assert page["besluit"]["tekst"] == (
            "Op het bezwaar is het besluit op 3 juli 2026 herroepen; in de plaats daarvan is de vergunning "
            "geweigerd. De beslissing op bezwaar is nog niet onherroepelijk: tot en met vrijdag 14 augustus "
            "2026 kan beroep worden ingesteld bij de rechtbank."
        ), page["besluit"]["tekst"]
        assert page["besluit"]["definitief"] is False


@pytest.mark.parametrize(
    ("beslissing", "besluit"),
    [
        (
            ONGEGROND,
            "Het besluit blijft na de beslissing op bezwaar van 3 juli 2026 in stand. De beroepstermijn is "
            "voorbij (tot en met vrijdag 14 augustus 2026) en er is geen beroep geregistreerd: het besluit "
            "is onherroepelijk.",
        ),
        (
            HERROEPEN,
            "Op het bezwaar is het besluit op 3 juli 2026 herroepen; in de plaats daarvan is de vergunning "
            "geweigerd. De beroepstermijn is voorbij (tot en met vrijdag 14 augustus 2026) en er is geen "
            "beroep geregistreerd: de beslissing op bezwaar is onherroepelijk.",
        ),
    ],
)
def test_after_the_beroep_term_the_page_says_onherroepelijk_and_headlines_the_beroep_term(
    z: Omgeving, beslissing: dict[str, Any], besluit: str
) -> None:
    code = bezwaar_tot_3_juli(z)
    z.doe("jet", TAAK, beslissing)
    z.op(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    page = view.public_status(z.p, code)
    assert page["besluit"]["tekst"] == besluit, page["besluit"]["tekst"]
    assert page["besluit"]["definitief"] is True
    term = page["termijn"]["rechtsmiddel"]
    assert (term["soort"], term["laatste_dag"]) == ("beroep", "2026-08-14"), term
    assert "kon u binnen zes weken beroep instellen" in page["termijn"]["toelichting"]


def test_the_rendered_page_headlines_the_beroepstermijn(z: Omgeving) -> None:
    from web import create_app

    code = bezwaar_tot_3_juli(z)
    z.doe("jet", TAAK, ONGEGROND)
    z.op(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    page = flat(create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text)
    assert "<dt>Beroepstermijn</dt>" in page, page
    assert "tot en met 14 augustus 2026" in page
    assert "Bezwaartermijn</dt>" not in page and "nog niet onherroepelijk" not in page
