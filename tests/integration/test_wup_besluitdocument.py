"""The wijkuitvoeringsplan's besluit tasks require the signed besluit, with its besluitdatum and verzenddatum.

Jurist finding (wup14, low): the four tasks that take a besluit (the college's offer to the raad, the raad's
adoption, the Wcw's warmtekavel and aanwijzing of the warmtebedrijf) recorded only a date in the task data:
no signed besluit was kept in the case file and Open Zaak got no besluit. Each now requires a document of
type besluit (model property ``documenten``), which counts only with both dates. A plan running on the
version before keeps that version's tasks; migrated, it gets the requirement.
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from processes.errors import ValidationError
from processes.warmte_besluit import BESLUIT_TAKEN
from services import beheer, cases, deployments, users
from services.documents import NewDocument, upload_document
from services.platform import Platform
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import (
    ROOT,
    WIJK_MODEL,
    WUP_VOOR_BESLUITDOCUMENT,
    besluit_toevoegen,
    energie_platform_met,
    taak,
)
from tests.integration.test_wijkuitvoeringsplan import (
    naar_besluitvorming,
    tot_alternatieven,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_besluiten import RAAD_JA, tot_besluitvorming_elders

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

COLLEGE = {"collegebesluit_op": "2026-03-02", "college_akkoord": True}


def zonder_besluit(platform: Platform, ref: str, element: str, data: dict[str, object]) -> dict[str, object]:
    """Complete the task as pim, the projectleider, with no besluit of its own added."""
    return cases.complete_task(platform, taak(platform, ref, element)["id"], "pim", data)


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Platform:
    """The platform with the version of the plan before its besluit tasks required their besluit."""
    p = energie_platform_met(platform, WIJK_MODEL, WUP_VOOR_BESLUITDOCUMENT, monkeypatch)
    users.add_user(p, "bea", groups=["Beheer"], role="beheerder")
    return p


def test_each_besluit_task_of_the_model_requires_a_besluit() -> None:
    model = (ROOT / "bpmn" / "wijkuitvoeringsplan.bpmn").read_text(encoding="utf-8")
    for element in BESLUIT_TAKEN:
        start = model.index(f'<bpmn:userTask id="{element}"')
        assert (
            """<spiffworkflow:property name="documenten" value='["besluit"]' />"""
            in model[start : model.index("</bpmn:userTask>", start)]
        ), element


def test_a_besluit_task_completed_without_a_dated_besluit_is_refused(wup: Platform) -> None:
    ref = tot_alternatieven(wup)
    naar_besluitvorming(wup, ref)
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        zonder_besluit(wup, ref, "collegebesluit", COLLEGE)
    assert err.value.code == "documenten-ontbreken" and "besluitdatum en verzenddatum" in err.value.detail
    assert snapshot(wup) == before
    # a besluit taken and not yet sent (its besluitdatum alone) does not count yet
    genomen = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="besluit.pdf",
        titel="Collegebesluit",
        besluitdatum=date(2026, 3, 2),
    )
    upload_document(wup, ref, "pim", io.BytesIO(pdf("Collegebesluit, nog niet verzonden")), genomen)
    with pytest.raises(ValidationError) as err:
        zonder_besluit(wup, ref, "collegebesluit", COLLEGE)
    assert err.value.code == "documenten-ontbreken"
    besluit_toevoegen(wup, ref, "pim", "Collegebesluit", "2026-03-02")
    assert zonder_besluit(wup, ref, "collegebesluit", COLLEGE)["status"] == "lopend"
    assert taak(wup, ref, "raadsbesluit")
    with pytest.raises(ValidationError) as err:  # the college's besluit does not count for the raad's task
        zonder_besluit(wup, ref, "raadsbesluit", RAAD_JA)
    assert err.value.code == "documenten-ontbreken"


def test_a_plan_on_the_version_before_completes_its_besluit_tasks_as_it_did(oud: Platform) -> None:
    ref = tot_alternatieven(oud)
    naar_besluitvorming(oud, ref)
    zonder_besluit(oud, ref, "collegebesluit", COLLEGE)
    assert (
        zonder_besluit(oud, ref, "raadsbesluit", RAAD_JA)["samenvatting"]["besluit"]["besluit"]
        == "vastgesteld"
    )


def test_running_plans_keep_their_version_and_a_migrated_one_gets_the_requirement(oud: Platform) -> None:
    eerste, tweede = tot_besluitvorming(oud), tot_besluitvorming_elders(oud)
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "wijkuitvoeringsplan.bpmn"]), user="bea")
    zonder_besluit(oud, eerste, "raadsbesluit", RAAD_JA)  # still on the version before: no besluit asked
    result = beheer.migrate(oud, "wijkuitvoeringsplan", "bea")
    assert sorted(result["gemigreerd"]) == sorted([eerste, tweede]) and result["geweigerd"] == []
    with pytest.raises(ValidationError) as err:
        zonder_besluit(oud, tweede, "raadsbesluit", RAAD_JA)
    assert err.value.code == "documenten-ontbreken"
    besluit_toevoegen(oud, tweede, "pim", "Raadsbesluit", RAAD_JA["raadsbesluit_op"])
    assert (
        zonder_besluit(oud, tweede, "raadsbesluit", RAAD_JA)["samenvatting"]["besluit"]["besluit"]
        == "vastgesteld"
    )


def test_a_besluit_dated_in_the_future_is_refused_at_its_upload(wup: Platform) -> None:
    """What a future-dated besluit task now meets first: its besluit's own date (the task refuses a
    future date in its form too, besluit-in-toekomst, tests/integration/test_wup_besluiten.py)."""
    ref = tot_alternatieven(wup)
    naar_besluitvorming(wup, ref)
    with pytest.raises(ValidationError) as err:
        besluit_toevoegen(wup, ref, "pim", "Collegebesluit", date(2029, 6, 1).isoformat())
    assert err.value.code == "besluitdatum-in-toekomst"
