"""The types that cross the engine boundary, so callers outside services.engine see no ``Any``.

SpiffWorkflow ships no type information, so its classes are ``Any`` to mypy. What the rest of the
application holds of the engine is described here as small protocols: a process spec (a deployed
model version), the pair of a spec and its called/embedded subprocess specs, and a running
workflow. Only the engine looks inside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeAlias, cast


class ProcessSpec(Protocol):
    """A built BPMN process (SpiffWorkflow's BpmnProcessSpec)."""

    name: str


class Workflow(Protocol):
    """A running (or restored) case workflow (SpiffWorkflow's BpmnWorkflow)."""

    @property
    def spec(self) -> ProcessSpec: ...

    @property
    def subprocess_specs(self) -> Mapping[str, ProcessSpec]: ...

    @property
    def data(self) -> dict[str, Any]:
        """The workflow's own data (the end data of a finished case)."""
        ...


#: a deployed process: its spec and the specs of the processes it calls or embeds
Specs: TypeAlias = tuple[ProcessSpec, dict[str, ProcessSpec]]
#: JSON data: task data, message payloads, service results
Data: TypeAlias = dict[str, Any]


def spiff(obj: Workflow | ProcessSpec) -> Any:
    """Inside the engine: the SpiffWorkflow object behind a boundary type."""
    return cast(Any, obj)
