"""Reading and rewriting a stored workflow instance (``WorkflowState.document``) as plain JSON, without
building it: for a closed case that takes no more steps (``services.bewaren``), whose model may not even
be deployed any more. The serializer's layout is known here only: the workflow's data, per task its
data and the updates of its delta, and the same for each subprocess."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from SpiffWorkflow.util.task import TaskState

from .state import parse as parse  # the one reading of a stored document (state.parse)


def dump(dct: dict[str, Any]) -> str:
    return json.dumps(dct, separators=(",", ":"))


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


def rewrite_data(dct: dict[str, Any], rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Replace every data dictionary of the instance (workflow, tasks, task deltas; subprocesses too) by
    ``rewrite`` of it, in place."""
    for wf in _workflows(dct):
        if isinstance(wf.get("data"), dict):
            wf["data"] = rewrite(wf["data"])
        for task in (wf.get("tasks") or {}).values():
            if not isinstance(task, dict):
                continue
            if isinstance(task.get("data"), dict):
                task["data"] = rewrite(task["data"])
            delta = task.get("delta")
            if isinstance(delta, dict) and isinstance(delta.get("updates"), dict):
                delta["updates"] = rewrite(delta["updates"])
