"""A history line a step writes itself keeps the login in its text; a reader names the officer
(services.task_holding.named_line). Lines written otherwise read as they were written."""

from __future__ import annotations

from typing import Any

from services.task_holding import line_holder, named_line

NAMES = {"anna": "Anna de Vries"}


def _line(text: str, door: str, **data: Any) -> dict[str, Any]:
    return {"soort": "taak-toewijzing", "door": door, "tekst": text, "gegevens": {"taak": 1, **data}}


def test_the_claim_a_completion_makes_names_its_actor() -> None:
    line = _line(
        "Taak 'Opgepakt door anna bij het afronden' opgepakt door anna bij het afronden",
        "anna",
        bij_afronden=True,
    )
    assert line_holder(line) == "anna"
    assert named_line(line, NAMES) == (
        "Taak 'Opgepakt door anna bij het afronden' opgepakt door Anna de Vries bij het afronden"
    )


def test_lines_that_name_no_login_in_their_text_read_as_written() -> None:
    already = _line("Taak 'X' opgepakt door Anna de Vries bij het afronden", "anna", bij_afronden=True)
    claim = _line("Taak 'X' opgepakt door Anna de Vries", "anna")
    old_kept = _line(
        "Taak 'X' blijft bij anna, die de taak net afrondde: het proces kwam direct",
        "systeem",
        zelfde_taak=True,
    )
    for line in (already, claim, old_kept):
        assert named_line(line, NAMES) == line["tekst"]
    assert line_holder(claim) is None and line_holder(old_kept) is None
    assert named_line({**already, "soort": "bericht"}, NAMES) == already["tekst"]
