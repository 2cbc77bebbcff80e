"""The day a case's final besluit letter is sent is recorded where the letter is made final (its summary's
``besluitbrief``), so a step derives ``Case.decided_on`` from the summary without reading the letter: a case
with a term and a letter whose task is still open read it on every step (services.projection_case's
``_decided_by_letter``, whose guard never skipped)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from services import inbox, kaart_panel, scheduler
from services.clock import FixedClock, today
from services.documents.besluit import finalise_as_given
from services.kaart_milestones import DEADLINE
from services.platform import Platform
from services.step_reads import SessionReads
from services.store.models import Case, HumanTask, TaskCandidate, User
from services.task_choices import reread_choices
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.map_features import case_properties
from tests.integration.test_aanvulling_na_termijn import _wacht_op_buiten_behandeling
from tests.integration.test_besluit_bekend_voor_taak import brief_verzonden
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie  # the permit scenario's fixture


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:  # noqa: F811
    """The permit scenario on SQLite and on PostgreSQL."""
    return Omgeving(any_platform, clock, locatie)


def _decided_on(z: Omgeving) -> date | None:
    with z.p.uow(write=False) as uow:
        return uow.session.scalar(select(Case.decided_on).where(Case.reference == z.ref))


def test_a_step_of_a_case_whose_letter_is_final_does_not_read_the_letter(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letter putting the aanvraag aside is final on Tuesday 17 March, 'Besluit buiten behandeling' still
    open: the case was decided that day. A step without an action (the choices read again) and a timer's
    step leave it so, and neither reads the letter: no service of theirs asks for it."""
    _wacht_op_buiten_behandeling(z)
    inbox.claim(z.p, z.taak("jet", "Besluit buiten behandeling")["id"], "jet")
    finalise_as_given(z.p, z.ref, "jet", {"toelichting": "Geen aanvulling."}, op=today(z.clock))
    assert _decided_on(z) == date(2026, 3, 17)  # recorded with the letter, before any step
    reads: list[int] = []
    read = SessionReads.final_besluit

    def counted(self: SessionReads, case_id: int) -> Any:
        reads.append(case_id)
        return read(self, case_id)

    monkeypatch.setattr(SessionReads, "final_besluit", counted)
    reread_choices(z.p, z.ref, "jet")
    assert reads == [], "the step read the final letter"
    timer = z.zaak()["volgende_timer"]
    z.later(days=40)  # past the next timer: its step runs
    assert z.zaak()["volgende_timer"] != timer
    assert reads == [], "the timer's step read the final letter"
    assert _decided_on(z) == date(2026, 3, 17)
    assert z.zaak()["te_laat"] is False


def test_a_letter_dated_ahead_keeps_the_term_counting_until_its_day(z: Omgeving) -> None:
    """The letter is made final on Monday 20 April, dated Friday 24 April; the term ends on Tuesday 28 April.
    Until the 24th the besluit is not given: the case page and the inbox count down to the 28th, the map
    keeps the uiterste beslisdatum as a milestone. From the 24th it was given (in time)."""
    brief_verzonden(z, verzonden=date(2026, 4, 24))
    assert _decided_on(z) == date(2026, 4, 24)
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    assert z.zaak()["dagen_over"] == 6
    taak = z.taak("tom", "Besluit nemen")
    assert (taak["wettelijke_termijn"], taak["dagen_over"]) == ("2026-04-28", 6), taak
    deadline = {"datum": "2026-04-28", "wat": DEADLINE}
    assert deadline in kaart_panel.case_panel(z.p, z.ref)["mijlpalen"]
    assert z.ref in _with_only_its_deadline_in_filter(z)

    z.op(datetime(2026, 4, 24, 9, 0, tzinfo=UTC))  # sent today: given
    assert z.zaak()["dagen_over"] is None
    assert deadline not in kaart_panel.case_panel(z.p, z.ref)["mijlpalen"]
    assert z.ref not in _with_only_its_deadline_in_filter(z)


def test_on_its_day_the_workers_pass_ends_the_tasks_term_without_a_step(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letter dated Friday 24 April, the term ending Tuesday 28 April; no step runs after the 22nd. On
    Saturday 25 April the worker's pass writes what a step that day would (``projections.legal_deadline``:
    none once the besluit is given): 'Besluit nemen' carries no legal deadline in the inbox (sorted last),
    and no deadline reminder warns of the term (its own due day taken away, only the term could). The pass
    completes no task here: a task its completion by the letter leaves open (refused,
    services.given_besluiten) is the one whose term this part ends."""
    monkeypatch.setattr(scheduler, "complete_given_besluiten", lambda *a: 0)
    brief_verzonden(z, verzonden=date(2026, 4, 24))
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    assert z.taak("tom", "Besluit nemen")["wettelijke_termijn"] == "2026-04-28"
    case_id = _reminded_by_the_term_only(z)
    z.op(datetime(2026, 4, 25, 9, 0, tzinfo=UTC))
    mails = len(z.mails())
    assert scheduler.one_pass(z.p)["mislukt"] == []
    taak = z.taak("tom", "Besluit nemen")
    assert (taak["wettelijke_termijn"], taak["dagen_over"]) == (None, None), taak
    assert _sort_deadlines(z, case_id) == {date.max}
    assert [m["aan"] for m in z.mails()[mails:] if m["soort"] == "termijn"] == []
    assert scheduler.one_pass(z.p)["termijnen_gewist"] == 0  # once is enough


def _reminded_by_the_term_only(z: Omgeving) -> int:
    """Give the officers an e-mail address (a reminder reaches them) and take the due days of the case's
    tasks away (only the term could remind); return the case's id."""
    with z.p.uow() as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        uow.session.execute(update(HumanTask).where(HumanTask.case_id == case_id).values(due_on=None))
        uow.session.execute(update(User).values(email=User.username + "@ruimtedal.example"))
        uow.commit()
    assert case_id is not None
    return case_id


def _sort_deadlines(z: Omgeving, case_id: int) -> set[date]:
    """The inbox sort keys of the case's open tasks' candidate rows."""
    with z.p.uow(write=False) as uow:
        return set(
            uow.session.scalars(
                select(TaskCandidate.sort_deadline)
                .join(HumanTask, HumanTask.id == TaskCandidate.task_id)
                .where(HumanTask.case_id == case_id, HumanTask.state == "open")
            )
        )


def _with_only_its_deadline_in_filter(z: Omgeving) -> list[str]:
    """The cases the map's Mijlpaal filter finds on 28 April, with the case's other milestones of that day
    (its open tasks' due days and its timer's) taken away, so that only its uiterste beslisdatum can."""
    with z.p.uow() as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        uow.session.execute(update(HumanTask).where(HumanTask.case_id == case_id).values(due_on=None))
        uow.session.execute(update(Case).where(Case.id == case_id).values(next_timer_day=None))
        uow.commit()
    day = date(2026, 4, 28)
    return list(case_properties(z, mijlpaal_van=day, mijlpaal_tot=day))
