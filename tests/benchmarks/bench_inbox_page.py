"""The inbox page with 100,000 open tasks in the database (SQLite), timed through the Flask test client.

Bulk-inserts cases, open HumanTask rows and their TaskCandidate rows with SQLAlchemy core inserts,
spread over twelve groups (about one in twelve for Vergunningen; one in 400 claimed by anna; a
vervaldatum on six in seven), then
times GET /inbox as anna (default tab), the team tab and a filtered team tab, whole page rendered.
Target: median under 300 ms. Run: python -m tests.benchmarks.bench_inbox_page
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.common import bench_definition, emit, loadavg, median, timed

OPEN_TASKS = 100_000
TASKS_PER_CASE = 2
ROUNDS = 30
GROUPS = [
    "Vergunningen",
    "Ruimtelijke Ordening",
    "Milieu",
    "Omgevingsdienst",
    "Energie en Klimaat",
    "Landbouw en Buitengebied",
    "Natuur",
    "Juridisch",
    "Netbeheerder",
    "Woningcorporatie",
    "Openbare Ruimte",
    "Projectleider warmtetransitie",
]
PROCEDURES = [
    "Omgevingsvergunning regulier",
    "Omgevingsvergunning uitgebreid",
    "Windpark",
    "Transportverzoek",
    "Wijkuitvoeringsplan",
]
PHASES = ["ontvangst", "beoordeling", "advies", "besluit"]
SEVERITIES = [None, None, None, "info", "waarschuwing", "blokkerend"]


def build(folder: Path, n_tasks: int = OPEN_TASKS) -> Any:
    from sqlalchemy import insert

    from services import users
    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform
    from services.store.models import Case, HumanTask, TaskCandidate

    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    platform = Platform.create(
        Settings(
            instance_dir=folder,
            database_url=f"sqlite:///{folder / 'inbox.db'}",
            bpmn_dir=folder,
            scheduler_in_web=False,
        ),
        FixedClock(now),
    )
    users.add_user(
        platform, "anna", groups=["Vergunningen"], role="vergunningverlener", display_name="Anna de Vries"
    )
    users.add_user(platform, "tom", groups=["Vergunningen"], role="teamleider", display_name="Tom Bakker")
    candidate_columns = set(TaskCandidate.__table__.c.keys())
    n_cases = n_tasks // TASKS_PER_CASE
    with platform.uow() as uow:
        s = uow.session
        bench_definition(s, now)
        s.execute(
            insert(Case),
            [
                {
                    "id": i,
                    "reference": f"Z-2026-{i:06d}",
                    "process_id": "bench",
                    "definition_id": 1,
                    "procedure": PROCEDURES[i % len(PROCEDURES)],
                    "title": f"Aanvraag {i}",
                    "status": "lopend",
                    "phase": PHASES[i % len(PHASES)],
                    "location_name": f"Dorpsstraat {i % 300 + 1}, Ruimtedal",
                    "uiterlijke_einddatum_afdoening": date(2026, 2, 20) + timedelta(days=i % 120),
                    "tracking_code": f"code-{i}",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "deadline_info": {},
                    "opschorting": {},
                    "verlenging": {},
                    "summary": {},
                    "final": False,
                    "overdue": False,
                }
                for i in range(1, n_cases + 1)
            ],
        )
        tasks, candidates = [], []
        for i in range(1, n_tasks + 1):
            case_id = 1 + (i - 1) // TASKS_PER_CASE
            group = GROUPS[i % len(GROUPS)]
            deadline = date(2026, 2, 20) + timedelta(days=case_id % 120)
            assignee = "anna" if i % 400 == 0 else None
            tasks.append(
                {
                    "id": i,
                    "case_id": case_id,
                    "spiff_task_id": f"t{i}",
                    "bpmn_id": "advies",
                    "name": f"Advies {group}",
                    "lane": group,
                    "candidate_groups": [group],
                    "state": "open",
                    "assignee": assignee,
                    "procedure": PROCEDURES[case_id % len(PROCEDURES)],
                    "case_reference": f"Z-2026-{case_id:06d}",
                    "case_title": f"Aanvraag {case_id}",
                    "phase": PHASES[case_id % len(PHASES)],
                    "location_name": f"Dorpsstraat {case_id % 300 + 1}, Ruimtedal",
                    "legal_deadline": deadline,
                    # the task's own vervaldatum: some passed, some to come, one in seven without
                    "due_on": None if i % 7 == 0 else date(2026, 2, 10) + timedelta(days=i * 7 % 59),
                    "max_severity": SEVERITIES[case_id % len(SEVERITIES)],
                    "created_at": now,
                    "data": {},
                }
            )
            cand = {
                "task_id": i,
                "group_name": group,
                "open": True,
                "unassigned": assignee is None,
                "sort_deadline": deadline,
            }
            candidates.append({k: v for k, v in cand.items() if k in candidate_columns})
        s.execute(insert(HumanTask), tasks)
        s.execute(insert(TaskCandidate), candidates)
        uow.commit()
    with platform.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return platform


#: the dashboard's table "Open bij externe partijen" in bare SQL: the open tasks of the outside groups (on
#: the cases where ``scope`` had a task), those with a due day first in due order, then those without
BARE_OPEN_EXTERN = """
SELECT z.id, z.reference, z.title, t.name, t.created_at, t.due_on, c.group_name
FROM human_task t JOIN task_candidate c ON c.task_id = t.id JOIN zaak z ON z.id = t.case_id
WHERE t.state = 'open' AND t.due_on IS {dated} NULL AND c.open AND c.group_name IN ({orgs}) {scope}
ORDER BY t.due_on, t.created_at, t.id, c.group_name LIMIT ?
"""
BARE_SCOPE = """AND t.case_id IN (SELECT t2.case_id FROM human_task t2
  JOIN task_candidate c2 ON c2.task_id = t2.id WHERE c2.group_name = ?)"""
#: the dashboard's views: the beheerder (every case), a team lead whose cases have open tasks of an
#: outside group (Omgevingsdienst) beside their own, and one whose cases have none
VIEWS = {"beheerder": None, "teamleider": "Energie en Klimaat", "teamleider_zonder": "Vergunningen"}


def bare_open_extern(db: Path, orgs: list[str], team: str | None, limit: int) -> list[Any]:
    con = sqlite3.connect(db)
    try:
        rows: list[Any] = []
        for dated in ("NOT", ""):
            if len(rows) < limit:
                sql = BARE_OPEN_EXTERN.format(
                    dated=dated, orgs=",".join("?" * len(orgs)), scope=BARE_SCOPE if team else ""
                )
                rows += con.execute(sql, [*orgs, *([team] if team else []), limit - len(rows)]).fetchall()
        return rows
    finally:
        con.close()


def bench_open_extern(platform: Any, rounds: int = ROUNDS) -> None:
    """The dashboard's table "Open bij externe partijen" (open_requests with the dashboard's limit) for the
    beheerder (every case) and two team leads (the cases of their team), each against the bare SQL doing
    the same work, and the whole dashboard of each, interleaved round by round; the rows must be equal."""
    from services import dashboard, policy
    from services.waits import open_requests

    db = Path(platform.settings.instance_dir) / "inbox.db"
    with platform.uow(write=False) as uow:
        orgs = sorted(policy.external_groups(uow.session, platform.settings))

    def table(team: str | None) -> list[Any]:
        with platform.uow(write=False) as uow:
            scope = policy.cases_with_group_task([team]) if team else None
            return open_requests.open_requests(uow.session, orgs, scope=scope, limit=open_requests.MAX_LISTED)

    def whole(team: str | None) -> Any:
        return dashboard.capacity(platform, [team] if team else GROUPS, cases_of=[team] if team else None)

    views = VIEWS
    times: dict[str, list[float]] = {}
    for name, team in views.items():
        bare = bare_open_extern(db, orgs, team, open_requests.MAX_LISTED)
        ours = [(r.case_id, r.what, r.party, r.due) for r in table(team)]
        assert ours == [(r[0], r[3], r[6], r[5] and date.fromisoformat(r[5])) for r in bare], name
        times.update({f"{name}_{kind}": [] for kind in ("table", "bare", "dashboard")})
    kinds = {
        "table": table,
        "bare": lambda team: bare_open_extern(db, orgs, team, open_requests.MAX_LISTED),
        "dashboard": whole,
    }
    for i in range(rounds):  # interleaved: each sees the same machine load, in turn first
        for name, team in views.items() if i % 2 == 0 else reversed(views.items()):
            for kind, fn in kinds.items():
                t0 = time.perf_counter()
                fn(team)
                times[f"{name}_{kind}"].append((time.perf_counter() - t0) * 1000)
    for name, team in views.items():
        emit(
            bench="dashboard_open_extern_100k",
            view=name,
            team=team,
            open_tasks=OPEN_TASKS,
            rows=len(table(team)),
            median_ms=median(times[f"{name}_table"]),
            bare_sql_median_ms=median(times[f"{name}_bare"]),
            dashboard_median_ms=median(times[f"{name}_dashboard"]),
            rounds=rounds,
            load=loadavg(),
        )


def bench_inbox_waits(platform: Any, rounds: int = ROUNDS) -> None:
    """One user's inbox (service call) with and without what each row's case waits on (``with_waits``,
    the inbox page's), interleaved round by round."""
    from services import inbox

    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(rounds):
        for waits in (False, True) if i % 2 == 0 else (True, False):
            t0 = time.perf_counter()
            inbox.list_tasks(platform, "anna", limit=50, with_waits=waits)
            times[waits].append((time.perf_counter() - t0) * 1000)
    emit(
        bench="inbox_list_100k_waits",
        median_ms=median(times[False]),
        with_waits_median_ms=median(times[True]),
        open_tasks=OPEN_TASKS,
        rounds=rounds,
        load=loadavg(),
    )


def main() -> None:
    from web import create_app

    with tempfile.TemporaryDirectory() as d:
        platform = build(Path(d))
        app = create_app(platform.settings, platform=platform)
        client = app.test_client()
        from services import sessions

        with client.session_transaction() as sess:
            sess["sid"] = sessions.start(platform, "anna")  # a server-side session, as a login makes

        def page(url: str) -> Any:
            def get() -> None:
                resp = client.get(url)
                assert resp.status_code == 200 and "Taken" in resp.text, resp.status_code

            return get

        with platform.uow(write=False) as uow:
            from sqlalchemy import func, select

            from services.store.models import HumanTask

            open_tasks = uow.session.scalar(select(func.count()).where(HumanTask.state == "open"))
        for name, url in (
            ("inbox_page", "/inbox"),
            ("inbox_page_team", "/inbox?tab=team"),
            ("inbox_page_team_filtered", "/inbox?tab=team&termijn=14&ernst=blokkerend"),
            ("inbox_page_team_page_20", "/inbox?tab=team&pagina=20"),
        ):
            samples = timed(page(url), ROUNDS)
            emit(
                bench=name,
                median_ms=median(samples),
                p95_ms=round(sorted(samples)[int(len(samples) * 0.95) - 1], 3),
                open_tasks=open_tasks,
                url=url,
                target_ms=300,
            )
        platform.close()


if __name__ == "__main__":
    main()
