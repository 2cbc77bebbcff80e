"""'Verdagen' is not offered once the beslistermijn was extended (review officer12, F5).

The task after a verdaging offered the actie 'verdagen' again, and choosing it was refused with 422
verdaging-al-gebruikt (Ow 16.64 lid 2: once). The model's new ``keuzes`` property narrows the form's
choices from the case data: after the verdaging the form offers 'beoordeling_gereed' only. A case on the
previous version (kept as tests/fixtures/bpmn/omgevingsvergunning_2026-12-07.bpmn) that was deferred
already gets that form when it is migrated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services import beheer, deployments
from services.clock import FixedClock
from services.engine.outcome import ProcessError, offered_choices
from services.forms import option_labels
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
MODEL_2026_12_07 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-07.bpmn"
)
#: the model before 'verdagen' followed the end of the term (review20 F5, F6)
MODEL_VOOR_TERMIJNEINDE = MODEL_2026_12_07.with_name(
    "omgevingsvergunning_voor_verdaging_tot_termijneinde.bpmn"
)
VERDAGEN = {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "welstandsadvies nodig"}


def gemigreerd(oud: Omgeving) -> None:
    """The shipped models deployed over ``oud``'s version, and its case migrated onto them."""
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref], result


def _acties(z: Omgeving) -> list[str]:
    return list(z.taak("anna", "Aanvraag inhoudelijk")["formulier"]["properties"]["actie"]["enum"])


def test_after_the_verdaging_the_task_offers_no_second_one(z: Omgeving) -> None:
    z.tot_beoordeling()
    assert _acties(z) == ["beoordeling_gereed", "verdagen"]
    z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN)
    assert _acties(z) == ["beoordeling_gereed"]
    fout = z.geweigerd("formulier-ongeldig", lambda: z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN))
    assert (
        "Veld 'actie' moet een van deze waarden hebben: beoordeling_gereed (Beoordeling gereed)."
        in fout.detail
    )
    case = z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    assert "Aanvraag inhoudelijk beoordelen" not in ov.namen(case["open_taken"])


def test_a_deferred_case_on_the_previous_version_gets_the_narrowed_form_when_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_2026_12_07, monkeypatch)
    oud.tot_beoordeling()
    oud.doe("anna", "Aanvraag inhoudelijk", VERDAGEN)
    assert _acties(oud) == ["beoordeling_gereed", "verdagen"]  # the old version offers it again
    gemigreerd(oud)
    assert _acties(oud) == ["beoordeling_gereed"]
    oud.geweigerd("formulier-ongeldig", lambda: oud.doe("anna", "Aanvraag inhoudelijk", VERDAGEN))


def test_verdagen_is_no_longer_offered_once_the_term_has_ended(z: Omgeving) -> None:
    """Review20 F6: on 20 May (the term ended on 28 April) the task still listed 'Verdagen', and choosing it
    was refused 'na het einde van de beslistermijn'. The keuzes ask the verdaging's own rule
    (``verdaging_mogelijk``) and are read again at the step the term's end fires."""
    z.tot_beoordeling()
    z.op(datetime(2026, 4, 28, 20, 0, tzinfo=UTC))  # the last day of the term: it may still be deferred
    assert _acties(z) == ["beoordeling_gereed", "verdagen"]
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert z.zaak()["te_laat"] is True
    assert _acties(z) == ["beoordeling_gereed"]
    z.geweigerd("formulier-ongeldig", lambda: z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN))


def test_a_case_past_its_term_on_the_previous_version_is_no_longer_offered_verdagen_once_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR_TERMIJNEINDE, monkeypatch)
    oud.tot_beoordeling()
    oud.op(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    assert _acties(oud) == ["beoordeling_gereed", "verdagen"]  # that version still offers it
    gemigreerd(oud)
    assert _acties(oud) == ["beoordeling_gereed"]


FORM = {"type": "object", "properties": {"actie": {"type": "string", "enum": ["a", "b", "c"]}, "tekst": {}}}


def test_the_choices_keep_the_form_order_and_leave_the_form_as_it_was() -> None:
    assert offered_choices("t", FORM, {"actie": ["c", "a"]})["properties"]["actie"]["enum"] == ["a", "c"]
    assert FORM["properties"]["actie"]["enum"] == ["a", "b", "c"]  # type: ignore[index]


@pytest.mark.parametrize("labels", ["enumNames", "x-labels"])
def test_the_choices_keep_each_label_with_its_value(labels: str) -> None:
    """Review wupveld17: the enum was narrowed but its labels were not, so on the bezwaar task after a
    herroepen buitenbehandelingstelling the value 'behandelen' read "Geen nieuw besluit nodig: de
    aanvraag is ingetrokken" (the label of the left-out 'geen')."""
    form = {
        "type": "object",
        "properties": {
            "nieuw_besluit": {
                "type": "string",
                "enum": ["verlenen", "weigeren", "geen", "behandelen"],
                labels: ["Verlenen", "Weigeren", "Geen nieuw besluit", "Alsnog behandelen"],
            }
        },
    }
    offered = offered_choices("t", form, {"nieuw_besluit": ["verlenen", "weigeren", "behandelen"]})
    field = offered["properties"]["nieuw_besluit"]
    assert dict(zip(field["enum"], option_labels(field), strict=True)) == {
        "verlenen": "Verlenen",
        "weigeren": "Weigeren",
        "behandelen": "Alsnog behandelen",
    }
    assert form["properties"]["nieuw_besluit"][labels][2] == "Geen nieuw besluit"  # the model's form kept


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (["a"], "moet per veld een lijst van toegestane waarden geven"),
        ({"tekst": ["a"]}, "noemt het veld 'tekst', maar het formulier heeft geen keuzeveld met die naam"),
        ({"onbekend": ["a"]}, "noemt het veld 'onbekend'"),
        ({"actie": "a"}, "geeft voor veld 'actie' geen lijst van waarden"),
        ({"actie": ["x"]}, "laat voor veld 'actie' geen enkele keuze over"),
    ],
)
def test_a_wrong_choices_value_is_a_dutch_fault_naming_the_element(value: Any, reason: str) -> None:
    with pytest.raises(ProcessError) as info:
        offered_choices("beoordelen", FORM, value)
    assert info.value.detail.startswith("Element 'beoordelen': de eigenschap 'keuzes' ")
    assert reason in info.value.detail


#: the shape of 'Besluit nemen''s form: fields the choice 'verdagen' requires (``then``), others the other
#: choice requires (``else``), and one no branch names
BESLUIT_FORM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "actie": {"type": "string", "enum": ["besluiten", "verdagen"], "enumNames": ["Besluit", "Verdagen"]},
        "motivering": {"type": "string"},
        "opmerking": {"type": "string"},
        "verdaging_weken": {"type": "integer"},
        "verdaging_reden": {"type": "string"},
    },
    "if": {"properties": {"actie": {"const": "verdagen"}}, "required": ["actie"]},
    "then": {"required": ["verdaging_weken", "verdaging_reden"]},
    "else": {"required": ["motivering"]},
}


def test_fields_only_an_unoffered_choice_requires_leave_the_form_with_its_condition() -> None:
    """Review verdagingform: past the term the task page offered no 'verdagen' but still showed "Verdagen met
    (weken)" and "Reden van de verdaging". The form's own ``if``/``then`` says which fields belong to which
    choice: when the keuzes leave that choice out, its fields and its condition go; ``else`` then always
    applies."""
    offered = offered_choices("besluit", BESLUIT_FORM, {"actie": ["besluiten"]})
    assert list(offered["properties"]) == ["actie", "motivering", "opmerking"]
    assert "if" not in offered and "then" not in offered and "else" not in offered
    assert offered["allOf"] == [{"required": ["motivering"]}]
    assert BESLUIT_FORM["properties"]["verdaging_weken"] == {"type": "integer"}  # the model's form kept
    kept = offered_choices("besluit", BESLUIT_FORM, {"actie": ["besluiten", "verdagen"]})
    assert {k: v for k, v in kept.items() if k != "properties"} == {
        k: v for k, v in BESLUIT_FORM.items() if k != "properties"
    }
    assert list(kept["properties"]) == list(BESLUIT_FORM["properties"])


@pytest.mark.parametrize(
    "condition",
    [
        {"properties": {"actie": {"const": "verdagen"}}},  # also true without an actie: it may still hold
        {"properties": {"actie": {"const": "besluiten"}}, "required": ["actie"]},  # offered
        {"properties": {"opmerking": {"const": "x"}}, "required": ["opmerking"]},  # no choice field
    ],
)
def test_a_condition_that_may_still_hold_keeps_its_fields(condition: dict[str, Any]) -> None:
    form = {**BESLUIT_FORM, "if": condition}
    offered = offered_choices("besluit", form, {"actie": ["besluiten"]})
    assert offered["if"] == condition and "verdaging_weken" in offered["properties"]


def test_a_field_another_branch_still_names_stays() -> None:
    form = {**BESLUIT_FORM, "else": {"required": ["motivering", "verdaging_reden"]}}
    offered = offered_choices("besluit", form, {"actie": ["besluiten"]})
    assert list(offered["properties"]) == ["actie", "motivering", "opmerking", "verdaging_reden"]


def test_a_conditional_in_all_of_is_read_the_same_way() -> None:
    conditional = {k: BESLUIT_FORM[k] for k in ("if", "then", "else")}
    other = {"if": {"properties": {"actie": {"const": "besluiten"}}, "required": ["actie"]}, "then": {}}
    form = {
        "type": "object",
        "properties": BESLUIT_FORM["properties"],
        "allOf": [conditional, other],
    }
    offered = offered_choices("besluit", form, {"actie": ["besluiten"]})
    assert offered["allOf"] == [{"required": ["motivering"]}, other]
    assert "verdaging_weken" not in offered["properties"]


def _velden(z: Omgeving) -> list[str]:
    return list(z.taak("anna", "Aanvraag inhoudelijk")["formulier"]["properties"])


def test_past_the_term_the_task_has_no_verdaging_fields_and_ignores_their_values(z: Omgeving) -> None:
    """The form past the term: no verdaging fields, and choosing 'verdagen' is refused at the choice alone;
    a value sent for a verdaging field anyway is no refusal and defers nothing (forms.validate keeps only
    the fields the form declares)."""
    z.tot_beoordeling()
    assert _velden(z) == ["actie", "beoordeling", "verdaging_weken", "verdaging_reden"]
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert _velden(z) == ["actie", "beoordeling"]
    fout = z.geweigerd("formulier-ongeldig", lambda: z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN))
    assert fout.extra["velden"].keys() == {"actie"}  # no "verplicht" for fields the form does not show
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "verdaging_weken": 2})
    assert not z.zaak()["verlenging"]
