"""Two small behaviour choices on top of SpiffWorkflow 3.2, installed once when the runtime is built.

Message payloads: SpiffWorkflow's spiff message definition keeps a message's payload only when the
model names a ``spiffworkflow:messageVariable``; a plain BPMN model (bpmn.io, Camunda Modeler) has
none, and the payload would be lost. We merge it into the catching element's data instead, so a
supplement or a zienswijze sent through the API arrives in the case data whatever drew the model.
"""

from __future__ import annotations

from typing import Any

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition

    original = MessageEventDefinition.update_task_data

    def update_task_data(self: Any, my_task: Any) -> None:
        if self.message_var is None:
            payload = my_task.internal_data.pop(self.name, None)
            if isinstance(payload, dict):
                my_task.data.update(payload)
            return
        original(self, my_task)

    MessageEventDefinition.update_task_data = update_task_data  # type: ignore[method-assign]
    _installed = True
