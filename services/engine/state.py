"""Workflow state apart from its model: specs stored once by content hash, instances kept small.

A serialized case used to carry the whole process definition (about 90 KB for the permit model) and
every task it ever ran. Here:

- ``SpecBook`` serializes a deployed version's spec (process + called/embedded subprocesses) once,
  names it by the SHA-256 of its canonical JSON and keeps the built objects per process, both ways
  (hash -> objects, objects -> hash), so loading a case never rebuilds a spec.
- ``InstanceConverter`` replaces SpiffWorkflow's ``BpmnWorkflowConverter`` in the serializer config
  (the documented way to customise it): it writes the instance without ``spec`` and
  ``subprocess_specs`` and restores one with spec objects handed in. A document that still carries its
  spec (the format before 0004) restores as before.
- ``compact`` removes finished history that nothing reads any more: a COMPLETED task between a
  COMPLETED parent and a single COMPLETED child is spliced out of the tree. Without it a rework loop
  grows the tree by two tasks per round, every load, save and engine pass walks it, and SpiffWorkflow's
  task iterator stops at depth 1000, so after about 500 rounds the open task is no longer found.
  Structural tasks keep their place: joins (they read their inputs' parents), event splits (their
  children are the boundary events), loops and multi-instance tasks, and call activities while their
  subprocess is kept (it is keyed by the task id). A completed subprocess whose call activity has
  completed has handed its data back and is dropped. A task with boundary events leaves a structure
  (its split, the task, its events, their join) that these rules keep; once all of it is finished it
  is replaced by the element that followed (``_collapse_boundary_rounds``), else each round of such a
  task in a loop would leave three levels behind.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.control import BoundaryEventJoin, BoundaryEventSplit, EventSplit
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from .spiff_config import register_converters
from .types import ProcessSpec, Specs

#: format of WorkflowState.document: an instance that names its spec by hash
INSTANCE_FORMAT = "spiff-3.2/instance"
#: the format before migration 0004: the whole workflow, spec included
LEGACY_FORMAT = "spiff-3.2"
SPEC_HASH_KEY = "spec_hash"

#: the serializer's registry has one encoder-mode flag; threads of one worker take turns with it
_ENCODER_MODE = threading.Lock()
_STRUCTURAL = (Join, EventSplit, LoopTask)
_BRANCH_PARENTS = (EventSplit, LoopTask)
_FINISHED = (TaskState.COMPLETED, TaskState.CANCELLED)


class InstanceConverter(BpmnWorkflowConverter):
    """BpmnWorkflow <-> dict without the spec: the spec is stored once, apart, by hash."""

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(
        self, dct: dict[str, Any], spec: Any = None, subprocess_specs: dict[str, Any] | None = None
    ) -> Any:
        if spec is None:  # a document from before 0004 carries its own spec
            return super().from_dict(dct)
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def make_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = InstanceConverter
    return BpmnWorkflowSerializer(register_converters(BpmnWorkflowSerializer.configure(config)))


def spec_hash(spec_document: str) -> str:
    return hashlib.sha256(spec_document.encode("utf-8")).hexdigest()


class SpecBook:
    """Per-process cache of specs: built objects by content hash, hash by object, hashes known stored."""

    def __init__(self, serializer: BpmnWorkflowSerializer):
        self.serializer = serializer
        self._by_hash: dict[str, Specs] = {}
        self._by_object: dict[int, tuple[ProcessSpec, str]] = {}
        self._stored: set[str] = set()
        #: stored forms computed but not yet known to be committed
        self._pending: dict[str, str] = {}
        self._lock = threading.Lock()

    def register(
        self, spec: ProcessSpec, subprocess_specs: Mapping[str, ProcessSpec]
    ) -> tuple[str, str | None]:
        """(hash, stored form) of built specs; the stored form only while its row is not known to exist."""
        known = self._by_object.get(id(spec))
        if known is not None and known[0] is spec:
            digest = known[1]
            if digest in self._stored:
                return digest, None
            return digest, self._pending.get(digest) or self._spec_document(spec, subprocess_specs)
        document = self._spec_document(spec, subprocess_specs)
        digest = spec_hash(document)
        with self._lock:
            self._by_hash.setdefault(digest, (spec, dict(subprocess_specs)))
            self._by_object[id(spec)] = (spec, digest)
            if digest not in self._stored:
                self._pending[digest] = document
        return digest, None if digest in self._stored else document

    def _spec_document(self, spec: ProcessSpec, subprocess_specs: Mapping[str, ProcessSpec]) -> str:
        """As the spec was embedded before 0004 (encoder mode), in canonical JSON."""
        registry = self.serializer.registry
        with _ENCODER_MODE:
            registry._encoder_mode = True
            try:
                dct = {
                    "spec": registry.convert(spec),
                    "subprocess_specs": {k: registry.convert(v) for k, v in subprocess_specs.items()},
                }
            finally:
                registry._encoder_mode = False
        return json.dumps(
            dct, cls=self.serializer._encoder_cls, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

    def mark_stored(self, digest: str) -> None:
        """Its row is committed: saves stop checking for it."""
        self._stored.add(digest)
        self._pending.pop(digest, None)

    def hash_of(self, spec: ProcessSpec, subprocess_specs: Mapping[str, ProcessSpec]) -> str:
        known = self._by_object.get(id(spec))
        if known is not None and known[0] is spec:
            return known[1]
        return self.register(spec, subprocess_specs)[0]

    def get(self, digest: str) -> Specs | None:
        return self._by_hash.get(digest)

    def restore(self, digest: str, document: str) -> Specs:
        """Build the spec objects from their stored form (once per process and hash)."""
        cached = self._by_hash.get(digest)
        if cached is not None:
            return cached
        dct = json.loads(document)
        registry = self.serializer.registry
        spec = registry.restore(dct["spec"])
        subs = {k: registry.restore(v) for k, v in dct["subprocess_specs"].items()}
        with self._lock:
            cached = self._by_hash.setdefault(digest, (spec, subs))
            self._by_object[id(cached[0])] = (cached[0], digest)
            self._stored.add(digest)
        return cached


def dump_instance(serializer: BpmnWorkflowSerializer, wf: Any, digest: str) -> str:
    """The instance as JSON (tasks, data, events), naming its spec by hash."""
    registry = serializer.registry
    with _ENCODER_MODE:  # as serialize_json: leave datetimes etc. to the JSON encoder
        registry._encoder_mode = True
        try:
            dct = serializer.to_dict(wf)
        finally:
            registry._encoder_mode = False
    dct[serializer.VERSION_KEY] = serializer.VERSION
    dct[SPEC_HASH_KEY] = digest
    return json.dumps(dct, cls=serializer._encoder_cls, separators=(",", ":"))


def parse(document: str) -> dict[str, Any]:
    dct: dict[str, Any] = json.loads(document)
    return dct


def load_instance(
    serializer: BpmnWorkflowSerializer,
    dct: dict[str, Any],
    specs: tuple[Any, dict[str, Any]] | None,
) -> Any:
    """Restore a parsed document: an instance with its (cached) specs, or a legacy whole workflow."""
    dct.pop(SPEC_HASH_KEY, None)
    serializer.migrate(dct)  # older serializer versions (pops the version key)
    if specs is None:
        return serializer.from_dict(dct)
    return serializer.from_dict(dct, spec=specs[0], subprocess_specs=specs[1])


def compact(wf: Any) -> int:
    """Drop finished history from ``wf`` and its subprocesses; returns the number of tasks removed."""
    removed = _drop_finished_subprocesses(wf)
    removed += _compact_one(wf, wf)
    for sub in list(wf.subprocesses.values()):
        removed += _compact_one(sub, wf)
    return removed


def _drop_finished_subprocesses(wf: Any) -> int:
    """A completed call activity or subprocess has handed its data back: its task tree is not read again."""
    removed = _drop_orphaned_subprocesses(wf)
    for sp_id in list(wf.subprocesses):
        sub = wf.subprocesses.get(sp_id)
        if sub is None or not sub.completed:
            continue  # gone with its parent, or still running
        task = _task_or_none(wf, sp_id)
        if task is None or task.state != TaskState.COMPLETED:
            continue
        removed += len(wf.delete_subprocess(task))
    return removed


def _drop_orphaned_subprocesses(wf: Any) -> int:
    """Drop subprocesses whose task is gone, then theirs, and so on: the next load skips them anyway.

    A terminate end event in a called process cancels that process's tasks; the task of a
    multi-instance embedded subprocess still running there then drops its child tasks, and their
    subprocesses stay behind, keyed by ids no workflow holds. SpiffWorkflow's ``delete_subprocess``
    asks every subprocess for its parent workflow and fails on such an orphan.
    """
    removed = 0
    while True:
        orphans = [sp_id for sp_id in list(wf.subprocesses) if _task_or_none(wf, sp_id) is None]
        if not orphans:
            return removed
        for sp_id in orphans:
            removed += len(wf.subprocesses.pop(sp_id).tasks)


def task_data(wf: Any, task_id: str) -> dict[str, Any] | None:
    """The data of the workflow's task ``task_id`` (a HumanTask's ``spiff_task_id``); None without it."""
    task = _task_or_none(wf, UUID(task_id))
    return None if task is None else dict(task.data)


def _task_or_none(wf: Any, task_id: UUID) -> Any:
    try:
        return wf.get_task_from_id(task_id)
    except TaskNotFoundException:
        return None


def _structural(task: Any, top: Any) -> bool:
    spec = task.task_spec
    if isinstance(spec, SubWorkflowTask):
        return task.id in top.subprocesses
    return isinstance(spec, _STRUCTURAL)


def _compact_one(workflow: Any, top: Any) -> int:
    tasks = workflow.tasks
    root = workflow.task_tree
    removed = _collapse_boundary_rounds(workflow, top)
    for task in list(tasks.values()):
        if task is root or task.state != TaskState.COMPLETED or len(task._children) != 1:
            continue
        if _structural(task, top):
            continue
        parent = tasks.get(task._parent) if task._parent is not None else None
        child = tasks.get(task._children[0])
        if parent is None or child is None:
            continue
        if parent.state != TaskState.COMPLETED or child.state != TaskState.COMPLETED:
            continue
        if isinstance(parent.task_spec, _BRANCH_PARENTS) or isinstance(child.task_spec, (Join, EventSplit)):
            continue
        parent._children[parent._children.index(task.id)] = child.id
        child._parent = parent.id
        del tasks[task.id]
        if workflow.last_task is task:
            workflow.last_task = child
        removed += 1
    return removed


def _collapse_boundary_rounds(workflow: Any, top: Any) -> int:
    """Replace each finished boundary-event structure by the task that continued after it.

    A task with boundary events runs under a ``BoundaryEventSplit``: the split's children are the task
    and its events; the task's (or a fired event's) children are a ``BoundaryEventJoin``, which reads
    the split's children once, when it fires, and has no children, and the next element. Once the join
    has fired and that next element has completed, nothing reads the split, the task, the events or the
    join again (a later round's join finds its own, nearer split): the split's parent gets the next
    element as its child. Not when anything in the structure is still open, holds a subprocess, or is
    another join (an end event's join merges the data of its other instances' parents at the end).
    """
    removed = 0
    for split in list(workflow.tasks.values()):
        if not isinstance(split.task_spec, BoundaryEventSplit) or split.id not in workflow.tasks:
            continue
        parent = workflow.tasks.get(split._parent) if split._parent is not None else None
        nxt = _continuation(workflow, split)
        if parent is None or parent.state != TaskState.COMPLETED or nxt is None:
            continue
        dropped = _finished_structure(workflow, split, nxt, top)
        if dropped is None:
            continue
        parent._children[parent._children.index(split.id)] = nxt.id
        nxt._parent = parent.id
        for task in dropped:
            del workflow.tasks[task.id]
        if any(task is workflow.last_task for task in dropped):
            workflow.last_task = nxt
        removed += len(dropped)
    return removed


def _boundary_join_of(task: Any, split: Any) -> bool:
    spec = task.task_spec
    return isinstance(spec, BoundaryEventJoin) and spec.split_task == split.task_spec.name


def _continuation(workflow: Any, split: Any) -> Any:
    """The one completed task that followed the split's task or event (its join aside); else None."""
    if split.state != TaskState.COMPLETED:
        return None
    children = [workflow.tasks.get(child_id) for child_id in split._children]
    if None in children:
        return None
    following = [workflow.tasks.get(t_id) for child in children for t_id in child._children]
    candidates = [t for t in following if t is None or not _boundary_join_of(t, split)]
    if len(candidates) != 1 or candidates[0] is None:
        return None
    nxt = candidates[0]
    # a join merges its parent's data when a later instance of it runs; a finished multi-instance
    # compares its data with its parent's (what it merged back, services.engine.loop_data)
    if nxt.state != TaskState.COMPLETED or isinstance(nxt.task_spec, (Join, LoopTask)):
        return None
    return nxt


def _finished_structure(workflow: Any, split: Any, nxt: Any, top: Any) -> list[Any] | None:
    """The split and everything under it but ``nxt``'s branch, if all of it is finished history."""
    found, pending = [], [split]
    while pending:
        task = pending.pop()
        if task.state not in _FINISHED or task.id in top.subprocesses:
            return None
        if isinstance(task.task_spec, Join) and not _boundary_join_of(task, split):
            return None
        found.append(task)
        for child_id in task._children:
            child = workflow.tasks.get(child_id)
            if child is None:
                return None
            if child is not nxt:
                pending.append(child)
    return found
