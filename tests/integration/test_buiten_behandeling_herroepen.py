"""Review sessie15b F1, F2: a buitenbehandelingstelling (Awb 4:5) is the case's besluit, and a bezwaar
against it found gegrond cannot replace it by a permit nobody assessed.

F1: since the case waits for the bezwaartermijn of a buitenbehandelingstelling (25c64f1), the summary held
no besluit for it, so the status page still offered beroep because the gemeente did not decide in time
(Awb 6:12 lid 2) the day after the besluit was taken. It is now recorded as the case's besluit, as the
permit's besluit is.

F2: a beslissing op bezwaar that herroepen the buitenbehandelingstelling offered to grant or refuse the
permit in its place, which closed the case "vergunning verleend" without assessment, advice or letter.
Awb 7:11 lid 2: in its place the aanvraag is to be handled. Grant and refusal are refused there (422); no
new besluit is the choice, worded as the aanvraag being handled anew in a new case, with an internal line
telling the officer to register it (a stopgap: the model has no way back to the assessment yet).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.status import view
from services.status.messages import send_public_message
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_herroepen_op_bezwaar import _resultaattype
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401
from web import create_app

TAAK = "Beslissen op bezwaar"


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


def _gegrond(z: Omgeving) -> str:  # noqa: F811
    code = str(z.start(email="jansen@example.org")["volgcode"])
    buiten_behandeling(z)
    z.later(days=10)
    send_public_message(z.p, code, "bezwaar", {"tekst": "Ik had de tekening wel gestuurd."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    return code


def _beslissing(z: Omgeving, nieuw: str) -> dict[str, Any]:  # noqa: F811
    return {
        "actie": "beslissen",
        "uitkomst": "gegrond",
        "beslist_op": z.clock.now().date().isoformat(),
        "herroepen": True,
        "nieuw_besluit": nieuw,
    }


def test_a_herroepen_buitenbehandelingstelling_is_not_replaced_by_a_grant_or_refusal(z: Omgeving) -> None:  # noqa: F811
    _gegrond(z)
    for nieuw in ("verlenen", "weigeren"):
        fout = z.geweigerd(
            "herroepen-buiten-behandeling", lambda n=nieuw: z.doe("jet", TAAK, _beslissing(z, n))
        )
        assert fout.status == 422 and "artikel 4:5 Awb" in fout.detail, fout.detail
        assert "Kies 'Geen nieuw besluit'" in fout.detail and "opnieuw" in fout.detail
    assert z.zaak()["status"] == "lopend" and z.taak("jet", TAAK)


def test_no_new_besluit_says_the_aanvraag_is_handled_anew_and_tells_the_officer(z: Omgeving) -> None:  # noqa: F811
    code = _gegrond(z)
    case = z.doe("jet", TAAK, _beslissing(z, "geen"))
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert case["samenvatting"]["resultaat"] == (
        "aanvraag buiten behandeling gesteld (Awb 4:5); beslissing op bezwaar: bezwaar gegrond, het besluit is "
        "herroepen; er komt geen nieuw besluit in de beslissing op bezwaar: de aanvraag wordt opnieuw in "
        "behandeling genomen, in een nieuwe zaak"
    )
    assert "ingetrokken" not in case["samenvatting"]["resultaat"]
    # the buitenbehandelingstelling is marked herroepen, and the case keeps its resultaattype (not ingetrokken)
    herroepen = case["samenvatting"]["besluit"]["herroepen"]
    assert herroepen["in_de_plaats"] == "geen" and "opnieuw in behandeling" in herroepen["tekst"]
    assert _resultaattype(z) == ("buiten_behandeling", "vernietigen")
    page = view.public_status(z.p, code)
    assert "de aanvraag wordt opnieuw in behandeling genomen, in een nieuwe zaak." in page["besluit"]["tekst"]
    assert "ingetrokken" not in page["besluit"]["tekst"] + page["termijn"]["toelichting"]
    intern = [t["tekst"] for t in z.zaak()["tijdlijn"] if not t.get("publiek")]
    assert any("registreer de aanvraag opnieuw als nieuwe zaak" in t for t in intern), intern
