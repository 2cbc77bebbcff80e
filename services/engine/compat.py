"""A message event definition that keeps the payload of plain BPMN models.

SpiffWorkflow's spiff message definition keeps a message's payload only when the model names a
``spiffworkflow:messageVariable``; a plain BPMN model (bpmn.io, Camunda Modeler) has none, and the
payload would be lost. This subclass merges it into the catching element's data instead, so a
supplement or a zienswijze sent through the API arrives in the case data whatever drew the model.
It is registered with the parser and the serializer (``spiff_config``) under SpiffWorkflow's own type
name; nothing in SpiffWorkflow is replaced.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition


class PayloadMessageEventDefinition(MessageEventDefinition):  # type: ignore[misc]
    def update_task_data(self, my_task: Any) -> None:
        if self.message_var is None:
            payload = my_task.internal_data.pop(self.name, None)
            if isinstance(payload, dict):
                my_task.data.update(payload)
            return
        super().update_task_data(my_task)


def with_payload(definition: Any) -> Any:
    """The payload-keeping equivalent of a spiff message definition built by the parser."""
    if type(definition) is not MessageEventDefinition:
        return definition
    return PayloadMessageEventDefinition(
        definition.name,
        definition.correlation_properties,
        definition.expression,
        definition.message_var,
        definition.process_correlations,
        description=definition.description,
    )
