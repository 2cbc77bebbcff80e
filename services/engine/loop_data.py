"""The engine rule that a multi-instance leaves no loop variables behind (bpmn/MODELLING.md, "Multi-instance
data and call activities"), for cases whose model broke it.

SpiffWorkflow 3.2 merges each instance's whole data back into a multi-instance without an
``outputDataItem``: its input item and the instances' answers stay in the case data (``adviseur``,
``advies``: last instance wins). A later multi-instance whose input or output item has that name then
refuses to start ("Multiinstance input item adviseur already exists"), also in a called process, which
gets the caller's data. Today's models delete such names in a postScript; the first release's windpark
model did not, and its running cases carry them (upgrade review, finding 2).

``drop_leftovers`` runs before every engine step (a case that carries them from before), and again
whenever such a multi-instance completes in a step (``merges_back``: the next multi-instance may start
in the same step). It drops from the data of the tasks that have not run
yet (open, waiting and predicted tasks of the case and its subprocesses) each name that

- is the input or output item of a multi-instance of the case's model or a process it calls (only such a
  name can stop a multi-instance from starting), and
- a completed multi-instance without an output item merged back (its value differs from the value
  before the multi-instance),

and only where the value is still the one that multi-instance left: a later step that set the name
itself keeps it. Finished tasks (the history) and the instances of a running multi-instance are left
as they are. A model that follows the rule leaves nothing to drop, so this changes nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.util.task import TaskState


def _workflows(wf: Any) -> Iterator[Any]:
    yield wf
    yield from wf.subprocesses.values()


def _multi_instances(wf: Any) -> list[Any]:
    specs = (wf.spec, *wf.subprocess_specs.values())
    return [ts for spec in specs for ts in spec.task_specs.values() if isinstance(ts, MultiInstanceTask)]


def merges_back(task: Any) -> bool:
    """Whether ``task`` is a multi-instance that merges its instances' whole data back (no output item)."""
    spec = task.task_spec
    return isinstance(spec, MultiInstanceTask) and spec.output_item is None


def leftovers(wf: Any) -> list[tuple[str, Any]]:
    """(name, value) of each item name a completed multi-instance without an output item left behind."""
    multi = _multi_instances(wf)
    merging = {ts.name for ts in multi if ts.output_item is None}
    if not merging:
        return []
    items = {item.bpmn_id for ts in multi for item in (ts.input_item, ts.output_item) if item is not None}
    found: list[tuple[str, Any]] = []
    for workflow in _workflows(wf):
        for task in workflow.get_tasks(state=TaskState.COMPLETED, skip_subprocesses=True):
            if task.task_spec.name not in merging:
                continue
            before = task.parent.data if task.parent is not None else {}
            found += [
                (name, task.data[name])
                for name in sorted(items & task.data.keys())
                if name not in before or before[name] != task.data[name]
            ]
    return found


def _instance(task: Any) -> bool:
    """An instance of a multi-instance that is still running: its item is its own."""
    parent = task.parent
    return (
        parent is not None
        and isinstance(parent.task_spec, MultiInstanceTask)
        and not parent.has_state(TaskState.FINISHED_MASK)
    )


def drop_leftovers(wf: Any) -> list[str]:
    """Drop what ``leftovers`` finds from the tasks that have not run yet; returns the names dropped."""
    found = leftovers(wf)
    dropped: set[str] = set()
    if not found:
        return []
    for workflow in _workflows(wf):
        for task in workflow.get_tasks(skip_subprocesses=True):
            if task.has_state(TaskState.FINISHED_MASK) or _instance(task):
                continue
            for name, value in found:
                if name in task.data and task.data[name] == value:
                    del task.data[name]
                    dropped.add(name)
    return sorted(dropped)
