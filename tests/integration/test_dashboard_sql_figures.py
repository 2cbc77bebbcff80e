"""The dashboard's lead times, on-time shares and holder shares are worked out by the database: the same
figures as read case by case in Python, on SQLite and on PostgreSQL, and a few rows read per group
whatever the number of cases.

Tester finding (MEDIUM): the dashboard's cost grew with every case in the period (for_user 23 ms at 58
cases, 2.0-4.1 s at 3,538): every closed case's intervals, every finished case and every completed task
of the period were read into Python for the shares and the medians.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from services import dashboard
from services.platform import Platform
from services.store.models import Case, HolderInterval, HumanTask, ProcessDefinition, TaskCandidate
from services.waits import derive as d
from services.waits import figures
from services.waits.derive import local_day
from services.waits.store import utc
from tests.sql_statements import rows_read

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=1825)
PROCEDURES = ["Omgevingsvergunning", "Transportverzoek", "Windpark"]
TEAMS = ["Vergunningen", "Milieu"]
ELEMENTS = ["intake", "toets", "advies"]
#: moments on the edges of a Dutch day and of summer time (UTC): 23:00 or 22:00 UTC is midnight there
EDGES = [
    datetime(2025, 3, 29, 22, 59, 59, 999999),
    datetime(2025, 3, 29, 23, 0, 0),
    datetime(2025, 3, 30, 0, 59, 59, 999999),  # the last moment of winter time
    datetime(2025, 3, 30, 1, 0, 0),
    datetime(2025, 3, 30, 22, 0, 0),
    datetime(2025, 10, 25, 21, 59, 59, 500000),
    datetime(2025, 10, 25, 22, 0, 0),
    datetime(2025, 10, 26, 0, 59, 59),
    datetime(2025, 10, 26, 1, 0, 0),
    datetime(2025, 10, 26, 23, 0, 0),
    datetime(2024, 12, 31, 23, 0, 0, 1),
]


def _moment(rng: random.Random) -> datetime:
    if rng.random() < 0.3:
        return rng.choice(EDGES).replace(tzinfo=UTC)
    return NOW - timedelta(days=rng.uniform(1, 1900), microseconds=rng.randrange(10**6))


def seed(platform: Platform, ids: range, rng: random.Random) -> None:
    """The cases ``ids`` of three procedures: most closed in the period (some before it, some running),
    with or without a receipt day, a besluit's day and a legal deadline; each with a chain of holder
    intervals and completed tasks of two teams, on two deployed versions, lengths in microseconds."""
    cases, tasks, candidates, intervals = [], [], [], []
    for i in ids:
        created = _moment(rng)
        days = rng.choice([0.0, 0.5, *(rng.uniform(1, 300) for _ in range(4))])
        closed = created + timedelta(days=days, microseconds=rng.randrange(10**6))
        status = rng.choice(["afgerond"] * 6 + ["lopend"])
        decided = rng.choice([None, local_day(closed), local_day(closed) - timedelta(days=rng.randrange(40))])
        cases.append(
            {
                "id": i,
                "reference": f"Z-{i}",
                "process_id": "bench",
                "definition_id": 1 + i % 2,
                "procedure": PROCEDURES[i % 3],
                "status": status,
                "tracking_code": f"c{i}",
                "created_at": created,
                "updated_at": closed,
                "closed_at": closed if status == "afgerond" else None,
                "received_on": rng.choice([None, local_day(created) - timedelta(days=rng.randrange(5))]),
                "decided_on": decided,
                "uiterlijke_einddatum_afdoening": rng.choice(
                    [None, local_day(closed), local_day(closed) + timedelta(days=rng.randrange(-30, 30))]
                ),
                "version": 1,
            }
        )
        start = created
        for seq in range(rng.randrange(1, 6)):
            end = start + timedelta(seconds=rng.choice([3600, rng.uniform(1, 10**6)]))
            intervals.append(
                {
                    "case_id": i,
                    "process_id": "bench",
                    "seq": seq,
                    "holder": "x",
                    "public_holder": "x",
                    "kind": rng.choice(d.KINDS),
                    "started_at": start,
                    "ended_at": end,
                }
            )
            start = end
        for j in range(rng.randrange(0, 4)):
            task_id = i * 10 + j
            begun = created + timedelta(seconds=rng.uniform(0, 10**6))
            done = begun + timedelta(seconds=rng.choice([7200, 86400 * 1.05, rng.uniform(1, 5 * 10**6)]))
            tasks.append(
                {
                    "id": task_id,
                    "case_id": i,
                    "spiff_task_id": f"t{task_id}",
                    "bpmn_id": ELEMENTS[(i + j) % 3],
                    "process_id": "bench",
                    "name": "Stap",
                    "state": rng.choice(["voltooid", "voltooid", "open"]),
                    "procedure": PROCEDURES[i % 3],
                    "case_reference": f"Z-{i}",
                    "created_at": begun,
                    "completed_at": done,
                }
            )
            candidates.append({"task_id": task_id, "group_name": TEAMS[(i + j) % 2], "open": False})
    with platform.uow() as uow:
        s = uow.session
        if s.get(ProcessDefinition, 1) is None:
            s.execute(insert(ProcessDefinition), [_definition(1), _definition(2)])
        for model, rows in (
            (Case, cases),
            (HumanTask, tasks),
            (TaskCandidate, candidates),
            (HolderInterval, intervals),
        ):
            if rows:
                s.execute(insert(model), rows)
        uow.commit()


def _definition(version: int) -> dict[str, Any]:
    return {
        "id": version,
        "process_id": "bench",
        "name": "bench",
        "version": version,
        "bundle_hash": "x",
        "file_hashes": [],
        "main_file_hash": "x",
        "lanes": [],
        "deployed_at": NOW,
    }


# -- the figures as they were read before, case by case (the reference) ---------------------------------
def reference_procedures(s: Any, since: datetime, scope: Any = None) -> list[dict[str, Any]]:
    in_scope = [] if scope is None else [Case.id.in_(scope)]
    finished = s.execute(
        select(
            Case.procedure,
            Case.created_at,
            Case.received_on,
            Case.closed_at,
            Case.uiterlijke_einddatum_afdoening,
            Case.decided_on,
        ).where(Case.status == "afgerond", Case.closed_at.is_not(None), Case.closed_at >= since, *in_scope)
    ).all()
    by_proc: dict[str, list[Any]] = defaultdict(list)
    for proc, created, received, closed, deadline, decided_on in finished:
        decided = decided_on or local_day(utc(closed or created))
        start = received or local_day(utc(created))
        by_proc[proc].append((float((decided - start).days), deadline, decided))
    out = []
    for proc in sorted(by_proc):
        items = by_proc[proc]
        with_term = [(decided, deadline) for _, deadline, decided in items if deadline is not None]
        on_time = sum(1 for decided, deadline in with_term if decided <= deadline)
        out.append(
            {
                "procedure": proc,
                "afgerond": len(items),
                "mediaan_doorlooptijd_dagen": round(median(x for x, _, _ in items), 1),
                "met_termijn": len(with_term),
                "binnen_termijn": on_time,
                "aandeel_binnen_termijn": round(on_time / len(with_term), 3) if with_term else None,
            }
        )
    return out


def reference_steps(s: Any, teams: list[str], since: datetime) -> list[dict[str, Any]]:
    done = s.execute(
        select(
            HumanTask.procedure,
            HumanTask.process_id,
            HumanTask.bpmn_id,
            Case.definition_id,
            HumanTask.created_at,
            HumanTask.completed_at,
        )
        .join(Case, Case.id == HumanTask.case_id)
        .where(
            HumanTask.state == "voltooid",
            HumanTask.completed_at >= since,
            HumanTask.id.in_(select(TaskCandidate.task_id).where(TaskCandidate.group_name.in_(teams))),
        )
    ).all()
    by_step: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    versions: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for proc, process_id, element, definition, created, completed in done:
        by_step[(proc, process_id, element)].append((utc(completed) - utc(created)).total_seconds() / 86400)
        versions[(proc, process_id, element)].add(definition)
    names = dashboard._step_names(s, versions)
    return sorted(
        (
            {
                "procedure": key[0],
                "stap": names.get(key, key[2]),
                "element": key[2],
                "voltooid": len(v),
                "mediaan_doorlooptijd_dagen": round(median(v), 1),
            }
            for key, v in by_step.items()
        ),
        key=lambda step: (step["procedure"], step["stap"], step["element"]),
    )


def reference_held(s: Any, since: datetime, scope: Any = None) -> list[dict[str, Any]]:
    seconds: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(d.KINDS, 0.0))
    for proc, _, kind, _, start, end, _ in figures.closed_intervals(s, since, scope):
        seconds[proc][kind] += (utc(end) - utc(start)).total_seconds()
    return figures.shares(seconds)


def _three(s: Any, since: datetime, scope: Any = None) -> tuple[Any, Any, Any]:
    procedures = [
        {k: v for k, v in p.items() if k != "lopend"} for p in dashboard._procedures(s, since, scope)
    ]
    finished = [p for p in procedures if p["afgerond"]]
    return finished, dashboard._steps(s, TEAMS, since), figures.held_by_kind(s, since, scope)


@pytest.mark.parametrize("seed_number", [1, 2])
def test_the_databases_figures_equal_those_read_case_by_case(
    any_platform: Platform, seed_number: int
) -> None:
    seed(any_platform, range(1, 241), random.Random(seed_number))
    scope = select(Case.id).where(Case.id % 4 != 0)
    with any_platform.uow(write=False) as uow:
        s = uow.session
        for since, within in ((SINCE, None), (NOW - timedelta(days=365), None), (SINCE, scope)):
            procedures, steps, held = _three(s, since, within)
            assert procedures == reference_procedures(s, since, within)
            assert steps == reference_steps(s, TEAMS, since)
            assert held == reference_held(s, since, within)
            assert len(procedures) == 3 and len(held) == 3 and len(steps) == 9, (procedures, steps)
            # an even number of cases (the median between two middle ones) and an odd one occur
            assert {p["afgerond"] % 2 for p in procedures} | {x["voltooid"] % 2 for x in steps} == {0, 1}


#: a moment or a day as a driver hands it over: an object (psycopg), or SQLite's text
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _moments(rows: list[Any]) -> list[Any]:
    return [v for row in rows for v in row if isinstance(v, date) or (isinstance(v, str) and MOMENT.match(v))]


def test_the_figures_read_no_moment_and_on_postgresql_a_row_per_group(
    any_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database works out the lengths, the days and the counts: no moment or day is read (case by
    case, every row held two or more). On PostgreSQL one row per group is read (its count, its middle
    values and its versions), for 60 cases as for 600; SQLite (in this process) returns a row of keys and numbers per case
    and task, and a row per procedure and kind for the holder shares (case by case: one per interval).
    The steps' names (read from their deployed models, not the subject here) are left out."""
    monkeypatch.setattr(dashboard, "_step_names", lambda _s, _versions: {})
    for ids in (range(1, 61), range(61, 601)):
        seed(any_platform, ids, random.Random(3))
        with any_platform.uow(write=False) as uow, rows_read(any_platform) as read:
            procedures, steps, held = _three(uow.session, SINCE)
        assert len(procedures) == len(held) == 3 and len(steps) == 9, (procedures, steps)
        with any_platform.uow(write=False) as uow, rows_read(any_platform) as by_case:
            reference_procedures(uow.session, SINCE)
            reference_steps(uow.session, TEAMS, SINCE)
            reference_held(uow.session, SINCE)
        assert _moments(read) == [] and len(_moments(by_case)) > 2 * len(ids)
        with any_platform.uow(write=False) as uow:
            rows = uow.session.scalar(select(func.count()).select_from(HumanTask))
            rows += uow.session.scalar(select(func.count()).select_from(Case))
        # per procedure its finished and its running cases, per step its tasks, per procedure and kind
        # the holder shares
        few = 3 + 3 + 9 + 3 * len(d.KINDS)
        if any_platform.engine.dialect.name == "postgresql":
            assert len(read) == few, len(read)
        else:
            assert len(read) <= rows + few, len(read)
        assert len(read) < len(by_case) / 2, (len(read), len(by_case))
