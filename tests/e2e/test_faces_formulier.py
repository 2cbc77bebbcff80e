"""Task forms: JSON Schema properties become labelled inputs, and posted text becomes typed data."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from services import forms
from services.forms import FieldError
from web.faces import formulier

SCHEMA = {
    "type": "object",
    "required": ["actie", "motivering"],
    "properties": {
        "actie": {"type": "string", "enum": ["beoordeling_gereed", "verdagen"], "title": "Actie"},
        "verdaging_weken": {"type": "integer", "title": "Verdagen met (weken)", "minimum": 1},
        "oppervlakte": {"type": "number"},
        "compleet": {"type": "boolean"},
        "besluitdatum": {"type": "string", "format": "date"},
        "voorschriften": {"type": "array", "items": {"type": "string"}},
        "lagen": {"type": "array", "items": {"type": "string", "enum": ["natuur", "geluid"]}},
        "motivering": {"type": "string", "maxLength": 10000, "description": "Waarom dit besluit"},
        "kenmerk": {"type": "string", "maxLength": 40},
    },
}


def test_each_property_type_gets_its_input():
    fields, general = formulier.fields(SCHEMA)
    kinds = {f["naam"]: f["soort"] for f in fields}
    assert kinds == {
        "actie": "select",
        "verdaging_weken": "number",
        "oppervlakte": "number",
        "compleet": "checkbox",
        "besluitdatum": "date",
        "voorschriften": "lines",
        "lagen": "checkboxes",
        "motivering": "textarea",
        "kenmerk": "text",
    }
    by_name = {f["naam"]: f for f in fields}
    assert by_name["actie"]["opties"][0] == {"waarde": "beoordeling_gereed", "label": "Beoordeling gereed"}
    assert by_name["verdaging_weken"]["stap"] == "1" and by_name["verdaging_weken"]["min"] == 1
    assert by_name["oppervlakte"]["stap"] == "any"
    assert by_name["motivering"]["verplicht"] and by_name["motivering"]["uitleg"] == "Waarom dit besluit"
    assert by_name["besluitdatum"]["label"] == "Besluitdatum"
    assert general == []


def test_posted_text_becomes_typed_data_and_empty_fields_are_left_out():
    form = MultiDict(
        [
            ("actie", "verdagen"),
            ("verdaging_weken", "6"),
            ("oppervlakte", "12,5"),
            ("compleet", "true"),
            ("besluitdatum", ""),
            ("voorschriften", "Groen dak\n\n Geen ramen \n"),
            ("lagen", "natuur"),
            ("lagen", "geluid"),
            ("motivering", "  "),
            ("kenmerk", "AB-1"),
        ]
    )
    data, shown = formulier.parse(SCHEMA, form)
    assert data == {
        "actie": "verdagen",
        "verdaging_weken": 6,
        "oppervlakte": 12.5,
        "compleet": True,
        "voorschriften": ["Groen dak", "Geen ramen"],
        "lagen": ["natuur", "geluid"],
        "kenmerk": "AB-1",
    }
    assert shown["motivering"] == "  " and shown["besluitdatum"] == ""


def test_unparseable_numbers_are_passed_on_for_the_validator():
    data, _ = formulier.parse(SCHEMA, MultiDict([("verdaging_weken", "zes"), ("compleet", "")]))
    assert data == {"verdaging_weken": "zes", "compleet": False, "lagen": []}


def test_errors_are_placed_next_to_their_field():
    fields, general = formulier.fields(
        SCHEMA,
        {"kenmerk": "x"},
        [  # the validator's messages name their field (services.forms.FieldError)
            FieldError("Veld 'motivering' is verplicht.", "motivering"),
            FieldError("Veld 'verdaging_weken' is te klein (minimaal 1).", "verdaging_weken"),
            "Onbekende fout.",
        ],
    )
    by_name = {f["naam"]: f for f in fields}
    assert by_name["motivering"]["fouten"] == ["Veld 'Motivering' is verplicht."]  # the label, not the key
    assert by_name["verdaging_weken"]["fouten"] == ["Veld 'Verdagen met (weken)' is te klein (minimaal 1)."]
    assert by_name["kenmerk"]["waarde"] == "x"
    assert general == ["Onbekende fout."]


def test_a_message_is_placed_by_its_field_not_by_the_words_it_quotes():
    """A whole-form message that happens to quote a field name stays general; the validator's own
    errors land at their field (no regex over Dutch text)."""
    quoting = "Controleer 'motivering' en 'kenmerk' samen met de teamleider."
    with pytest.raises(forms.FormInvalid) as exc:
        forms.validate(SCHEMA, {"kenmerk": "x", "verdaging_weken": 0})
    fields, general = formulier.fields(SCHEMA, {}, [*exc.value.extra["fouten"], quoting])
    by_name = {f["naam"]: f for f in fields}
    assert general == [quoting]
    assert by_name["motivering"]["fouten"] and not by_name["kenmerk"]["fouten"]
    assert by_name["verdaging_weken"]["fouten"] == ["Veld 'Verdagen met (weken)' is te klein (minimaal 1)."]
    assert exc.value.extra["velden"]["motivering"] == ["Veld 'motivering' is verplicht."]
