"""The limits of a message's data (processes/berichtgrenzen.py): each refused at its field, at once."""

from __future__ import annotations

from typing import Any

import pytest

from processes import berichtgrenzen as bg
from processes.errors import ValidationError


def refused(data: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        bg.check_data(data)
    assert caught.value.code == bg.TOO_LARGE and "niets opgeslagen" in caught.value.detail
    return caught.value


def test_a_normal_message_passes() -> None:
    bg.check_data(
        {"uitkomst": "wachtlijst", "positie": 3, "documenten": ["a.pdf", "b.pdf"], "tekst": "x" * 5000}
    )
    bg.check_data({})


@pytest.mark.parametrize(
    ("data", "veld"),
    [
        ({"x": [0] * (bg.MAX_ITEMS + 1)}, "x"),
        ({f"k{i}": 1 for i in range(bg.MAX_ITEMS + 1)}, "gegevens"),
        ({"a": {"b": "x" * (bg.MAX_STRING + 1)}}, "a.b"),
        ({"a": [{"b": [[[1]]]}]}, "a.0.b.0.0"),
        ({"n" * (bg.MAX_NAME + 1): 1}, "n" * 40 + "…"),
        ({f"t{i}": "x" * 9000 for i in range(8)}, "gegevens"),  # each text allowed, together too much
    ],
)
def test_each_limit_is_refused_at_its_field(data: Any, veld: str) -> None:
    assert refused(data).extra["veld"] == veld


def test_the_serialized_size_counts_what_json_writes() -> None:
    """Texts of euro signs fit the walk's lower bound (a character each) but not their UTF-8 bytes."""
    data = {f"t{i}": "€" * 9000 for i in range(3)}
    assert refused(data).extra["veld"] == "gegevens"


def test_the_pentests_data_is_refused_at_once() -> None:
    """7 million numbers, a 5 MB text and 2 million names: each refused by its length, at its field."""
    assert refused({"uitkomst": "capaciteit", "x": [0] * 7_000_000}).extra["veld"] == "x"
    refusal = refused({"aanvulling_tekst": "x" * 5_000_000, "aanvulling_documenten": ["d"] * 2_000_000})
    assert refusal.extra["veld"] in ("aanvulling_tekst", "aanvulling_documenten")


def test_the_form_and_the_declared_fields() -> None:
    assert bg.form_errors("x" * bg.MAX_TEXT, ["a"] * bg.MAX_DOCUMENTS) == {}
    assert set(bg.form_errors("x" * (bg.MAX_TEXT + 1), ["a" * (bg.MAX_DOCUMENT_NAME + 1)])) == {
        "tekst",
        "documenten",
    }
    fields = {"uitkomst": 40, "positie": 20}
    bg.check_fields("netbeheerder_antwoord", {"uitkomst": "capaciteit", "positie": 2}, fields)
    with pytest.raises(ValidationError) as extra:
        bg.check_fields("netbeheerder_antwoord", {"uitkomst": "capaciteit", "zz": 1, "aa": 2}, fields)
    assert extra.value.status == 422 and extra.value.extra["veld"] == "aa"
    with pytest.raises(ValidationError) as long:
        bg.check_fields("netbeheerder_antwoord", {"uitkomst": "c" * 41}, fields)
    assert long.value.code == bg.TOO_LARGE and long.value.extra["veld"] == "uitkomst"


@pytest.mark.parametrize("caps", [bg.STARTGEGEVENS, bg.TAAKGEGEVENS])
def test_start_and_task_data_are_held_to_their_own_caps_with_the_same_code(caps: bg.Grenzen) -> None:
    """Start and task data entered the process state with only the control-character check; now the
    same walk holds them to their caps, wide enough for a wijk's opt-outs or a besluit's voorschriften."""
    opt_outs = [{"gebouw": f"{i:016d}", "alternatief": "all_electric"} for i in range(500)]
    voorschriften = ["v" * 1000 for _ in range(100)]
    bg.check_data({"opt_outs": opt_outs, "voorschriften": voorschriften, "motivering": "m" * 10_000}, caps)
    for data, veld in (
        ({"x": [0] * (caps.items + 1)}, "x"),
        ({"a": {"b": "x" * (caps.string + 1)}}, "a.b"),
        ({"a": [[[[[[1]]]]]]}, "a.0.0.0.0.0"),
        ({f"t{i}": "x" * 9000 for i in range(30)}, "gegevens"),
    ):
        with pytest.raises(ValidationError) as caught:
            bg.check_data(data, caps)
        assert caught.value.code == bg.TOO_LARGE and caught.value.extra["veld"] == veld
        assert caps.whole.lower() in caught.value.detail.lower() or caps.inside in caught.value.detail


def test_the_pentests_data_is_refused_at_once_as_start_or_task_data() -> None:
    """Refused by length at its field (no timing here: STYLE keeps that in make bench)."""
    for caps in (bg.STARTGEGEVENS, bg.TAAKGEGEVENS):
        with pytest.raises(ValidationError) as caught:
            bg.check_data({"uitkomst": "capaciteit", "x": [0] * 7_000_000}, caps)
        assert caught.value.code == bg.TOO_LARGE and caught.value.extra["veld"] == "x"
        with pytest.raises(ValidationError) as caught:
            bg.check_data({"t": "x" * 5_000_000}, caps)
        assert caught.value.code == bg.TOO_LARGE and caught.value.extra["veld"] == "t"
