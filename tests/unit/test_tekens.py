"""processes.tekens: which characters a text shown back may hold, and when a text counts as empty."""

from __future__ import annotations

import pytest

from processes import tekens
from processes.errors import ValidationError

GOOD = [
    "Café Überstraße, Ærø",
    "Dakkapel 👩🏽‍💻 en 👨‍👩‍👧 gezin",  # emoji with their zero-width joiner U+200D
    "مركز الحي",  # Arabic letters themselves
    "שכונה",  # Hebrew
    "vlag 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a tag sequence
    "ge\u00adbouw",  # a soft hyphen
]
BIDI = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
]


@pytest.mark.parametrize("text", GOOD)
def test_legitimate_text_passes_on_one_line_and_is_not_blank(text: str) -> None:
    assert tekens.refused_character(text, multiline=False) is None
    assert not tekens.is_blank(text)


@pytest.mark.parametrize("mark", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_every_bidi_control_is_refused(mark: str) -> None:
    assert tekens.refused_character(f"Schuur {mark}exe.fdp") == tekens.LEESRICHTING


def test_a_line_break_or_tab_only_in_a_multi_line_text() -> None:
    for text in ("eerste\nregel", "kolom\tkolom", "regel\r\nregel"):
        assert tekens.refused_character(text) is None
        assert tekens.refused_character(text, multiline=False) == tekens.STUURTEKEN
    for control in ("\x00", "\x1b", "\x7f", "\x85"):
        assert tekens.refused_character(f"a{control}b") == tekens.STUURTEKEN


@pytest.mark.parametrize(
    "text", ["", "   ", "\u200b", "\u200b\u200b", "\u2060\ufeff", " \u3164 ", "\u200d\t\n"]
)
def test_whitespace_and_invisible_characters_alone_count_as_empty(text: str) -> None:
    assert tekens.is_blank(text)
    assert tekens.stripped(text) == ""
    assert tekens.check_line(text, "titel", "De titel") is None


def test_check_line_and_check_data_name_the_field() -> None:
    with pytest.raises(ValidationError) as line:
        tekens.check_line("Schuur \u202eexe.fdp", "titel", "De titel")
    assert line.value.extra["veld"] == "titel" and "leesrichting" in line.value.detail
    with pytest.raises(ValidationError) as data:
        tekens.check_data({"zienswijze": {"indiener": "Jan", "inhoud": "te \u2067hoog"}})
    assert data.value.extra["veld"] == "zienswijze.inhoud"
    tekens.check_data({"zienswijze": {"inhoud": "Eerste regel.\nTweede 👍🏽."}})
