"""BPMN text for the deploy refusals: a definitions element around a body, a process around a body."""

from __future__ import annotations

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
)


def definitions_xml(body: str) -> str:
    """``body`` in a bpmn:definitions element."""
    return f'<bpmn:definitions {NS} id="d" targetNamespace="x">{body}</bpmn:definitions>'


def process_xml(body: str, attrs: str = 'id="proef" isExecutable="true"') -> str:
    """``body`` in a process with ``attrs``, in a bpmn:definitions element."""
    return definitions_xml(f"<bpmn:process {attrs}>{body}</bpmn:process>")
