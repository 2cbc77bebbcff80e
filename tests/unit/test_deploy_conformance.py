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


# -- the expression language is named ---------------------------------------------------------------
def flow_condition(expression: str, attrs: str = "") -> str:
    body = (
        '<bpmn:exclusiveGateway id="gw" default="f2"/>'
        '<bpmn:endEvent id="e2"/>'
        '<bpmn:sequenceFlow id="f0" sourceRef="p_s" targetRef="gw"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="e2">'
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" {attrs}>{expression}'
        "</bpmn:conditionExpression></bpmn:sequenceFlow>"
        '<bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="e2"/>'
    )
    return bpmn(process("p", 'isExecutable="true"', body))


def timer(kind: str, expression: str) -> str:
    body = (
        '<bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition>'
        f"<bpmn:{kind}>{expression}</bpmn:{kind}>"
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        '<bpmn:sequenceFlow id="f0" sourceRef="p_s" targetRef="t"/>'
    )
    return bpmn(process("p", 'isExecutable="true"', body))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (flow_condition("= some x in items satisfies x &gt; 3"), "FEEL"),
        (flow_condition("= amount &gt; 1000"), "FEEL"),
        (flow_condition("bpmn:getDataObject('bedrag') &gt; 10"), "XPath"),
        (
            flow_condition("count(/a/b) &gt; 1", 'language="http://www.w3.org/1999/XPath"'),
            "XPath",
        ),
        (flow_condition("${amount &gt; 1000}"), "JUEL"),
        (flow_condition("#{approved}"), "JUEL"),
        (timer("timeCycle", "0/5 0/1 * 1/1 * ?"), "cron"),
        (timer("timeCycle", "0 0 12 * * ?"), "cron"),
        (timer("timeDate", "'0 0 12 * * ?'"), "cron"),
    ],
    ids=[
        "feel-some",
        "feel",
        "xpath-function",
        "xpath-language",
        "juel-dollar",
        "juel-hash",
        "cron",
        "cron-noon",
        "cron-quoted",
    ],
)
def test_refusal_names_the_language_not_python_syntax(text: str, language: str):
    reasons = refusal(text)
    assert len(reasons) == 1, reasons
    assert language in reasons[0], reasons
    assert "Ongeldige Python-syntax" not in reasons[0]


def test_plain_python_syntax_error_still_says_python():
    [reason] = refusal(flow_condition("amount &gt;"))
    assert "Ongeldige Python-syntax" in reason


def test_python_language_attribute_and_iso_cycle_are_accepted():
    dep.check_sources([("m.bpmn", flow_condition("amount &gt; 3", 'language="python"'))])
    dep.check_sources([("m.bpmn", timer("timeCycle", "'R3/PT1H'"))])


def test_python_arithmetic_that_looks_like_cron_fields_is_not_cron():
    [src] = dep.check_sources([("m.bpmn", timer("timeDuration", "x * 2 - 1 * 3"))])
    assert src.process_ids == ["p"]
