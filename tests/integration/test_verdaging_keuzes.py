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
