"""Drivers for the engine_step benchmark: one case through the service, the same case bare in memory.

A model is driven by a loop of actions ("complete" a user task, or deliver a "message"); the timed
action is the completion. ``ServiceCase`` runs them through services.cases on SQLite (lock, load,
act, engine steps, save state and projections, commit); ``BareCase`` runs the same actions on a
SpiffWorkflow workflow held in memory, with the platform's script engine and step context (the
model's services need them) and, when asked, one ``serialize_json``/``deserialize_json`` round trip
of the stock serializer around the step. Only public service functions and tables that exist since
the first release are used, so the script also runs against older checkouts.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PERCEEL = "POLYGON ((190000 445000, 190040 445000, 190040 445030, 190000 445030, 190000 445000))"
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
#: SpiffWorkflow.util.task.TaskIterator's default max_depth: get_tasks sees no task below it
SPIFF_MAX_DEPTH = 1000


class BareDepthLimit(RuntimeError):
    """The bare workflow lost its open task below SpiffWorkflow's iterator depth (not a harness error)."""


@dataclass(frozen=True)
class Timing:
    """One timed action: wall clock and this process's CPU time, in milliseconds."""

    wall_ms: float
    cpu_ms: float


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> Timing:
    wall, cpu = clocks()
    return Timing((wall - start[0]) * 1000, (cpu - start[1]) * 1000)


@dataclass
class Model:
    name: str
    process_id: str
    files: list[Path]
    loop: list[tuple[str, str, dict[str, Any]]]
    start_data: dict[str, Any] = field(default_factory=dict)
    users: dict[str, list[str]] = field(default_factory=lambda: {"anna": ["Vergunningen"]})


PERMIT = Model(
    name="omgevingsvergunning",
    process_id="omgevingsvergunning",
    files=[
        ROOT / "bpmn" / "omgevingsvergunning.bpmn",
        ROOT / "bpmn" / "procedurekeuze.dmn",
        ROOT / "bpmn" / "advies-routering.dmn",
    ],
    # the aanvulling loop: not complete -> request -> supplement arrives -> judge again
    loop=[
        (
            "complete",
            "ontvankelijkheid",
            {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
        ),
        ("message", "aanvulling", {}),
    ],
    start_data={"activiteiten": ["technische_bouwactiviteit"]},
)
REWORK = Model(
    name="rework_loop",
    process_id="bench_lus",
    files=[ROOT / "tests" / "fixtures" / "bpmn" / "bench_lus.bpmn"],
    loop=[("complete", "beoordelen", {"klaar": False})],
)


def fake_locatiecheck(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
    """The locatiecheck of the permit model without GIS layers: one fixed department."""
    return {
        "afdelingen": ["Milieu"],
        "hoogste_ernst": "waarschuwing",
        "aantal": 1,
        "conflicten": [
            {
                "regel": "bench",
                "laag": "bench",
                "ernst": "waarschuwing",
                "afdeling": "Milieu",
                "beschrijving": "-",
            }
        ],
        "soort": soort,
    }


#: with ``effects``: ZGW is configured, so every step enqueues its zaakregistratie messages in the outbox
#: (nothing is delivered: no worker runs), and the initiator gets mail; as a municipality runs it
ZGW_SETTINGS = {"zgw_zaken_url": "http://zgw.invalid/zaken/api/v1"}
INITIATOR = {
    "initiator": "J. de Vries",
    "initiator_type": "natuurlijk_persoon",
    "initiator_email": "jdv@example.org",
}


def make_platform(folder: Path, model: Model, *, effects: bool = False) -> Any:
    from services import deployments, users
    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform

    extra: dict[str, Any] = dict(ZGW_SETTINGS) if effects else {}
    platform = Platform.create(
        Settings(instance_dir=folder, database_url=f"sqlite:///{folder / 'bench.db'}", **extra),
        FixedClock(START),
    )
    platform.registry.service("locatiecheck", fake_locatiecheck, "benchmark: vaste afdeling")
    deployments.deploy(platform, deployments.read_files(model.files))
    for name, groups in model.users.items():
        # officers of the municipality: a behandelaar may register a letter (aanvulling) for the initiator
        users.add_user(platform, name, groups=groups, role="vergunningverlener")
    return platform


def start_case(platform: Any, model: Model, *, effects: bool = False) -> dict[str, Any]:
    from services import cases

    return cases.start_case(
        platform,
        model.process_id,
        dict(model.start_data),
        user="anna",
        geometry_wkt=PERCEEL,
        title="Benchmark",
        location_name="Dorpsstraat 1",
        **(INITIATOR if effects else {}),
    )


class ServiceCase:
    def __init__(self, model: Model, *, effects: bool = False):
        self.model = model
        self.folder = tempfile.TemporaryDirectory()
        self.platform = make_platform(Path(self.folder.name), model, effects=effects)
        self.case = start_case(self.platform, model, effects=effects)
        self.steps = 0

    def act(self, kind: str, name: str, data: dict[str, Any]) -> Timing:
        from sqlalchemy import select

        from services import cases
        from services.store.models import HumanTask

        # an officer's step comes a minute after the previous one, the supplement an hour after the
        # request: steps at distinct moments, as on a real clock. Not a day: a supplement the day after its
        # request suspends nothing (Awb 4:15 lid 1), so a long loop would outrun the beslistermijn
        self.platform.clock.advance(**({"hours": 1} if kind == "message" else {"minutes": 1}))
        if kind == "message":
            t0 = clocks()
            cases.send_message(self.platform, self.case["zaak"], name, dict(data), actor="anna")
        else:
            with self.platform.uow(write=False) as uow:
                task_id = uow.session.scalar(
                    select(HumanTask.id).where(
                        HumanTask.case_id == self.case["id"],
                        HumanTask.state == "open",
                        HumanTask.bpmn_id == name,
                    )
                )
            if task_id is None:
                raise RuntimeError(f"no open task '{name}' after {self.steps} steps")
            t0 = clocks()
            cases.complete_task(self.platform, task_id, "anna", dict(data))
        self.steps += 1
        return since(t0)

    def close(self) -> None:
        self.platform.close()
        self.folder.cleanup()


class BareCase:
    """The same case as plain SpiffWorkflow in memory (``roundtrip``: one serialize/deserialize per step)."""

    def __init__(self, model: Model, platform: Any):
        from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
        from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
        from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
        from SpiffWorkflow.util.task import TaskState

        from services.clock import FixedClock
        from services.engine.spiff_config import RuimteflowBpmnParser, register_converters

        self.model, self.platform = model, platform
        self.clock = FixedClock(START)
        self.engine = platform.runtime.script_engine
        self.serializer = BpmnWorkflowSerializer(
            register_converters(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
        )
        parser = RuimteflowBpmnParser()
        for f in model.files:
            (parser.add_dmn_file if f.suffix == ".dmn" else parser.add_bpmn_file)(str(f))
        spec, subs = parser.get_spec(model.process_id), parser.get_subprocess_specs(model.process_id)
        self.wf = BpmnWorkflow(spec, subs, script_engine=self.engine)
        data = dict(model.start_data, zaak="Z-BENCH", ontvangen=START.date().isoformat())
        for task in self.wf.get_tasks(state=TaskState.READY):
            task.set_data(**data)
        self._run(lambda: None)
        self.steps = 0

    def _ctx(self) -> Any:
        from services.engine.context import StepContext

        return StepContext(
            clock=self.clock,
            case_id=1,
            case_reference="Z-BENCH",
            geometry_wkt=PERCEEL,
            settings=self.platform.settings,
            procedure=self.model.name,
        )

    def _run(self, act: Any) -> None:
        from services.engine import context as step_context

        with step_context.step(self._ctx()):
            act()
            self.wf.do_engine_steps()

    def act(self, kind: str, name: str, data: dict[str, Any], *, roundtrip: bool = False) -> Timing:
        if kind == "message":  # the supplement arrives an hour after the request (as ServiceCase)
            self.clock.advance(hours=1)
        document = self.serializer.serialize_json(self.wf) if roundtrip else None
        t0 = clocks()
        if document is not None:
            self.wf = self.serializer.deserialize_json(document)
            self.wf.script_engine = self.engine
        self._run(lambda: self._act(kind, name, data))
        if roundtrip:
            self.serializer.serialize_json(self.wf)
        self.steps += 1
        return since(t0)

    def _act(self, kind: str, name: str, data: dict[str, Any]) -> None:
        from SpiffWorkflow.bpmn.util.event import BpmnEvent
        from SpiffWorkflow.util.task import TaskState

        from services.engine.compat import PayloadMessageEventDefinition

        if kind == "message":
            # the platform's parser builds its message catch events with this definition (it keeps the
            # payload of plain BPMN models); an event of SpiffWorkflow's own class would not match them
            event = BpmnEvent(PayloadMessageEventDefinition(name), dict(data))
            if self.wf.event_manager.catch(event, internal=False) == 0:
                raise self._missing(f"message catch event '{name}'")
            return
        ready = [
            t
            for t in self.wf.get_tasks(state=TaskState.READY, manual=True)
            if getattr(t.task_spec, "bpmn_id", None) == name
        ]
        if not ready:
            raise self._missing(f"READY task '{name}'")
        ready[0].set_data(**data)
        ready[0].run()

    def _missing(self, what: str) -> RuntimeError:
        """Why ``what`` was not found: SpiffWorkflow's task iterator stops at depth ``SPIFF_MAX_DEPTH``,
        and a loop in an uncompacted workflow grows the tree by a few levels per round."""
        depth, task = 0, self.wf.last_task
        while task is not None:
            depth, task = depth + 1, task.parent
        if depth >= SPIFF_MAX_DEPTH:
            return BareDepthLimit(
                f"no {what} after {self.steps} steps: the bare task tree is {depth} deep and "
                f"SpiffWorkflow's task iterator stops at depth {SPIFF_MAX_DEPTH} (the bare workflow is not "
                "compacted; the service's is)"
            )
        return RuntimeError(f"no {what} after {self.steps} steps")
