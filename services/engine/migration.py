"""Move a running case onto a newer version of its model, keeping what can be kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processes.errors import Conflict

from .context import StepContext
from .runtime import StepResult, WorkflowRuntime
from .types import ProcessSpec, Workflow, spiff


class MigrationRefused(Conflict):
    code = "migratie-geweigerd"
    title = "Migratie geweigerd"


def _history_mask() -> int:
    from SpiffWorkflow.util.task import TaskState

    return int(
        TaskState.COMPLETED | TaskState.STARTED | TaskState.READY | TaskState.WAITING | TaskState.ERROR
    )


def migrate_workflow(
    runtime: WorkflowRuntime,
    workflow: Workflow,
    spec: ProcessSpec,
    subs: Mapping[str, ProcessSpec],
    ctx: StepContext,
    version: int,
) -> StepResult:
    """Move a workflow onto a new spec with SpiffWorkflow's diff helpers; refuse with a Dutch reason when unsafe.

    Unlike ``SpiffWorkflow.bpmn.util.diff.migrate_workflow`` (which resets every READY and WAITING task),
    only tasks whose own element changed are reset; unchanged ones keep their id, assignee and timer
    start, and only their predicted successors are rebuilt from the new version. A running
    "P14D" term therefore does not restart at migration.

    """
    from SpiffWorkflow.bpmn.util.diff import diff_workflow

    wf = spiff(workflow)
    registry = runtime.serializer.registry
    top, sub_diffs = diff_workflow(registry, wf, spec, subs)
    _refuse_unsafe(wf, top, sub_diffs, version)

    def act() -> None:
        _move(top, wf, spec)
        for sp_id, sp_diff in sub_diffs.items():
            sp = wf.subprocesses[sp_id]
            _move(sp_diff, sp, subs[sp.spec.name])
        wf.subprocess_specs = subs
        stale = sorted(
            {
                t.task_spec.name
                for t in wf.get_tasks(skip_subprocesses=True)
                if spiff(spec).task_specs.get(t.task_spec.name) is not t.task_spec
            }
        )
        if stale:
            raise MigrationRefused(
                f"Na het overzetten verwijzen nog stappen naar de oude versie: {', '.join(stale)}."
            )

    result: StepResult = runtime._run(wf, ctx, act)
    runtime.load(runtime.dump(wf))  # the migrated document must load again
    return result


def _refuse_unsafe(wf: Any, top: Any, sub_diffs: Any, version: int) -> None:
    """Refuse (in Dutch) a migration that would lose steps the case went through or is in."""
    lost = sorted(
        {
            t.task_spec.bpmn_name or t.task_spec.bpmn_id
            for t in top.removed
            if t.state & _history_mask() and getattr(t.task_spec, "bpmn_id", None)
        }
    )
    if lost:
        raise MigrationRefused(
            f"Versie {version} mist stappen die deze zaak al heeft doorlopen of nu uitvoert: "
            f"{', '.join(lost)}."
        )
    for sp_id, sp_diff in sub_diffs.items():
        sp = wf.subprocesses[sp_id]
        if sp_diff is None:
            raise MigrationRefused(
                f"Versie {version} bevat het lopende deelproces '{sp.spec.name}' niet meer."
            )
        if any(t.state & _history_mask() for t in sp_diff.removed):
            raise MigrationRefused(
                f"Het lopende deelproces '{sp.spec.name}' is in versie {version} zo gewijzigd "
                "dat de zaak niet kan worden overgezet."
            )


def _move(diff: Any, workflow: Any, spec: Any) -> None:
    from SpiffWorkflow.util.task import TaskState

    workflow.spec = spec
    for task in list(workflow.tasks.values()):
        new = diff.alignment.get(task)
        if new is not None:
            task.task_spec = new
    changed = {task.id for task in diff.changed}
    for task in list(workflow.get_tasks(state=TaskState.READY | TaskState.WAITING, skip_subprocesses=True)):
        if task.id not in workflow.tasks:
            continue  # removed together with an ancestor that was reset
        if task.id in changed:
            _reset(task)
        else:
            task._drop_children(force=True)
            task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE | task.state)
    if workflow.last_task not in workflow.tasks:
        workflow.last_task = None


def _reset(task: Any) -> None:
    """Run a changed task again from the new version. An instance of a loop or multi-instance task
    keeps its own data and its item or iteration: its parent's data lacks the item (``adviseur``)."""
    from copy import deepcopy

    from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask

    if not isinstance(task.parent.task_spec, LoopTask):
        task.reset_branch(None)
        return
    kept = dict(task.internal_data)
    task.reset_branch(deepcopy(task.data))
    task.internal_data.update({k: v for k, v in kept.items() if k in ("item", "key_or_index", "iteration")})
