"""The beslissing op bezwaar is sent to the bezwaarmakers (review sessie15, F2; Awb 7:12 lid 2).

Before, one beslissing answered the first bezwaar and every one joined to it, but only the applicant was
mailed: the bezwaarmakers got nothing, even with their address typed in `indiener`, and no line told the
officer whom to send it by post. Now the case records per bezwaar to whom and when it was sent (as
zienswijze.besluit_toezenden does for the indieners of zienswijzen), an internal line lists by number who
was mailed and who is still to be sent it by post, and each address is mailed the beslissing with only what
its bekendmaking may hold. A late joined bezwaar (Awb 6:11) is sent it too; the applicant who is itself the
bezwaarmaker gets only its own mail.

Dates (test_beslissing_op_bezwaar_melding): the besluit is sent Monday 2 March 2026, bezwaartermijn to
13 April, post week to 20 April; a beslissing sent Friday 3 July opens beroep up to and including Friday
14 August 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services import case_queries
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import flat
from tests.integration.test_beslissing_op_bezwaar_melding import HERROEPEN, ONGEGROND, TAAK
from tests.integration.test_bezwaar_inzage import BEZWAAR
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
AANVRAGER = "j.jansen@example.org"
ESWEG = "Vereniging Esweg-Noord, esweg@example.org"
BRIEF = "P. Brief, Dorpsstraat 5"
LAAT = "L. Laat <laat@example.org>"


def _besloten(z: Omgeving) -> None:
    """A permit granted and sent on 2 March 2026, to the applicant at AANVRAGER."""
    z.start(email=AANVRAGER)
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})


def _gevoegd(z: Omgeving, eerste: dict[str, Any]) -> None:
    """The first bezwaar ``eerste`` on 1 April, registered; joined: a neighbours' association with an
    address (10 April), a letter without one (10 April), and a late one with an address (1 May, Awb 6:11)."""
    _besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", eerste)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    for indiener in (ESWEG, BRIEF):
        z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-10", "indiener": indiener})
    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-05-01", "indiener": LAAT})
    z.op(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))


def _beslist(z: Omgeving, beslissing: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    before = len(z.mails())
    z.doe("jet", TAAK, beslissing)
    return dict(case_queries.read_case(z.p, z.ref, "jet")["samenvatting"]), z.mails()[before:]


def test_every_bezwaarmaker_with_an_address_is_mailed_the_beslissing_and_the_rest_listed_for_post(
    z: Omgeving,
) -> None:
    _gevoegd(z, BEZWAAR)
    samenvatting, new = _beslist(z, ONGEGROND)
    assert [m["aan"] for m in new if m["soort"] == "beslissing_op_bezwaar"] == [AANVRAGER]
    sent = {m["aan"]: m for m in new if m["soort"] == "beslissing_bezwaarmaker"}
    assert sorted(sent) == ["esweg@example.org", "k.buurman@example.nl", "laat@example.org"], new
    assert len(new) == 4, [(m["aan"], m["soort"]) for m in new]

    mail = sent["esweg@example.org"]
    assert mail["onderwerp"] == f"Beslissing op uw bezwaar tegen het besluit in zaak {z.ref}"
    tekst = flat(mail["tekst"])
    assert "bezwaar nr. 2" in tekst and "Aanbouw Dorpsstraat 1" in tekst, tekst
    assert "Op 3 juli 2026 heeft de gemeente beslist" in tekst, tekst
    assert "Het bezwaar is ongegrond verklaard. Het besluit blijft in stand." in tekst, tekst
    assert "tot en met vrijdag 14 augustus 2026" in tekst and "rechtbank" in tekst, tekst
    # what its bekendmaking may hold: no applicant's data, no tracking link, no other bezwaarmaker
    for private in (AANVRAGER, "Jansen", "/status/", "Buurman", "Brief", "Laat"):
        assert private not in tekst and private not in mail["html"], private
    assert "bezwaar nr. 4" in flat(sent["laat@example.org"]["tekst"])  # the late one: sent it too

    behandeling = samenvatting["gegevens"]["bezwaar_behandeling"]
    assert behandeling["beslissing_toegezonden"] == {
        "per": "e-mail",
        "aan": "k.buurman@example.nl",
        "op": "2026-07-03",
    }
    toegezonden = [b["beslissing_toegezonden"] for b in samenvatting["gevoegde_bezwaren"]]
    assert toegezonden == [
        {"per": "e-mail", "aan": "esweg@example.org", "op": "2026-07-03"},
        {"per": "post", "op": None},
        {"per": "e-mail", "aan": "laat@example.org", "op": "2026-07-03"},
    ]
    [regel] = [e for e in z.zaak()["tijdlijn"] if "7:12" in e["tekst"]]
    assert not regel["publiek"]
    assert "per e-mail toegezonden aan de indieners van bezwaar nr. 1, 2 en 4" in regel["tekst"], regel
    assert "Per post toe te zenden aan de indiener van bezwaar nr. 3" in regel["tekst"], regel
    assert "Brief" not in regel["tekst"] and "@" not in regel["tekst"]


def test_a_herroeping_is_mailed_to_the_bezwaarmaker_with_what_took_its_place(z: Omgeving) -> None:
    _gevoegd(z, BEZWAAR)
    _samenvatting, new = _beslist(z, HERROEPEN)
    [mail] = [m for m in new if m["aan"] == "esweg@example.org"]
    tekst = flat(mail["tekst"])
    assert "Het bezwaar is gegrond verklaard." in tekst, tekst
    assert "Het besluit is herroepen; in de plaats daarvan is de vergunning geweigerd." in tekst, tekst


def test_the_applicant_as_bezwaarmaker_gets_only_its_own_mail(z: Omgeving) -> None:
    eerste = {**BEZWAAR, "indiener": "de aanvrager (via de statuspagina)"}
    _gevoegd(z, eerste)
    samenvatting, new = _beslist(z, ONGEGROND)
    assert [m["soort"] for m in new if m["aan"] == AANVRAGER] == ["beslissing_op_bezwaar"]
    assert samenvatting["gegevens"]["bezwaar_behandeling"]["beslissing_toegezonden"] == {
        "per": "aanvrager",
        "op": "2026-07-03",
    }
    [regel] = [e for e in z.zaak()["tijdlijn"] if "7:12" in e["tekst"]]
    assert "bezwaar nr. 1" not in regel["tekst"], regel


def test_when_the_first_letter_is_a_beroep_only_the_joined_bezwaarmaker_is_sent_the_beslissing(
    z: Omgeving,
) -> None:
    """The first letter registered as beroep is the rechtbank's (review sessie15 F1): the beslissing answers
    the joined bezwaar only, so only its sender is sent it."""
    _besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-10", "indiener": ESWEG})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    z.op(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    samenvatting, new = _beslist(z, ONGEGROND)
    assert sorted((m["aan"], m["soort"]) for m in new) == [
        ("esweg@example.org", "beslissing_bezwaarmaker"),
        (AANVRAGER, "beslissing_op_bezwaar"),
    ]
    assert "beslissing_toegezonden" not in samenvatting["gegevens"]["bezwaar_behandeling"]
    [regel] = [e for e in z.zaak()["tijdlijn"] if "7:12" in e["tekst"]]
    assert "per e-mail toegezonden aan de indiener van bezwaar nr. 2." in regel["tekst"], regel
    assert "per post" not in regel["tekst"].lower()


def test_an_address_in_brackets_is_mailed_clean_and_an_unreadable_one_listed_for_post(z: Omgeving) -> None:
    """Review sessie15c F2: "[a.buur@example.org]" was mailed at "[a.buur@example.org", "Buur/b.buur@..." at
    itself, and the applicant's own address in brackets was not recognised; all were recorded as e-mailed."""
    _besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", BEZWAAR)
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 4, 10, 8, 0, tzinfo=UTC))
    for indiener in (
        "A. Buur [a.buur@example.org]",
        "J. Jansen [J.Jansen@Example.org]",  # the applicant
        "Fam. Buur/b.buur@example.org",
        "Q. Quist, q.quist@example",  # no address that can be read: by post
    ):
        z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-10", "indiener": indiener})
    z.op(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    samenvatting, new = _beslist(z, ONGEGROND)
    assert sorted((m["aan"], m["soort"]) for m in new) == [
        ("a.buur@example.org", "beslissing_bezwaarmaker"),
        ("b.buur@example.org", "beslissing_bezwaarmaker"),
        (AANVRAGER, "beslissing_op_bezwaar"),
        ("k.buurman@example.nl", "beslissing_bezwaarmaker"),
    ]
    toegezonden = [b["beslissing_toegezonden"] for b in samenvatting["gevoegde_bezwaren"]]
    assert toegezonden == [
        {"per": "e-mail", "aan": "a.buur@example.org", "op": "2026-07-03"},
        {"per": "aanvrager", "op": "2026-07-03"},
        {"per": "e-mail", "aan": "b.buur@example.org", "op": "2026-07-03"},
        {"per": "post", "op": None},
    ]
    [regel] = [e for e in z.zaak()["tijdlijn"] if "7:12" in e["tekst"]]
    assert "per e-mail toegezonden aan de indieners van bezwaar nr. 1, 2 en 4" in regel["tekst"], regel
    assert "Per post toe te zenden aan de indiener van bezwaar nr. 5" in regel["tekst"], regel
