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


# -- groups of fields, lists of them, and required yes/no questions ---------------------------------
REGISTER = {  # 'Participatieregister bijwerken' of bpmn/windpark.bpmn
    "type": "object",
    "required": ["bijeenkomsten", "register_afgesloten"],
    "properties": {
        "bijeenkomsten": {
            "type": "array",
            "title": "Nieuwe bijeenkomsten",
            "items": {
                "type": "object",
                "required": ["datum"],
                "properties": {
                    "datum": {"type": "string", "format": "date"},
                    "soort": {"type": "string", "maxLength": 60},
                    "deelnemers": {"type": "integer", "minimum": 0},
                },
            },
        },
        "activiteit": {
            "type": ["object", "null"],
            "title": "Activiteit",
            "properties": {
                "soort": {"type": "string", "enum": ["informatieavond", "enquete"]},
                "aantal_deelnemers": {"type": "integer", "minimum": 0},
            },
        },
        "register_afgesloten": {"type": "boolean", "title": "Participatie afgerond"},
        "gemeld": {"type": "boolean"},
    },
}


def test_groups_rows_and_required_yes_no_get_their_own_inputs():
    fields, _ = formulier.fields(REGISTER)
    by_name = {f["naam"]: f for f in fields}
    assert {n: f["soort"] for n, f in by_name.items()} == {
        "bijeenkomsten": "regels",
        "activiteit": "groep",
        "register_afgesloten": "janee",  # required: answered, never assumed
        "gemeld": "checkbox",
    }
    rows = by_name["bijeenkomsten"]["regels"]
    assert len(rows) == formulier.EMPTY_ROWS
    assert [(v["naam"], v["soort"], v["id"]) for v in rows[1]["velden"]] == [
        ("bijeenkomsten.1.datum", "date", "veld-bijeenkomsten-1-datum"),
        ("bijeenkomsten.1.soort", "text", "veld-bijeenkomsten-1-soort"),
        ("bijeenkomsten.1.deelnemers", "number", "veld-bijeenkomsten-1-deelnemers"),
    ]
    assert rows[0]["velden"][0]["verplicht"] and rows[0]["velden"][0]["voorwaardelijk"]
    group = by_name["activiteit"]
    assert group["leeg_mag"] and [v["naam"] for v in group["velden"]] == [
        "activiteit.soort",
        "activiteit.aantal_deelnemers",
    ]
    assert group["velden"][0]["opties"][0] == {"waarde": "informatieavond", "label": "Informatieavond"}


def test_rows_and_groups_are_read_back_as_lists_and_objects_of_typed_values():
    form = MultiDict(
        [
            ("bijeenkomsten.0.datum", ""),  # an empty row in between is left out
            ("bijeenkomsten.0.soort", " "),
            ("bijeenkomsten.0.deelnemers", ""),
            ("bijeenkomsten.1.datum", "2026-02-01"),
            ("bijeenkomsten.1.soort", "informatieavond"),
            ("bijeenkomsten.1.deelnemers", "40"),
            ("bijeenkomsten.2.soort", "spreekuur"),
            ("bijeenkomsten.x.soort", "geen regel"),
            ("activiteit.soort", "enquete"),
            ("activiteit.aantal_deelnemers", ""),
            ("register_afgesloten", "false"),
        ]
    )
    data, shown = formulier.parse(REGISTER, form)
    assert data == {
        "bijeenkomsten": [
            {"datum": "2026-02-01", "soort": "informatieavond", "deelnemers": 40},
            {"soort": "spreekuur"},
        ],
        "activiteit": {"soort": "enquete"},
        "register_afgesloten": False,
        "gemeld": False,
    }
    assert [r["soort"] for r in shown["bijeenkomsten"]] == ["informatieavond", "spreekuur"]


def test_nothing_filled_in_is_an_empty_list_a_null_group_and_an_unanswered_question():
    data, _ = formulier.parse(REGISTER, MultiDict([("bijeenkomsten.0.datum", ""), ("activiteit.soort", "")]))
    assert data == {"bijeenkomsten": [], "activiteit": None, "gemeld": False}
    with pytest.raises(forms.FormInvalid) as exc:
        forms.validate(REGISTER, data)
    assert exc.value.extra["velden"] == {"register_afgesloten": ["Veld 'register_afgesloten' is verplicht."]}


def test_a_group_or_row_answered_with_zero_is_given():
    """Review of 141c1e7: a group whose only answer is 0 (a correction 'aantal_woningen = 0', or
    '0 deelnemers') was dropped as if nothing was filled in, because 0 == False in Python."""
    form = MultiDict([("activiteit.aantal_deelnemers", "0"), ("bijeenkomsten.0.deelnemers", "0")])
    data, _ = formulier.parse(REGISTER, form)
    assert data["activiteit"] == {"aantal_deelnemers": 0}
    assert data["bijeenkomsten"] == [{"deelnemers": 0}]


def test_the_add_row_button_shows_one_empty_row_more():
    form = MultiDict(
        [
            ("bijeenkomsten.0.datum", "2026-02-01"),
            ("bijeenkomsten.1.datum", ""),
            ("bijeenkomsten.2.datum", ""),
            (formulier.MORE, "bijeenkomsten"),
        ]
    )
    data, shown = formulier.parse(REGISTER, form)
    assert data["bijeenkomsten"] == [{"datum": "2026-02-01"}]
    fields, _ = formulier.fields(REGISTER, shown)
    rows = next(f for f in fields if f["naam"] == "bijeenkomsten")["regels"]
    assert len(rows) == 1 + 3  # the filled row, the two empty ones posted and one more


def test_an_error_inside_a_row_is_placed_at_its_input_in_the_words_of_the_form():
    data = {
        "bijeenkomsten": [{"datum": "2026-02-01"}, {"soort": "x", "deelnemers": -1}],
        "register_afgesloten": True,
    }
    with pytest.raises(forms.FormInvalid) as exc:
        forms.validate(REGISTER, data)
    found = exc.value.extra["fouten"]
    assert sorted(found) == [
        "Veld 'bijeenkomsten.1.datum' is verplicht.",  # the API names the whole path
        "Veld 'bijeenkomsten.1.deelnemers' is te klein (minimaal 0).",
    ]
    assert {e.path for e in found} == {("bijeenkomsten", 1, "datum"), ("bijeenkomsten", 1, "deelnemers")}
    assert exc.value.extra["velden"].keys() == {"bijeenkomsten"}
    _, shown = formulier.parse(
        REGISTER,
        MultiDict(
            [
                ("bijeenkomsten.0.datum", "2026-02-01"),
                ("bijeenkomsten.1.soort", "x"),
                ("bijeenkomsten.1.deelnemers", "-1"),
            ]
        ),
    )
    fields, general = formulier.fields(REGISTER, shown, found)
    row = next(f for f in fields if f["naam"] == "bijeenkomsten")["regels"][1]
    by_name = {v["naam"]: v for v in row["velden"]}
    assert by_name["bijeenkomsten.1.datum"]["fouten"] == [
        "Veld 'Nieuwe bijeenkomsten, regel 2, Datum' is verplicht."
    ]
    assert by_name["bijeenkomsten.1.deelnemers"]["fouten"] == [
        "Veld 'Nieuwe bijeenkomsten, regel 2, Deelnemers' is te klein (minimaal 0)."
    ]
    assert by_name["bijeenkomsten.1.deelnemers"]["waarde"] == "-1" and general == []
    assert [e["id"] for e in formulier.overview(fields)] == [
        "veld-bijeenkomsten-1-datum",
        "veld-bijeenkomsten-1-deelnemers",
    ]


def test_uitvoeringsplanning_needs_a_row_and_says_so_at_the_list():
    """'Uitvoeringsplanning vastleggen' of bpmn/wijkuitvoeringsplan.bpmn: at least one mijlpaal."""
    schema = _model_form("wijkuitvoeringsplan.bpmn", "mijlpalen")
    fields, _ = formulier.fields(schema)
    assert fields[0]["verplicht"]  # minItems 1: at least one row
    partij = fields[0]["regels"][0]["velden"][1]
    assert (partij["naam"], partij["soort"]) == ("mijlpalen.0.partij", "select")
    data, shown = formulier.parse(schema, MultiDict([("mijlpalen.0.naam", ""), ("mijlpalen.0.partij", "")]))
    assert data == {"mijlpalen": []}
    with pytest.raises(forms.FormInvalid) as exc:
        forms.validate(schema, data)
    fields, general = formulier.fields(schema, shown, exc.value.extra["fouten"])
    assert fields[0]["fouten"] == ["Veld 'Mijlpalen' heeft te weinig waarden (minimaal 1)."] and general == []
    form = MultiDict(
        [
            ("mijlpalen.0.naam", "Eerste woningen aangesloten"),
            ("mijlpalen.0.partij", "warmtebedrijf"),
            ("mijlpalen.0.uiterlijk", "2027-06-01"),
            ("mijlpalen.0.aantal_woningen", "120"),
        ]
    )
    data, _ = formulier.parse(schema, form)
    assert forms.validate(schema, data) == {
        "mijlpalen": [
            {
                "naam": "Eerste woningen aangesloten",
                "partij": "warmtebedrijf",
                "uiterlijk": "2027-06-01",
                "aantal_woningen": 120,
            }
        ]
    }


def _model_form(model: str, field: str) -> dict:
    """The form of the task in a shipped model that asks for ``field``."""
    import json
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "bpmn" / model).read_text(encoding="utf-8")
    found = [json.loads(f) for f in re.findall(r"name=\"formulier\" value='([^']*)'", text)]
    return next(f for f in found if field in f.get("properties", {}))


def test_a_choice_outside_the_list_names_the_options_as_the_form_shows_them():
    """Review wup17, F5: the refusal listed the stored codes ("warmtenet, all_electric, hybride") while the
    dropdown shows "All electric"; a model's own labels (enumNames, x-labels) likewise."""
    schema = {
        "type": "object",
        "properties": {
            "alternatief": {"type": "string", "enum": ["warmtenet", "all_electric", "hybride"]},
            "besluit": {
                "type": "string",
                "enum": ["verlenen", "geen"],
                "enumNames": ["Verlenen", "Geen besluit"],
            },
            "lagen": {"type": "array", "items": {"type": "string", "enum": ["natuur", "geluid_zone"]}},
        },
    }
    found = forms.errors_of(schema, {"alternatief": "kernfusie", "besluit": "x", "lagen": ["y"]})
    assert [m.shown for m in found] == [
        "Veld 'alternatief' moet een van deze waarden hebben: Warmtenet, All electric, Hybride.",
        "Veld 'besluit' moet een van deze waarden hebben: Verlenen, Geen besluit.",
        "Veld 'lagen.0' moet een van deze waarden hebben: natuur, geluid_zone.",  # as its boxes read
    ]
    labels = {f["naam"]: [o["label"] for o in f.get("opties", [])] for f in formulier.fields(schema)[0]}
    assert labels == {
        "alternatief": ["Warmtenet", "All electric", "Hybride"],
        "besluit": ["Verlenen", "Geen besluit"],
        "lagen": ["natuur", "geluid_zone"],
    }


def test_a_choice_refusal_names_the_code_an_api_caller_sends_and_the_face_shows_the_labels():
    """Review sessie17: after wup17 F5 the refusal named only the labels, also in the API's detail and the
    CLI ("moet een van deze waarden hebben: Beoordeling gereed"), which a caller that sends back the
    named value is refused again for. The detail names each code with its label; the face its labels."""
    schema = {
        "type": "object",
        "properties": {
            "actie": {"type": "string", "enum": ["beoordeling_gereed", "verdagen"]},
            "besluit": {
                "type": "string",
                "enum": ["verlenen", "geen"],
                "enumNames": ["Verlenen", "Geen besluit"],
            },
        },
    }
    found = forms.errors_of(schema, {"actie": "Beoordeling gereed", "besluit": "x"})
    assert [str(m) for m in found] == [
        "Veld 'actie' moet een van deze waarden hebben: beoordeling_gereed (Beoordeling gereed), "
        "verdagen (Verdagen).",
        "Veld 'besluit' moet een van deze waarden hebben: verlenen (Verlenen), geen (Geen besluit).",
    ]
    assert [m.shown for m in found] == [
        "Veld 'actie' moet een van deze waarden hebben: Beoordeling gereed, Verdagen.",
        "Veld 'besluit' moet een van deze waarden hebben: Verlenen, Geen besluit.",
    ]
    velden, general = formulier.fields(schema, {}, found)
    assert general == [] and [f["fouten"] for f in velden] == [
        ["Veld 'Actie' moet een van deze waarden hebben: Beoordeling gereed, Verdagen."],
        ["Veld 'Besluit' moet een van deze waarden hebben: Verlenen, Geen besluit."],
    ]
    with pytest.raises(forms.FormInvalid) as refused:
        forms.validate(schema, {"actie": "Beoordeling gereed"})
    assert "beoordeling_gereed (Beoordeling gereed)" in refused.value.detail


def test_a_box_posted_with_another_value_than_its_own_is_refused_at_its_field():
    """Review wup17: a checkbox posted as 'misschien' was stored as false without a word."""
    data, shown = formulier.parse(SCHEMA, MultiDict([("compleet", "misschien")]))
    assert data["compleet"] == "misschien" and shown["compleet"] is False
    with pytest.raises(forms.FormInvalid) as exc:
        forms.validate(SCHEMA, {**data, "actie": "verdagen", "motivering": "x"})
    assert exc.value.extra["velden"] == {
        "compleet": ["Veld 'compleet' heeft een verkeerd type (verwacht: ja of nee)."]
    }
    for ticked, value in (("true", True), ("", False), (None, False)):
        posted = MultiDict([("compleet", ticked)] if ticked is not None else [])
        assert formulier.parse(SCHEMA, posted)[0]["compleet"] is value
