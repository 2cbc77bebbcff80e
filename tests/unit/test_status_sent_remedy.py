"""The rechtsmiddel the status page tells while a sent besluit letter's task is open
(services.status.sent_remedy): beroep in the uitgebreide procedure, its end in the past tense, none
without a procedure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from processes.vergunning import rechtsmiddel
from services import projection_case
from services.status import deadline
from services.status.sent_remedy import remedy_of_sending
from services.store.models import Case

SENT = date(2026, 4, 20)


def _case(procedure: str | None) -> Case:
    info = {"procedure": procedure} if procedure else {}
    return Case(decided_on=SENT, status="lopend", deadline_info=info, summary={})


def sent_remedy(case: Case, day: date) -> dict[str, Any] | None:
    """The block ``case_deadline`` gives when it found the letter sent and its task open on ``day``."""
    return remedy_of_sending(case, day, projection_case.sent_unrecorded(case, day))


def test_the_uitgebreide_procedure_tells_the_beroep_at_the_rechtbank() -> None:
    told = sent_remedy(_case("uitgebreid"), date(2026, 4, 22))
    assert told is not None
    assert (told["soort"], told["laatste_dag"]) == ("beroep", rechtsmiddel("uitgebreid", SENT)["tot"])
    assert told["tekst"] == (
        "Er is een besluit genomen en op 20 april 2026 verzonden. U kunt tot en met 1 juni 2026 beroep "
        "instellen bij de rechtbank."
    )


def test_after_its_last_day_the_term_is_told_in_the_past_tense() -> None:
    told = sent_remedy(_case("regulier"), date(2026, 6, 2))
    assert told is not None and told["tekst"].endswith(" Bezwaar was mogelijk tot en met 1 juni 2026."), told


def test_none_before_the_sending_or_without_a_procedure() -> None:
    assert sent_remedy(_case("regulier"), date(2026, 4, 19)) is None
    assert sent_remedy(_case(None), date(2026, 4, 22)) is None


def test_the_term_block_asks_once_whether_the_letter_was_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """``case_deadline`` asked ``sent_unrecorded`` for the rechtsmiddel, for "besloten" and for its text."""
    asked: list[date] = []

    def counted(case: Case, day: date) -> date | None:
        asked.append(day)
        return projection_case.sent_unrecorded(case, day)

    monkeypatch.setattr(deadline, "sent_unrecorded", counted)
    case = _case("regulier")
    case.uiterlijke_einddatum_afdoening = date(2026, 4, 28)
    told = deadline.case_deadline(case, date(2026, 4, 19))  # the day before the sending
    assert (told["besloten"], told["dagen_tot_beslisdatum"]) == (False, 9), told
    assert asked == [date(2026, 4, 19)]
