"""engine_step_floor: what a durable completion costs at the least, next to the service's completion.

On the rework-loop model after 10 steps (issue #12, engine_step), on the case's own SQLite database:

- ``bare``: the SpiffWorkflow step in memory (as engine_step's bare side);
- ``state``: the platform's own load + dump of the case's stored instance (no stock serializer);
- ``commit``: one write transaction that only bumps the case's version (BEGIN IMMEDIATE, UPDATE, COMMIT);
- ``minimal_sql``: the least SQL of a completion, through SQLAlchemy Core: lock and read the case and
  its instance, close the task, write the instance and the case's version, one event, the next task,
  commit (no subscriber, no projection beyond the inbox row);
- ``floor``: bare + state + minimal_sql, as a ratio to bare: a durable step in this design cannot be
  cheaper, so a goal below that ratio is out of reach without another store.
- ``service``: services.cases.complete_task, as engine_step measures it.

Run: python -m tests.benchmarks.bench_step_floor [--rounds 40]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from typing import Any

from tests.benchmarks.common import emit, loadavg
from tests.benchmarks.engine_harness import REWORK, BareCase, ServiceCase, Timing, clocks, since


def _median(samples: list[Timing]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(t.wall_ms for t in samples), 3),
        "cpu_median_ms": round(statistics.median(t.cpu_ms for t in samples), 3),
    }


def _timed(action: Callable[[], Any], rounds: int) -> list[Timing]:
    out = []
    for _ in range(rounds):
        t0 = clocks()
        action()
        out.append(since(t0))
    return out


def _minimal_sql(case: ServiceCase) -> Callable[[], None]:
    from sqlalchemy import insert, select, update

    from services.store.models import Case, CaseEvent, HumanTask, WorkflowState

    engine, case_id, now = case.platform.engine, case.case["id"], case.platform.clock.now()

    def step() -> None:
        with engine.begin() as conn:  # BEGIN IMMEDIATE on SQLite (services.store.db)
            row = conn.execute(
                select(Case.version, WorkflowState.document)
                .join(WorkflowState, WorkflowState.case_id == Case.id)
                .where(Case.id == case_id)
            ).one()
            task = conn.scalar(select(HumanTask.id).where(HumanTask.case_id == case_id).limit(1))
            conn.execute(update(HumanTask).where(HumanTask.id == task).values(completed_at=now))
            conn.execute(
                update(WorkflowState).where(WorkflowState.case_id == case_id).values(document=row[1])
            )
            conn.execute(update(Case).where(Case.id == case_id).values(version=row[0] + 1, updated_at=now))
            conn.execute(
                insert(CaseEvent).values(
                    case_id=case_id,
                    at=now,
                    actor="anna",
                    kind="taak-voltooid",
                    message="-",
                    public=False,
                    data={},
                )
            )
            conn.execute(
                update(HumanTask).where(HumanTask.id == task).values(completed_at=None)
            )  # stands in for the INSERT of the next task (the table stays the same size)

    return step


def _commit_only(case: ServiceCase) -> Callable[[], None]:
    from sqlalchemy import update

    from services.store.models import Case

    engine, case_id = case.platform.engine, case.case["id"]

    def step() -> None:
        with engine.begin() as conn:
            conn.execute(update(Case).where(Case.id == case_id).values(title="Benchmark"))

    return step


def _state(case: ServiceCase) -> Callable[[], None]:
    from services.store.models import WorkflowState

    runtime = case.platform.runtime
    with case.platform.uow(write=False) as uow:
        document = uow.session.get(WorkflowState, case.case["id"]).document  # type: ignore[union-attr]

    def step() -> None:
        runtime.dump(runtime.load(document))

    return step


def floor(rounds: int) -> None:
    model = REWORK
    case = ServiceCase(model, effects=True)
    try:
        while case.steps < 10:
            case.act(*model.loop[case.steps % len(model.loop)])
        bare = BareCase(model, case.platform)
        while bare.steps < 10:
            bare.act(*model.loop[bare.steps % len(model.loop)])
        figures = {
            "bare": [bare.act(*model.loop[0]) for _ in range(rounds)],
            "state": _timed(_state(case), rounds),
            "commit": _timed(_commit_only(case), rounds),
            "minimal_sql": _timed(_minimal_sql(case), rounds),
            "service": [case.act(*model.loop[0]) for _ in range(rounds)],
        }
    finally:
        case.close()
    line: dict[str, Any] = {"bench": "engine_step_floor", "model": model.name, "steps": 10}
    line.update({name: _median(samples) for name, samples in figures.items()})
    parts = ("bare", "state", "minimal_sql")
    for key, field in (("", "median_ms"), ("cpu_", "cpu_median_ms")):
        total = sum(line[p][field] for p in parts)
        line[f"{key}floor_ms"] = round(total, 3)
        line[f"{key}floor_over_bare"] = round(total / line["bare"][field], 2)
        line[f"{key}service_over_bare"] = round(line["service"][field] / line["bare"][field], 2)
    line.update(rounds=rounds, load=loadavg())
    emit(**line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    floor(parser.parse_args().rounds)


if __name__ == "__main__":
    main()
