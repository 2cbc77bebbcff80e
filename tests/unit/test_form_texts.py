"""services.forms: the texts of a task form and of the application form are checked by processes.tekens
(tester finding: bidi controls and zero-width spaces passed, also in required fields)."""

from __future__ import annotations

import pytest

from services import forms

SCHEMA = {
    "type": "object",
    "required": ["naam", "regels"],
    "properties": {
        "naam": {"type": "string", "title": "Naam", "maxLength": 120},
        "toelichting": {"type": "string", "maxLength": 2000},
        "regels": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["wat"],
                "properties": {"wat": {"type": "string", "maxLength": 80}},
            },
        },
    },
}
GOOD = {"naam": "José 👩🏽‍🌾", "toelichting": "Regel één.\nRegel twee.", "regels": [{"wat": "Schuur"}]}


def _errors(**changes: object) -> dict[str, list[str]]:
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(SCHEMA, {**GOOD, **changes})
    return dict(refused.value.extra["velden"])


def test_good_text_with_accents_emoji_and_line_breaks_is_kept() -> None:
    assert forms.validate(SCHEMA, GOOD) == GOOD


@pytest.mark.parametrize("blank", ["\u200b", "   ", "\ufeff\u2060"])
def test_a_required_text_of_invisible_characters_is_missing(blank: str) -> None:
    assert _errors(naam=blank) == {"naam": ["Veld 'naam' is verplicht."]}
    assert _errors(regels=[{"wat": blank}]) == {"regels": ["Veld 'regels.0.wat' is verplicht."]}


def test_an_optional_blank_text_is_kept_empty() -> None:
    assert forms.validate(SCHEMA, {**GOOD, "toelichting": "\u200b "})["toelichting"] == ""


def test_a_bidi_control_is_refused_at_its_field() -> None:
    found = _errors(naam="Schuur \u202eexe.fdp")
    assert found == {
        "naam": ["'Naam' bevat een onzichtbaar teken dat de leesrichting omkeert; dat is niet toegestaan."]
    }
    nested = forms.errors_of(SCHEMA, {**GOOD, "regels": [{"wat": "a\u2066b"}]})
    assert [e.path for e in nested] == [("regels", 0, "wat")]


def test_a_line_break_only_in_a_multi_line_field() -> None:
    assert list(_errors(naam="twee\nregels")) == ["naam"]
    assert forms.validate(SCHEMA, {**GOOD, "toelichting": "a\tb\r\nc"})["toelichting"] == "a\tb\r\nc"


def test_a_form_without_schema_is_checked_too() -> None:
    with pytest.raises(forms.FormInvalid):
        forms.validate(None, {"opmerking": "\u202e"})
