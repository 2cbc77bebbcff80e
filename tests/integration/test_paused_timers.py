"""A case paused by beheer fires no timer in the step of a message it receives (review sessie11e, finding 2).

A permit case ter inzage was paused; on 23 April, after the term (14 April) and the post week (21 April)
had ended, a zienswijze came in. A paused case takes what the initiator sends (its receipt day counts,
Awb 4:15), but SpiffWorkflow refreshes the due timers at the end of every engine step: the same step
fired the ter-inzage and post-week timers and the paused case went on to 'besluit' with a new task
'Besluit nemen'. Now the step of a paused case holds its timers: the message and what it triggers are
recorded, the timers fire on the scheduler's first pass after the resume, as they would have.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services import beheer, cases
from tests.integration.besluit_steps import ontwerp_ter_inzage
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z

__all__ = ["locatie", "z"]  # the permit scenario's fixtures

ZIENSWIJZE = {"inhoud": "Te hoog.", "ontvangen_op": "2026-04-20", "ter_post_bezorgd_op": "2026-04-14"}


def _texts(case: dict) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"]]


def test_a_message_to_a_paused_case_fires_no_due_timer(z: Omgeving) -> None:
    ontwerp_ter_inzage(z)
    beheer.suspend(z.p, z.ref, "bea", "onderzoek")
    z.clock.set(datetime(2026, 4, 23, 7, tzinfo=UTC))  # the term and its post week are over
    assert cases.fire_due_timers(z.p) == []  # the scheduler leaves a paused case alone

    case = z.bericht("zienswijze", ZIENSWIJZE)
    assert case["status"] == "gepauzeerd"
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-04-20"}  # recorded
    assert case["fase"] == "ter inzage" and case["open_taken"] == []  # no step past the timers
    assert case["incident"] is None  # a held timer is no stuck case
    assert case["volgende_timer"] is not None and case["volgende_timer"] < "2026-04-23"  # due at the resume
    assert not any("Besluit nemen" in tekst for tekst in _texts(z.zaak()))


def test_after_the_resume_the_held_timers_fire_and_the_case_reaches_the_besluit(z: Omgeving) -> None:
    ontwerp_ter_inzage(z)
    beheer.suspend(z.p, z.ref, "bea", "onderzoek")
    z.clock.set(datetime(2026, 4, 23, 7, tzinfo=UTC))
    z.bericht("zienswijze", ZIENSWIJZE)
    assert cases.fire_due_timers(z.p) == []  # still paused: nothing fires

    beheer.resume(z.p, z.ref, "bea")
    case = z.later(minutes=1)  # the scheduler's next pass
    assert case["status"] == "lopend"
    assert case["fase"] == "besluit"
    assert [t["naam"] for t in case["open_taken"]] == ["Besluit nemen"]
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 1, "laatste": "2026-04-20"}


def test_a_paused_case_still_takes_the_step_a_message_itself_triggers(z: Omgeving) -> None:
    """An aanvulling while paused (its 14-day timer not due): the case goes on as before the fix."""
    z.start()
    z.tekening_gevraagd("Ontvankelijkheid beoordelen")
    z.later(hours=1)
    beheer.suspend(z.p, z.ref, "bea", "onderzoek")
    z.later(days=3)
    case = cases.send_message(z.p, z.ref, "aanvulling", {"tekst": "De tekening."}, via_code=True)
    assert case["status"] == "gepauzeerd" and case["incident"] is None
    assert case["fase"] != "aanvulling gevraagd"
    assert case["open_taken"] != []
