"""engine_step: a durable completion through the service next to the bare SpiffWorkflow step.

On the real permit model (bpmn/omgevingsvergunning.bpmn, its aanvulling loop) and on a rework-loop
model (tests/fixtures/bpmn/bench_lus.bpmn), one case is driven to 10, 100 and 500 steps. At each
point a case exists side by side with the others; interleaved rounds rotate over the points and over
service, bare and bare + round trip (every other repeat in reverse order), each timing ``per_round``
completions:

- service: services.cases.complete_task on SQLite (lock, load, complete, engine steps, save state
  and projections, step subscribers, commit); with ZGW configured and an initiator e-mail address,
  so the ZGW and mail subscribers do their work, as in a municipality (``--no-effects``: without);
- bare: the same completion on a SpiffWorkflow workflow in memory (no serialization);
- bare_roundtrip: the bare step with one deserialize_json/serialize_json of the stock serializer.

Each line gives the median over the repeats of each round's median (wall clock, and this process's
CPU time: the machine may be shared), the spread (min, max of the round medians) and the load
average. A side that stops gives its reason: ``bare_missing`` when SpiffWorkflow's own task iterator
no longer reaches the open task (depth 1000: the bare workflow is not compacted), else ``*_error``. Goals: service at 500 steps <= 1.25x service at 10 steps;
service <= 3x bare at 10 steps. The growth is also measured in pairs (``--pairs``): two fresh cases
at the first and the last length complete a task back to back, alternating which goes first; the
median of the per-pair ratios (``cpu_service_500_over_10_paired``) is robust against the speed of a
shared machine changing between rounds. Also: the permit case document at start (goal <= 20 KB) and storage
per 1,000 permit cases on SQLite (goal <= 25 MB), and one user's inbox with 100,000 open tasks; on
that database also the inbox with its rows' waits (``inbox_list_100k_waits``) and the dashboard's
table "Open bij externe partijen" against the bare SQL (``dashboard_open_extern_100k``).

Run: python -m tests.benchmarks.bench_engine [--steps 10,100,500] [--cases 1000] [--no-inbox]
     [--no-effects] [--pairs 40]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.common import emit, loadavg, median, timed
from tests.benchmarks.engine_harness import (
    PERMIT,
    REWORK,
    BareCase,
    BareDepthLimit,
    Model,
    ServiceCase,
    Timing,
    start_case,
)


def _advance(harness: Any, model: Model, target: int) -> None:
    while harness.steps < target:
        kind, name, data = model.loop[harness.steps % len(model.loop)]
        harness.act(kind, name, data)


def _round(harness: Any, model: Model, count: int, **options: Any) -> Timing:
    """Medians (wall, CPU) of ``count`` timed completions; messages in between run untimed."""
    samples: list[Timing] = []
    while len(samples) < count:
        kind, name, data = model.loop[harness.steps % len(model.loop)]
        timing = harness.act(kind, name, data, **options)
        if kind == "complete":
            samples.append(timing)
    return Timing(statistics.median(t.wall_ms for t in samples), statistics.median(t.cpu_ms for t in samples))


def _summary(values: list[Timing]) -> dict[str, Any]:
    walls = [v.wall_ms for v in values]
    return {
        "median_ms": round(statistics.median(walls), 3),
        "spread_ms": [round(min(walls), 3), round(max(walls), 3)],
        "cpu_median_ms": round(statistics.median(v.cpu_ms for v in values), 3),
    }


def _failure(side: str, exc: Exception) -> dict[str, str]:
    """``bare_missing`` with the reason when SpiffWorkflow's own depth limit stops the bare case,
    else ``<side>_error`` with the error."""
    if isinstance(exc, BareDepthLimit):
        return {f"{side}_missing": str(exc)}
    return {f"{side}_error": repr(exc)[:300]}


def _prepare(
    model: Model, target: int, effects: bool
) -> tuple[ServiceCase | None, BareCase | None, dict[str, str]]:
    """One service case and one bare case driven to ``target`` steps (or the reason that stopped them)."""
    errors: dict[str, str] = {}
    service = ServiceCase(model, effects=effects)
    try:
        _advance(service, model, target)
    except Exception as exc:  # noqa: BLE001 - report what older code does at this length
        errors.update(_failure("service", exc))
        service.close()
        return None, None, errors
    bare: BareCase | None = BareCase(model, service.platform)
    try:
        _advance(bare, model, target)
    except Exception as exc:  # noqa: BLE001
        errors.update(_failure("bare", exc))
        bare = None
    return service, bare, errors


KINDS = ["service", "bare", "bare_roundtrip"]
Prepared = tuple[ServiceCase | None, BareCase | None, dict[str, str]]


def _one_round(prepared: Prepared, which: str, model: Model, per_round: int) -> Timing | None:
    """One round of ``which`` on one prepared case (None when that side has stopped, with the reason
    added to the case's errors)."""
    service, bare, errors = prepared
    side = "service" if which == "service" else "bare"
    if any(key.startswith(side + "_") for key in errors):
        return None
    harness: Any = service if which == "service" else bare
    if harness is None:
        return None
    options = {} if which == "service" else {"roundtrip": which == "bare_roundtrip"}
    try:
        return _round(harness, model, per_round, **options)
    except Exception as exc:  # noqa: BLE001 - older code loses the task at depth 1000
        errors.update(_failure(side, exc))
        return None


def engine_step(
    model: Model, checkpoints: list[int], repeats: int, per_round: int, effects: bool = True
) -> dict[int, dict[str, Any]]:
    """Cases at every checkpoint exist side by side; rounds rotate over them and over service, bare and
    bare + round trip (every other repeat in reverse order), so load drift hits all alike."""
    prepared = {n: _prepare(model, n, effects) for n in checkpoints}
    rounds: dict[int, dict[str, list[Timing]]] = {n: {k: [] for k in KINDS} for n in checkpoints}
    try:
        for rep in range(repeats):
            for n in checkpoints if rep % 2 == 0 else list(reversed(checkpoints)):
                for which in KINDS if rep % 2 == 0 else list(reversed(KINDS)):
                    timing = _one_round(prepared[n], which, model, per_round)
                    if timing is not None:
                        rounds[n][which].append(timing)
    finally:
        for service, _bare, _errors in prepared.values():
            if service is not None:
                service.close()
    results: dict[int, dict[str, Any]] = {}
    for n in checkpoints:
        line = _line(model, n, rounds[n], prepared[n][2], effects)
        line.update(repeats=repeats, per_round=per_round, load=loadavg())
        emit(**line)
        if "service" in line:
            results[n] = line
    return results


def _line(
    model: Model, n: int, rounds: dict[str, list[Timing]], errors: dict[str, str], effects: bool
) -> dict[str, Any]:
    line: dict[str, Any] = {"bench": "engine_step", "model": model.name, "steps": n, "effects": effects}
    for which, values in rounds.items():
        if values:
            line[which] = _summary(values)
    line.update(errors)
    if "service" in line and "bare" in line:
        line["ratio_service_bare"] = round(line["service"]["median_ms"] / line["bare"]["median_ms"], 2)
        line["cpu_ratio_service_bare"] = round(
            line["service"]["cpu_median_ms"] / line["bare"]["cpu_median_ms"], 2
        )
    return line


def paired_growth(model: Model, first: int, last: int, pairs: int, effects: bool) -> dict[str, Any]:
    """Late over early, measured in pairs: two fresh service cases (at ``first`` and ``last`` steps)
    complete one task each, back to back, in alternating order, ``pairs`` times. Each pair gives one
    ratio; their median does not move with the machine's speed from second to second, which the
    medians of separate rounds do on a shared machine (the same 10-step round measured 11 to 19 ms)."""
    early, late = ServiceCase(model, effects=effects), ServiceCase(model, effects=effects)
    try:
        _advance(early, model, first)
        _advance(late, model, last)
        ratios, times = [], {"early": [], "late": []}
        for i in range(pairs):
            order = [("early", early), ("late", late)]
            timing = {name: _round(case, model, 1) for name, case in (order if i % 2 == 0 else order[::-1])}
            ratios.append(timing["late"].cpu_ms / timing["early"].cpu_ms)
            for name in times:
                times[name].append(timing[name].cpu_ms)
    finally:
        early.close()
        late.close()
    quartiles = statistics.quantiles(ratios, n=4)
    return {
        "pairs": pairs,
        f"cpu_median_ms_at_{first}": round(statistics.median(times["early"]), 3),
        f"cpu_median_ms_at_{last}": round(statistics.median(times["late"]), 3),
        "median_ratio": round(statistics.median(ratios), 2),
        "ratio_quartiles": [round(quartiles[0], 2), round(quartiles[2], 2)],
    }


def growth(
    model: Model,
    results: dict[int, dict[str, Any]],
    first: int,
    last: int,
    paired: dict[str, Any] | None = None,
) -> None:
    line: dict[str, Any] = {"bench": "engine_step_goals", "model": model.name}
    early, late = results.get(first), results.get(last)
    for key, field in (("", "median_ms"), ("cpu_", "cpu_median_ms")):
        ratio = None
        if early and late:
            ratio = round(late["service"][field] / early["service"][field], 2)
        line[f"{key}service_{last}_over_{first}"] = ratio
    if paired is not None:
        line[f"cpu_service_{last}_over_{first}_paired"] = paired
    line["goal_max_growth"] = 1.25
    for key, field in (("", "median_ms"), ("cpu_", "cpu_median_ms")):
        if early and "bare" in early:
            line[f"{key}service_over_bare_at_{first}"] = round(
                early["service"][field] / early["bare"][field], 2
            )
    line.update(goal_max_over_bare=3.0, load=loadavg())
    emit(**line)


def storage(cases: int) -> None:
    """Permit case document at start, and database growth per 1,000 started permit cases (SQLite)."""
    from sqlalchemy import func, select, text

    from services.store.models import WorkflowState
    from tests.benchmarks.engine_harness import make_platform

    with tempfile.TemporaryDirectory() as d:
        platform = make_platform(Path(d), PERMIT)
        db_file = Path(d) / "bench.db"

        def size() -> int:
            with platform.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return db_file.stat().st_size

        before = size()
        first = start_case(platform, PERMIT)
        with platform.uow(write=False) as uow:
            document = uow.session.scalar(
                select(WorkflowState.document).where(WorkflowState.case_id == first["id"])
            )
        emit(
            bench="engine_case_document",
            model=PERMIT.name,
            bytes=len(document or ""),
            kb=round(len(document or "") / 1024, 1),
            goal_max_kb=20,
            load=loadavg(),
        )
        for _ in range(cases - 1):
            start_case(platform, PERMIT)
        after = size()
        with platform.uow(write=False) as uow:
            documents = uow.session.scalar(select(func.sum(func.length(WorkflowState.document))))
            tables = [
                r[0] for r in uow.session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            ]
        emit(
            bench="engine_storage_per_1000_cases",
            model=PERMIT.name,
            cases=cases,
            mb_per_1000=round((after - before) / cases * 1000 / 1e6, 1),
            documents_mb_per_1000=round((documents or 0) / cases * 1000 / 1e6, 1),
            spec_stored_apart="workflow_spec" in tables,
            goal_max_mb=25,
            load=loadavg(),
        )
        platform.close()


def bench_inbox(platform: Any) -> tuple[list[float], int]:
    """One user's inbox (service call, no HTML) over the same 100,000-task database as the page benchmark."""
    from services import inbox

    samples = timed(lambda: inbox.list_tasks(platform, "anna", limit=50), 50)
    total = inbox.list_tasks(platform, "anna", limit=1)["totaal"]
    return samples, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="10,100,500", help="case lengths to measure at")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=5, help="timed completions per round")
    parser.add_argument("--cases", type=int, default=1000, help="permit cases for the storage figure")
    parser.add_argument("--models", default="omgevingsvergunning,rework_loop")
    parser.add_argument("--pairs", type=int, default=40, help="paired completions for the growth figure")
    parser.add_argument("--no-inbox", action="store_true")
    parser.add_argument(
        "--no-effects",
        action="store_true",
        help="no ZGW configuration and no initiator e-mail (the ZGW and mail subscribers then do nothing)",
    )
    args = parser.parse_args()
    checkpoints = [int(s) for s in args.steps.split(",")]
    for model in (PERMIT, REWORK):
        if model.name in args.models.split(","):
            effects = not args.no_effects
            results = engine_step(model, checkpoints, args.repeats, args.per_round, effects)
            first, last = checkpoints[0], checkpoints[-1]
            paired = paired_growth(model, first, last, args.pairs, effects) if args.pairs else None
            growth(model, results, first, last, paired)
    if args.cases:
        storage(args.cases)
    if not args.no_inbox:
        inbox_100k()


def inbox_100k() -> None:
    """The inbox, its rows' waits and the dashboard's table of open outside questions, all on the one
    100,000-task database of the inbox page benchmark."""
    from tests.benchmarks.bench_inbox_page import bench_inbox_waits, bench_open_extern, build

    with tempfile.TemporaryDirectory() as d:
        platform = build(Path(d))
        try:
            samples, visible = bench_inbox(platform)
            emit(
                bench="inbox_list_100k",
                median_ms=median(samples),
                open_tasks=100_000,
                visible_for_user=visible,
                goal_max_ms=20,
                load=loadavg(),
            )
            bench_inbox_waits(platform)
            bench_open_extern(platform)
        finally:
            platform.close()


if __name__ == "__main__":
    main()
