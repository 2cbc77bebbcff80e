"""Running windpark cases of the version before the initiative's own withdrawal (windpark review finding 7)
move onto the new version, or are refused with a Dutch reason; nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services import beheer, cases, deployments, users
from services.platform import Platform
from tests.integration.energie_fixtures import ROOT, doe, elementen, energie_platform, locatiecheck_met
from tests.integration.test_windpark_intrekking import MODELLEN  # noqa: F401 (fixture)
from tests.integration.windpark_steps import wachtend_bij

#: windpark.bpmn as shipped before the initiative could be withdrawn (git show 852f49a:bpmn/windpark.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "windpark_voor_intrekking.bpmn"


def met_oud_windpark(platform: Platform, monkeypatch: pytest.MonkeyPatch, oud: Path) -> Platform:
    """The windpark platform with ``oud`` deployed as windpark.bpmn (an earlier shipped version), and bea."""
    lees = deployments.read_files

    def oude_bestanden(paths: list[Any]) -> list[tuple[str, str]]:
        return [(n, oud.read_text(encoding="utf-8") if n == "windpark.bpmn" else t) for n, t in lees(paths)]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", oude_bestanden)
        wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(wp, "bea", groups=["Beheer"], role="beheerder")
    return wp


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    yield met_oud_windpark(platform, monkeypatch, OUD)


STAPPEN = ["advies", "participatie", "vergunning_voorbereiden", "advies_extern", "besluit_extern"]


def test_running_cases_move_or_are_refused_with_a_dutch_reason(oud: Platform) -> None:
    """A case inside the called permit migrates and is withdrawn through the permit. A case at a step
    that got an intrekking boundary in the new version is refused (before, such a migration went
    through, and completing the step failed with "Split at advies_extern.BoundaryEventSplit was not
    reached"); it goes on on the old version (and migrates once it is past the steps that got one)."""
    refs = {stap: wachtend_bij(oud, stap) for stap in STAPPEN}
    in_vergunning = wachtend_bij(oud, "vergunning_voorbereiden")
    doe(oud, in_vergunning, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "windpark.bpmn"]), user="bea")

    result = beheer.migrate(oud, "windpark", "bea")
    assert result["gemigreerd"] == [cases.get_case(oud, in_vergunning)["zaak"]]
    refused = {r["zaak"]: r["reden"] for r in result["geweigerd"]}
    assert sorted(refused) == sorted(refs.values())
    assert "'Besluit bevoegd gezag' een randgebeurtenis gekregen" in refused[refs["besluit_extern"]]
    assert all("Rond die stap eerst af" in reden for reden in refused.values())

    zaak = cases.send_message(oud, in_vergunning, "intrekking", {})  # inside the called permit
    assert elementen(zaak) == ["transportverzoek_intrekken"]
    zaak = doe(oud, in_vergunning, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"].startswith("omgevingsvergunning: aanvraag ingetrokken")

    # the refused ones run on as before: the provincie's besluit is still taken on the old version
    zaak = cases.send_message(
        oud, refs["besluit_extern"], "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"}
    )
    assert zaak["status"] == "lopend" and zaak.get("incident") is None
    assert zaak["houder"] == "Netbeheerder"
