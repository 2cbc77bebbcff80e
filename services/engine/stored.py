"""Reading a stored workflow instance (``WorkflowState.document``) as plain JSON, without building it:
for a closed case that takes no more steps (``services.bewaren``), whose model may not even be deployed
any more. The serializer's layout is known here only: the workflow's data, per task its state, spec and
time of its last change, and the same for each subprocess."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.util.task import TaskState

from .state import parse as parse  # the one reading of a stored document (state.parse)


def _workflows(dct: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield dct
    for sub in (dct.get("subprocesses") or {}).values():
        if isinstance(sub, dict):
            yield sub


def completed_elements(dct: dict[str, Any]) -> list[str]:
    """The element ids (task specs) of the completed tasks of the instance and its subprocesses, in the
    order they completed."""
    done = [
        (float(task.get("last_state_change") or 0), str(task.get("task_spec") or ""))
        for wf in _workflows(dct)
        for task in (wf.get("tasks") or {}).values()
        if isinstance(task, dict) and task.get("state") == TaskState.COMPLETED
    ]
    return [spec for _, spec in sorted(done)]


def workflow_data(dct: dict[str, Any]) -> dict[str, Any]:
    """The workflow's own data (what its last step left)."""
    data = dct.get("data")
    return data if isinstance(data, dict) else {}
