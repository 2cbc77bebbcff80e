"""The heatmap query over 100,000 completed tasks, and the time to build the demo (issue 15).

``heatmap_query``: services.waits.heatmap.heatmap for one model over a year with 100,000 completed
tasks in ``task_wait`` (twelve elements) and 20,000 outside waits (``outside_wait``), against the bare SQL
doing the same aggregation (count, median and p90 per element with window functions on sqlite3),
interleaved round by round, with the load average (the machine is shared). Goal: under 300 ms.
``waits_step``: the step subscriber (services.waits.incremental.on_step) around step 10 and around
step 200 of a rework-loop case (tests/fixtures/bpmn/bench_lus.bpmn, one task completed per step),
each step followed by the full derivation of the same case from its whole history (what `wachten
herbouw` does per case), interleaved step by step; the rows must be equal. ``growth`` is the ratio
of the medians at 200 and at 10 (about 1 when the cost does not grow with the case).
``demo_build``: `ruimteflow demo` (services.demo.build) on a fresh SQLite file, in seconds; goal < 60 s.
Run: python -m tests.benchmarks.bench_waits
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.common import bench_definition, emit, loadavg, median

TASKS = 100_000
OUTSIDE = 20_000
CASES = 10_000
ROUNDS = 15
ELEMENTS = [f"stap_{i:02d}" for i in range(12)]
GROUPS = ["Vergunningen", "Milieu", "Omgevingsdienst", "Juridisch"]
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]

BARE_SQL = """
WITH w AS (
  SELECT element_id, waiting_s, working_s,
         ROW_NUMBER() OVER (PARTITION BY element_id ORDER BY waiting_s) AS rw,
         ROW_NUMBER() OVER (PARTITION BY element_id ORDER BY working_s) AS rk,
         COUNT(*) OVER (PARTITION BY element_id) AS n
  FROM task_wait WHERE process_id = ? AND completed_at >= ? AND completed_at < ?)
SELECT element_id, n,
       MAX(CASE WHEN rw = (n + 1) / 2 THEN waiting_s END), MAX(CASE WHEN rw = (9 * n + 9) / 10 THEN waiting_s END),
       MAX(CASE WHEN rk = (n + 1) / 2 THEN working_s END), MAX(CASE WHEN rk = (9 * n + 9) / 10 THEN working_s END)
FROM w GROUP BY element_id
"""
BARE_OUTSIDE = """
WITH h AS (
  SELECT element_id, (julianday(ended_at) - julianday(started_at)) * 86400 AS s,
         ROW_NUMBER() OVER (PARTITION BY element_id ORDER BY julianday(ended_at) - julianday(started_at)) AS r,
         COUNT(*) OVER (PARTITION BY element_id) AS n
  FROM outside_wait
  WHERE process_id = ? AND ended_at IS NOT NULL AND ended_at >= ? AND ended_at < ?)
SELECT element_id, n, MAX(CASE WHEN r = (n + 1) / 2 THEN s END), MAX(CASE WHEN r = (9 * n + 9) / 10 THEN s END)
FROM h GROUP BY element_id
"""


def build(folder: Path) -> Any:
    from sqlalchemy import insert

    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform
    from services.store.models import Case, HumanTask, OutsideWait, TaskWait

    platform = Platform.create(
        Settings(instance_dir=folder, database_url=f"sqlite:///{folder / 'waits.db'}", bpmn_dir=folder),
        FixedClock(NOW),
    )
    rng = random.Random(15)
    with platform.uow() as uow:
        s = uow.session
        bench_definition(s, NOW)
        s.execute(
            insert(Case),
            [
                {
                    "id": i + 1,
                    "reference": f"Z-2025-{i + 1:06d}",
                    "process_id": "bench",
                    "definition_id": 1,
                    "procedure": "bench",
                    "status": "afgerond",
                    "tracking_code": f"code-{i}",
                    "created_at": NOW - timedelta(days=300),
                    "updated_at": NOW,
                    "version": 1,
                }
                for i in range(CASES)
            ],
        )
        tasks, waits = _task_rows(rng)
        s.execute(insert(HumanTask), tasks)
        s.execute(insert(TaskWait), waits)
        s.execute(insert(OutsideWait), _outside_rows(rng))
        uow.commit()
    return platform


def _task_rows(rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Completed human tasks and their task_wait rows (lognormal waiting and working seconds)."""
    tasks, waits = [], []
    for i in range(TASKS):
        created = NOW - timedelta(days=rng.uniform(1, 360))
        waiting, working = rng.lognormvariate(10, 1), rng.lognormvariate(9, 1)
        element = ELEMENTS[i % len(ELEMENTS)]
        common = {"case_id": i % CASES + 1, "created_at": created}
        tasks.append(
            {
                "id": i + 1,
                "spiff_task_id": f"t{i}",
                "bpmn_id": element,
                "name": element,
                "state": "voltooid",
                "procedure": "bench",
                "case_reference": "x",
                "completed_at": created + timedelta(seconds=waiting + working),
                **common,
            }
        )
        waits.append(
            {
                "task_id": i + 1,
                "process_id": "bench",
                "element_id": element,
                "group_name": GROUPS[i % len(GROUPS)],
                "external": False,
                "claimed_at": created + timedelta(seconds=waiting),
                "completed_at": created + timedelta(seconds=waiting + working),
                "waiting_s": waiting,
                "working_s": working,
                **common,
            }
        )
    return tasks, waits


def _outside_rows(rng: random.Random) -> list[dict[str, Any]]:
    """Waits for the netbeheerder, on three of the elements."""
    rows = []
    for i in range(OUTSIDE):
        start = NOW - timedelta(days=rng.uniform(20, 360))
        rows.append(
            {
                "case_id": i % CASES + 1,
                "process_id": "bench",
                "holder": "Netbeheerder",
                "element_id": ELEMENTS[i % 3],
                "reason": "",
                "started_at": start,
                "ended_at": start + timedelta(days=rng.uniform(1, 20)),
                "working_days": 5,
            }
        )
    return rows


def bare(db: Path, start: datetime, end: datetime) -> tuple[list[Any], list[Any]]:
    con = sqlite3.connect(db)
    try:
        fmt = "%Y-%m-%d %H:%M:%S.%f"
        args = ("bench", start.strftime(fmt), end.strftime(fmt))
        return con.execute(BARE_SQL, args).fetchall(), con.execute(BARE_OUTSIDE, args).fetchall()
    finally:
        con.close()


def bench_heatmap() -> None:
    from services.waits import heatmap

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        platform = build(folder)
        try:
            view = heatmap.heatmap(platform, "bench")
            start, end = heatmap.parse_period(None, None, NOW.date())
            rows, outside = bare(folder / "waits.db", start, end)
            assert len(view["elementen"]) == len(ELEMENTS) == len(rows), (view["elementen"], rows)
            assert sum(r["aantal"] for r in view["elementen"]) == sum(r[1] for r in rows)
            assert sum(r["buiten"]["aantal"] for r in view["elementen"]) == sum(r[1] for r in outside)
            ours, theirs, cpu = [], [], []
            for _ in range(ROUNDS):  # interleaved: both see the same machine load
                t0, cpu0 = time.perf_counter(), time.process_time()
                heatmap.heatmap(platform, "bench")
                ours.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - cpu0) * 1000)
                t0 = time.perf_counter()
                bare(folder / "waits.db", start, end)
                theirs.append((time.perf_counter() - t0) * 1000)
            emit(
                benchmark="heatmap_query",
                tasks=TASKS,
                outside_waits=OUTSIDE,
                median_ms=median(ours),
                cpu_median_ms=median(cpu),
                bare_sql_median_ms=median(theirs),
                goal_ms=300,
                load=loadavg(),
            )
        finally:
            platform.close()


STEP_WINDOW = range(-8, 8)  # the steps around 10 and 200 whose medians are printed


def measured_subscriber(ours: dict[int, float], ours_cpu: dict[int, float], full: dict[int, float]) -> Any:
    """The waits subscriber timed per step, followed by the full derivation (timed, and compared)."""
    from sqlalchemy import select

    from services.store.models import HolderInterval
    from services.waits import derive, incremental, store

    def measured(facts: Any) -> None:
        facts.session.flush()  # the step's own writes (its workflow state) are not the subscriber's
        t0, cpu0 = time.perf_counter(), time.process_time()
        incremental.on_step(facts)
        ours[len(ours) + 1] = (time.perf_counter() - t0) * 1000
        ours_cpu[len(ours_cpu) + 1] = (time.process_time() - cpu0) * 1000
        t0 = time.perf_counter()
        s = facts.session
        s.flush()
        whole = derive.derive(store.history(s, facts.case), store.external_groups(s, facts.ctx.settings))
        full[len(full) + 1] = (time.perf_counter() - t0) * 1000
        rows = s.scalars(
            select(HolderInterval).where(HolderInterval.case_id == facts.case.id).order_by(HolderInterval.seq)
        )
        assert [(i.holder, i.element_id, i.start, i.end, i.parallel) for i in whole] == [
            (
                r.holder,
                r.element_id,
                store.utc(r.started_at),
                r.ended_at and store.utc(r.ended_at),
                tuple(r.parallel),
            )
            for r in rows
        ]

    return measured


def bench_step(last: int = 210) -> None:
    from services import cases, step_effects
    from services.waits import incremental
    from tests.benchmarks.engine_harness import REWORK, make_platform

    ours: dict[int, float] = {}
    ours_cpu: dict[int, float] = {}
    full: dict[int, float] = {}
    measured = measured_subscriber(ours, ours_cpu, full)
    subscribers = step_effects.SUBSCRIBERS
    step_effects.SUBSCRIBERS = tuple(measured if f is incremental.on_step else f for f in subscribers)
    with tempfile.TemporaryDirectory() as tmp:
        platform = make_platform(Path(tmp), REWORK)
        try:
            cpu0 = time.process_time()
            ref = cases.start_case(platform, REWORK.process_id, {}, user="anna")["zaak"]
            for _ in range(last):
                platform.clock.advance(minutes=10)
                task = cases.get_case(platform, ref)["open_taken"][0]
                cases.complete_task(platform, task["id"], "anna", {"klaar": False})
            cpu = time.process_time() - cpu0
        finally:
            step_effects.SUBSCRIBERS = subscribers
            platform.close()
    at_10 = median([ours[10 + i] for i in STEP_WINDOW])
    at_200 = median([ours[200 + i] for i in STEP_WINDOW])
    emit(
        benchmark="waits_step",
        model=REWORK.name,
        at_10_ms=at_10,
        at_200_ms=at_200,
        growth=round(at_200 / at_10, 2),
        cpu_at_10_ms=median([ours_cpu[10 + i] for i in STEP_WINDOW]),
        cpu_at_200_ms=median([ours_cpu[200 + i] for i in STEP_WINDOW]),
        full_rebuild_at_10_ms=median([full[10 + i] for i in STEP_WINDOW]),
        full_rebuild_at_200_ms=median([full[200 + i] for i in STEP_WINDOW]),
        steps=last,
        cpu_seconds=round(cpu, 1),
        load=loadavg(),
    )


def bench_demo() -> None:
    from services import demo
    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings(
            instance_dir=folder, database_url=f"sqlite:///{folder / 'demo.db'}", bpmn_dir=ROOT / "bpmn"
        )
        platform = Platform.create(settings, FixedClock(NOW), migrate=False)
        try:
            before = loadavg()
            t0, cpu0 = time.perf_counter(), time.process_time()
            demo.build(platform)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            emit(
                benchmark="demo_build",
                seconds=round(seconds, 1),
                cpu_seconds=round(cpu, 1),  # this process's own CPU time: what an idle machine would need
                goal_s=60,
                load_before=before,
                load=loadavg(),
            )
        finally:
            platform.close()


if __name__ == "__main__":
    bench_step()
    bench_heatmap()
    bench_demo()
