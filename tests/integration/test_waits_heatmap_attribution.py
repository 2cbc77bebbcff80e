"""The heatmap counts each hour once and credits a task to the team that did it.

Tester findings (review "kaart"): 4. a task of an outside organisation was counted twice, as its
waiting/working time and as the same span held "buiten", which inflated the total, the colour and the
slowest step; 5. a task with two candidate groups was filed under its first group only, so the team
filter gave a task Energie en Klimaat completed to Vergunningen.
"""

from __future__ import annotations

from services import cases, deployments, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.waits import heatmap
from tests.conftest import FIXTURES
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database = fx.demo_layers, fx.demo_database
demo_platform = fx.module_demo_platform  # one copy of the demo database for the module


def _rows(platform: Platform, process_id: str, **filters: str) -> dict[str, dict]:  # type: ignore[type-arg]
    view = heatmap.heatmap(platform, process_id, van="2025-03-01", tot="2026-03-02", **filters)
    return {r["element"]: r for r in view["elementen"]}


def test_an_outside_organisations_task_time_is_counted_once(demo_platform: Platform) -> None:
    everyone = _rows(demo_platform, "omgevingsvergunning")
    # the ontwerpbesluit is drawn up by the Omgevingsdienst only: its task time is all there is
    draft = everyone["ontwerpbesluit"]
    assert draft["aantal"] >= 1 and draft["buiten"]["aantal"] == 0, draft
    assert draft["mediaan_totaal"] == round(draft["wachten"]["mediaan"] + draft["werken"]["mediaan"], 1)
    odienst = _rows(demo_platform, "omgevingsvergunning", groep="Omgevingsdienst")
    assert odienst and all(r["buiten"]["aantal"] == 0 for r in odienst.values()), odienst
    for r in odienst.values():
        assert r["mediaan_totaal"] == round((r["wachten"]["mediaan"] or 0) + (r["werken"]["mediaan"] or 0), 1)
    # a wait for an outside organisation's answer (a message, no task) is still time held outside
    answers = _rows(demo_platform, "transportverzoek", groep="Netbeheerder")
    assert any(r["buiten"]["aantal"] and not r["aantal"] for r in answers.values()), answers


def test_a_task_of_two_candidate_groups_counts_for_the_group_that_did_it(
    platform: Platform, clock: FixedClock
) -> None:
    source = (FIXTURES / "bpmn" / "vergunning_klein.bpmn").read_text(encoding="utf-8")
    two = source.replace('id="vergunning_klein"', 'id="twee_groepen"').replace(
        'processRef="vergunning_klein"', 'processRef="twee_groepen"'
    )
    beoordelen = '<spiffworkflow:property name="fase" value="beoordeling" />'
    assert two.count(beoordelen) == 1
    two = two.replace(
        beoordelen,
        beoordelen + '<spiffworkflow:property name="kandidaatgroepen" '
        'value=\'["Vergunningen", "Energie en Klimaat"]\' />',
    )
    deployments.deploy(platform, [("twee_groepen.bpmn", two)], user="beheer")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "eva", groups=["Energie en Klimaat"], role="adviseur")
    case = cases.start_case(platform, "twee_groepen", {}, user="anna", title="Twee groepen")
    [task] = cases.get_case(platform, case["zaak"])["open_taken"]
    assert task["kandidaatgroepen"] == ["Vergunningen", "Energie en Klimaat"]
    clock.advance(hours=3)
    inbox.claim(platform, task["id"], "eva")
    clock.advance(hours=2)
    cases.complete_task(platform, task["id"], "eva", {"compleet": True})
    energy = heatmap.heatmap(platform, "twee_groepen", groep="Energie en Klimaat")
    assert [(r["element"], r["aantal"]) for r in energy["elementen"]] == [("beoordelen", 1)]
    assert "Energie en Klimaat" in energy["groepen"]
    assert heatmap.heatmap(platform, "twee_groepen", groep="Vergunningen")["elementen"] == []
