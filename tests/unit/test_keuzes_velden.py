"""Which fields leave a task form with a choice its ``keuzes`` leave out (review of offered_choices).

A field goes only when the left-out choice's condition names it and nothing else in the form does: the
other keywords that name a field (``anyOf``, ``oneOf``, ``not``, ``dependentRequired``,
``dependentSchemas``) count, a part that may name any field (``$ref``, ``patternProperties``) keeps them
all, and a field the model declares for every choice (``x-bij-elke-keuze``) stays. Before, an officer's
note that only 'verdagen' made required went with 'verdagen' (forms.validate then dropped it without a
word), and a field another keyword still required was removed from the page yet refused as missing.
"""

from __future__ import annotations

from typing import Any

import pytest

from services.engine.outcome import offered_choices
from services.forms import FormInvalid, validate

#: 'besluiten' or 'verdagen'; 'verdagen' requires its weeks and the note
VORM: dict[str, Any] = {
    "type": "object",
    "required": ["actie"],
    "properties": {
        "actie": {"type": "string", "enum": ["besluiten", "verdagen"]},
        "motivering": {"type": "string"},
        "verdaging_weken": {"type": "integer", "minimum": 1},
        "toelichting": {"type": "string", "maxLength": 1000},
        "bijlage_ref": {"type": "string"},
    },
    "if": {"properties": {"actie": {"const": "verdagen"}}, "required": ["actie"]},
    "then": {"required": ["verdaging_weken", "toelichting"]},
}
BESLUITEN = {"actie": ["besluiten"]}


def _form(**extra: Any) -> dict[str, Any]:
    return {**VORM, **extra}


def test_without_more_the_fields_only_the_left_out_choice_requires_go() -> None:
    """The rule as it was: the form says no more of the weeks or the note than that 'verdagen' needs them."""
    offered = offered_choices("besluit", VORM, BESLUITEN)
    assert list(offered["properties"]) == ["actie", "motivering", "bijlage_ref"]


def test_a_field_declared_for_every_choice_stays_and_keeps_its_value() -> None:
    """The officer's note, optional with every choice and required when deferring, stays with 'besluiten'
    only: the weeks still go. Before, the note left the form and its value was dropped on completion."""
    toelichting = {**VORM["properties"]["toelichting"], "x-bij-elke-keuze": True}
    form = _form(properties={**VORM["properties"], "toelichting": toelichting})
    offered = offered_choices("besluit", form, BESLUITEN)
    assert list(offered["properties"]) == ["actie", "motivering", "toelichting", "bijlage_ref"]
    assert offered["properties"]["toelichting"] == toelichting
    sent = {"actie": "besluiten", "toelichting": "Besproken met de aanvrager."}
    assert validate(offered, sent) == sent


def test_a_field_another_keyword_requires_stays_on_the_page() -> None:
    """``dependentRequired`` still requires the weeks with an attachment: removed from the page, they were
    refused as missing, in English and at no field, on a form that did not show them."""
    form = _form(dependentRequired={"bijlage_ref": ["verdaging_weken"]})
    offered = offered_choices("besluit", form, BESLUITEN)
    assert "verdaging_weken" in offered["properties"] and "toelichting" not in offered["properties"]
    with pytest.raises(FormInvalid) as refused:
        validate(offered, {"actie": "besluiten", "bijlage_ref": "b1"})
    assert refused.value.extra["velden"] == {
        "verdaging_weken": ["Veld 'verdaging_weken' is verplicht als veld 'bijlage_ref' is ingevuld."]
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"anyOf": [{"required": ["motivering"]}, {"required": ["verdaging_weken"]}]},
        {"oneOf": [{"required": ["motivering"]}, {"properties": {"verdaging_weken": {"maximum": 6}}}]},
        {"not": {"required": ["verdaging_weken", "motivering"]}},
        {"dependentRequired": {"verdaging_weken": ["motivering"]}},
        {"dependentSchemas": {"verdaging_weken": {"required": ["motivering"]}}},
        {"dependentSchemas": {"motivering": {"properties": {"verdaging_weken": {"maximum": 6}}}}},
        {"allOf": [{"anyOf": [{"not": {"required": ["verdaging_weken"]}}, {"required": ["motivering"]}]}]},
    ],
    ids=["anyOf", "oneOf", "not", "dependentRequired", "dependentSchemas-key", "dependentSchemas", "nested"],
)
def test_every_keyword_that_names_a_field_counts(extra: dict[str, Any]) -> None:
    offered = offered_choices("besluit", _form(**extra), BESLUITEN)
    assert "verdaging_weken" in offered["properties"], extra
    assert "toelichting" not in offered["properties"]  # no other part names the note
    assert "if" not in offered and "then" not in offered  # the condition on 'verdagen' still goes


@pytest.mark.parametrize(
    "extra",
    [
        {"$defs": {"weken": {"required": ["verdaging_weken"]}}, "anyOf": [{"$ref": "#/$defs/weken"}, {}]},
        {"patternProperties": {"^verdaging_": {"type": "integer"}}},
    ],
    ids=["$ref", "patternProperties"],
)
def test_a_part_that_may_name_any_field_keeps_them_all(extra: dict[str, Any]) -> None:
    """When in doubt the field stays: a reference or a pattern may name it."""
    offered = offered_choices("besluit", _form(**extra), BESLUITEN)
    assert list(offered["properties"]) == list(VORM["properties"])
