"""engine_step_floor: what a durable completion costs at the least, next to the service's completion.

On the rework-loop model after 10 steps (issue #12, engine_step), on the case's own SQLite database:

- ``bare``: the SpiffWorkflow step in memory (as engine_step's bare side);
- ``state``: the platform's own load + dump of the case's stored instance (no stock serializer);
- ``commit``: one write transaction that only bumps the case's version (BEGIN IMMEDIATE, UPDATE, COMMIT);
- ``minimal_sql``: the least SQL of a completion, through SQLAlchemy Core: lock and read the case and
  its instance, close the task, write the instance and the case's version, one event, the next task,
  commit (no subscriber, no projection beyond the inbox row);
- ``minimal_prebuilt``: the same statements built once with bound parameters, as a hot path keeps them
  (SQLAlchemy then looks their compiled form up and binds values, instead of building each again);
- ``minimal_dbapi``: the same statements as plain SQL on the driver's own connection (sqlite3, no
  SQLAlchemy): how much of ``minimal_sql`` is the SQL toolkit rather than the database;
- ``floor``: bare + state + minimal_sql, as a ratio to bare; ``prebuilt_floor`` and ``dbapi_floor``
  the same with minimal_prebuilt and minimal_dbapi. The database's own share of a durable step is small
  (minimal_dbapi: about 0.05 ms for the seven statements and the commit); most of ``floor``'s SQL part is
  building the statements again on every call, so a goal below ``floor`` is not out of reach for that
  reason: a hot path with statements built once is bounded by ``prebuilt_floor``.
- ``service``: services.cases.complete_task, as engine_step measures it.

Run: python -m tests.benchmarks.bench_step_floor [--rounds 40]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from contextlib import closing
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


def _minimal_prebuilt(case: ServiceCase) -> Callable[[], None]:
    """``_minimal_sql`` with each statement built once (bound parameters), as a hot path would keep
    them: SQLAlchemy then only looks its compiled form up in its cache and binds the values."""
    from sqlalchemy import bindparam, insert, select, update

    from services.store.models import Case, CaseEvent, HumanTask, WorkflowState

    engine, case_id, now = case.platform.engine, case.case["id"], case.platform.clock.now()
    read = (
        select(Case.version, WorkflowState.document)
        .join(WorkflowState, WorkflowState.case_id == Case.id)
        .where(Case.id == bindparam("b_case"))
    )
    first_task = select(HumanTask.id).where(HumanTask.case_id == bindparam("b_case")).limit(1)
    close = (
        update(HumanTask).where(HumanTask.id == bindparam("b_task")).values(completed_at=bindparam("b_at"))
    )
    write = (
        update(WorkflowState)
        .where(WorkflowState.case_id == bindparam("b_case"))
        .values(document=bindparam("b_document"))
    )
    bump = (
        update(Case)
        .where(Case.id == bindparam("b_case"))
        .values(version=bindparam("b_version"), updated_at=bindparam("b_at"))
    )
    event = insert(CaseEvent).values(
        case_id=bindparam("b_case"),
        at=bindparam("b_at"),
        actor="anna",
        kind="taak-voltooid",
        message="-",
        public=False,
        data={},
    )

    def step() -> None:
        with engine.begin() as conn:
            version, document = conn.execute(read, {"b_case": case_id}).one()
            task = conn.scalar(first_task, {"b_case": case_id})
            conn.execute(close, {"b_task": task, "b_at": now})
            conn.execute(write, {"b_case": case_id, "b_document": document})
            conn.execute(bump, {"b_case": case_id, "b_version": version + 1, "b_at": now})
            conn.execute(event, {"b_case": case_id, "b_at": now})
            conn.execute(close, {"b_task": task, "b_at": None})

    return step


#: ``_minimal_sql``'s statements written out for SQLite (SQLAlchemy stores a datetime as this text)
_DBAPI_STEP = (
    (
        "SELECT zaak.version, workflow_state.document FROM zaak JOIN workflow_state"
        " ON workflow_state.case_id = zaak.id WHERE zaak.id = ?"
    ),
    "SELECT human_task.id FROM human_task WHERE human_task.case_id = ? LIMIT 1",
    "UPDATE human_task SET completed_at = ? WHERE human_task.id = ?",
    "UPDATE workflow_state SET document = ? WHERE workflow_state.case_id = ?",
    "UPDATE zaak SET version = ?, updated_at = ? WHERE zaak.id = ?",
    (
        "INSERT INTO case_event (case_id, at, actor, kind, message, public, data)"
        " VALUES (?, ?, 'anna', 'taak-voltooid', '-', 0, '{}')"
    ),
    "UPDATE human_task SET completed_at = NULL WHERE human_task.id = ?",
)


def _minimal_dbapi(case: ServiceCase, conn: Any) -> Callable[[], None]:
    """``_minimal_sql`` on the sqlite3 connection itself (autocommit mode, as services.store.db sets it)."""
    case_id = case.case["id"]
    now = case.platform.clock.now().strftime("%Y-%m-%d %H:%M:%S.%f")
    read, first_task, close, write, bump, event, reopen = _DBAPI_STEP

    def step() -> None:
        conn.execute("BEGIN IMMEDIATE")
        version, document = conn.execute(read, (case_id,)).fetchone()
        task = conn.execute(first_task, (case_id,)).fetchone()[0]
        conn.execute(close, (now, task))
        conn.execute(write, (document, case_id))
        conn.execute(bump, (version + 1, now, case_id))
        conn.execute(event, (case_id, now))
        conn.execute(reopen, (task,))
        conn.execute("COMMIT")

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


#: each floor's SQL part: as the statements are usually written, built once, on the driver itself
FLOORS = (("floor", "minimal_sql"), ("prebuilt_floor", "minimal_prebuilt"), ("dbapi_floor", "minimal_dbapi"))


def floor(rounds: int) -> None:
    model = REWORK
    case = ServiceCase(model, effects=True)
    try:
        while case.steps < 10:
            case.act(*model.loop[case.steps % len(model.loop)])
        bare = BareCase(model, case.platform)
        while bare.steps < 10:
            bare.act(*model.loop[bare.steps % len(model.loop)])
        with closing(case.platform.engine.raw_connection()) as raw:
            figures = {
                "bare": [bare.act(*model.loop[0]) for _ in range(rounds)],
                "state": _timed(_state(case), rounds),
                "commit": _timed(_commit_only(case), rounds),
                "minimal_sql": _timed(_minimal_sql(case), rounds),
                "minimal_prebuilt": _timed(_minimal_prebuilt(case), rounds),
                "minimal_dbapi": _timed(_minimal_dbapi(case, raw.driver_connection), rounds),
                "service": [case.act(*model.loop[0]) for _ in range(rounds)],
            }
    finally:
        case.close()
    line: dict[str, Any] = {"bench": "engine_step_floor", "model": model.name, "steps": 10}
    line.update({name: _median(samples) for name, samples in figures.items()})
    for key, field in (("", "median_ms"), ("cpu_", "cpu_median_ms")):
        for name, sql in FLOORS:
            total = sum(line[p][field] for p in ("bare", "state", sql))
            line[f"{key}{name}_ms"] = round(total, 3)
            line[f"{key}{name}_over_bare"] = round(total / line["bare"][field], 2)
        line[f"{key}service_over_bare"] = round(line["service"][field] / line["bare"][field], 2)
    line.update(rounds=rounds, load=loadavg())
    emit(**line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    floor(parser.parse_args().rounds)


if __name__ == "__main__":
    main()
