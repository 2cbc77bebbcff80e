"""Element properties and timers that deploy but stop every case are refused at deploy, naming the
element (the event for a timer) and the property, in Dutch.

Review finding (rv11 editor, 2 and 3): ``kandidaatgroepen`` typed without quotes (``Vergunningen``) passed
validation and then every case start failed with "name 'Vergunningen' is not defined"; the same for
``termijn`` = ``P14D``, ``"P14D"`` or ``"2026-02-30"``. A timer ``timeDuration`` of ``"2026-03-10"`` (a date),
``P14D`` without quotes or an empty one deployed and then rolled back the step before the timer, with
"Invalid duration" or "Error evaluating expression 'None'"; "-P14D" was refused naming the inner
timerEventDefinition ``ted1`` instead of the event.

Review sessie11b (1, 3, 4): a form field (of a task or of the start event) never counted as a known name,
so a kandidaatgroepen or timer that read one was refused with a false reason, while a name that an
unrelated deployed model happened to use was accepted; ``["Vergunningen", Juridisch]``,
``Team-Vergunningen`` and ``R3/PT1H`` deployed and stopped every case; a timeDate on start data was told to
quote the name, and a called process that reads its caller's data had no way to deploy first.
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
    "groep-in-lijst-zonder-aanhalingstekens": (
        with_property("kandidaatgroepen", "[&quot;Vergunningen&quot;, Juridisch]"),
        TASK,
        ["leest de naam 'Juridisch'", 'zet de groepnaam tussen aanhalingstekens: "Juridisch"'],
    ),
    "groep-met-streepje": (
        with_property("kandidaatgroepen", "Team-Vergunningen"),
        TASK,
        ["de namen 'Team', 'Vergunningen'", 'aanhalingstekens: "Team-Vergunningen"'],
    ),
    "groep-tussen-haakjes": (
        with_property("kandidaatgroepen", "(Vergunningen)"),
        TASK,
        ['zet de groepnaam tussen aanhalingstekens: "Vergunningen"'],
    ),
    "timer-herhaling-zonder-aanhalingstekens": (
        KLEIN.replace(TIMER, "<bpmn:timeCycle>R3/PT1H</bpmn:timeCycle>"),
        EVENT,
        ["timer (timeCycle) 'R3/PT1H' leest de namen 'R3', 'PT1H'", 'aanhalingstekens: "R3/PT1H"'],
    ),
    "timer-op-startgegevens": (
        KLEIN.replace(TIMER, "<bpmn:timeDate>evenement_datum</bpmn:timeDate>"),
        EVENT,
        ["zet die naam eerder in een script of formulier", '<bpmn:dataInput id="evenement_datum"'],
    ),
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
    "groep-berekend": with_property("kandidaatgroepen", "compleet if compleet else &quot;Vergunningen&quot;"),
    "groep-uit-formulier-van-eerdere-taak": KLEIN.replace(
        '<spiffworkflow:property name="fase" value="besluit" />',
        '<spiffworkflow:property name="fase" value="besluit" />'
        '<spiffworkflow:property name="kandidaatgroepen" value="toelichting" />',
    ),
    "groepen-lijst-met-formulierveld": with_property(
        "kandidaatgroepen", "[&quot;Vergunningen&quot;, toelichting]"
    ),
    "timer-uit-startformulier": with_timer("wachttijd").replace(
        '<spiffworkflow:property name="fase" value="ontvangst" />',
        '<spiffworkflow:property name="fase" value="ontvangst" /><spiffworkflow:property name="formulier" '
        'value="{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {&quot;wachttijd&quot;: '
        '{&quot;type&quot;: &quot;string&quot;}}}" />',
    ),
    "timer-uit-data-input": KLEIN.replace(TIMER, "<bpmn:timeDate>evenement_datum</bpmn:timeDate>").replace(
        '<bpmn:laneSet id="LaneSet_1">',
        '<bpmn:ioSpecification id="io"><bpmn:dataInput id="evenement_datum" name="evenement_datum" />'
        '</bpmn:ioSpecification><bpmn:laneSet id="LaneSet_1">',
    ),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_a_value_that_runs_still_deploys(platform: Platform, case: str) -> None:
    [row] = deployments.deploy(platform, [("vergunning_klein.bpmn", ACCEPTED[case])], user="bea")
    assert row["process_id"] == "vergunning_klein"


def test_the_shipped_models_read_no_unknown_names() -> None:
    """No property or timer of bpmn/, tests/fixtures/bpmn/ or tests/conformance/models reads names nothing
    sets, each file checked alone with the files it calls (as deployed first on an empty database): names
    set later by scripts, forms, multi-instance items and decision tables count."""
    folders = ["bpmn", "tests/fixtures/bpmn", "tests/conformance/models"]
    checked = 0
    for folder in folders:
        paths = sorted(Path(folder).rglob("*.*mn"))
        sources = [dep.inspect_source(p.name, p.read_text())[0] for p in paths]
        problems: list[dict[str, object]] = []
        check_unknown_names([(src, dep.needed([src], sources)) for src in sources], problems)
        assert problems == [], folder
        checked += sum(len(src.unknown_reads) for src in sources)
    assert checked  # the check saw expressions that read names


def test_known_names_come_from_the_files_of_the_case_not_from_unrelated_models(platform: Platform) -> None:
    """A deployed model that reads ``groep`` does not make ``groep`` known to another process."""
    other = KLEIN.replace("vergunning_klein", "ander_proces").replace(
        "compleet == False", "compleet == False or groep == 1"
    )
    deployments.deploy(platform, [("ander_proces.bpmn", other)], user="bea")
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(
            platform, [("vergunning_klein.bpmn", with_property("kandidaatgroepen", "groep"))], user="bea"
        )
    [problem] = err.value.extra["problemen"]
    assert "'kandidaatgroepen' is de naam 'groep'" in problem["probleem"], problem
    assert snapshot(platform) == before


def _process(pid: str, body: str, inputs: str = "") -> str:
    """A process start -> body (one element with id "x") -> end."""
    return (
        f'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d_{pid}" '
        f'targetNamespace="t"><bpmn:process id="{pid}" isExecutable="true">{inputs}'
        '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>'
        f'{body}<bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e" /></bpmn:process></bpmn:definitions>'
    )


CHILD_TIMER = (
    '<bpmn:intermediateCatchEvent id="x" name="Vervaldag"><bpmn:incoming>f1</bpmn:incoming>'
    "<bpmn:outgoing>f2</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDate>vervaldatum</bpmn:timeDate>"
    "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
)
PARENT = _process(
    "ouder",
    '<bpmn:subProcess id="x"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>'
    '<bpmn:startEvent id="s2"><bpmn:outgoing>g1</bpmn:outgoing></bpmn:startEvent><bpmn:scriptTask id="zet">'
    "<bpmn:incoming>g1</bpmn:incoming><bpmn:outgoing>g2</bpmn:outgoing><bpmn:script>vervaldatum = "
    '"2027-01-01T00:00:00+00:00"</bpmn:script></bpmn:scriptTask><bpmn:callActivity id="roep" '
    'calledElement="kind"><bpmn:incoming>g2</bpmn:incoming><bpmn:outgoing>g3</bpmn:outgoing>'
    '</bpmn:callActivity><bpmn:endEvent id="e2"><bpmn:incoming>g3</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="zet" /><bpmn:sequenceFlow id="g2" sourceRef="zet" '
    'targetRef="roep" /><bpmn:sequenceFlow id="g3" sourceRef="roep" targetRef="e2" /></bpmn:subProcess>',
)


def test_a_called_process_that_reads_its_callers_data_says_how_to_declare_it(platform: Platform) -> None:
    """Alone it is refused with the data-input hint; declared as a data input, or deployed with its
    caller, it deploys, and the caller's cases reach its timer."""
    child = _process("kind", CHILD_TIMER)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("kind.bpmn", child)], user="bea")
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == ("x", "Vervaldag")
    assert "startgegevens of van een aanroepend proces" in problem["probleem"]
    assert '<bpmn:dataInput id="vervaldatum" name="vervaldatum"/>' in problem["probleem"]
    declared = (
        '<bpmn:ioSpecification><bpmn:dataInput id="vervaldatum" name="vervaldatum" /></bpmn:ioSpecification>'
    )
    [row] = deployments.deploy(platform, [("kind.bpmn", _process("kind", CHILD_TIMER, declared))], user="bea")
    assert row["process_id"] == "kind"
    started = cases.start_case(platform, "kind", {"vervaldatum": "2027-01-01T00:00:00+00:00"})
    assert started["status"] == "lopend"


def test_a_called_process_deployed_with_its_caller_reads_the_callers_data(platform: Platform) -> None:
    rows = deployments.deploy(
        platform, [("ouder.bpmn", PARENT), ("kind.bpmn", _process("kind", CHILD_TIMER))], user="bea"
    )
    assert {r["process_id"] for r in rows} == {"ouder", "kind"}
    started = cases.start_case(platform, "ouder", {})
    assert started["status"] == "lopend"


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
