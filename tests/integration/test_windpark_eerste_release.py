"""A windpark case of the first release (model v1) that goes the permit route (upgrade review, finding 2).

The first release's advice task is a multi-instance without an output item and without the postScript
that today's model has: it left ``adviseur`` and ``advies`` in the case data, and the called permit's
``adviesronde`` refused to start ("Multiinstance input item adviseur already exists"), every time, also
after ``beheer migrate``. The engine now drops such leftovers before each step (services.engine.loop_data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from services import beheer, cases, deployments, users
from services.clock import FixedClock, today
from services.documents.besluit import finalise_as_given
from services.engine import loop_data
from services.platform import Platform
from services.store.models import Case
from tests.integration.energie_fixtures import (
    BPMN,
    ROOT,
    doe,
    elementen,
    energie_platform,
    locatiecheck_met,
    taak,
    teamleider_voor,
)
from tests.integration.test_windpark import participatie, start

FIXTURES = ROOT / "tests" / "fixtures" / "bpmn"
#: git show 6649a7c:bpmn/windpark.bpmn (the first release)
WINDPARK_V1 = FIXTURES / "windpark_eerste_release.bpmn"
#: git show 6649a7c:bpmn/omgevingsvergunning.bpmn, the permit the first release's windpark called
VERGUNNING_V1 = FIXTURES / "omgevingsvergunning_eerste_release.bpmn"


def _first_release(platform: Platform, tmp_path: Path, permit: Path) -> Platform:
    """The windpark platform with the first release's windpark (calling ``permit``) deployed."""
    models = []
    for name, source in (("windpark.bpmn", WINDPARK_V1), ("omgevingsvergunning.bpmn", permit)):
        models.append(tmp_path / name)
        models[-1].write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    shipped = ["transportverzoek.bpmn", "bevoegd-gezag.dmn", "procedurekeuze.dmn", "advies-routering.dmn"]
    wp = energie_platform(platform, [*(BPMN / n for n in shipped), *models], locatiecheck_met("Milieu"))
    users.add_user(wp, "bea", groups=["Beheer"], role="beheerder")
    return wp


def _to_the_permit(wp: Platform) -> str:
    """A v1 windpark case past its advice round and participatie, at the called permit's first task."""
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})  # the v1 multi-instance merges its data back
    participatie(wp, ref)
    zaak = doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    assert elementen(zaak) == ["ontvankelijkheid"]
    return ref


@pytest.mark.parametrize("permit", [VERGUNNING_V1, BPMN / "omgevingsvergunning.bpmn"], ids=["v1", "vandaag"])
def test_first_release_windpark_reaches_the_permits_advice_round(
    platform: Platform, tmp_path: Path, permit: Path
) -> None:
    wp = _first_release(platform, tmp_path, permit)
    ref = _to_the_permit(wp)

    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})  # before: 422, adviseur already exists

    assert zaak["status"] == "lopend" and zaak.get("incident") is None
    assert "advies_geven" in elementen(zaak) and "beoordelen" in elementen(zaak)


def test_first_release_windpark_migrated_in_its_permit_goes_on(platform: Platform, tmp_path: Path) -> None:
    """Migrating a case that carries the leftovers (``beheer migrate``) does not leave it stuck either."""
    wp = _first_release(platform, tmp_path, VERGUNNING_V1)
    ref = _to_the_permit(wp)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})  # as Z-2026-000026
    deployments.deploy(wp, deployments.read_files([BPMN / "windpark.bpmn"]), user="bea")

    result = beheer.migrate(wp, "windpark", "bea")
    assert result["gemigreerd"] == [ref], result["geweigerd"]

    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})
    assert zaak["status"] == "lopend" and zaak.get("incident") is None
    assert "advies_geven" in elementen(zaak)
    assert cases.get_case(wp, ref)["fase"] == "advies en beoordeling"


def test_a_case_that_carried_the_leftovers_from_before_the_rule_goes_on(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case whose advice round finished before the engine dropped leftovers: ``adviseur`` was handed on
    through participatie and the preparation into the called permit. The rule follows that hand-on
    (completed tasks that passed the value on unchanged, into the call activity) and drops it there."""
    wp = _first_release(platform, tmp_path, VERGUNNING_V1)
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(loop_data, "drop_leftovers", lambda wf: [])
        ref = _to_the_permit(wp)

    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})

    assert zaak["status"] == "lopend" and zaak.get("incident") is None
    assert "advies_geven" in elementen(zaak) and "beoordelen" in elementen(zaak)


def _buiten_behandeling(wp: Platform, ref: str, clock: FixedClock, v1: bool) -> dict[str, Any]:
    """The called permit asks for an aanvulling that never comes, and puts the aanvraag buiten behandeling
    (the first release's task takes a toelichting; today's a besluit document)."""
    with wp.uow() as uow:  # the letter names the location
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    doe(
        wp,
        ref,
        "ontvankelijkheid",
        {"compleet": False, "ontbrekend": "akoestisch onderzoek", "aanvullingstermijn_dagen": 14},
    )
    clock.advance(days=15)
    cases.fire_due_timers(wp)
    besluit = taak(wp, ref, "buiten_behandeling")
    teamleider_voor(wp, besluit)
    data: dict[str, Any] = {"toelichting": "Geen aanvulling."}
    if not v1:  # today's permit: the task takes the Awb 4:5 besluit
        data = finalise_as_given(wp, ref, "tl", data, op=today(clock))
    zaak = cases.complete_task(wp, besluit["id"], "tl", data)
    if not v1:  # today's permit waits for the bezwaartermijn and post week first (review archief15 F2)
        assert zaak["status"] == "lopend", elementen(zaak)
        clock.advance(days=70)
        cases.fire_due_timers(wp)
        zaak = cases.get_case(wp, ref)
    return zaak


@pytest.mark.parametrize("permit", [VERGUNNING_V1, BPMN / "omgevingsvergunning.bpmn"], ids=["v1", "vandaag"])
def test_a_first_release_windpark_put_buiten_behandeling_says_so_in_its_result(
    platform: Platform, tmp_path: Path, clock: FixedClock, permit: Path
) -> None:
    """Upgrade review (wind11 finding 2): the first release has no 'Besluit beoordelen' step, and the
    result read "omgevingsvergunning: onbekend"; it says what today's model says of that besluit."""
    wp = _first_release(platform, tmp_path, permit)
    ref = _to_the_permit(wp)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    zaak = _buiten_behandeling(wp, ref, clock, v1=permit == VERGUNNING_V1)
    assert zaak["status"] == "afgerond", elementen(zaak)
    assert zaak["samenvatting"]["resultaat"] == (
        "omgevingsvergunning: aanvraag buiten behandeling gesteld (Awb 4:5); netcapaciteit: capaciteit"
    )
