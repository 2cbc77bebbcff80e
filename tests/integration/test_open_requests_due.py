"""The due day and "te laat" of an open question to the netbeheerder on the dashboard's "Open bij externe
partijen" and the case list (services/waits/open_requests.py), from the transportverzoek model itself, on
SQLite and PostgreSQL.

Review projectleider13, 1: every Netbeheerder wait got a flat 10 working days from the start of the
current wait row. After the reminder that start moved on (an unanswered request showed "Sinds <day of
the reminder> | Uiterlijk <ten days later>" and no marker), a waiting-list position, though the
netbeheerder had answered, was marked late ten days after the answer, and above 10 MVA the
municipality's streefdatum of 40 working days was ignored. The due day is the model's own
``antwoord_uiterlijk``, none once the netbeheerder answered, and the question counts from its first
asking (``figures.wait_questions``: a reminder or an escalation does not ask it again).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from services import cases, policy
from services.clock import FixedClock, today
from services.platform import Platform
from services.store.models import Case
from services.waits import open_requests
from tests.integration.energie_fixtures import WIND_MODELLEN, doe, energie_platform


@pytest.fixture
def wp(any_platform: Platform, clock: FixedClock) -> Platform:
    clock.set(datetime(2026, 3, 2, 9, 0))  # Monday 2 March 2026
    return energie_platform(any_platform, WIND_MODELLEN)


def _verzoek(wp: Platform, mva: float) -> str:
    data = {"vermogen_mva": mva, "richting": "invoeding"}
    return str(cases.start_case(wp, "transportverzoek", data, user="pim")["zaak"])


def _asked(wp: Platform, ref: str) -> tuple[datetime, date | None, bool, list[str]]:
    """The case's one open question to the netbeheerder as the dashboard lists it: since, due, late; and
    the dues of the case list's "te laat" markers for the case."""
    day = today(wp.clock)
    with wp.uow(write=False) as uow:
        external = policy.external_groups(uow.session, wp.settings)
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == ref))
        [asked] = [r for r in open_requests.open_requests(uow.session, external) if r.reference == ref]
        listed = open_requests.for_case_rows(uow.session, external, [case_id], wp.clock.now())[case_id]
    return asked.since, asked.due, asked.overdue(day), [r["vervaldatum"] for r in listed["extern_te_laat"]]


def _started(wp: Platform, ref: str) -> datetime:
    return datetime.fromisoformat(cases.get_case(wp, ref)["gestart_op"])


def test_after_the_reminder_the_question_is_due_on_the_models_date_and_late(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _verzoek(wp, 2.5)  # antwoord uiterlijk 16 March 2026 (10 working days)
    asked_at = _started(wp, ref)
    assert _asked(wp, ref) == (asked_at, date(2026, 3, 16), False, [])
    clock.set(datetime(2026, 3, 17, 9, 0))
    cases.fire_due_timers(wp)  # the term passed: reminder, the model waits on "antwoord_laat"
    assert "herinnering" in cases.get_case(wp, ref)["wacht_op"]
    assert _asked(wp, ref) == (asked_at, date(2026, 3, 16), True, ["2026-03-16"])
    clock.set(datetime(2026, 3, 25, 9, 0))
    cases.fire_due_timers(wp)  # no answer after the reminder: escalation
    doe(wp, ref, "escaleren", {"contact": "Gebeld met de netbeheerder."})
    assert "geëscaleerd" in cases.get_case(wp, ref)["wacht_op"]
    assert _asked(wp, ref) == (asked_at, date(2026, 3, 16), True, ["2026-03-16"])


def test_above_ten_mva_the_question_is_due_on_the_municipalitys_streefdatum(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _verzoek(wp, 30)  # streefdatum 30 April 2026 (40 working days)
    clock.set(datetime(2026, 4, 1, 9, 0))  # past ten working days, before the streefdatum
    cases.fire_due_timers(wp)
    assert _asked(wp, ref) == (_started(wp, ref), date(2026, 4, 30), False, [])


def test_a_waiting_list_position_has_no_due_day(wp: Platform, clock: FixedClock) -> None:
    ref = _verzoek(wp, 4)
    clock.set(datetime(2026, 3, 4, 9, 0))  # answered within the term
    answered = clock.now()
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 15})
    clock.set(datetime(2026, 4, 20, 9, 0))  # weeks on the waiting list
    cases.fire_due_timers(wp)
    assert cases.get_case(wp, ref)["wacht_op"] == (
        "wachtlijst netcapaciteit, positie 15; de gemeente vraagt de netbeheerder op 4 maart 2027 opnieuw "
        "naar de positie"
    )
    assert _asked(wp, ref) == (answered, None, False, [])


def test_without_the_models_date_the_agreed_term_runs_from_the_first_asking(
    wp: Platform, clock: FixedClock
) -> None:
    """A case whose summary keeps no transportverzoek record: the Netbeheerder's agreed term
    (ANSWER_TERMS, 10 working days) from the first asking, not from the reminder."""
    ref = _verzoek(wp, 2.5)
    asked_at = _started(wp, ref)
    clock.set(datetime(2026, 3, 17, 9, 0))
    cases.fire_due_timers(wp)
    with wp.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        case.summary = {k: v for k, v in (case.summary or {}).items() if k != "netcapaciteit"}
        uow.commit()
    assert _asked(wp, ref) == (asked_at, date(2026, 3, 16), True, ["2026-03-16"])
