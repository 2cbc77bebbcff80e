"""Which open task of a case takes a besluit, and with which outcomes.

Today's models declare it with the element property ``besluit`` (kept in the task's stored form under
``x-besluit``, services/taakdocumenten.py). A model from before that property (the first release's
omgevingsvergunning) has none, yet its case is completed by the same operator ``besluit_vastleggen``,
which demands the final besluit letter: without a way to make that letter such a case could never be
decided. Running cases stay on their model version, so the rule is read from the case's own version
(its process and the processes it calls): a user task that the ``besluit_vastleggen`` service task
directly follows takes a besluit, with the outcomes its form offers for the field ``besluit`` (its
``enum``). The letter is then made in that task as in a task that declares the property, and the
operator finds it as it does today.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Protocol

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import TaskState
from services.bpmn_diagram import element_form
from services.engine.process_elements import service_operator
from services.engine.state import task_data
from services.platform import Platform
from services.store.models import Case, HumanTask, ModelFile, ProcessDefinition
from services.taakdocumenten import BESLUIT_PROPERTY, besluit_outcomes
from services.workflow_store import read_workflow
from services.xml_safe import parse_model_xml

#: the operator that records a besluit and demands its final letter (services/domain/vergunning.py)
BESLUIT_OPERATOR = "besluit_vastleggen"

#: {user task id: outcomes} of a deployed version, by "bundle hash:process id": a version never changes
_BY_VERSION: dict[str, dict[str, list[str]]] = {}
_LOCK = threading.Lock()


def _local(node: Any) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _form_outcomes(task: Any) -> list[str]:
    """The choices of the form field ``besluit`` of a user task (its property ``formulier``)."""
    field = ((element_form(task) or {}).get("properties") or {}).get(BESLUIT_PROPERTY) or {}
    choices = field.get("enum") if isinstance(field, dict) else None
    return [str(c) for c in choices] if isinstance(choices, list) else []


def _processes(sources: Iterable[str]) -> dict[str, Any]:
    """{process id: its element} of the BPMN sources."""
    found: dict[str, Any] = {}
    for source in sources:
        for node in parse_model_xml(source, comments=False).iter():
            if _local(node) == "process" and node.get("id"):
                found[str(node.get("id"))] = node
    return found


def _in_process(process: Any) -> dict[str, list[str]]:
    """{user task id: outcomes} of the undeclared besluit tasks of one process (its subprocesses too)."""
    nodes = {n.get("id"): n for n in process.iter() if isinstance(n.tag, str) and n.get("id")}
    found: dict[str, list[str]] = {}
    for flow in nodes.values():
        if _local(flow) != "sequenceFlow":
            continue
        task, target = nodes.get(flow.get("sourceRef")), nodes.get(flow.get("targetRef"))
        if task is None or target is None or _local(task) != "userTask":
            continue
        declared = any(_local(p) == "property" and p.get("name") == BESLUIT_PROPERTY for p in task.iter())
        outcomes = _form_outcomes(task)
        if service_operator(target) == BESLUIT_OPERATOR and outcomes and not declared:
            found[str(task.get("id"))] = outcomes
    return found


def undeclared_besluit_tasks(sources: Iterable[str], process_id: str) -> dict[str, list[str]]:
    """{user task id: outcomes} of the user tasks that the besluit operator directly follows, that do not
    declare the property ``besluit`` and whose form offers outcomes: in process ``process_id`` of these
    BPMN sources and in the processes it calls (a windpark's permit)."""
    processes = _processes(sources)
    found: dict[str, list[str]] = {}
    todo, seen = [process_id], set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in processes:
            continue
        seen.add(pid)
        found.update(_in_process(processes[pid]))
        todo += [str(n.get("calledElement")) for n in processes[pid].iter() if n.get("calledElement")]
    return found


def _of_version(s: Session, definition_id: int) -> dict[str, list[str]]:
    """:func:`undeclared_besluit_tasks` of a deployed version, from the model files of its bundle; read
    and parsed once per process."""
    pd = s.get(ProcessDefinition, definition_id)
    if pd is None:
        return {}
    key = f"{pd.bundle_hash}:{pd.process_id}"
    with _LOCK:
        hit = _BY_VERSION.get(key)
    if hit is None:
        sources = s.scalars(
            select(ModelFile.source)
            .where(ModelFile.content_hash.in_(pd.file_hashes), ModelFile.kind == "bpmn")
            .order_by(ModelFile.content_hash)
        ).all()
        hit = undeclared_besluit_tasks(sources, pd.process_id)
        with _LOCK:
            _BY_VERSION[key] = hit
    return hit


class BesluitTask(Protocol):
    """What :func:`task_besluit_outcomes` reads of a task: a ``HumanTask``, or a row of these columns."""

    @property
    def form_schema(self) -> dict[str, Any] | None: ...
    @property
    def bpmn_id(self) -> str: ...
    @property
    def case_id(self) -> int: ...


class OnVersion(Protocol):
    """What :func:`task_besluit_outcomes` reads of a task's case: a ``Case``, or a row with its version."""

    @property
    def definition_id(self) -> int: ...


def task_besluit_outcomes(s: Session, task: BesluitTask, case: OnVersion | None = None) -> list[str]:
    """The outcomes of the besluit taken in ``task``: as its model declares them, else as its case's
    own model version implies them (see the module); empty when the task takes none."""
    declared = besluit_outcomes(task.form_schema)
    if declared:
        return declared
    case = case if case is not None else s.get(Case, task.case_id)
    return list(_of_version(s, case.definition_id).get(task.bpmn_id, [])) if case is not None else []


def open_besluit_task(s: Session, case: Case) -> tuple[HumanTask, list[str]] | None:
    """The case's open task in which a besluit is taken, with its outcomes; None when it has none."""
    open_tasks = s.scalars(
        select(HumanTask)
        .where(HumanTask.case_id == case.id, HumanTask.state == TaskState.OPEN)
        .order_by(HumanTask.id)
    )
    for task in open_tasks:
        outcomes = task_besluit_outcomes(s, task, case)
        if outcomes:
            return task, outcomes
    return None


def besluit_gegevens(platform: Platform, s: Session, case: Case, task: HumanTask | None) -> dict[str, Any]:
    """What a besluit in ``task`` is taken on: the case's recorded ``gegevens`` with the open besluit task's
    own data over them. The recorded ones are those of the last task completed on any branch, so a step
    on a side branch (the beslistermijn's bewaking) left them without the adviezen and adviseurs the
    instemming check and the letter read (fixer brief11, session 11); the task's own data carry them."""
    known = dict(case.typed_summary.gegevens or {})
    if task is None or not task.spiff_task_id:
        return known
    own = task_data(read_workflow(platform, s, case), task.spiff_task_id) or {}
    return {**known, **{k: v for k, v in own.items() if not k.startswith(("_", "spiff__"))}}
