"""Deploy conformance with the bare engine (issue 17): an optional ``isExecutable`` and refusals that
name the expression language they found instead of a bare Python syntax error."""

from __future__ import annotations

import pytest

from services.engine import deploy as dep

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">'
)


def process(pid: str, attrs: str = "", body: str = "") -> str:
    return (
        f'<bpmn:process id="{pid}" {attrs}><bpmn:startEvent id="{pid}_s"/>{body}'
        f'<bpmn:endEvent id="{pid}_e"/>'
        f'<bpmn:sequenceFlow id="{pid}_f" sourceRef="{pid}_s" targetRef="{pid}_e"/></bpmn:process>'
    )


def bpmn(*processes: str) -> str:
    return HEAD + "".join(processes) + "</bpmn:definitions>"


def refusal(text: str) -> list[str]:
    with pytest.raises(dep.ModelRefused) as info:
        dep.check_sources([("m.bpmn", text)])
    return [p["probleem"] for p in info.value.extra["problemen"]]


# -- isExecutable -----------------------------------------------------------------------------------
def test_single_process_without_is_executable_is_accepted_and_builds():
    [src] = dep.check_sources([("m.bpmn", bpmn(process("enkel")))])
    assert src.process_ids == ["enkel"]
    parser = dep.validate_bundle([src], [], [])
    assert parser.get_spec("enkel").name == "enkel"


def test_explicitly_not_executable_single_process_is_still_refused():
    [reason] = refusal(bpmn(process("enkel", 'isExecutable="false"')))
    assert "Geen uitvoerbaar proces" in reason


def test_several_processes_none_marked_are_refused_in_dutch():
    [reason] = refusal(bpmn(process("a"), process("b")))
    assert "meerdere processen" in reason and "isExecutable" in reason
    assert "'a'" in reason and "'b'" in reason


def test_several_processes_only_the_marked_one_runs():
    [src] = dep.check_sources([("m.bpmn", bpmn(process("a"), process("b", 'isExecutable="true"')))])
    assert src.process_ids == ["b"]
