"""The model editor's element-level comparison (services.modeleditor.compare.diff) on small models."""

from __future__ import annotations

from services.modeleditor.compare import diff

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="t">'
    '<bpmn:process id="p" isExecutable="true">'
    '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">{lane1}</bpmn:lane>'
    '<bpmn:lane id="l2" name="Juridisch">{lane2}</bpmn:lane></bpmn:laneSet>'
)
TAIL = "</bpmn:process></bpmn:definitions>"


def _model(
    task: str, lane1: str = "<bpmn:flowNodeRef>t</bpmn:flowNodeRef>", lane2: str = "", extra: str = ""
) -> str:
    return (
        HEAD.format(lane1=lane1, lane2=lane2)
        + '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>'
        + task
        + '<bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>'
        + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />'
        + '<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />'
        + extra
        + TAIL
    )


def _task(kind: str = "userTask", name: str = "Toetsen", props: str = "") -> str:
    ext = f"<bpmn:extensionElements><spiffworkflow:properties>{props}</spiffworkflow:properties></bpmn:extensionElements>"
    return (
        f'<bpmn:{kind} id="t" name="{name}">{ext if props else ""}'
        f"<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:{kind}>"
    )


GROUP = '<spiffworkflow:property name="kandidaatgroepen" value="\'Milieu\'" />'


def test_an_unchanged_model_has_no_differences():
    model = _model(_task(props=GROUP))
    assert diff(model, model, "p") == {"toegevoegd": [], "verwijderd": [], "gewijzigd": []}


def test_name_type_property_and_lane_changes_each_get_a_dutch_line():
    old = _model(_task(props=GROUP))
    new = _model(
        _task("manualTask", "Juridisch toetsen", GROUP.replace("Milieu", "Water")
              + '<spiffworkflow:property name="termijn" value="vandaag()" />'),
        lane1="",
        lane2="<bpmn:flowNodeRef>t</bpmn:flowNodeRef>",
    )  # fmt: skip
    [changed] = diff(old, new, "p")["gewijzigd"]
    assert changed["id"] == "t" and changed["naam"] == "Juridisch toetsen" and changed["type"] == "manualTask"
    assert changed["wijzigingen"] == [
        "type: 'userTask' → 'manualTask'",
        "naam: 'Toetsen' → 'Juridisch toetsen'",
        "kandidaatgroepen: ''Milieu'' → ''Water''",
        "lane: 'Vergunningen' → 'Juridisch'",
        "termijn: (geen) → 'vandaag()'",
    ]


def test_added_and_removed_elements_and_rewired_flows():
    old = _model(_task())
    new = _model(
        _task().replace("<bpmn:outgoing>f2</bpmn:outgoing>", "<bpmn:outgoing>f3</bpmn:outgoing>"),
        extra='<bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="e2" />'
        '<bpmn:endEvent id="e2" name="Klaar"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>',
    ).replace('<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />', "")
    result = diff(old, new, "p")
    assert result["toegevoegd"] == [
        {"id": "e2", "naam": "Klaar", "type": "endEvent"},
        {"id": "f3", "naam": "f3", "type": "sequenceFlow"},
    ]
    assert result["verwijderd"] == [{"id": "f2", "naam": "f2", "type": "sequenceFlow"}]
    assert {r["id"]: r["wijzigingen"] for r in result["gewijzigd"]} == {
        "t": ["uitgaande stromen: 'f2' → 'f3'"]
    }


def test_formatting_the_xml_is_no_change():
    """bpmn-js saves formatted XML: whitespace between child elements is layout, not content
    (a multi-instance's loopDataInputRef and inputDataItem once read as 'adviseursadviezen')."""
    import re
    from pathlib import Path

    xml = (Path(__file__).resolve().parents[2] / "bpmn" / "omgevingsvergunning.bpmn").read_text(
        encoding="utf-8"
    )
    formatted = re.sub(r">\s*<", ">\n    <", xml)
    compact = re.sub(r">\s+<", "><", xml)
    result = diff(compact, formatted, "omgevingsvergunning")
    assert result == diff(xml, xml, "omgevingsvergunning")
    assert not result["gewijzigd"] and not result["toegevoegd"] and not result["verwijderd"], result


#: edits of bpmn/omgevingsvergunning.bpmn that pass Valideren and change how cases run:
#: (old text, new text, element id, the change line)
RUNNING_EDITS = [
    (
        '<bpmn:boundaryEvent id="waarschuwing_ingebrekestelling" name="Ingebrekestelling ontvangen" '
        'attachedToRef="waarschuwing">',
        '<bpmn:boundaryEvent id="waarschuwing_ingebrekestelling" name="Ingebrekestelling ontvangen" '
        'attachedToRef="waarschuwing" cancelActivity="false">',
        "waarschuwing_ingebrekestelling",
        "onderbrekend: 'ja' → 'nee'",
    ),
    (
        '<bpmn:message id="Msg_aanvulling" name="aanvulling" />',
        '<bpmn:message id="Msg_aanvulling" name="aanvullingen" />',
        "Msg_aanvulling",
        "naam: 'aanvulling' → 'aanvullingen'",
    ),
    (
        "<spiffworkflow:messageVariable>aanvulling</spiffworkflow:messageVariable>",
        "<spiffworkflow:messageVariable>aanvulling_x</spiffworkflow:messageVariable>",
        "aanvulling_ontvangen",
        "berichtvariabele: 'aanvulling' → 'aanvulling_x'",
    ),
    (
        "<bpmn:multiInstanceLoopCharacteristics><bpmn:loopDataInputRef>adviseurs",
        '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopDataInputRef>adviseurs',
        "adviesronde",
        "meervoudig: 'tegelijk' → 'na elkaar'",
    ),
    (
        '<bpmn:inputDataItem id="adviseur" name="adviseur" />',
        '<bpmn:inputDataItem id="adviseur" name="adv" />',
        "adviesronde",
        "meervoudig per element: 'adviseur' → 'adv'",
    ),
]


def test_changes_that_alter_how_cases_run_are_listed():
    """Tester finding (rv5 modeller 4): each of these edits passed Valideren and changed how cases run,
    yet Vergelijken reported no difference."""
    from pathlib import Path

    xml = (Path(__file__).resolve().parents[2] / "bpmn" / "omgevingsvergunning.bpmn").read_text(
        encoding="utf-8"
    )
    for old, new, element, line in RUNNING_EDITS:
        assert old in xml, old
        result = diff(xml, xml.replace(old, new, 1), "omgevingsvergunning")
        assert not result["toegevoegd"] and not result["verwijderd"], result
        assert [(r["id"], r["wijzigingen"]) for r in result["gewijzigd"]] == [(element, [line])], result


def test_explicit_defaults_and_other_attributes():
    task = _task().replace('name="Toetsen">', 'name="Toetsen" isForCompensation="false">')
    assert diff(_model(_task()), _model(task), "p")["gewijzigd"] == []  # the default, written out
    changed = _task().replace('name="Toetsen">', 'name="Toetsen" implementation="##WebService">')
    [row] = diff(_model(_task()), _model(changed), "p")["gewijzigd"]
    assert row["wijzigingen"] == ["attribuut implementation: (geen) → '##WebService'"]
