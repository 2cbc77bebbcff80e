"""Running windpark cases of the version before the authority's task and the inquiry about its besluit
(windpark review finding 5) move onto the new version, or are refused with a Dutch reason; nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services import beheer, cases, deployments, users
from services.platform import Platform
from tests.integration.energie_fixtures import ROOT, doe, elementen
from tests.integration.test_windpark_intrekking import MODELLEN  # noqa: F401 (fixture)
from tests.integration.test_windpark_intrekking_migratie import met_oud_windpark
from tests.integration.windpark_steps import wachtend_bij

#: windpark.bpmn as shipped before the advice went to the authority (git show 41a5cac:bpmn/windpark.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "windpark_voor_navraag.bpmn"


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    wp = met_oud_windpark(platform, monkeypatch, OUD)
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    yield wp


def test_running_cases_move_or_are_refused_with_a_dutch_reason(oud: Platform) -> None:
    refs = {
        stap: wachtend_bij(oud, stap)
        for stap in ("advies", "participatie", "advies_extern", "besluit_extern")
    }
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "windpark.bpmn"]), user="bea")

    result = beheer.migrate(oud, "windpark", "bea")
    refused = {r["zaak"]: r["reden"] for r in result["geweigerd"]}
    assert sorted(result["gemigreerd"]) == sorted(
        refs[s] for s in ("advies", "participatie", "advies_extern")
    )
    assert list(refused) == [refs["besluit_extern"]]
    assert (
        "'Besluit bevoegd gezag' een randgebeurtenis gekregen ('Navraagtermijn verstreken')"
        in refused[refs["besluit_extern"]]
    )
    assert "Rond die stap eerst af" in refused[refs["besluit_extern"]]

    # a migrated case reaches the new wait: the advice goes to the provincie as a task
    doe(oud, refs["advies_extern"], "advies_extern", {"advies": "positief", "toelichting": "-"})
    assert "advies_ontvangen" in elementen(cases.get_case(oud, refs["advies_extern"]))
    # the refused one runs on as before, and its besluit is still taken on the old version
    zaak = cases.send_message(
        oud, refs["besluit_extern"], "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"}
    )
    assert zaak["status"] == "lopend" and zaak.get("incident") is None
