"""What the deploy's configuration checks read of a process's elements: each element's id, name and line,
its ``fase`` and whether it has a ``resultaat`` (an end that closes the case with an outcome), the
process a call activity calls and the service a service task runs. bpmn/fasen.toml names the ``fase`` values and bpmn/zgw.toml the end
events and tasks by id (services/deploy_senders.py checks both against the version being deployed)."""

from __future__ import annotations

from typing import Any

from .expressions import BPMN_NS
from .xml_nodes import local_name


def _properties(node: Any) -> dict[str, str]:
    """The element's own properties (spiffworkflow:properties in its own extensionElements)."""
    out: dict[str, str] = {}
    for ext in node.findall(f"{{{BPMN_NS}}}extensionElements"):
        for group in (g for g in ext if local_name(g.tag) == "properties"):
            for prop in (p for p in group if local_name(p.tag) == "property" and p.get("name")):
                out[prop.get("name")] = prop.get("value") or ""
    return out


def service_operator(node: Any) -> str | None:
    """The id of the element's own spiffworkflow:serviceTaskOperator (the service it runs), else None."""
    for ext in node.findall(f"{{{BPMN_NS}}}extensionElements"):
        for op in (o for o in ext if local_name(o.tag) == "serviceTaskOperator" and o.get("id")):
            return str(op.get("id"))
    return None


def process_elements(proc: Any) -> list[dict[str, Any]]:
    """Every BPMN element of ``proc`` with an id, at any depth: ``element``, ``naam``, ``regel``,
    ``soort`` (its tag), ``fase`` (None without one), ``resultaat`` (it has a resultaat property) and
    ``roept`` (a call activity's calledElement, else None) and ``dienst`` (a service task's
    spiffworkflow:serviceTaskOperator id, else None)."""
    out = []
    for node in proc.iter(f"{{{BPMN_NS}}}*"):
        if node is proc or not node.get("id"):
            continue
        props = _properties(node)
        out.append(
            {
                "element": node.get("id"),
                "naam": node.get("name") or None,
                "regel": node.sourceline,
                "soort": local_name(node.tag),
                "fase": props.get("fase") or None,
                "resultaat": "resultaat" in props,
                "roept": node.get("calledElement") or None,
                "dienst": service_operator(node),
            }
        )
    return out
