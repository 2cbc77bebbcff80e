"""Move a running case onto a newer version of its model, keeping what can be kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from processes.templating import missing

from .context import StepContext
from .migration_steps import (
    MigrationRefused,
    refuse_changed_messages,
    refuse_new_boundary_events,
    refuse_other_step,
    refuse_stranded_join,
    refuse_unplanned_terms,
)
from .runtime import StepResult, WorkflowRuntime, task_texts
from .timeclock import due_at, timer_definitions, timer_terms
from .types import ProcessSpec, Workflow, spiff

__all__ = ["MigrationRefused", "MovedTerm", "check_migration", "migrate_workflow"]

#: what a waiting timer keeps when only its label changed: the moment it is due, and whether it fired
TIMER_STATE = ("event_value", "event_fired")


@dataclass(frozen=True)
class MovedTerm:
    """A waiting timer whose due moment the migration moved: its timer definition changed."""

    element: str
    name: str
    before: datetime
    after: datetime | None


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
    upgrade: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[StepResult, list[MovedTerm]]:
    """Move a workflow onto a new spec with SpiffWorkflow's diff helpers; refuse with a Dutch reason when unsafe.

    Unlike ``SpiffWorkflow.bpmn.util.diff.migrate_workflow`` (which resets every READY and WAITING task),
    only tasks whose own element changed are reset; unchanged ones keep their id, assignee and timer
    start, and only their predicted successors are rebuilt from the new version, as are those of
    running steps (a subprocess, a loop), whose own work stays. A changed waiting
    timer (or event-based gateway) keeps its due moment while its timer definitions (kind and
    expression) stay the same: a running "P14D" term does not restart because its label changed.
    Only a changed timer definition starts it again; such moved terms are returned with the result.
    ``upgrade`` brings each task's data to today's form first (the registry's data upgrades: a field an
    earlier version stored without a key the new version's texts name).
    """
    wf = spiff(workflow)
    top, sub_diffs = check_migration(runtime, workflow, spec, subs, version)

    moved: list[MovedTerm] = []

    def act() -> None:
        if upgrade is not None:
            for task in wf.get_tasks():
                upgrade(task.data)
            upgrade(wf.data)
        moved.extend(_move(top, wf, spec))
        for sp_id, sp_diff in sub_diffs.items():
            sp = wf.subprocesses[sp_id]
            moved.extend(_move(sp_diff, sp, subs[sp.spec.name]))
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
    _refuse_unfilled_texts(wf, version)
    runtime.load(runtime.dump(wf))  # the migrated document must load again
    return result, moved


def check_migration(
    runtime: WorkflowRuntime,
    workflow: Workflow,
    spec: ProcessSpec,
    subs: Mapping[str, ProcessSpec],
    version: int,
) -> tuple[Any, dict[str, Any]]:
    """The checks a migration of ``workflow`` onto ``spec`` (as version ``version``) makes before it changes
    anything: MigrationRefused with a Dutch reason, else SpiffWorkflow's diffs. The editor's comparison
    runs them on each running case (services.migration_report.refusals) to say what a migration would do."""
    from SpiffWorkflow.bpmn.util.diff import diff_workflow

    wf = spiff(workflow)
    registry = runtime.serializer.registry
    top, sub_diffs = diff_workflow(registry, wf, spec, subs)
    _refuse_unsafe(wf, top, sub_diffs, version)
    for diff in (top, *(d for d in sub_diffs.values() if d is not None)):
        refuse_other_step(registry, diff, version)
        refuse_changed_messages(diff, version)
        refuse_stranded_join(registry, diff, version)
        refuse_unplanned_terms(runtime.script_engine, diff, version)
    refuse_new_boundary_events(wf, top, version)
    return top, sub_diffs


def _refuse_unfilled_texts(wf: Any, version: int) -> None:
    """Refuse when an open task of the new version names data this case does not have (its texts would
    show ``{veld}`` to the officer): a version whose path to that task sets the data the old one never
    did. Finish the task on the old version first."""
    from SpiffWorkflow.util.task import TaskState

    for task in wf.get_tasks(state=TaskState.READY):
        spec = task.task_spec
        texts = task_texts(spec).values() if getattr(spec, "bpmn_id", None) else ()
        gaps = sorted({gap for text in texts if text for gap in missing(text, task.data)})
        if gaps and getattr(spec, "bpmn_id", None):
            raise MigrationRefused(
                f"In versie {version} noemt de open taak '{spec.bpmn_name or spec.bpmn_id}' gegevens die deze "
                f"zaak nog niet heeft ({', '.join(gaps)}); rond die taak eerst af en migreer de zaak daarna."
            )


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


def _move(diff: Any, workflow: Any, spec: Any) -> list[MovedTerm]:
    from SpiffWorkflow.util.task import TaskState

    workflow.spec = spec
    old_specs = {}
    for task in list(workflow.tasks.values()):
        new = diff.alignment.get(task)
        if new is not None:
            old_specs[task.id] = task.task_spec
            task.task_spec = new
    changed = {task.id for task in diff.changed}
    moved = []
    for task in list(workflow.get_tasks(state=TaskState.READY | TaskState.WAITING, skip_subprocesses=True)):
        if task.id not in workflow.tasks:
            continue  # removed together with an ancestor that was reset
        if task.id in changed:
            term = _reset_keeping_term(task, old_specs[task.id])
            if term is not None:
                moved.append(term)
        else:
            task._drop_children(force=True)
            task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE | task.state)
    for task in list(workflow.get_tasks(state=TaskState.STARTED, skip_subprocesses=True)):
        if task.id in workflow.tasks:
            _repredict_running(task)
    if workflow.last_task not in workflow.tasks:
        workflow.last_task = None
    return moved


def _repredict_running(task: Any) -> None:
    """A running step (a subprocess, a loop) keeps its work, but the steps after it it has not reached are
    predicted again from the new version: kept, the subprocess would end on the old version's path (a
    branch the new version opens after it would never start). Its own instances (triggered) stay."""
    from SpiffWorkflow.util.task import TaskState

    ahead = TaskState.PREDICTED_MASK | TaskState.FUTURE
    for child in list(task.children):
        if not child.triggered and child.has_state(ahead):
            task.workflow._remove_task(child.id)
    task.task_spec._predict(task, mask=ahead | TaskState.STARTED)


def _reset_keeping_term(task: Any, old_spec: Any) -> MovedTerm | None:
    """Reset a changed task; a waiting timer whose timer definitions did not change keeps its due
    moment (a new name is no new term). Returns the term the reset moved, if it did."""
    before = due_at(task)
    kept = {k: task.internal_data[k] for k in TIMER_STATE if k in task.internal_data}
    same_term = bool(timer_definitions(old_spec)) and timer_terms(old_spec) == timer_terms(task.task_spec)
    _reset(task)
    if same_term and kept:
        for key in TIMER_STATE:
            task.internal_data.pop(key, None)
        task.internal_data.update(kept)
        return None
    after = due_at(task)
    if before is None or before == after:
        return None
    names = [str(d.name) for d in timer_definitions(old_spec)]
    return MovedTerm(task.task_spec.bpmn_id, ", ".join(names) or task.task_spec.bpmn_id, before, after)


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
