"""The checks a migration makes on the steps a case is in (running, waiting, joined) before it moves the
case: each refuses with a Dutch reason (MigrationRefused) when the new version would strand or silently
change such a step. services.engine.migration runs them (check_migration)."""

from __future__ import annotations

import re
from typing import Any

from SpiffWorkflow.util.task import TaskState

from processes.errors import Conflict

from .outcome import wrapped
from .timeclock import timer_definitions, timer_terms


class MigrationRefused(Conflict):
    code = "migratie-geweigerd"
    title = "Migratie geweigerd"


#: the states of a step a case is in: ready, waiting or started (what a migration must move right)
RUNNING = TaskState.READY | TaskState.WAITING | TaskState.STARTED


def _running(diff: Any) -> list[tuple[Any, Any]]:
    """(old spec, new spec) of each running step (ready, waiting, started) the diff moves to the new version."""
    return [
        (task.task_spec, diff.alignment[task])
        for task in diff.alignment
        if task.state & RUNNING
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


def refuse_other_step(registry: Any, diff: Any, version: int) -> None:
    """Refuse when a step the case is in would become a different step of the new version (a task
    replaced by another one in the same place): its work, claim and checks would silently change."""
    for old, new in _running(diff):
        if not same_step(registry, old, new):
            raise MigrationRefused(
                f"In versie {version} is de stap '{plain(old)}' ({old.bpmn_id}), waarin deze zaak nu staat, "
                f"vervangen door een andere stap: '{plain(new)}' ({new.bpmn_id}). De zaak zou die stap "
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


def refuse_changed_messages(diff: Any, version: int) -> None:
    """Refuse when a step the case waits at no longer waits for a message it waits for now (a renamed
    message): whoever is to send it (the initiator) would be refused, and a timer beside it would end
    the case for not answering."""
    for old, new in _running(diff):
        lost = sorted(awaited_messages(old) - awaited_messages(new))
        if lost and (gateway := _gateway_before(new, set(lost))) is not None:
            raise MigrationRefused(
                f"In versie {version} wacht de stap '{plain(old)}' niet zelf meer op bericht "
                f"{', '.join(repr(m) for m in lost)}: dat wacht nu de gebeurtenisgateway ervoor "
                f"('{plain(gateway)}'). Deze zaak wacht er na elk ontvangen bericht weer, dus zij kan niet "
                "worden overgezet: zij wordt afgerond op de versie waarop zij loopt."
            )
        if lost:
            instead = sorted(awaited_messages(new) - awaited_messages(old))
            names = ", ".join(f"'{m}'" for m in lost)
            other = f" (maar op {', '.join(repr(m) for m in instead)})" if instead else ""
            raise MigrationRefused(
                f"In versie {version} wacht de stap '{plain(old)}' niet meer op bericht {names}{other}, "
                "terwijl deze zaak daar nu op wacht: wie het bericht stuurt, zou worden geweigerd. Migreer de "
                "zaak nadat het bericht is ontvangen of de wachttijd voorbij is."
            )


def _gateway_before(spec: Any, messages: set[str]) -> Any:
    """The event-based gateway right before ``spec`` that waits for ``messages`` in its place (SpiffWorkflow
    gives a catch event behind such a gateway no event of its own: the gateway waits), or None."""
    from SpiffWorkflow.bpmn.specs.defaults import EventBasedGateway

    return next(
        (g for g in spec.inputs if isinstance(g, EventBasedGateway) and messages <= awaited_messages(g)),
        None,
    )


def refuse_stranded_join(registry: Any, diff: Any, version: int) -> None:
    """Refuse when a parallel or inclusive join a branch of the case already waits at is wired otherwise
    in the new version so that it would wait for a step the case no longer reaches: a step inserted
    before it on a branch that is done (a parallel join would wait for it forever, an inclusive one go
    on without ever running it), or a token that came from a step that is no input any more. A change on
    a branch that is still open (its running step reaches the new input), an input's renamed id (aligned
    to the same step) and an unchanged input of a join of the same kind (an inclusive split's untaken
    branch) migrate."""
    from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin

    busy = [task for task in diff.alignment if task.state & RUNNING]
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
        return ", ".join(sorted(f"'{plain(s) if getattr(s, 'bpmn_id', None) else s.name}'" for s in specs))

    parts = [f"ze wacht dan ook op {names(unfed)}, waar deze zaak niet meer langskomt"] if unfed else []
    parts += [f"de tak die er al is (van {names(lost)}) komt er niet meer binnen"] if lost else []
    return (
        f"In versie {version} is de samenvoeging '{plain(join)}' ({join.bpmn_id}), waar deze zaak al op de "
        f"andere takken wacht, anders aangesloten: {'; '.join(parts)}. De zaak zou daar blijven steken. Rond "
        "de open takken eerst af en migreer de zaak daarna."
    )


def refuse_new_boundary_events(wf: Any, top: Any, version: int) -> None:
    """Refuse when a running step got a boundary event in the new version (an intrekking on a task):
    SpiffWorkflow enters such a step through a split the case never passed, so completing the step
    fails ("Split at ... was not reached"). A step that had boundary events already keeps the split it
    passed, so a boundary event added beside them would silently never be waited for (a reminder that
    never comes). Finish the step on the old version first."""
    from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit

    for task in wf.get_tasks(state=RUNNING, skip_subprocesses=True):
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
            names = ", ".join(f"'{plain(o)}'" for o in added)
            raise MigrationRefused(
                f"In versie {version} heeft de lopende stap '{plain(new)}' een "
                f"randgebeurtenis gekregen ({names}); die kan een stap die al "
                "loopt niet krijgen. Rond die stap eerst af (of wacht tot het bericht is ontvangen) en migreer "
                "de zaak daarna."
            )


def refuse_unplanned_terms(script_engine: Any, diff: Any, version: int) -> None:
    """Refuse when a step the case waits at gets a timer in the new version whose moment reads data this
    case never got (its old version did not set it on the way there): moved, the case would stop there on
    an engine error. A transportverzoek on the netbeheerder's waiting list under the version before
    ``wachtlijst_navraag`` was planned is one. An unchanged timer keeps its due moment and is not read."""
    for task, new in diff.alignment.items():
        if not task.state & TaskState.WAITING or new is None or not getattr(new, "bpmn_id", None):
            continue
        if timer_terms(task.task_spec) == timer_terms(new):
            continue
        for definition in timer_definitions(new):
            try:
                script_engine.evaluate(task, definition.expression)
            except Exception as exc:  # noqa: BLE001 - any failure: the term cannot be set for this case
                inner = wrapped(exc)
                name = getattr(inner, "name", None) if isinstance(inner, NameError) else None
                reason = _unplanned(task.task_spec, new, str(definition.name or new.bpmn_id), name, version)
                raise MigrationRefused(reason, element=new.bpmn_id) from exc


def _unplanned(old: Any, new: Any, term: str, name: str | None, version: int) -> str:
    lane = f" ({new.lane})" if getattr(new, "lane", None) else ""
    how = f"uit met gegevens die deze zaak nooit heeft gekregen ({name})" if name else "anders uit"
    return (
        f"Deze zaak wacht bij de stap '{plain(old)}'{lane}. In versie {version} rekent die stap de termijn "
        f"'{term}' {how}, en die termijn is voor deze zaak niet te bepalen: overgezet zou zij daar "
        "vastlopen. Laat de zaak op haar huidige versie doorlopen (daar loopt haar termijn gewoon door) en "
        f"migreer haar pas als zij niet meer bij '{plain(old)}' wacht."
    )


def plain(spec: Any) -> str:
    """A step's name for a person: its placeholders ({gezag[orgaan]}) as '…' (no case data here)."""
    return re.sub(r"\{[^{}]*\}", "…", str(spec.bpmn_name or spec.bpmn_id))
