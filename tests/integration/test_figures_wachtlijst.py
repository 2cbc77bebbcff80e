"""The answer-time table judges a wait for the netbeheerder as the open questions' list does (review of
the waits figures, left item 1): a waiting-list position, once the netbeheerder answered "wachtlijst",
has no due day in "Open bij externe partijen" (services/waits/open_requests.py: a waiting-list position
is no question with a term), but the table of answer times (services/waits/figures.py) judged its weeks
on the list by the flat 10 working days and counted it late. Both now ask ``figures.answer_due``: no
term after an answer, else the date the model recorded (``antwoord_uiterlijk``), else the agreed term.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services import cases, policy
from services.clock import FixedClock, today
from services.platform import Platform
from services.waits import figures, open_requests
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform, start_transportverzoek


def test_weeks_on_the_waiting_list_are_no_late_answer_in_the_table_as_in_the_open_list(
    any_platform: Platform, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 3, 2, 9, 0))  # Monday 2 March 2026: both answers due on 16 March
    since = clock.now() - timedelta(days=1)
    wp = energie_platform(any_platform, WIND_MODELLEN)
    listed, late = start_transportverzoek(wp, 4), start_transportverzoek(wp, 2.5)
    clock.set(datetime(2026, 3, 4, 9, 0))  # answered within the term: on the waiting list
    cases.send_message(wp, listed, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 15})
    clock.set(datetime(2026, 3, 17, 9, 0))
    cases.fire_due_timers(wp)  # the other one's term passed unanswered: reminder
    clock.set(datetime(2026, 3, 18, 9, 0))
    cases.send_message(wp, late, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    clock.set(datetime(2026, 4, 20, 9, 0))  # seven weeks on the list, far past 10 working days
    cases.fire_due_timers(wp)
    with wp.uow(write=False) as uow:
        external = policy.external_groups(uow.session, wp.settings)
        [on_list] = open_requests.open_requests(uow.session, external)
    assert (on_list.reference, on_list.due, on_list.overdue(today(wp.clock))) == (listed, None, False)
    cases.send_message(wp, listed, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})  # off the list

    with wp.uow(write=False) as uow:
        [net] = figures.organisations(uow.session, since)
    # the table: asked three times (the listed case's question and its weeks on the list, the late
    # one's question); the weeks on the list have no term, as in the open list; the question answered
    # on 4 March is within its term, the one answered on 18 March after the reminder is late
    assert (net["organisatie"], net["gevraagd"]) == ("Netbeheerder", 3)
    assert (net["met_termijn"], net["binnen_termijn"], net["aandeel_binnen_termijn"]) == (2, 1, 0.5)
