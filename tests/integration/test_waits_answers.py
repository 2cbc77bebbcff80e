"""An outside organisation's answer counts once, from the question to the answer, across a reminder
and an escalation.

Review finding: transportverzoek.bpmn moves one question to the netbeheerder across several wait
elements (the first wait, the wait after the reminder, the wait after escalation). The dashboard
counted one question per element, so an answer after 13 working days became two questions of 11 and
2 days, one of them 'binnen termijn': exactly the late answers looked better.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from services import cases
from services.store.models import HolderInterval
from services.waits import figures
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform


def test_a_late_answer_after_a_reminder_is_one_late_question(platform, clock):
    wp = energie_platform(platform, WIND_MODELLEN)
    asked = datetime(2026, 4, 20, 9, 0)  # a Monday
    clock.set(asked)
    ref = cases.start_case(wp, "transportverzoek", {"vermogen_mva": 2.5, "richting": "afname"}, user="pim")[
        "zaak"
    ]
    for day in range(1, 22):  # three weeks: the term passes and the reminder goes out
        clock.set(asked + timedelta(days=day))
        cases.fire_due_timers(wp)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    with wp.uow(write=False) as uow:
        s = uow.session
        elements = {
            r.element_id
            for r in s.scalars(select(HolderInterval).where(HolderInterval.holder == "Netbeheerder"))
        }
        [netbeheerder] = [
            o for o in figures.organisations(s, datetime(2026, 1, 1)) if o["organisatie"] == "Netbeheerder"
        ]
    assert len(elements) >= 2  # the wait did move from one element to the next
    assert netbeheerder["gevraagd"] == 1
    assert netbeheerder["binnen_termijn"] == 0 and netbeheerder["aandeel_binnen_termijn"] == 0.0
    assert netbeheerder["mediaan_werkdagen"] > netbeheerder["termijn_werkdagen"]
