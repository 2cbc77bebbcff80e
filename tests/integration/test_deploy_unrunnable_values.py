"""Element properties and timers that deploy but stop every case are refused at deploy, naming the
element (the event for a timer) and the property, in Dutch.

Review finding (rv11 editor, 2 and 3): ``kandidaatgroepen`` typed without quotes (``Vergunningen``) passed
validation and then every case start failed with "name 'Vergunningen' is not defined"; the same for
``termijn`` = ``P14D``, ``"P14D"`` or ``"2026-02-30"``. A timer ``timeDuration`` of ``"2026-03-10"`` (a date),
``P14D`` without quotes or an empty one deployed and then rolled back the step before the timer, with
"Invalid duration" or "Error evaluating expression 'None'"; "-P14D" was refused naming the inner
timerEventDefinition ``ted1`` instead of the event.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.errors import RuimteflowError
from services import cases, deployments
from services.engine import deploy as dep
from services.engine.data_names import check_unknown_names
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot

KLEIN = Path("tests/fixtures/bpmn/vergunning_klein.bpmn").read_text()
FASE = '<spiffworkflow:property name="fase" value="beoordeling" />'
TIMER = '<bpmn:timeDuration>"P14D"</bpmn:timeDuration>'
TASK = ("beoordelen", "Aanvraag beoordelen")
EVENT = ("termijn_verlopen", "Aanvullingstermijn verlopen")


def with_property(name: str, value: str) -> str:
    return KLEIN.replace(FASE, FASE + f'<spiffworkflow:property name="{name}" value="{value}" />')


def with_timer(text: str) -> str:
    return KLEIN.replace(TIMER, f"<bpmn:timeDuration>{text}</bpmn:timeDuration>")


REFUSED = {
    "groep-zonder-aanhalingstekens": (
        with_property("kandidaatgroepen", "Vergunningen"),
        TASK,
        ["'kandidaatgroepen'", 'zet de groepnaam tussen aanhalingstekens: "Vergunningen"'],
    ),
    "termijn-zonder-aanhalingstekens": (
        with_property("termijn", "P14D"),
        TASK,
        ["'termijn' is de naam 'P14D'", "werkdagen_termijn(vandaag(), 10)"],
    ),
    "termijn-duur": (with_property("termijn", "&quot;P14D&quot;"), TASK, ["'termijn'", "geen datum"]),
    "termijn-geen-dag": (
        with_property("termijn", "&quot;2026-02-30&quot;"),
        TASK,
        ["'termijn'", "geen datum"],
    ),
    "timer-datum-als-duur": (with_timer('"2026-03-10"'), EVENT, ["een duur (timeDuration)", "timeDate"]),
    "timer-zonder-aanhalingstekens": (
        with_timer("P14D"),
        EVENT,
        ["timer (timeDuration)", 'zet de waarde tussen aanhalingstekens: "P14D"'],
    ),
    "timer-leeg": (with_timer(""), EVENT, ["timer (timeDuration) is leeg", '"P14D"']),
    "timer-negatief": (with_timer('"-P14D"'), EVENT, ["Ongeldige timer '-P14D'"]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_value_that_cannot_run_is_refused_naming_element_and_property(
    platform: Platform, case: str
) -> None:
    xml, (element, name), fragments = REFUSED[case]
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == (element, name), problem
    for fragment in fragments:
        assert fragment in problem["probleem"], problem
    assert "defined" not in problem["probleem"] and "Invalid" not in problem["probleem"]
    assert snapshot(platform) == before


ACCEPTED = {
    "groep-tussen-aanhalingstekens": with_property("kandidaatgroepen", "&quot;Vergunningen&quot;"),
    "groepen-lijst": with_property("kandidaatgroepen", "[&quot;Vergunningen&quot;, &quot;Juridisch&quot;]"),
    "groep-uit-formulierveld": with_property(
        "kandidaatgroepen", "compleet and &quot;Juridisch&quot; or &quot;V&quot;"
    ),
    "termijn-datum": with_property("termijn", "&quot;2026-03-30&quot;"),
    "termijn-berekend": with_property("termijn", "werkdagen_termijn(vandaag(), 10)"),
    "termijn-uit-startgegevens": with_property("termijn", "aanvraag.get(&quot;uiterlijk&quot;)"),
    "timer-uren": with_timer('"PT36H"'),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_a_value_that_runs_still_deploys(platform: Platform, case: str) -> None:
    [row] = deployments.deploy(platform, [("vergunning_klein.bpmn", ACCEPTED[case])], user="bea")
    assert row["process_id"] == "vergunning_klein"


def test_the_shipped_models_read_no_unknown_names() -> None:
    """No property or timer of bpmn/ or tests/fixtures/bpmn/ reads only names nothing sets (they would
    all be refused): names set later by scripts, forms, multi-instance items and decision tables count."""
    paths = sorted([*Path("bpmn").glob("*.*mn"), *Path("tests/fixtures/bpmn").rglob("*.*mn")])
    sources = [dep.inspect_source(p.name, p.read_text())[0] for p in paths]
    problems: list[dict[str, object]] = []
    check_unknown_names(sources, sources, problems)
    assert problems == []
    assert any(src.unknown_reads for src in sources)  # the check saw expressions that read names


def test_a_property_that_fails_when_it_runs_says_so_in_dutch(platform: Platform) -> None:
    """The run-time error of a property names element and property in Dutch, not "is not defined"."""
    xml = with_property("kandidaatgroepen", "compleet and &quot;Juridisch&quot; or &quot;V&quot;")
    deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    before = snapshot(platform)
    with pytest.raises(RuimteflowError) as err:
        cases.start_case(platform, "vergunning_klein", {})
    assert err.value.status == 422
    assert err.value.detail == (
        "Fout in eigenschap 'kandidaatgroepen' van element 'beoordelen' (Aanvraag beoordelen): de naam "
        "'compleet' bestaat niet in de zaakgegevens of de toegestane functies."
    )
    assert snapshot(platform) == before
