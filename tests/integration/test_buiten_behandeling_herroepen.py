"""Review sessie15b F1, F2: a buitenbehandelingstelling (Awb 4:5) is the case's besluit, and a bezwaar
against it found gegrond cannot replace it by a permit nobody assessed.

F1: since the case waits for the bezwaartermijn of a buitenbehandelingstelling (25c64f1), the summary held
no besluit for it, so the status page still offered beroep because the gemeente did not decide in time
(Awb 6:12 lid 2) the day after the besluit was taken. It is now recorded as the case's besluit, as the
permit's besluit is.

F2: a beslissing op bezwaar that herroepen the buitenbehandelingstelling offered to grant or refuse the
permit in its place, which closed the case "vergunning verleend" without assessment, advice or letter.
Awb 7:11 lid 2: in its place the aanvraag is to be handled. Grant and refusal are refused there (422); the
choice is to handle the aanvraag ("behandelen"): the case goes back to the assessment, with a beslistermijn
that starts again, and on to a besluit (before, a stopgap ended the case and told the officer to register the
aanvraag anew as a new case).
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.status import view
from services.status.messages import send_public_message
from tests.integration.bezwaar_steps import (
    TAAK,
    bezwaar_tegen_buiten_behandeling,
    gegrond_beslissing,
    resultaattype_of,
)
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401
from web import create_app


def _page(z: Omgeving, code: str) -> str:  # noqa: F811
    return str(create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text)


def test_no_beroep_for_not_deciding_in_time_after_a_buitenbehandelingstelling(z: Omgeving) -> None:  # noqa: F811
    code = str(z.start(email="jansen@example.org")["volgcode"])
    z.tekening_gevraagd()  # aanvulling asked 2 March, 14 days
    z.later(days=15)  # the aanvullingstermijn over; the term runs again, to 11 May
    z.op(datetime(2026, 5, 20, 8, tzinfo=UTC))
    send_public_message(z.p, code, "ingebrekestelling", {"tekst": "Beslis.", "bevestigd": True})
    z.op(datetime(2026, 6, 10, 8, tzinfo=UTC))  # the dwangsom runs since 3 June
    case = z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    assert case["status"] == "lopend"
    z.later(days=1)
    page = _page(z, code)
    assert 'id="beroep-niet-tijdig"' not in page, "a besluit (Awb 4:5) was taken on 10 June"
    besluit = z.zaak()["samenvatting"]["besluit"]
    assert (besluit["besluit"], besluit["datum"]) == ("buiten_behandeling", "2026-06-10"), besluit
    assert besluit["tekst"] == "aanvraag buiten behandeling gesteld (Awb 4:5)"
    status = view.public_status(z.p, code)
    assert status["besluit"]["genomen"] is True
    assert status["besluit"]["tekst"].startswith("Het besluit is genomen. Het is nog niet onherroepelijk")


def test_a_herroepen_buitenbehandelingstelling_is_not_replaced_by_a_grant_or_refusal(z: Omgeving) -> None:  # noqa: F811
    bezwaar_tegen_buiten_behandeling(z)
    for nieuw in ("verlenen", "weigeren"):
        fout = z.geweigerd(
            "herroepen-buiten-behandeling", lambda n=nieuw: z.doe("jet", TAAK, gegrond_beslissing(z, n))
        )
        assert fout.status == 422 and "artikel 4:5 Awb" in fout.detail, fout.detail
        assert "Kies 'De aanvraag alsnog behandelen'" in fout.detail, fout.detail
    assert z.zaak()["status"] == "lopend" and z.taak("jet", TAAK)


def test_a_herroepen_buitenbehandelingstelling_takes_the_aanvraag_back_to_the_assessment(z: Omgeving) -> None:  # noqa: F811
    """Awb 7:11 lid 2: in the place of the herroepen buitenbehandelingstelling the aanvraag is handled, in this
    case: back to the assessment with its advice tasks and a beslistermijn that starts again the day after
    the beslissing op bezwaar was sent (27 March: eight weeks, to Friday 22 May), then on to a besluit, and
    the case ends with the permit's own result."""
    code = bezwaar_tegen_buiten_behandeling(z)
    nieuw = z.taak("jet", TAAK)["formulier"]["properties"]["nieuw_besluit"]
    assert nieuw["enum"] == ["verlenen", "weigeren", "behandelen"], nieuw  # no "ingetrokken" here
    before = len(z.mails())
    case = z.doe("jet", TAAK, gegrond_beslissing(z, "behandelen"))
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["fase"] == "advies en beoordeling", case["fase"]
    assert sorted(t["naam"] for t in case["open_taken"]) == [
        "Aanvraag inhoudelijk beoordelen",
        "Advies Energie en Klimaat",
        "Advies Milieu",
    ]
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-22"
    assert case["termijn_uitleg"]["stappen"][0] == (
        "Buitenbehandelingstelling herroepen bij de beslissing op bezwaar, verzonden op 27 maart 2026 (dag 0)"
    )
    assert z.taak("anna", "Aanvraag inhoudelijk")["vervaldatum"] == "2026-05-22"
    weer = "de aanvraag wordt in deze zaak opnieuw in behandeling genomen: de gemeente beslist erop uiterlijk op vrijdag 22 mei 2026"
    tijdlijn = z.zaak()["tijdlijn"]
    assert any(weer in t["tekst"] for t in tijdlijn if t.get("publiek")), [t["tekst"] for t in tijdlijn]
    assert not any("registreer de aanvraag opnieuw" in t["tekst"] for t in tijdlijn)
    [mail] = z.mails()[before:]  # the beslissing's mail says it all (no second mail of the new phase)
    assert mail["soort"] == "beslissing_op_bezwaar", mail["onderwerp"]
    assert f"Het besluit is herroepen; {weer}." in " ".join(mail["tekst"].split()), mail["tekst"]
    # the status page: the aanvraag is in handling again, with its new date; no besluit, no bezwaar open
    page = view.public_status(z.p, code)
    assert page["termijn"]["uiterste_beslisdatum"] == "2026-05-22", page["termijn"]
    assert page["besluit"].get("genomen") is not True, page["besluit"]
    assert "bezwaar" not in {a.get("bericht") for a in page["acties"]}, page["acties"]
    assert page["status_tekst"] == "In behandeling", page["status_tekst"]

    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    case = z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    assert case["fase"] == "besluit", case["fase"]
    case = z.doe(
        "tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."}
    )
    assert case["fase"] == "bezwaar- en beroepstermijn" and case["status"] == "lopend"
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen"
    assert case["te_laat"] is False
    case = z.later(days=60)  # the bezwaartermijn to 8 May and its post week
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert case["samenvatting"]["resultaat"] == "vergunning verleend; onherroepelijk"
    assert resultaattype_of(z) == ("verleend", "blijvend_bewaren")


def test_no_new_besluit_is_not_offered_for_a_herroepen_buitenbehandelingstelling(z: Omgeving) -> None:  # noqa: F811
    bezwaar_tegen_buiten_behandeling(z)
    z.geweigerd("formulier-ongeldig", lambda: z.doe("jet", TAAK, gegrond_beslissing(z, "geen")))
    assert z.zaak()["status"] == "lopend" and z.taak("jet", TAAK)
