"""Review archief15 F2(a): a buitenbehandelingstelling (Awb 4:5) is a besluit open to bezwaar, yet the case
ended the day it was taken. A bezwaar sent within the six weeks it announces was refused on the status page
and by the message API, and its retention counted from that day. The case now waits for its bezwaartermijn
(and the post week) as a besluit does after its bekendmaking, takes a bezwaar in it, and ends as
"buiten behandeling gesteld; onherroepelijk" with the resultaattype it had."""

from __future__ import annotations

from datetime import date, timedelta

from services.bewaren.termijn import vervallen
from services.status import messages
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401


def test_the_case_waits_for_the_bezwaartermijn_and_then_ends_onherroepelijk(z: Omgeving) -> None:  # noqa: F811
    z.start(email="jansen@voorbeeld.nl")
    case = buiten_behandeling(z)
    rm = case["samenvatting"]["rechtsmiddel"]
    assert (rm["soort"], case["status"]) == ("bezwaar", "lopend")
    assert not [t for t in z.taken("odin") if t["naam"] == "Beslistermijn verloopt binnenkort"]
    z.later(days=70)  # past the term and its post week
    case = z.zaak()
    assert case["status"] == "afgerond"
    assert (
        case["samenvatting"]["resultaat"] == "aanvraag buiten behandeling gesteld (Awb 4:5); onherroepelijk"
    )
    closed = z.clock.now().date()
    assert closed > date.fromisoformat(rm["per_post_tot"])
    # the same resultaattype as before (11.4, P1Y), counted from the day it became onherroepelijk
    due = date(closed.year + 1, closed.month, closed.day)
    assert not list(vervallen(z.p, due - timedelta(days=1)))
    [line] = vervallen(z.p, due)
    assert line.resultaattype is not None and line.resultaattype.key == "buiten_behandeling"
    assert (line.gesloten_op, line.termijn) == (closed, "P1Y")


def test_a_bezwaar_within_the_term_is_taken_from_the_status_page(z: Omgeving) -> None:  # noqa: F811
    code = str(z.start(email="jansen@voorbeeld.nl")["volgcode"])
    buiten_behandeling(z)
    z.later(days=10)
    messages.send_public_message(z.p, code, "bezwaar", {"tekst": "Ik maak bezwaar."})
    assert z.taak("jet", "Bezwaar of beroep registreren")
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    assert case["status"] == "lopend"
    assert z.taak("jet", "Beslissen op bezwaar")


def test_a_bezwaar_message_within_the_term_is_taken_by_the_api(z: Omgeving) -> None:  # noqa: F811
    z.start(email="jansen@voorbeeld.nl")
    buiten_behandeling(z)
    z.later(days=10)
    z.bericht("bezwaar", {"soort": "bezwaar"})
    assert z.taak("jet", "Bezwaar of beroep registreren")
