"""The initiator's status page tells one truthful story (review status12): the day an intrekking was
received, the ingebrekestelling offered once the beslistermijn passed, and a bezwaar being handled.
Dates as in test_omgevingsvergunning: the clock starts on Monday 2 March 2026; the reguliere
beslistermijn ends on Tuesday 28 April 2026."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from processes.termijnen.datums import datum_nl
from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.status.messages import send_public_message
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.energie_fixtures import energie_platform, locatiecheck_met
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.integration.test_windpark import start as start_windpark
from tests.integration.test_windpark_vergunning import MODELLEN

z, locatie = ov.z, ov.locatie  # the permit scenario fixtures


def _page(p: Platform, ref: str) -> dict[str, Any]:
    return view.public_status(p, cases.get_case(p, ref)["volgcode"])


def test_a_letter_of_withdrawal_shows_the_day_it_was_received_not_the_day_it_was_typed_in(
    z: Omgeving,
) -> None:
    """A behandelaar registers a letter received on 5 March on 10 March: the page says 5 March."""
    z.start()
    z.op(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    ended = z.bericht("intrekking", {"ontvangen_op": "2026-03-05"})
    assert ended["status"] == "afgerond"
    page = _page(z.p, z.ref)
    assert page["besluit"]["tekst"] == "Uw aanvraag is ingetrokken op 5 maart 2026; er komt geen besluit."


def test_an_intrekking_on_the_page_is_received_the_day_it_is_sent(z: Omgeving) -> None:
    code = z.start()["volgcode"]
    z.op(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    send_public_message(z.p, code, "intrekking", {"tekst": "", "bevestigd": "ja"})
    text = view.public_status(z.p, code)["besluit"]["tekst"]
    assert text == "Uw aanvraag is ingetrokken op 10 maart 2026; er komt geen besluit."


def test_a_windparks_letter_of_withdrawal_shows_its_day_of_receipt(platform: Platform, clock: FixedClock):
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    ref = start_windpark(wp, 4.2)["zaak"]
    received = clock.now().date()
    clock.advance(days=6)
    cases.send_message(wp, ref, "intrekking", {"ontvangen_op": received.isoformat()})
    text = _page(wp, ref)["besluit"]["tekst"]
    assert text.startswith(f"Uw aanvraag is ingetrokken op {datum_nl(received)};"), text


# -- the ingebrekestelling (Awb 4:17) once the beslistermijn passed without a besluit (review status12 #3)

NA_DE_TERMIJN = datetime(2026, 4, 29, 9, 0, tzinfo=UTC)  # the term ended on 28 April


def _in_beoordeling(z: Omgeving) -> str:
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    return str(z.zaak()["volgcode"])


def _offered(p: Platform, code: str) -> dict[str, Any]:
    return {a["bericht"]: a for a in view.public_status(p, code)["acties"]}


def test_the_page_offers_an_ingebrekestelling_only_once_the_beslistermijn_passed(z: Omgeving) -> None:
    code = _in_beoordeling(z)
    z.op(datetime(2026, 4, 28, 9, 0, tzinfo=UTC))  # the last day of the term
    assert "ingebrekestelling" not in _offered(z.p, code)
    z.op(NA_DE_TERMIJN)
    offered = _offered(z.p, code)["ingebrekestelling"]
    assert offered["verwacht"] and offered["url"].endswith("/ingebrekestelling")
    assert "dwangsom" in offered["bevestiging"] and "twee weken" in offered["uitleg"]
    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "", "bevestigd": "ja"})
    page = view.public_status(z.p, code)
    assert page["termijn"]["toelichting"].endswith(
        "Uw ingebrekestelling is ontvangen op 29 april 2026. Heeft de gemeente op 13 mei 2026 nog niet "
        "beslist, dan is zij vanaf die dag een dwangsom verschuldigd (Awb 4:17)."
    )
    assert "ingebrekestelling" not in _offered(z.p, code)  # one is enough


def test_an_ingebrekestelling_within_the_term_is_refused_in_words_and_changes_nothing(z: Omgeving) -> None:
    from processes.errors import Conflict

    code = _in_beoordeling(z)
    z.op(datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    before = z.zaak()
    with pytest.raises(Conflict) as refused:
        send_public_message(z.p, code, "ingebrekestelling", {"tekst": "", "bevestigd": "ja"})
    assert refused.value.code == "bericht-niet-verwacht" and "beslistermijn" in refused.value.detail
    assert z.zaak()["samenvatting"] == before["samenvatting"]


def test_an_ingebrekestelling_refused_after_a_verdaging_names_the_term_s_new_last_day(z: Omgeving) -> None:
    """Review review20, 9a: deferred by three weeks, the term runs to Monday 18 May; on 1 May the page's
    refusal only said "kan pas als de beslistermijn voorbij is ... U stuurt er één: heeft de gemeente uw
    ingebrekestelling al ontvangen, dan hoeft u niets meer te doen", not until when the term runs."""
    from processes.errors import Conflict
    from tests.e2e.harness import status_form
    from web import create_app

    code = _in_beoordeling(z)
    verdaging = {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "advies nog niet binnen"}
    assert z.doe("anna", "Aanvraag inhoudelijk", verdaging)["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    z.op(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))  # after the first 8 weeks, within the deferred term
    said = (
        "Een ingebrekestelling kan pas als de beslistermijn voorbij is en de gemeente nog niet heeft "
        "beslist. De beslistermijn loopt nog tot en met maandag 18 mei 2026 (verlengd met 3 weken)."
    )
    with pytest.raises(Conflict) as refused:
        send_public_message(z.p, code, "ingebrekestelling", {"tekst": "", "bevestigd": "ja"})
    assert refused.value.detail == said
    client = create_app(z.p.settings, platform=z.p).test_client()
    page = client.get(f"/status/{code}").text
    early = client.post(f"/status/{code}/ingebrekestelling", data=status_form(page))
    assert early.status_code == 409 and said in " ".join(early.text.split()), early.text


def test_the_page_asks_to_confirm_an_ingebrekestelling_before_it_is_sent(z: Omgeving) -> None:
    from tests.e2e.harness import status_form
    from web import create_app

    code = _in_beoordeling(z)
    client = create_app(z.p.settings, platform=z.p).test_client()
    during = client.get(f"/status/{code}").text
    assert 'id="actie-ingebrekestelling"' not in during
    early = client.post(f"/status/{code}/ingebrekestelling", data=status_form(during))
    assert early.status_code == 409 and "beslistermijn" in early.text
    z.op(NA_DE_TERMIJN)
    page = client.get(f"/status/{code}").text
    assert 'id="actie-ingebrekestelling"' in page
    ask = client.post(f"/status/{code}/ingebrekestelling", data=status_form(page))
    assert ask.status_code == 200 and "weet u het zeker?" in ask.text and "dwangsom" in ask.text
    assert not z.zaak()["samenvatting"].get("dwangsom")  # asking sent nothing
    done = client.post(f"/status/{code}/ingebrekestelling", data={**status_form(ask.text), "bevestigd": "ja"})
    assert done.status_code == 303, done.text
    assert "Uw ingebrekestelling is ontvangen" in client.get(done.headers["Location"]).text
    assert z.zaak()["samenvatting"]["dwangsom"]["ingebrekestelling_ontvangen"] == "2026-04-29"


def test_a_besluit_taken_late_is_no_time_for_the_pages_ingebrekestelling(z: Omgeving) -> None:
    """Taken on 5 May with its letter dated 15 May: the model still takes a letter of ingebrekestelling
    until then (Awb 3:40), but the page says the besluit is taken and does not offer one."""
    from tests.integration.test_ingebrekestelling_na_besluit import besloten_na_de_termijn

    besloten_na_de_termijn(z, datetime(2026, 5, 15).date())
    z.op(datetime(2026, 5, 7, 9, 0, tzinfo=UTC))
    assert "ingebrekestelling" in z.zaak()["samenvatting"]["verwachte_berichten"]
    assert "ingebrekestelling" not in _offered(z.p, str(z.zaak()["volgcode"]))


# -- a registered bezwaar is being handled, with its Awb 7:10 term (review status12 #4) -----------------


def test_after_a_registered_bezwaar_the_page_says_it_is_handled_and_by_when(z: Omgeving) -> None:
    """The besluit is sent on 2 March; the bezwaartermijn ends on 13 April, so the beslissing op bezwaar
    is due on Tuesday 26 May (six weeks, Tweede Pinksterdag moves it), with a commissie on 6 July."""
    from tests.integration.bezwaar_steps import besloten

    besloten(z)
    z.later(days=1)
    code = str(z.zaak()["volgcode"])
    send_public_message(z.p, code, "bezwaar", {"tekst": "Het bouwwerk is te hoog."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    page = view.public_status(z.p, code)
    assert page["status"] == "lopend"  # the bezwaar is handled in the case: 'Beslissen op bezwaar'
    assert page["status_tekst"] == "Besluit genomen, bezwaar in behandeling"
    said = page["termijn"]["toelichting"]
    assert (
        "Er is op 3 maart 2026 bezwaar gemaakt tegen het besluit. De gemeente behandelt het bezwaar" in said
    )
    assert "uiterlijk op dinsdag 26 mei 2026" in said and "uiterlijk op maandag 6 juli 2026" in said, said
    assert page["termijn"]["rechtsmiddel"]["bezwaar"] == {
        "soort": "bezwaar",
        "ontvangen_op": "2026-03-03",
        "beslissen_uiterlijk": "2026-05-26",
    }
    assert (
        "afgerond" not in page["besluit"]["tekst"] and "nog niet onherroepelijk" in page["besluit"]["tekst"]
    )


def test_a_bezwaar_past_its_decision_day_is_told_in_the_past_with_the_verdaging(z: Omgeving) -> None:
    """Review "sessie12b", 2: nine months on, the page still said the gemeente "beslist erop
    uiterlijk op dinsdag 26 mei 2026", and never that it may defer by six weeks (Awb 7:10 lid 3)."""
    from tests.integration.bezwaar_steps import besloten

    besloten(z)
    z.later(days=1)
    code = str(z.zaak()["volgcode"])
    send_public_message(z.p, code, "bezwaar", {"tekst": "Het bouwwerk is te hoog."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    within = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "met ten hoogste zes weken verdagen (artikel 7:10 lid 3 Awb)" in within, within
    z.op(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))  # past the six weeks, within the twelve
    between = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "op dinsdag 26 mei 2026, had de gemeente erop moeten beslissen" in between, between
    assert "dan beslist zij uiterlijk op maandag 6 juli 2026" in between, between
    z.op(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # nine months on
    said = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "beslist erop uiterlijk" not in said and "beslist zij uiterlijk" not in said, said
    assert "had hierop uiterlijk op dinsdag 26 mei 2026 moeten beslissen" in said, said
    assert "maandag 6 juli 2026" in said and "verdaagd" in said, said
    assert "neem dan contact op met de gemeente" in said, said


def test_the_ingebrekestelling_texts_name_the_dwangsoms_maximum() -> None:
    """Review "sessie12b", 3: the explanation, the confirmation and the thanks promised a dwangsom "voor
    elke dag dat het besluit later komt"; Awb 4:17 lid 2 caps it at 42 days."""
    from processes.termijnen.dwangsom import standaard_tarief
    from services.status.message_catalog import PUBLIC_MESSAGES

    message = PUBLIC_MESSAGES["ingebrekestelling"]
    most = f"ten hoogste {standaard_tarief().max_dagen} dagen"
    for text in (message.explanation, message.confirm, message.thanks):
        assert most in (text or ""), text


def test_a_public_message_the_case_does_not_take_names_those_it_does(z: Omgeving) -> None:
    """The 409 of a message not expected (a retry, a click too early) lists what the case takes now."""
    from processes.errors import Conflict

    code = _in_beoordeling(z)
    z.op(datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    with pytest.raises(Conflict) as refused:
        send_public_message(z.p, code, "ingebrekestelling", {"tekst": "", "bevestigd": "ja"})
    offered = sorted(name for name, action in _offered(z.p, code).items() if action["verwacht"])
    assert refused.value.extra["verwacht"] == offered == ["intrekking"]
