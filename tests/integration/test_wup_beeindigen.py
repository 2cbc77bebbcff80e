"""A wijkuitvoeringsplan that does not go ahead can be ended, and frees its wijk.

Reviewer finding (rv9 warmte2 1): after the raad did not adopt the plan (or the college did not offer it)
the only open task was "Fase besluitvorming afronden", every choice there was refused, and the model's only
end was `uitgevoerd`; the case stayed 'lopend' forever and "one plan per wijk" refused every new plan for
the wijk. Now the projectleider ends the plan at the end of a phase ("plan beëindigen", with a reason);
the rework path (back to an earlier phase, offer again) stays.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from processes.errors import ValidationError
from services import beheer, cases, deployments, users
from services.clock import FixedClock
from services.platform import Platform
from services.zgw.mapping import load_mapping
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import ROOT, WIJK_MODEL, doe, elementen, energie_platform, publiek
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    naar_besluitvorming,
    raadsbesluit,
    start,
    tot_alternatieven,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_status import status

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

#: wijkuitvoeringsplan.bpmn as shipped before a plan could be ended (git show 8abba88:bpmn/wijkuitvoeringsplan.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "wijkuitvoeringsplan_voor_beeindigen.bpmn"


def beeindigen(platform: Platform, ref: str, reden: str, toelichting: str = "") -> dict[str, Any]:
    data = {"naar_fase": "plan beëindigen", "reden_einde": reden, "toelichting": toelichting}
    return doe(platform, ref, "fase_afronden", data, user="pim")


def test_a_plan_the_raad_did_not_adopt_is_ended_and_frees_the_wijk(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    assert elementen(cases.get_case(wup, ref)) == ["fase_afronden"]

    zaak = beeindigen(wup, ref, "niet vastgesteld door de raad", "de raad wil eerst een ander tracé")
    assert zaak["status"] == "afgerond" and zaak["open_taken"] == []
    assert zaak["samenvatting"]["resultaat"] == "wijkuitvoeringsplan beëindigd: niet vastgesteld door de raad"
    einde = "Het wijkuitvoeringsplan is beëindigd: niet vastgesteld door de raad. De wijk is vrij voor een nieuw plan."
    assert einde in publiek(cases.get_case(wup, ref))
    assert einde in [e["tekst"] for e in status(wup, ref)["tijdlijn"]]
    assert status(wup, ref)["besluit"]["genomen"] is False  # the raad adopted nothing
    # one plan per wijk: the ended plan no longer blocks a new one
    assert start(wup)["status"] == "lopend"


def test_a_plan_the_college_did_not_offer_is_ended(wup: Platform) -> None:
    ref = tot_alternatieven(wup)
    naar_besluitvorming(wup, ref)
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": False})
    assert elementen(cases.get_case(wup, ref)) == ["fase_afronden"]
    zaak = beeindigen(wup, ref, "niet aangeboden door het college")
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"].endswith("niet aangeboden door het college")


@pytest.mark.parametrize(
    ("reden", "code"),
    [
        (None, "einde-reden"),
        ("onbekend", "formulier-ongeldig"),
        ("niet vastgesteld door de raad", "einde-reden-past-niet"),  # the raad adopted it
        ("niet aangeboden door het college", "einde-reden-past-niet"),  # the college offered it
    ],
)
def test_ending_without_a_fitting_reason_is_refused_and_changes_nothing(
    wup: Platform, reden: str | None, code: str
) -> None:
    ref = tot_besluitvorming(wup)  # the college offered the plan
    raadsbesluit(wup, ref)  # and the raad adopted it
    before = snapshot(wup)
    data = {"naar_fase": "plan beëindigen", **({"reden_einde": reden} if reden else {})}
    with pytest.raises(ValidationError) as err:
        doe(wup, ref, "fase_afronden", data, user="pim")
    assert err.value.code == code
    assert snapshot(wup) == before


def test_an_adopted_plan_can_be_withdrawn_or_replaced(wup: Platform) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref)
    zaak = beeindigen(wup, ref, "vervangen door een nieuw plan")
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == "wijkuitvoeringsplan beëindigd: vervangen door een nieuw plan"


def test_a_refused_plan_can_still_be_revised_and_offered_again(wup: Platform, clock: FixedClock) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    naar_besluitvorming(wup, ref)  # back to participatie, then besluitvorming again
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-04-01", "college_akkoord": True})
    zaak = raadsbesluit(wup, ref, raadsbesluit_op="2026-04-01")
    assert zaak["status"] == "lopend" and zaak["samenvatting"]["besluit"]["besluit"] == "vastgesteld"
    assert naar(wup, ref, "uitvoering")["fase"] == "uitvoering"


def test_the_end_has_its_own_resultaattype() -> None:
    proc = load_mapping().procedure("wijkuitvoeringsplan")
    resultaat = proc.resultaat_for("beeindigd")
    assert (
        resultaat is not None and resultaat.key == "beeindigd" and resultaat.omschrijving == "Plan beëindigd"
    )
    # Selectielijst 2020 procestype 3 "Plannen opstellen", 3.2 "Niet vastgesteld" (review archief13, 6)
    assert resultaat.klasse_url.endswith("resultaten/6543c9bb-05b8-43c3-a440-6e7c3336b265")
    assert proc.eindstatus.omschrijving == "Afgerond"  # not "Uitgevoerd" for a plan that was not carried out


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Platform:
    lees = deployments.read_files

    def oude_bestanden(paths: list[Any]) -> list[tuple[str, str]]:
        return [
            (n, OUD.read_text(encoding="utf-8") if n == "wijkuitvoeringsplan.bpmn" else t)
            for n, t in lees(paths)
        ]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", oude_bestanden)
        energie_platform(platform, WIJK_MODEL)
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    return platform


def test_a_running_plan_stuck_after_the_raad_migrates_and_is_ended(oud: Platform) -> None:
    vast = tot_besluitvorming(oud)
    raadsbesluit(oud, vast, vastgesteld=False, gekozen_alternatief=None)
    with pytest.raises(ValidationError):  # the old version knows no end
        beeindigen(oud, vast, "niet vastgesteld door de raad")
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "wijkuitvoeringsplan.bpmn"]), user="bea")
    result = beheer.migrate(oud, "wijkuitvoeringsplan", "bea")
    assert result["gemigreerd"] == [vast] and result["geweigerd"] == []
    assert beeindigen(oud, vast, "niet vastgesteld door de raad")["status"] == "afgerond"
    assert start(oud)["status"] == "lopend"


def test_a_plan_on_a_version_without_an_end_is_not_promised_one(oud: Platform) -> None:
    """Review sessie10 upgrade2, 3: a plan left on a version whose phase task offers no 'plan beëindigen'
    (the first release) was told after the raad's "no" that the projectleider decides whether it is
    reworked "of wordt beëindigd", while that version's form refuses the end."""
    ref = tot_besluitvorming(oud)
    raadsbesluit(oud, ref, vastgesteld=False, gekozen_alternatief=None)
    tekst = (
        "De gemeenteraad heeft het wijkuitvoeringsplan op 2 maart 2026 niet vastgesteld. "
        "De projectleider kan het plan nu herzien en opnieuw aanbieden."
    )
    assert status(oud, ref)["besluit"]["tekst"] == tekst
    assert cases.get_case(oud, ref)["samenvatting"]["uitkomst"]["tekst"] == tekst
    with pytest.raises(ValidationError):  # what the text no longer promises: this version has no end
        beeindigen(oud, ref, "niet vastgesteld door de raad")


def test_a_refused_plan_migrated_to_a_version_with_an_end_is_told_it_may_be_ended(oud: Platform) -> None:
    """Tester finding (wup11): a plan refused on the first release's version kept "De projectleider kan
    het plan nu herzien en opnieuw aanbieden." on its status page after it was migrated to the version that
    offers 'plan beëindigen': the text was fixed at the raad's "no", by the version of that moment. The
    status page now says what the case's current version offers."""
    ref = tot_besluitvorming(oud)
    raadsbesluit(oud, ref, vastgesteld=False, gekozen_alternatief=None)
    assert status(oud, ref)["besluit"]["tekst"].endswith("kan het plan nu herzien en opnieuw aanbieden.")
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "wijkuitvoeringsplan.bpmn"]), user="bea")
    assert beheer.migrate(oud, "wijkuitvoeringsplan", "bea")["gemigreerd"] == [ref]
    assert status(oud, ref)["besluit"]["tekst"] == (
        "De gemeenteraad heeft het wijkuitvoeringsplan op 2 maart 2026 niet vastgesteld. De projectleider "
        "beslist nu of het plan wordt herzien en opnieuw aangeboden, of wordt beëindigd."
    )
    assert beeindigen(oud, ref, "niet vastgesteld door de raad")["status"] == "afgerond"  # as it now says
