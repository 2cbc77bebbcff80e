"""`models convert` translates camunda:collection/elementVariable and Quartz cron cycles (issue 17),
and the converted model deploys and runs here; cron lines without an ISO 8601 equivalent are refused
with the reason."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from services import camunda as ci
from services import cases, deployments, inbox, users
from services.camunda.cron import quartz_to_iso

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def camunda_model(cron: str, collection: str = "${beoordelaars}") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="{BPMN_NS}" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    id="d" targetNamespace="x">
  <bpmn:process id="beoordeling" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="beoordelen" name="Beoordelen" camunda:candidateGroups="Team A">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:multiInstanceLoopCharacteristics camunda:collection="{collection}"
          camunda:elementVariable="beoordelaar"/>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="herinnering" attachedToRef="beoordelen" cancelActivity="false">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeCycle>{cron}</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:scriptTask id="tellen" name="Tellen" scriptFormat="python"><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f4</bpmn:outgoing><bpmn:script>herinneringen = 1</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="e2"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="beoordelen"/>
    <bpmn:sequenceFlow id="f2" sourceRef="beoordelen" targetRef="e"/>
    <bpmn:sequenceFlow id="f3" sourceRef="herinnering" targetRef="tellen"/>
    <bpmn:sequenceFlow id="f4" sourceRef="tellen" targetRef="e2"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("0/5 0/1 * 1/1 * ?", "R/PT5S"),  # the tester's line: every 5 seconds
        ("0 0/15 * * * ?", "R/PT15M"),
        ("0 0 * * * ?", "R/PT1H"),
        ("0 0 0 * * ?", "R/P1D"),
        ("0 0 0 1 * ?", "R/P1M"),
        ("*/10 * * * *", "R/PT10M"),  # a Unix line without seconds
        ("0 0 0/6 * * ?", "R/PT6H"),
        ("0 0 0 1 1/3 ?", "R/P3M"),
    ],
)
def test_periodic_cron_lines_become_iso_repetitions(line, iso):
    assert quartz_to_iso(line) == iso


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0 0 9 * * ?", "uur ('9')"),  # every day at nine: a moment of the day, not a period
        ("0 0 0 ? * MON", "dagen van de week"),
        ("0 0/5 9-17 * * ?", "beperkt ook het veld uur"),
        ("0 0 12 * * ? 2027", "het jaar"),
        ("0 0 * *", "4 velden"),
        # a step that does not divide its field starts again each larger unit (0, 7, ..., 56, 0): no fixed period
        ("0 0/7 * * * ?", "stapt met 7"),
        ("0 0/90 * * * ?", "stapt met 90"),  # only minute 0: once an hour, not every 90 minutes
        ("0/45 * * * * ?", "stapt met 45"),
        ("0 0 0/5 * * ?", "stapt met 5"),
        ("0 0 0 1/2 * ?", "stapt met 2"),  # months have 28 to 31 days
        ("0 0 0 1 1/5 ?", "stapt met 5"),
    ],
)
def test_calendar_cron_lines_are_refused_with_the_reason(line, reason):
    with pytest.raises(ci.NotTranslatable, match=re.escape(reason)):
        quartz_to_iso(line)


def test_collection_and_cron_are_converted_deployed_and_run(platform, clock, tmp_path):
    [(name, text)], report = ci.convert([("beoordeling.bpmn", camunda_model("0 0 0 * * ?"))])
    actions = {(r["construct"], r["actie"]) for f in report["elementen"] for r in f["wijzigingen"]}
    assert ("camunda:collection", "vertaald") in actions and ("timeCycle (cron)", "vertaald") in actions
    root = etree.fromstring(text.encode())
    assert root.find(f".//{{{BPMN_NS}}}loopDataInputRef").text == "beoordelaars"
    assert root.find(f".//{{{BPMN_NS}}}timeCycle").text == '"R/P1D"'
    assert ci.validate([(name, text)]) == []

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    deployments.deploy(platform, deployments.read_files([path]))
    users.add_user(platform, "a", groups=["Team A"])
    case = cases.start_case(platform, "beoordeling", {"beoordelaars": ["mila", "rob", "eva"]})
    open_tasks = inbox.list_tasks(platform, "a")["taken"]
    assert len(open_tasks) == 3  # one task per element of the collection
    clock.advance(days=1, minutes=1)
    fired = cases.fire_due_timers(platform)  # the daily reminder
    assert [f["zaak"] for f in fired] == [case["zaak"]]
    for t in inbox.list_tasks(platform, "a")["taken"]:
        cases.complete_task(platform, t["id"], "a", {})
    done = cases.get_case(platform, case["id"])
    assert done["status"] == "afgerond"


def test_collection_expression_and_calendar_cron_stay_and_are_refused_at_deploy():
    model = camunda_model("0 0 9 * * ?", collection="${aanvraag.getBeoordelaars()}")
    [(name, text)], report = ci.convert([("beoordeling.bpmn", model)])
    refused = {
        r["construct"]: r
        for f in report["elementen"]
        for r in f["wijzigingen"]
        if r["actie"] == "niet vertaald"
    }
    assert "uur ('9')" in refused["timeCycle (cron)"]["reden"]
    assert "één variabele" in refused["camunda:collection"]["reden"]
    problems = " ".join(p["probleem"] for p in ci.validate([(name, text)]))
    assert "cron" in problems


@pytest.mark.parametrize(
    "name", ["nrOfCompletedInstances", "nrOfInstances", "nrOfActiveInstances", "loopCounter"]
)
def test_camundas_multi_instance_variables_are_not_translated(name):
    """SpiffWorkflow has no such variables: "translated" to Python, the condition fails at run time."""
    model = camunda_model("0 0 0 * * ?").replace(
        'camunda:elementVariable="beoordelaar"/>',
        f'camunda:elementVariable="beoordelaar"><bpmn:completionCondition>${{{name} &gt;= 2}}'
        "</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>",
    )
    [(file, text)], report = ci.convert([("beoordeling.bpmn", model)])
    [change] = [
        r
        for f in report["elementen"]
        for r in f["wijzigingen"]
        if r["construct"] == "completionCondition (JUEL)"
    ]
    assert change["actie"] == "niet vertaald"
    assert name in change["reden"] and "SpiffWorkflow" in change["reden"]
    assert ci.validate([(file, text)]) != []  # left as JUEL: deploy refuses it and names it


def _process_file(*processes: str) -> str:
    return (
        f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="d" targetNamespace="x">{"".join(processes)}'
        "</bpmn:definitions>"
    )


LANED = (
    '<bpmn:process id="{id}"{attr}><bpmn:laneSet id="ls_{id}"><bpmn:lane id="l_{id}" name="Team {id}">'
    "<bpmn:flowNodeRef>s_{id}</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
    '<bpmn:startEvent id="s_{id}"/></bpmn:process>'
)


def test_the_report_follows_the_deploy_rule_for_a_missing_is_executable():
    """A file's only process without isExecutable is deployed (bpmn/MODELLING.md): not "ignored"."""
    [_], report = ci.convert([("een.bpmn", _process_file(LANED.format(id="a", attr="")))])
    assert report["samenvatting"]["genegeerd"] == 0
    assert any("Team a" in note for note in report["let_op"])  # its lanes are candidate groups

    two = _process_file(LANED.format(id="a", attr=""), LANED.format(id="b", attr=' isExecutable="true"'))
    [_], report = ci.convert([("twee.bpmn", two)])
    ignored = [(e["element"], c["construct"]) for e in report["elementen"] for c in e["wijzigingen"]
               if c["actie"] == "genegeerd"]  # fmt: skip
    assert ignored == [("a", "isExecutable")]
    assert [n for n in report["let_op"] if "lanes" in n] == [
        "twee.bpmn: lanes zijn in Ruimteflow kandidaatgroepen (Team b); taken zonder kandidaatgroepen gaan "
        "naar de groep van hun lane."
    ]
