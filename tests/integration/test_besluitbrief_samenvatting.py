"""The day a case's final besluit letter is sent is recorded where the letter is made final (its summary's
``besluitbrief``), so a step derives ``Case.decided_on`` from the summary without reading the letter: a case
with a term and a letter whose task is still open read it on every step (services.projection_case's
``_decided_by_letter``, whose guard never skipped)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from services import inbox
from services.clock import FixedClock, today
from services.documents.besluit import finalise_as_given
from services.platform import Platform
from services.step_reads import SessionReads
from services.store.models import Case
from services.task_choices import reread_choices
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_aanvulling_na_termijn import _wacht_op_buiten_behandeling
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
