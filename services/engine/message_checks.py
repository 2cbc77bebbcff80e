"""The checks of a message before it is delivered to a case: where the case's model catches it, that an
outside sender's payload cannot merge into the process data, and that its correlation can be computed; and
the process variables the model stores it in."""

from __future__ import annotations

import logging
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.message import (
    MessageEventDefinition as BaseMessageEventDefinition,
)
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import EventBasedGateway
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from processes.errors import Conflict
from services.log_text import user_text

from .context import StepContext
from .outcome import CorrelationMissing

log = logging.getLogger("services.engine.runtime")


def definitions(wf: BpmnWorkflow, name: str) -> list[tuple[Any, BaseMessageEventDefinition]]:
    """Every element of the case's model (and its called processes) with message ``name``. SpiffWorkflow
    moves the definitions of the events after an event-based gateway onto the gateway, in the order
    of its outputs: such a definition is given with its own (drawn) event."""
    specs = [wf.spec, *wf.subprocess_specs.values()]
    found = []
    for ts in (t for spec in specs for t in spec.task_specs.values()):
        ed = getattr(ts, "event_definition", None)
        for i, d in enumerate(ed.event_definitions if isinstance(ed, MultipleEventDefinition) else [ed]):
            if isinstance(d, BaseMessageEventDefinition) and d.name == name:
                gateway = isinstance(ts, EventBasedGateway) and i < len(ts.outputs)
                found.append((ts.outputs[i] if gateway else ts, d))
    return found


def _catches(found: list[tuple[Any, BaseMessageEventDefinition]]) -> list[tuple[Any, str]]:
    """The catching elements among ``found``, each with its messageVariable ("" without one)."""
    return [
        (ts, str(getattr(d, "message_var", None) or "").strip())
        for ts, d in found
        if isinstance(ts, CatchingEvent)
    ]


def caught_into(found: list[tuple[Any, BaseMessageEventDefinition]]) -> tuple[str, ...]:
    """The process variables the model's catches of a message (``found``) store its payload in, their
    messageVariables, sorted: the case data's ``<variable>`` holds its last payload (services.berichten).
    Empty when one of them has none: it merges the payload into the process data, under no name of its own."""
    names = [var for _ts, var in _catches(found)]
    return tuple(sorted(set(names))) if names and all(names) else ()


def check_no_merge(found: list[tuple[Any, BaseMessageEventDefinition]], name: str, ctx: StepContext) -> None:
    merging = [ts for ts, var in _catches(found) if not var]
    if merging:
        names = ", ".join(sorted({f"'{ts.bpmn_name or ts.bpmn_id}'" for ts in merging}))
        log.warning(
            "message %s to %s refused: caught without messageVariable", user_text(name), ctx.case_reference
        )
        raise Conflict(
            f"Het bericht '{name}' kan voor zaak {ctx.case_reference} niet worden aangenomen: het model van "
            f"deze zaak vangt het zonder messageVariable ({names}), zodat de afzender procesgegevens zou "
            "kunnen overschrijven. Laat een behandelaar het registreren; beheer moet het model aanpassen.",
            code="bericht-model-onveilig",
        )


def check_correlation(
    environment: Any, found: list[tuple[Any, BaseMessageEventDefinition]], name: str, payload: dict[str, Any]
) -> None:
    """Every correlation expression of message ``name`` (``found``: its definitions in the model)
    must be computable from its payload."""
    for _ts, d in found:
        for prop in d.correlation_properties:
            try:
                environment.evaluate(prop.retrieval_expression, dict(payload))
            except (NameError, KeyError) as exc:
                key = getattr(exc, "name", None) or (exc.args[0] if exc.args else "?")
                raise CorrelationMissing(
                    f"Bericht '{name}' mist de correlatiewaarde '{key}' "
                    f"(correlatie-eigenschap '{prop.name}'): neem '{key}' op in de gegevens.",
                    sleutel=str(key),
                ) from exc
