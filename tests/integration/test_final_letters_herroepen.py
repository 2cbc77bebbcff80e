"""The final besluit letter of many cases read at once (``FinalLetters``: 'Mijn aanvragen', the status page)
leaves out the letter of a besluit herroepen when the aanvraag was taken back in handling, as the step's
read of one case does (``StepReads.final_besluit``; test_herstart_na_herroeping F1). Both read which letters
still stand in one SQL condition (``Document.standing_final_besluiten``), which reads the herroepen letter
from the case's summary with a JSON path of each dialect: on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from services.clock import FixedClock
from services.platform import Platform
from services.step_reads import FinalLetters, SessionReads
from services.store.models import Case, Document
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import terug_in_behandeling
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    return Omgeving(any_platform, clock, locatie)


def test_a_read_of_many_cases_leaves_out_the_herroepen_letter_as_the_read_of_one_does(z: Omgeving) -> None:
    """The herroepen buitenbehandelingstelling's letter closes no aanvulling of the case taken back in
    handling, and another case's letter, which stands, still closes its own: in one read of both cases'
    letters, each as the read of that one case says."""
    z.start(email="jansen@example.org")
    buiten_behandeling(z)
    standing = z.ref
    terug_in_behandeling(z)
    with z.p.uow(write=False) as uow:
        s = uow.session
        rows = s.scalars(select(Case).where(Case.reference.in_([standing, z.ref]))).all()
        made = {
            c.reference: s.scalar(select(func.count()).where(*Document.final_besluiten_of(c.id)))
            for c in rows
        }
        letters = FinalLetters(s, rows, None)
        many = {c.reference: getattr(letters.closes(c.id, "aanvulling"), "code", None) for c in rows}
        one = {c.reference: SessionReads(s).final_besluit(c.id) is not None for c in rows}
    assert made == {standing: 1, z.ref: 1}  # each made its buitenbehandelingstelling's letter
    assert many == {standing: "aanvulling-na-besluit", z.ref: None}
    assert one == {standing: True, z.ref: False}
