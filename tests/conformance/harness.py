"""Run one BPMN model on the bare SpiffWorkflow library and through the platform; compare the outcome.

The bare run is the library as its own tests use it, with the parser the platform builds on:
``SpiffBpmnParser`` (the library's bpmn/ tests use the plain ``BpmnParser``; where that matters,
models/SOURCE.md says so), one process as a ``BpmnWorkflow`` with the default Python script engine, held
in memory. The platform run deploys the same file (deploy checks, sandboxed scripts), starts a case and
completes each task with ``cases.complete_task``, so every step is a stored transaction (state saved and
loaded again, projections written). Both runs complete the ready human task with the smallest element
id first, with the same answers, and are compared on the path (completed elements in order of
completion), on the end data and on the messages and signals left for the outside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from services import cases, deployments, step_effects, users
from services.engine.deploy import build_parser, build_specs, inspect_source
from services.platform import Platform
from services.store.models import Case, HumanTask
from services.workflow_store import load_workflow

#: Keys the platform adds to every case's data at the start.
PLATFORM_KEYS = ("zaak", "ontvangen")
MAX_STEPS = 200


@dataclass(frozen=True)
class Model:
    file: str
    process_id: str
    #: answers per element id, used for every instance of that element
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    start: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    path: list[str]
    data: dict[str, Any]
    finished: bool
    #: messages and signals the process threw that nothing inside it caught: (name, payload, correlations)
    thrown: list[tuple[str, Any, dict[str, Any]]] = field(default_factory=list)


def next_ready(wf: BpmnWorkflow) -> Any | None:
    ready = wf.get_tasks(state=TaskState.READY, manual=True)
    return min(ready, key=lambda t: t.task_spec.bpmn_id or "") if ready else None


def thrown(wf: BpmnWorkflow) -> list[tuple[str, Any, dict[str, Any]]]:
    """The events left for the outside (``BpmnWorkflow.get_events`` without taking them)."""
    return [(e.event_definition.name, e.payload, e.correlations) for e in wf.bpmn_events]


def end_data(wf: BpmnWorkflow) -> dict[str, Any]:
    return {k: v for k, v in wf.data.items() if k not in PLATFORM_KEYS}


def bare_path(wf: BpmnWorkflow) -> list[str]:
    """Completed elements in order of completion, also inside subprocesses that still run.

    Not ``get_tasks(state=COMPLETED)``: SpiffWorkflow's task iterator then skips the children of a task
    that is not completed itself, so what completed inside a running subprocess (a multi-instance
    subprocess waiting for a message) would be missing. The platform's step results read the whole
    tree (``WorkflowRuntime._collect``), and so does this.
    """
    done = [t for t in wf.get_tasks() if t.state == TaskState.COMPLETED and t.task_spec.bpmn_id is not None]
    done.sort(key=lambda t: t.last_state_change)
    return [t.task_spec.bpmn_id for t in done]


def bare_workflow(path: Path, process_id: str) -> BpmnWorkflow:
    """A new workflow of ``process_id`` in ``path``, parsed by the bare library (``SpiffBpmnParser``)."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(path))
    return BpmnWorkflow(parser.get_spec(process_id), parser.get_subprocess_specs(process_id))


def started(path: Path, process_id: str, parser_kind: str, **start: Any) -> BpmnWorkflow:
    """A workflow of ``process_id`` in ``path``, its ready tasks given ``start``, run to its first wait.

    ``parser_kind`` "bare": parsed by the bare library; "engine": by the engine's own parser and specs,
    without the deploy checks (what the deploy would refuse still runs)."""
    if parser_kind == "bare":
        wf = bare_workflow(path, process_id)
    else:
        source, _ = inspect_source(path.name, path.read_text(encoding="utf-8"))
        wf = BpmnWorkflow(*build_specs(build_parser([source]), process_id))
    for task in wf.get_tasks(state=TaskState.READY):
        task.set_data(**start)
    wf.do_engine_steps()
    return wf


def bare(path: Path, model: Model) -> Outcome:
    wf = started(path, model.process_id, "bare", **model.start)
    for _ in range(MAX_STEPS):
        wf.do_engine_steps()
        task = next_ready(wf)
        if task is None:
            break
        task.set_data(**model.answers.get(task.task_spec.bpmn_id, {}))
        task.run()
    wf.do_engine_steps()
    return Outcome(bare_path(wf), end_data(wf), wf.is_completed(), thrown(wf))


def _stored(platform: Platform, case_id: int) -> BpmnWorkflow:
    with platform.uow(write=False) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return load_workflow(platform, uow.session, case)


def _row_of(platform: Platform, case_id: int, spiff_id: str) -> int:
    with platform.uow(write=False) as uow:
        row = (
            uow.session.query(HumanTask)
            .filter(
                HumanTask.case_id == case_id, HumanTask.spiff_task_id == spiff_id, HumanTask.state == "open"
            )
            .one()
        )
        return row.id


def on_platform(platform: Platform, path: Path, model: Model) -> Outcome:
    """The path is what the platform recorded step by step (StepResult.completed), not the stored tree."""
    deployments.deploy(platform, deployments.read_files([path]))
    # the library's models mostly have no lanes: their tasks are the municipality's staff's who may see
    # the case (services/policy/tasks.py), so the tester is the beheerder, who sees every case
    users.add_user(platform, "tester", groups=sorted(set(_lanes(path))) or ["Conformance"], role="beheerder")
    path_seen: list[str] = []
    with step_effects.observe(lambda facts: path_seen.extend(c["bpmn_id"] for c in facts.result.completed)):
        case_id = cases.start_case(platform, model.process_id, dict(model.start))["id"]
        for _ in range(MAX_STEPS):
            task = next_ready(_stored(platform, case_id))
            if task is None:
                break
            answers = dict(model.answers.get(task.task_spec.bpmn_id, {}))
            cases.complete_task(platform, _row_of(platform, case_id, str(task.id)), "tester", answers)
    wf = _stored(platform, case_id)
    return Outcome(path_seen, end_data(wf), wf.is_completed(), thrown(wf))


def _lanes(path: Path) -> list[str]:
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    return [
        lane.get("name") or lane.get("id")
        for lane in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}lane")
    ]
