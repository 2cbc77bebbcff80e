"""The task 'Bezwaar of beroep registreren' is due on the Awb 7:10 decision term (review termijn11, F2).

Awb 7:10 lid 1: the bestuursorgaan decides on a bezwaar within six weeks (twelve with an advisory commissie,
art. 7:13), counted from the day after the bezwaartermijn ended, not from the day the bezwaar came in. The
task was due six weeks after receipt: a bezwaarschrift posted in time and received a week after the term got
a due date six days past the legal one, one received the day after the besluit six weeks too early.

Dates: the besluit is sent on Monday 2 March 2026; the bezwaartermijn runs up to and including 13 April;
13 April + 6 weeks is Monday 25 May, Tweede Pinksterdag, so the term ends Tuesday 26 May (Atw art. 1);
with a commissie it is Monday 6 July.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _termijn_in_taak(z: Omgeving) -> None:
    taak = z.taak("jet", "Bezwaar of beroep registreren")
    assert taak["vervaldatum"] == "2026-05-26"
    assert "Beslis op het bezwaar uiterlijk op dinsdag 26 mei 2026" in taak["instructies"]
    assert "artikel 7:10 lid 1 Awb" in taak["instructies"]
    assert "twaalf weken: uiterlijk op maandag 6 juli 2026" in taak["instructies"]


def test_a_bezwaar_posted_in_time_and_received_after_the_term(z: Omgeving) -> None:
    besloten(z)
    z.op(datetime(2026, 4, 20, 8, 0, tzinfo=UTC))
    z.bericht(
        "bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-20", "ter_post_bezorgd_op": "2026-04-13"}
    )
    _termijn_in_taak(z)


def test_a_bezwaar_received_the_day_after_the_besluit(z: Omgeving) -> None:
    besloten(z)
    z.later(days=1)
    z.bericht("bezwaar", {"soort": "bezwaar"})
    _termijn_in_taak(z)
