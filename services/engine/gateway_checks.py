"""A deploy warning (not a refusal) for a gateway that may find no way out: an exclusive or inclusive
gateway without a default flow whose outgoing flows all carry a condition. When none of them holds for a
case, SpiffWorkflow stops there and the case becomes an incident (services/engine/model_errors.py); a
model whose conditions together always hold (``x < 10`` and ``x >= 10``) is right, so it is deployed."""

from __future__ import annotations

from typing import Any

from .expressions import BPMN_NS

#: the gateways of which one outgoing flow (exclusive) or more (inclusive) must be taken
_KINDS = {"exclusiveGateway": "exclusieve", "inclusiveGateway": "inclusieve"}


def gateway_warnings(proc: Any) -> list[str]:
    """The Dutch warnings for the gateways of ``proc`` (a process element, its subprocesses included)
    without a default flow whose outgoing flows all have a condition, in document order."""
    out = []
    for node in proc.iter(*(f"{{{BPMN_NS}}}{tag}" for tag in _KINDS)):
        if node.get("default"):
            continue
        container, gateway = node.getparent(), node.get("id")
        leaving = [
            f for f in container.iterchildren(f"{{{BPMN_NS}}}sequenceFlow") if f.get("sourceRef") == gateway
        ]
        if leaving and all(_condition(f) for f in leaving):
            kind = _KINDS[node.tag.rsplit("}", 1)[1]]
            named = f"'{node.get('name')}' ({gateway})" if node.get("name") else f"'{gateway}'"
            out.append(
                f"De {kind} gateway {named} heeft geen standaardstroom en een voorwaarde op elke uitgaande "
                "stroom: geldt voor een zaak geen van die voorwaarden, dan kan zij daar niet verder en wordt "
                "zij een incident. Maak één stroom de standaardstroom, tenzij de voorwaarden samen altijd "
                "gelden."
            )
    return out


def _condition(flow: Any) -> bool:
    """Whether a sequence flow carries a (non-empty) condition."""
    return any((c.text or "").strip() for c in flow.iterchildren(f"{{{BPMN_NS}}}conditionExpression"))
