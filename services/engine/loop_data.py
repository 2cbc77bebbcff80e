"""The engine rule that a multi-instance leaves no loop variables behind (bpmn/MODELLING.md, "Multi-instance
data and call activities"), for cases whose model broke it.

SpiffWorkflow 3.2 merges each instance's whole data back into a multi-instance without an
``outputDataItem``: its input item and the instances' answers stay in the case data (``adviseur``,
``advies``: last instance wins). A later multi-instance whose input or output item has that name then
refuses to start ("Multiinstance input item adviseur already exists"), also in a called process, which
gets the caller's data. Today's models delete such names in a postScript; the first release's windpark
model did not, and its running cases carry them (upgrade review, finding 2).

``drop_leftovers`` runs before every engine step (a case that carries them from before), and again
whenever such a multi-instance or a join completes in a step (``merges_back``, ``is_join``: the next
multi-instance may start in the same step, and a join copies its finished inputs' data again when it
runs, after the drop; review sessie10c, finding 2). In one walk down the task tree (into embedded and
called subprocesses, and out of a finished one) it follows the data each finished multi-instance without
an output item hands on: the names it merged back (their value differs from the value before it) that
are the input or output item of a multi-instance of the case's model or a process it calls (only such a
name can stop one from starting). Data is handed on from a task to its children (the next tasks), from a
subprocess task to its subprocess, from a subprocess's last task back to the subprocess task, and, at a
join (parallel, inclusive, a process's end), from the parents of its other inputs to the join task that
fired (``_Joins``: it waits in the walk until those inputs were walked). A name is dropped from a task
that has not run yet (open, waiting or predicted) only where it is still that hand-on: every task
between the multi-instance and it passed the name on with the same value, and none of them is a task the
name was dropped from before. So:

- a running multi-instance (not finished), its instances and everything inside them (subprocess and
  call activity instances, multi-instances nested in them, at any depth) are never touched: the walk
  does not enter a running multi-instance;
- a later task that sets the name again keeps it, also with the same value: the drop marks the task it
  dropped from (``internal_data``), and the name that task hands on when it has run is its own (not for
  a join, which sets nothing: it copies its inputs' data again when it runs);
- a join hands on no name that one of its input branches set itself (the branch's last task has it,
  and not as the leftover it handed on: provenance, not the value; review sessie10d, finding 2), also
  when the round's branch reached the join last and its leftover won SpiffWorkflow's merge;
- finished tasks (the history) are left as they are.

A model that follows the rule leaves nothing to hand on, so this changes nothing for it, and a model
without a multi-instance lacking an output item (the permit and rework-loop models) skips the walk
(and the index of its join tasks that a fired join needs).
Limit: a task that passes the leftover on unchanged in a case whose multi-instance finished before this
rule existed cannot be told from one that set the same value; only the first is possible in a new case.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.util.task import TaskState

#: ``internal_data`` key: the names dropped from this task's data (what it hands on later is its own)
DROPPED = "ruimteflow_loop_data_dropped"
_MISSING = object()


def _multi_instances(wf: Any) -> list[Any]:
    specs = (wf.spec, *wf.subprocess_specs.values())
    return [ts for spec in specs for ts in spec.task_specs.values() if isinstance(ts, MultiInstanceTask)]


def loop_items(wf: Any) -> set[str]:
    """The input and output item names of the model's multi-instances, if one of them merges back."""
    multi = _multi_instances(wf)
    if all(ts.output_item is not None for ts in multi):
        return set()
    return {item.bpmn_id for ts in multi for item in (ts.input_item, ts.output_item) if item is not None}


def merges_back(task: Any) -> bool:
    """Whether ``task`` is a multi-instance that merges its instances' whole data back (no output item)."""
    spec = task.task_spec
    return isinstance(spec, MultiInstanceTask) and spec.output_item is None


def _merged_back(task: Any, items: set[str]) -> dict[str, Any]:
    """The item names a finished multi-instance without an output item merged back, with their values."""
    before = task.parent.data if task.parent is not None else {}
    return {
        name: task.data[name]
        for name in items & task.data.keys()
        if name not in before or before[name] != task.data[name]
    }


def _running_multi_instance(task: Any) -> bool:
    return isinstance(task.task_spec, MultiInstanceTask) and not task.has_state(TaskState.FINISHED_MASK)


def _hands_on(task: Any, carry: dict[str, Any], items: set[str], dropped: set[str]) -> dict[str, Any]:
    """What of ``carry`` (the leftovers handed to ``task``) ``task`` hands on; drops it if it has not run."""
    if task.parent is None:  # a workflow's root holds no data of its own
        return carry
    same = {name: value for name, value in carry.items() if task.data.get(name, _MISSING) == value}
    if not task.has_state(TaskState.FINISHED_MASK):
        for name in same:
            del task.data[name]
        if same:
            task.internal_data[DROPPED] = sorted({*task.internal_data.get(DROPPED, ()), *same})
            dropped.update(same)
        return same
    if not is_join(task):  # a join copies its data again when it runs: a drop before did not make it its own
        for name in task.internal_data.get(DROPPED, ()):
            same.pop(name, None)
    if merges_back(task):
        same.update(_merged_back(task, items))
    return same


def is_join(task: Any) -> bool:
    """Whether ``task`` is a join (parallel, inclusive, a subprocess's end): when it runs, it merges the
    data of its finished inputs' tasks (each reached it as a task of its spec) into its own."""
    return isinstance(task.task_spec, UnstructuredJoin)


class _Joins:
    """The joins of a walk. Each input reaches a join as a task of the join's spec; the one that fires
    merges the data of the others' parents (SpiffWorkflow's UnstructuredJoin), so it hands on what they
    were handed too. ``fed`` holds what each was handed; a fired join waits in the walk until all its
    inputs were walked (or until nothing else is left: an input out of the walk's reach)."""

    def __init__(self) -> None:
        self.fed: dict[Any, dict[str, Any]] = {}  # join task id -> what its parent handed it
        self.waiting: list[tuple[Any, dict[str, Any]]] = []
        self._forced: set[Any] = set()
        self._tasks: dict[tuple[int, str], list[Any]] = {}  # (workflow, spec name) -> its join tasks

    def hold(self, join: Any, carry: dict[str, Any]) -> bool:
        """Note what ``join`` was handed; whether it waits (it fired, and an input was not walked yet)."""
        self.fed[join.id] = carry
        if not join.has_state(TaskState.COMPLETED) or join.id in self._forced or self._ready(join):
            return False
        self.waiting.append((join, carry))
        return True

    def release(self) -> list[tuple[Any, dict[str, Any] | None]]:
        """The waiting joins whose inputs were all walked; if none, all of them."""
        ready = [entry for entry in self.waiting if self._ready(entry[0])]
        if not ready:
            ready = self.waiting
            self._forced.update(join.id for join, _ in ready)
        self.waiting = [entry for entry in self.waiting if not any(entry is r for r in ready)]
        return list(ready)

    def merged(self, join: Any, own: dict[str, Any]) -> dict[str, Any]:
        """What a fired ``join`` hands on: ``own`` (what its parent handed it) and the leftovers it copied
        from its inputs' parents, where its value is theirs; but not a name the branch of one of its
        inputs set itself (its value then is the model's, whichever branch SpiffWorkflow let win)."""
        inputs = self._inputs(join)
        carried = {
            name: value
            for t in inputs
            for name, value in self.fed.get(t.id, {}).items()
            if join.data.get(name, _MISSING) == value
        }
        carried.update(own)
        return {
            name: value
            for name, value in carried.items()
            if not any(self._set_by_branch(t, name) for t in (join, *inputs))
        }

    def _set_by_branch(self, join: Any, name: str) -> bool:
        """Whether the branch that reached ``join`` (a task of a join's spec) set ``name`` itself: its last
        task's data has it, and not as the leftover that task handed on (an input the walk did not reach
        counts as not)."""
        if join.id not in self.fed:
            return False
        value = join.parent.data.get(name, _MISSING)
        return value is not _MISSING and self.fed[join.id].get(name, _MISSING) != value

    def _ready(self, join: Any) -> bool:
        return all(t.id in self.fed for t in self._inputs(join))

    def _inputs(self, join: Any) -> list[Any]:
        """The tasks of ``join``'s spec whose parents' data it merged: finished before it ran, and not
        its ancestors (as UnstructuredJoin._run_hook chooses them)."""
        key = (id(join.workflow), join.task_spec.name)
        if key not in self._tasks:
            for t in join.workflow.tasks.values():
                if is_join(t):
                    self._tasks.setdefault((id(join.workflow), t.task_spec.name), []).append(t)
        return [
            t
            for t in self._tasks.get(key, [])
            if t is not join
            and t.has_state(TaskState.FINISHED_MASK)
            and t.last_state_change <= join.last_state_change
            and not join.is_descendant_of(t)
        ]


def _next_tasks(task: Any) -> list[Any]:
    """The children that get ``task``'s data: a multi-instance's instances are not among them."""
    spec = task.task_spec
    if isinstance(spec, MultiInstanceTask):
        return [child for child in task.children if child.task_spec.name != spec.task_spec]
    return list(task.children)


def drop_leftovers(wf: Any) -> list[str]:
    """Drop the leftovers the finished multi-instances handed on from the tasks that have not run yet,
    in one walk of the case's task trees; returns the names dropped."""
    items = loop_items(wf)
    if not items:
        return []
    dropped: set[str] = set()
    handed: dict[Any, dict[str, Any]] = {}  # task id -> the leftovers its data hands on (if any)
    joins = _Joins()
    # (task, carry); carry None: a finished subprocess task, after its subprocess was walked
    stack: list[tuple[Any, dict[str, Any] | None]] = [(wf.task_tree, {})]
    while stack or joins.waiting:
        if not stack:
            stack = joins.release()
        task, carry = stack.pop()
        sub = wf.subprocesses.get(task.id)
        if carry is None:  # it hands on what its subprocess's last task handed it
            last = sub.last_task
            carry = handed.get(last.id, {}) if last is not None else {}
        elif _running_multi_instance(task):
            continue  # its instances' data is their own, at any depth
        elif sub is not None and task.has_state(TaskState.FINISHED_MASK):
            stack += [(task, None), (sub.task_tree, carry)]
            continue
        elif sub is not None:  # a running subprocess: its tasks got this task's data when it started
            stack.append((sub.task_tree, carry))
        elif is_join(task) and joins.hold(task, carry):
            continue  # it goes on when its inputs were walked
        out = _hands_on(task, carry, items, dropped)
        if is_join(task) and task.has_state(TaskState.COMPLETED):
            out = joins.merged(task, out)
        if out:
            handed[task.id] = out
        stack += [(child, out) for child in _next_tasks(task)]
    return sorted(dropped)
