"""The initiator's status page tells one truthful story (review status12): the day an intrekking was
received, the ingebrekestelling offered once the beslistermijn passed, and a bezwaar being handled.
Dates as in test_omgevingsvergunning: the clock starts on Monday 2 March 2026; the reguliere
beslistermijn ends on Tuesday 28 April 2026."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

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
from tests.integration.test_windpark_vergunning import MODELLEN, _lagen

z, locatie = ov.z, ov.locatie  # the permit scenario fixtures
__all__ = ["_lagen"]  # the windpark tests' fixture (no GIS layers)


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
