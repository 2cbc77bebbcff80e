"""The dashboard's table "Open bij externe partijen" (services/waits/open_requests.py) lists exactly the
open questions a plain Python reading of the rows gives, in its order (the earliest due first, those
without a due day last, then the oldest, then the task), cut at the limit, on SQLite and PostgreSQL:
a guard for any faster way to read it (an index walk, ids first), which must not change the table."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import Any

import pytest
from sqlalchemy import insert

from processes.termijnen import standaard_kalender
from services import policy
from services.platform import Platform
from services.store.models import Case, HumanTask, OutsideWait, TaskCandidate
from services.waits import open_requests
from services.waits.derive import local_day
from services.waits.figures import ANSWER_TERMS
from tests.benchmarks.common import bench_definition

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
OUTSIDE = ["Netbeheerder", "Omgevingsdienst", "Woningcorporatie"]
GROUPS = [*OUTSIDE, "Vergunningen", "Juridisch"]
#: few due days and few moments, so that rows tie on the due day and on the moment
DUES = [None, date(2026, 2, 20), date(2026, 3, 1), date(2026, 3, 9)]
MOMENTS = [NOW - timedelta(days=d) for d in (3, 10, 30)]


def _rows(rng: random.Random, n_cases: int = 30, n_tasks: int = 160) -> dict[str, list[dict[str, Any]]]:
    cases = [
        {
            "id": i,
            "reference": f"Z-2026-{i:04d}",
            "process_id": "bench",
            "definition_id": 1,
            "procedure": "bench",
            "title": f"Aanvraag {i}",
            "status": "lopend",
            "tracking_code": f"code-{i}",
            "created_at": NOW,
            "updated_at": NOW,
            "version": 1,
        }
        for i in range(1, n_cases + 1)
    ]
    tasks, candidates = [], []
    for i in range(1, n_tasks + 1):
        # ids not in the order of the moments: the order must come from created_at, not the id
        groups = rng.sample(GROUPS, 2 if i % 9 == 0 else 1)
        tasks.append(
            {
                "id": i,
                "case_id": rng.randint(1, n_cases),
                "spiff_task_id": f"t{i}",
                "bpmn_id": "advies",
                "name": f"Advies {i}",
                "candidate_groups": groups,
                "state": "voltooid" if i % 11 == 0 else "open",
                "procedure": "bench",
                "case_reference": "x",
                "due_on": rng.choice(DUES),
                "created_at": rng.choice(MOMENTS),
            }
        )
        for g in groups:
            candidates.append({"task_id": i, "group_name": g, "open": i % 13 != 0, "unassigned": True})
    waits = [
        {
            "case_id": 1 + i % n_cases,
            "process_id": "bench",
            "holder": holder,
            "element_id": "wacht",
            "reason": f"vraag {i}",
            "started_at": MOMENTS[i % len(MOMENTS)],
            "ended_at": NOW if i % 4 == 3 else None,
        }
        for i, holder in enumerate(
            ["Netbeheerder", "Waterschap", "Netbeheerder", "Netbeheerder", "Provincie"]
        )
    ]
    return {"zaak": cases, "human_task": tasks, "task_candidate": candidates, "outside_wait": waits}


def _expected(
    rows: dict[str, list[dict[str, Any]]],
    external: set[str],
    cases: set[int] | None,
    parties: set[str] | None,
    limit: int | None,
) -> list[tuple[Any, ...]]:
    """The table computed in plain Python from the inserted rows."""
    orgs = external & parties if parties is not None else external
    case = {c["id"]: c for c in rows["zaak"]}
    task = {t["id"]: t for t in rows["human_task"]}
    asked = sorted(
        (
            (t["due_on"] is None, t["due_on"] or date.max, t["created_at"], t["id"]),
            (t["case_id"], c["group_name"], t["name"], t["created_at"], t["due_on"]),
        )
        for c in rows["task_candidate"]
        for t in [task[c["task_id"]]]
        if c["open"]
        and c["group_name"] in orgs
        and t["state"] == "open"
        and (cases is None or t["case_id"] in cases)
    )
    found = [row for _key, row in asked][:limit]
    waiting = sorted(  # the oldest first; inserted in the order of their ids, which break a tie
        (
            w
            for w in rows["outside_wait"]
            if w["ended_at"] is None
            and (parties is None or w["holder"] in parties)
            and (cases is None or w["case_id"] in cases)
        ),
        key=lambda w: w["started_at"],
    )
    for w in waiting[:limit]:
        term = ANSWER_TERMS.get(w["holder"])
        due = None if term is None else standaard_kalender().add_werkdagen(local_day(w["started_at"]), term)
        found.append((w["case_id"], w["holder"], w["reason"], w["started_at"], due))
    found.sort(key=lambda r: (r[4] is None, r[4] or date.max, r[3]))
    return [(c, case[c]["reference"], case[c]["title"], *rest) for c, *rest in found[:limit]]


def _read(
    p: Platform, external: set[str], team: str | None, parties: set[str] | None, limit: int | None
) -> list[tuple[Any, ...]]:
    with p.uow(write=False) as uow:
        scope = policy.cases_with_group_task([team]) if team else None
        found = open_requests.open_requests(uow.session, external, scope=scope, parties=parties, limit=limit)
    return [(r.case_id, r.reference, r.title, r.party, r.what, r.since, r.due) for r in found]


def _by_party_within_a_task(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with the organisations of one task (the same case, question, moment and due day, next
    to each other) in name order: the table leaves their order open."""
    return [
        row
        for _task, run in groupby(rows, key=lambda r: r[:3] + r[4:])
        for row in sorted(run, key=lambda r: r[3])
    ]


@pytest.mark.parametrize(
    ("team", "parties", "limit"),
    [
        (None, None, None),
        (None, None, open_requests.MAX_LISTED),
        (None, None, 7),
        ("Vergunningen", None, 5),
        ("Juridisch", None, None),
        (None, {"Netbeheerder"}, 4),
    ],
)
def test_the_table_is_the_plain_reading_of_the_rows_in_its_order(
    any_platform: Platform, team: str | None, parties: set[str] | None, limit: int | None
) -> None:
    p = any_platform
    rows = _rows(random.Random(12))
    with p.uow() as uow:
        bench_definition(uow.session, NOW)
        for model in (Case, HumanTask, TaskCandidate, OutsideWait):
            uow.session.execute(insert(model), rows[model.__tablename__])
        uow.commit()
    with p.uow(write=False) as uow:
        external = set(policy.external_groups(uow.session, p.settings))
    assert set(OUTSIDE) <= external and not {"Vergunningen", "Juridisch"} & external
    cases = None
    if team is not None:
        cases = {
            t["case_id"]
            for t in rows["human_task"]
            for c in rows["task_candidate"]
            if c["task_id"] == t["id"] and c["group_name"] == team
        }
    expected = _expected(rows, external, cases, parties, limit)
    assert len(expected) >= min(limit or 4, 4)  # the case is not empty
    assert _by_party_within_a_task(_read(p, external, team, parties, limit)) == _by_party_within_a_task(
        expected
    )
