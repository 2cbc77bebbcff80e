"""The inbox page with 100,000 open tasks in the database (SQLite), timed through the Flask test client.

Bulk-inserts cases, open HumanTask rows and their TaskCandidate rows with SQLAlchemy core inserts,
spread over twelve groups (about one in twelve for Vergunningen; one in 400 claimed by anna), then
times GET /inbox as anna (default tab), the team tab and a filtered team tab, whole page rendered.
Target: median under 300 ms. Run: python -m tests.benchmarks.bench_inbox_page
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.common import bench_definition, emit, median, timed

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
