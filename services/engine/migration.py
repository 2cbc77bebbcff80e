"""Move a running case onto a newer version of its model, keeping what can be kept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from processes.errors import Conflict
from processes.templating import missing

from .context import StepContext
from .runtime import StepResult, WorkflowRuntime, task_texts
from .timeclock import due_at, timer_definitions, timer_terms
from .types import ProcessSpec, Workflow, spiff


class MigrationRefused(Conflict):
    code = "migratie-geweigerd"
    title = "Migratie geweigerd"


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
) -> tuple[StepResult, list[MovedTerm]]:
    """Move a workflow onto a new spec with SpiffWorkflow's diff helpers; refuse with a Dutch reason when unsafe.

    Unlike ``SpiffWorkflow.bpmn.util.diff.migrate_workflow`` (which resets every READY and WAITING task),
    only tasks whose own element changed are reset; unchanged ones keep their id, assignee and timer
    start, and only their predicted successors are rebuilt from the new version. A changed waiting
    timer (or event-based gateway) keeps its due moment while its timer definitions (kind and
    expression) stay the same: a running "P14D" term does not restart because its label changed.
    Only a changed timer definition starts it again; such moved terms are returned with the result.
    """
    wf = spiff(workflow)
    top, sub_diffs = check_migration(runtime, workflow, spec, subs, version)

    moved: list[MovedTerm] = []

    def act() -> None:
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
        _refuse_other_step(registry, diff, version)
        _refuse_changed_messages(diff, version)
        _refuse_stranded_join(registry, diff, version)
    _refuse_new_boundary_events(wf, top, version)
    return top, sub_diffs


def _running(diff: Any) -> list[tuple[Any, Any]]:
    """(old spec, new spec) of each running step (ready, waiting, started) the diff moves to the new version."""
    from SpiffWorkflow.util.task import TaskState

    running = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    return [
        (task.task_spec, diff.alignment[task])
        for task in diff.alignment
        if task.state & running
        and diff.alignment[task] is not None
        and getattr(task.task_spec, "bpmn_id", None)
    ]


#: what names a step and wires it in (not what it is): a renamed id with otherwise the same step is kept
_IDENTITY = ("name", "bpmn_id", "inputs", "outputs")


def same_step(registry: Any, old: Any, new: Any) -> bool:
    """Whether ``new`` is the step ``old`` under its own id or a new one. SpiffWorkflow aligns a step whose
    id is gone with a new step in its place (same neighbours), whatever that step is. The rule: the same
    id is the same step (its changes are migrated as such); a new id is the same step only when nothing
    else about it changed: type, name, lane, form, groups, instructions, scripts, events."""
    if old.name == new.name:
        return True
    before, after = registry.convert(old), registry.convert(new)
    return all(before.get(k) == after.get(k) for k in set(before) | set(after) if k not in _IDENTITY)


def _refuse_other_step(registry: Any, diff: Any, version: int) -> None:
    """Refuse when a step the case is in would become a different step of the new version (a task
    replaced by another one in the same place): its work, claim and checks would silently change."""
    for old, new in _running(diff):
        if not same_step(registry, old, new):
            raise MigrationRefused(
                f"In versie {version} is de stap '{_plain(old)}' ({old.bpmn_id}), waarin deze zaak nu staat, "
                f"vervangen door een andere stap: '{_plain(new)}' ({new.bpmn_id}). De zaak zou die stap "
                "ongemerkt overslaan. Rond de stap eerst af en migreer de zaak daarna."
            )


def awaited_messages(spec: Any) -> set[str]:
    """The names of the messages a step waits for (a catch event, receive task, boundary event or
    event-based gateway): the names the senders use and the autorisatie lists."""
    from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition

    found: set[str] = set()
    todo = [getattr(spec, "event_definition", None)]
    while todo:
        definition = todo.pop()
        if isinstance(definition, MessageEventDefinition) and definition.name:
            found.add(str(definition.name))
        todo.extend(getattr(definition, "event_definitions", None) or [])
    return found


def _refuse_changed_messages(diff: Any, version: int) -> None:
    """Refuse when a step the case waits at no longer waits for a message it waits for now (a renamed
    message): whoever is to send it (the initiator) would be refused, and a timer beside it would end
    the case for not answering."""
    for old, new in _running(diff):
        lost = sorted(awaited_messages(old) - awaited_messages(new))
        if lost:
            instead = sorted(awaited_messages(new) - awaited_messages(old))
            names = ", ".join(f"'{m}'" for m in lost)
            other = f" (maar op {', '.join(repr(m) for m in instead)})" if instead else ""
            raise MigrationRefused(
                f"In versie {version} wacht de stap '{_plain(old)}' niet meer op bericht {names}{other}, "
                "terwijl deze zaak daar nu op wacht: wie het bericht stuurt, zou worden geweigerd. Migreer de "
                "zaak nadat het bericht is ontvangen of de wachttijd voorbij is."
            )


def _refuse_stranded_join(registry: Any, diff: Any, version: int) -> None:
    """Refuse when a parallel or inclusive join a branch of the case already waits at is wired otherwise
    in the new version so that it would wait for a step the case no longer reaches: a step inserted
    before it on a branch that is done (a parallel join would wait for it forever, an inclusive one go
    on without ever running it), or a token that came from a step that is no input any more. A change on
    a branch that is still open (its running step reaches the new input), an input's renamed id (aligned
    to the same step) and an unchanged input of a join of the same kind (an inclusive split's untaken
    branch) migrate."""
    from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
    from SpiffWorkflow.util.task import TaskState

    running = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    busy = [task for task in diff.alignment if task.state & running]
    live = [diff.alignment[task] for task in busy if diff.alignment[task] is not None]
    for task, new in diff.alignment.items():
        if task.state != TaskState.WAITING or not isinstance(new, UnstructuredJoin) or not new.bpmn_id:
            continue
        arrived = {  # the inputs whose token is at the join: the completed parents of its waiting tasks
            (diff.alignment.get(t.parent) or t.parent.task_spec).name: t.parent.task_spec
            for t in diff.alignment
            if t.task_spec is task.task_spec
            and not t.has_state(TaskState.COMPLETED)
            and t.parent is not None
            and t.parent.has_state(TaskState.COMPLETED)
        }
        reached = _reachable([s for s in live if s is not new], new)
        untaken = _untaken_inputs(registry, [t.task_spec for t in busy], task.task_spec, new)
        unfed = [s for s in new.inputs if s.name not in arrived and s not in reached and s not in untaken]
        lost = [s for name, s in arrived.items() if name not in {i.name for i in new.inputs}]
        if unfed or lost:
            raise MigrationRefused(_stranded_reason(new, unfed, lost, version))


def _untaken_inputs(registry: Any, busy: list[Any], join: Any, new: Any) -> set[Any]:
    """The new join's inputs that were inputs of the old ``join`` no running step (``busy``) reached: an
    untaken branch; none when the join's kind changed (an inclusive one made parallel would wait there)."""
    from SpiffWorkflow.bpmn.util.diff import SpecDiff

    if type(join) is not type(new):
        return set()
    reached = _reachable([s for s in busy if s is not join], join)
    aligned = SpecDiff(registry, join._wf_spec, new._wf_spec).alignment
    return {aligned[s] for s in join.inputs if s not in reached and aligned.get(s) is not None}


def _reachable(starts: list[Any], stop: Any) -> set[Any]:
    """The steps reachable from ``starts`` (themselves included) along their version's flows, not
    through ``stop``."""
    seen, todo = set(), list(starts)
    while todo:
        spec = todo.pop()
        if spec in seen:
            continue
        seen.add(spec)
        if spec is not stop:
            todo.extend(spec.outputs)
    return seen


def _stranded_reason(join: Any, unfed: list[Any], lost: list[Any], version: int) -> str:
    def names(specs: list[Any]) -> str:
        return ", ".join(sorted(f"'{_plain(s) if getattr(s, 'bpmn_id', None) else s.name}'" for s in specs))

    parts = [f"ze wacht dan ook op {names(unfed)}, waar deze zaak niet meer langskomt"] if unfed else []
    parts += [f"de tak die er al is (van {names(lost)}) komt er niet meer binnen"] if lost else []
    return (
        f"In versie {version} is de samenvoeging '{_plain(join)}' ({join.bpmn_id}), waar deze zaak al op de "
        f"andere takken wacht, anders aangesloten: {'; '.join(parts)}. De zaak zou daar blijven steken. Rond "
        "de open takken eerst af en migreer de zaak daarna."
    )


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


def _refuse_new_boundary_events(wf: Any, top: Any, version: int) -> None:
    """Refuse when a running step got a boundary event in the new version (an intrekking on a task):
    SpiffWorkflow enters such a step through a split the case never passed, so completing the step
    fails ("Split at ... was not reached"). A step that had boundary events already keeps the split it
    passed, so a boundary event added beside them would silently never be waited for (a reminder that
    never comes). Finish the step on the old version first."""
    from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
    from SpiffWorkflow.util.task import TaskState

    running = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    for task in wf.get_tasks(state=running, skip_subprocesses=True):
        new = top.alignment.get(task)
        splits = [s for s in getattr(new, "inputs", []) if isinstance(s, BoundaryEventSplit)]
        if not splits:
            continue
        passed = top.alignment.get(task.parent) if task.parent is not None else None
        if passed is None or passed not in splits:  # all of the step's boundary events are new
            added = [o for split in splits for o in split.outputs if o is not new]
        else:
            had = {top.alignment.get(c) for c in task.parent.children}
            added = [o for o in passed.outputs if o is not new and o not in had]
        if added:
            names = ", ".join(f"'{_plain(o)}'" for o in added)
            raise MigrationRefused(
                f"In versie {version} heeft de lopende stap '{_plain(new)}' een "
                f"randgebeurtenis gekregen ({names}); die kan een stap die al "
                "loopt niet krijgen. Rond die stap eerst af (of wacht tot het bericht is ontvangen) en migreer "
                "de zaak daarna."
            )


def _plain(spec: Any) -> str:
    """A step's name for a person: its placeholders ({gezag[orgaan]}) as '…' (no case data here)."""
    return re.sub(r"\{[^{}]*\}", "…", str(spec.bpmn_name or spec.bpmn_id))


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
    if workflow.last_task not in workflow.tasks:
        workflow.last_task = None
    return moved


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
