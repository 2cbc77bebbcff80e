"""The rechtsmiddel the status page tells while a sent besluit letter's task is open
(services.status.sent_remedy): beroep in the uitgebreide procedure, its end in the past tense, none
without a procedure."""

from __future__ import annotations

from datetime import date

from processes.vergunning import rechtsmiddel
from services.status.sent_remedy import sent_remedy
from services.store.models import Case

SENT = date(2026, 4, 20)


def _case(procedure: str | None) -> Case:
    info = {"procedure": procedure} if procedure else {}
    return Case(decided_on=SENT, status="lopend", deadline_info=info, summary={})


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
