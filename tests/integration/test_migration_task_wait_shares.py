"""Migration 0045 cuts the recorded task wait of a task a migration moved into each team's share, and
marks the task (``human_task.moved_at``); a task never moved keeps its one row. Downgrade puts the shares
together again. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases, insert_old_task  # noqa: F401

HOUR = 3600.0


def _event(conn: Any, table: Any, kind: str, hours: int, data: dict[str, Any]) -> None:
    at = NOW + timedelta(hours=hours)
    conn.execute(table.insert().values(case_id=1, at=at, kind=kind, message=kind, public=False, data=data))


def _wait(conn: Any, table: Any, task_id: int, group: str, waiting: float, working: float) -> None:
    conn.execute(
        table.insert().values(
            task_id=task_id,
            case_id=1,
            process_id="oud",
            element_id="werk",
            group_name=group,
            external=False,
            created_at=NOW,
            claimed_at=NOW + timedelta(seconds=waiting),
            completed_at=NOW + timedelta(seconds=waiting + working),
            waiting_s=waiting,
            working_s=working,
        )
    )


def test_0045_gives_each_team_its_share_of_a_moved_task(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0044")
        insert_old_cases(engine)
        meta = MetaData()
        task, event, wait = (
            Table(n, meta, autoload_with=engine) for n in ("human_task", "case_event", "task_wait")
        )
        with engine.begin() as conn:
            for task_id in (1, 2):
                insert_old_task(conn, task, task_id, 1, candidate_groups=["Juridisch"], state="voltooid")
            # task 1: Vergunningen had it an hour, then the migration moved it; Juridisch claimed it two hours
            # later and completed it an hour after that (recorded whole under Juridisch, as before 0045)
            _event(
                conn, event, "taak-verplaatst", 1, {"taak": 1, "van": ["Vergunningen"], "naar": ["Juridisch"]}
            )
            _event(conn, event, "taak-toewijzing", 3, {"taak": 1})
            _wait(conn, wait, 1, "Juridisch", 3 * HOUR, HOUR)
            _wait(conn, wait, 2, "Juridisch", 2 * HOUR, 0.0)  # never moved
        run_migration(engine, command.upgrade, "0045")
        meta = MetaData()
        task, wait = (Table(n, meta, autoload_with=engine) for n in ("human_task", "task_wait"))
        with engine.connect() as conn:
            shares = conn.execute(
                select(
                    wait.c.task_id, wait.c.share, wait.c.group_name, wait.c.waiting_s, wait.c.working_s
                ).order_by(wait.c.task_id, wait.c.share)
            ).all()
            moved = conn.execute(select(task.c.id, task.c.moved_at).order_by(task.c.id)).all()
        assert [tuple(r) for r in shares] == [
            (1, 0, "Vergunningen", HOUR, 0.0),
            (1, 1, "Juridisch", 2 * HOUR, HOUR),
            (2, 0, "Juridisch", 2 * HOUR, 0.0),
        ]
        assert [(i, at is not None) for i, at in moved] == [(1, True), (2, False)]
        run_migration(engine, command.downgrade, "0044")
        back = Table("task_wait", MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            rows = conn.execute(
                select(back.c.task_id, back.c.group_name, back.c.waiting_s, back.c.working_s).order_by(
                    back.c.task_id
                )
            ).all()
        assert [tuple(r) for r in rows] == [(1, "Juridisch", 3 * HOUR, HOUR), (2, "Juridisch", 2 * HOUR, 0.0)]
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()
