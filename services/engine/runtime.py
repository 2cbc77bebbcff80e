"""Run SpiffWorkflow steps and read what the projections need from the result.

``WorkflowRuntime`` knows SpiffWorkflow; callers (services.cases) know the database. One call =
one action (start, complete a task, deliver a message, fire timers) followed by engine steps, or a
reread of the open tasks without any, all under the injected clock and a StepContext that registered
services write their effects to.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.message import (
    MessageEventDefinition as BaseMessageEventDefinition,
)
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from processes.errors import NotFound
from processes.templating import fill, fill_public

from . import context as step_context
from . import loop_data, message_checks, spiff_config, state, step_depth, step_errors, timer_milestone
from .compat import PayloadMessageEventDefinition
from .context import StepContext
from .hot import HotInstances
from .outcome import (
    ORGANISATIONS_VARIABLE,
    case_organisations,
    loop_instances,
    model_of,
    offered_choices,
    properties,
    task_due,
)
from .outcome import CorrelationMissing as CorrelationMissing
from .outcome import NotWaiting as NotWaiting
from .outcome import OpenTask as OpenTask
from .outcome import ProcessError as ProcessError
from .outcome import ScriptLimitError as ScriptLimitError
from .outcome import StepResult as StepResult
from .outcome import wrapped as _wrapped
from .scripting import RestrictedEnvironment, RestrictedScriptEngine, ScriptLimitExceeded
from .timeclock import timer_definitions, timers_held
from .types import ProcessSpec, Workflow, spiff

SERIALIZER_VERSION = state.INSTANCE_FORMAT
log = logging.getLogger(__name__)


def task_texts(task_spec: Any) -> dict[str, str | None]:
    """The model's text templates of an open task (``{veld}`` placeholders filled from its data): its
    name, the officer's instructions and the reason it was routed (``reden``)."""
    ext = getattr(task_spec, "extensions", None) or {}
    return {
        "name": task_spec.bpmn_name or task_spec.bpmn_id,
        "instructions": ext.get("instructionsForEndUser"),
        "reason": properties(task_spec).get("reden"),
    }


class WorkflowRuntime:
    def __init__(
        self,
        helpers: dict[str, Any],
        services: dict[str, Any],
        *,
        transient: step_errors.Transient = lambda _exc: False,
    ):
        """``transient``: which errors of the platform's own infrastructure a step raises as they are, not as
        the model's ProcessError (services.engine.step_errors): a service task's query that lost its
        connection or a race is no fault of the model, and no incident of its case."""
        spiff_config.check_version()
        self.transient = transient
        self.environment = RestrictedEnvironment(helpers, services)
        self.script_engine = RestrictedScriptEngine(self.environment)
        self.serializer = state.make_serializer()
        self.specs = state.SpecBook(self.serializer)
        self.instances = HotInstances()  # sized by Settings.hot_instances (services.workflow_store)

    # -- state (see services.engine.state) -------------------------------------------------------
    def dump(self, workflow: Workflow) -> str:
        """The instance without its spec (named by hash), finished history compacted first."""
        wf = spiff(workflow)
        state.compact(wf)
        try:
            return state.dump_instance(self.serializer, wf, self.specs.hash_of(wf.spec, wf.subprocess_specs))
        except (TypeError, ValueError) as exc:  # a script stored a value that is not data (range, function)
            raise ProcessError(
                f"De procesgegevens bevatten een waarde die niet kan worden opgeslagen: {exc}."
            ) from exc

    def load(self, document: str, fetch_spec: Callable[[str], str | None] | None = None) -> Workflow:
        """Restore a case; its spec comes from this process's cache, else from ``fetch_spec(hash)``."""
        dct = state.parse(document)
        digest = dct.get(state.SPEC_HASH_KEY)
        specs = None
        if digest is not None:
            specs = self.specs.get(digest)
            if specs is None:
                stored = fetch_spec(digest) if fetch_spec is not None else None
                if stored is None:
                    raise ProcessError(f"Het procesmodel {digest[:12]} van deze zaak is niet opgeslagen.")
                specs = self.specs.restore(digest, stored)
        wf = state.load_instance(self.serializer, dct, specs)
        wf.script_engine = self.script_engine
        return cast(Workflow, wf)

    # -- actions -------------------------------------------------------------------------------
    def start(
        self,
        spec: ProcessSpec,
        subprocess_specs: Mapping[str, ProcessSpec],
        data: dict[str, Any],
        ctx: StepContext,
    ) -> tuple[Workflow, StepResult]:
        try:
            wf = BpmnWorkflow(spec, subprocess_specs, script_engine=self.script_engine)
        except Exception as exc:  # noqa: BLE001 - a spec the engine cannot instantiate
            raise ProcessError(f"Het proces kan niet worden gestart: {type(exc).__name__}: {exc}") from exc
        for task in wf.get_tasks(state=TaskState.READY):
            task.set_data(**data)
        return cast(Workflow, wf), self._run(wf, ctx, lambda: None)

    def complete(
        self,
        workflow: Workflow,
        spiff_task_id: str,
        data: dict[str, Any],
        ctx: StepContext,
        *,
        hold_timers: bool = False,
    ) -> StepResult:
        wf = spiff(workflow)
        task = self._ready_task(wf, spiff_task_id)

        def act() -> None:
            task.set_data(**data)
            task.run()

        with timers_held(hold_timers):
            return self._run(wf, ctx, act)

    def send_message(
        self,
        workflow: Workflow,
        name: str,
        payload: dict[str, Any],
        ctx: StepContext,
        *,
        merge_ok: bool = True,
        hold_timers: bool = False,
    ) -> StepResult:
        """``merge_ok`` False (an outside sender): refused when the model catches the message without a
        messageVariable, which would merge its payload into the process data (see services.deploy_senders).
        ``hold_timers`` (here and in ``complete``; ``cases.holds_timers``: paused or in incident): no timer
        fires in the step, however due (``timers_held``); ``next_timer_at`` says when the scheduler will."""
        wf = spiff(workflow)
        event = BpmnEvent(PayloadMessageEventDefinition(name), payload)
        found = message_checks.definitions(wf, name)  # one walk over the model for both checks
        if not merge_ok:
            message_checks.check_no_merge(found, name, ctx)
        message_checks.check_correlation(self.environment, found, name, payload)

        def act() -> None:
            # also reaches message start events of event subprocesses, which are not waiting tasks
            if wf.event_manager.catch(event, internal=False) == 0:
                raise NotWaiting(f"Zaak {ctx.case_reference} wacht niet op bericht '{name}'.")

        with timers_held(hold_timers):
            result = self._run(wf, ctx, act)
        result.message_variables = message_checks.caught_into(found)
        return result

    def fire_timers(self, workflow: Workflow, ctx: StepContext) -> StepResult:
        wf = spiff(workflow)
        return self._run(wf, ctx, wf.refresh_timers)

    def reread(self, workflow: Workflow, ctx: StepContext) -> StepResult:
        """A step without an action: the open tasks' properties (their ``keuzes``) read again under the
        step's context, after what they ask changed outside the engine (a besluit letter made final). No
        engine step runs, so no timer is armed or fired (SpiffWorkflow ends every ``do_engine_steps`` by
        refreshing the timers): a due timer stays the scheduler's. Nothing completes in it."""
        with self._stepping(ctx):
            return self._collect(spiff(workflow), started=float("inf"))

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _ready_task(wf: BpmnWorkflow, spiff_task_id: str) -> Any:
        for task in wf.get_tasks(state=TaskState.READY, manual=True):
            if str(task.id) == spiff_task_id:
                return task
        raise NotFound(f"Taak {spiff_task_id} staat niet (meer) open in dit proces.")

    def _run(self, wf: BpmnWorkflow, ctx: StepContext, act: Any) -> StepResult:
        started = time.time()  # SpiffWorkflow stamps state changes with time.time()
        with self._stepping(ctx):
            loops = bool(loop_data.loop_items(wf))  # the specs of a step do not change: asked once
            if loops:
                self._drop_loop_leftovers(wf, ctx)
            act()
            depth = step_depth.StepDepth()  # per step: where it began in each (sub)process
            wf.do_engine_steps(did_complete_task=lambda task: self._after_task(wf, ctx, task, loops, depth))
            return self._collect(wf, started)

    @contextmanager
    def _stepping(self, ctx: StepContext) -> Iterator[None]:
        """Within: the step's context (services.engine.context), what it raises (services.engine.step_errors)."""
        with step_context.step(ctx), step_errors.mapped(ctx.case_reference, self.transient):
            yield

    @classmethod
    def _after_task(cls, wf: BpmnWorkflow, ctx: StepContext, task: Any, loops: bool, depth: Any) -> None:
        depth.check(task)
        # a join copies its inputs' data again
        if loops and (loop_data.merges_back(task) or loop_data.is_join(task)):
            cls._drop_loop_leftovers(wf, ctx)

    @staticmethod
    def _drop_loop_leftovers(wf: BpmnWorkflow, ctx: StepContext) -> None:
        """A multi-instance leaves no loop variables behind, also in a case whose model let them leak
        (services.engine.loop_data): else a later multi-instance with that item refuses to start."""
        dropped = loop_data.drop_leftovers(wf)
        if dropped:
            log.info("case %s: dropped leftover multi-instance data %s", ctx.case_reference, dropped)

    def _collect(self, wf: BpmnWorkflow, started: float) -> StepResult:
        """One pass over the task tree: what completed in this step, and what is active now."""
        result = StepResult(finished=bool(wf.completed))
        done, active, idle = [], [], []
        for t in wf.get_tasks():
            if t.state == TaskState.COMPLETED:
                if t.last_state_change >= started:
                    done.append(t)
            elif t.state & (TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                active.append(t)
        done.sort(key=lambda t: t.last_state_change)
        for t in done:
            spec = t.task_spec
            bpmn_id = getattr(spec, "bpmn_id", None)
            if bpmn_id is None:
                continue
            props = properties(spec)
            result.completed.append(
                {
                    "bpmn_id": bpmn_id,
                    "name": fill(getattr(spec, "bpmn_name", None) or bpmn_id, t.data),
                    "type": type(spec).__name__,
                    "properties": props,
                    "data": t.data,
                    "spiff_task_id": str(t.id),
                    "manual": bool(spec.manual),
                    "loops": loop_instances(t) if spec.manual else {},
                }
            )
            if "fase" in props:
                result.phase = props["fase"]
            if "resultaat" in props:
                result.end_result = fill_public(props["resultaat"], t.data, where=bpmn_id)
        for t in active:
            spec = t.task_spec
            props = properties(spec)
            if getattr(spec, "bpmn_id", None) is None:
                continue
            if "fase" in props:
                result.phase = props["fase"]
            if spec.manual and t.state == TaskState.READY:
                result.open_tasks.append(self._open_task(t, props))
            elif t.state == TaskState.WAITING:
                result.waiting.extend(self._waits_of(t, props))
            elif t.state == TaskState.READY and not spec.manual:
                idle.append(t)
        nxt = timer_milestone.next_timer(wf, [t for t in idle if timer_definitions(t.task_spec)])
        if nxt is not None:
            result.next_timer_at, result.next_timer_day, result.next_timer_wat = nxt
        result.stalled = sorted(
            {str(t.task_spec.bpmn_id) for t in idle if not timer_definitions(t.task_spec)}
        )
        result.expected_messages, result.waiting_elements = self._waiting(wf)
        return result

    def waiting(self, workflow: Workflow) -> list[dict[str, Any]]:
        """What the case waits for now, as its last step found it (``StepResult.waiting``, same order),
        without a step: for a case whose steps did not record it (the first release)."""
        wf = spiff(workflow)
        return [
            wait
            for t in wf.get_tasks(state=TaskState.WAITING)
            if getattr(t.task_spec, "bpmn_id", None) is not None
            for wait in self._waits_of(t, properties(t.task_spec))
        ]

    @staticmethod
    def _waits_of(t: Any, props: dict[str, str]) -> list[dict[str, Any]]:
        """The waits of a waiting task: its ``wacht_op`` and ``houder``, filled from its data; an
        event-based gateway waits for the events that follow it."""
        return [
            {
                "bpmn_id": t.task_spec.bpmn_id,
                "wacht_op": fill_public(p["wacht_op"], t.data, where=t.task_spec.bpmn_id),
                "houder": fill_public(p["houder"], t.data, where=t.task_spec.bpmn_id)
                if p.get("houder")
                else None,
            }
            for p in [props] + [properties(o) for o in getattr(t.task_spec, "outputs", [])]
            if "wacht_op" in p
        ]

    def _open_task(self, t: Any, props: dict[str, str]) -> OpenTask:
        spec = t.task_spec
        groups: list[str] = []
        if "kandidaatgroepen" in props:
            value = self._property(t, "kandidaatgroepen", props["kandidaatgroepen"])
            groups = [value] if isinstance(value, str) else [str(v) for v in value or []]
        elif spec.lane:
            groups = [spec.lane]
        form = None
        if props.get("formulier"):
            try:
                form = json.loads(props["formulier"])
            except ValueError as exc:
                raise ProcessError(
                    f"Element '{spec.bpmn_id}': eigenschap 'formulier' is geen geldige JSON ({exc}).",
                    element=spec.bpmn_id,
                ) from exc
        if form is not None and props.get("keuzes"):  # the choices the case data leave (MODELLING.md)
            form = offered_choices(spec.bpmn_id, form, self._property(t, "keuzes", props["keuzes"]))
        due = None
        if props.get("termijn"):
            due = task_due(spec.bpmn_id, self._property(t, "termijn", props["termijn"]))
        texts = {key: fill(text, t.data) if text else None for key, text in task_texts(spec).items()}
        return OpenTask(
            spiff_task_id=str(t.id),
            bpmn_id=spec.bpmn_id,
            name=texts["name"] or spec.bpmn_id,
            lane=spec.lane,
            candidate_groups=groups,
            form_schema=form,
            instructions=texts["instructions"],
            reason=texts["reason"],
            due_on=due,
            properties=props,
            organisations=case_organisations(t.data.get(ORGANISATIONS_VARIABLE)),
            loops=loop_instances(t),
            process_id=model_of(t),
        )

    def _property(self, t: Any, prop: str, expression: str) -> Any:
        """An expression in an element property (kandidaatgroepen, termijn), evaluated on the task data."""
        try:
            return self.script_engine.evaluate(t, expression)
        except WorkflowTaskException as exc:
            inner = _wrapped(exc)
            if isinstance(inner, ScriptLimitExceeded):
                raise
            spec = t.task_spec
            where = f"element '{spec.bpmn_id}'" + (f" ({spec.bpmn_name})" if spec.bpmn_name else "")
            if isinstance(inner, NameError) and getattr(inner, "name", None):
                reason = f"de naam '{inner.name}' bestaat niet in de zaakgegevens of de toegestane functies"
                if prop == "kandidaatgroepen" and expression.strip() == inner.name:
                    reason += f'; zet een groepnaam tussen aanhalingstekens: "{inner.name}"'
            else:
                reason = (
                    f"de expressie '{expression.strip()[:80]}' gaf een fout ({type(inner or exc).__name__})"
                )
            raise ProcessError(
                f"Fout in eigenschap '{prop}' van {where}: {reason}.", element=spec.bpmn_id
            ) from exc

    @staticmethod
    def _waiting(wf: BpmnWorkflow) -> tuple[list[str], list[str]]:
        """Messages the workflow waits for, and the waiting elements as drawn in the case's own model."""
        messages: set[str] = set()
        elements: set[str] = set()
        for task in list(wf.event_manager.tasks.values()):
            bpmn_id = getattr(task.task_spec, "bpmn_id", None)
            if bpmn_id:
                elements.add(str(bpmn_id))
            # an event-based gateway waits for all the events after it as one "multiple" event
            ed = task.task_spec.event_definition
            for d in ed.event_definitions if isinstance(ed, MultipleEventDefinition) else [ed]:
                if isinstance(d, BaseMessageEventDefinition) and d.name:
                    messages.add(str(d.name))
            # an event inside a called process: the case's own diagram shows the call activity
            parent = task
            while getattr(parent.workflow, "parent_task_id", None) is not None:
                parent = wf.get_task_from_id(parent.workflow.parent_task_id)
                if parent is None:
                    break
                if parent.workflow is wf and getattr(parent.task_spec, "bpmn_id", None):
                    elements.add(str(parent.task_spec.bpmn_id))
        return sorted(messages), sorted(elements)
