"""Migration 0016 gives a task without candidate groups, stored before it, its one inbox row (group
``NO_GROUP``), so the staff who may do it find it in their inbox; a task with groups keeps its rows."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases, insert_old_task  # noqa: F401

#: id -> (candidate groups, state, assignee); case 1 (Z-2026-000001) has no deadline, case 2 has one
TASKS = {
    1: ([], "open", None, 1),
    2: ([], "open", "anna", 2),
    3: ([], "voltooid", "anna", 1),
    4: (["Vergunningen"], "open", None, 1),
}


def test_0016_gives_each_task_without_groups_its_inbox_row(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0015")
        insert_old_cases(engine)
        meta = MetaData()
        zaak = Table("zaak", meta, autoload_with=engine)
        task = Table("human_task", meta, autoload_with=engine)
        candidate = Table("task_candidate", meta, autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(
                zaak.update().where(zaak.c.id == 2).values(uiterlijke_einddatum_afdoening=date(2026, 4, 1))
            )
            for task_id, (groups, state, assignee, case_id) in TASKS.items():
                insert_old_task(
                    conn, task, task_id, case_id, candidate_groups=groups, assignee=assignee, state=state
                )
            conn.execute(
                candidate.insert().values(
                    task_id=4, group_name="Vergunningen", open=True, unassigned=True, sort_deadline=date.max
                )
            )
        run_migration(engine, command.upgrade, "0016")  # 0019 frees the tasks of case 2 (decided)
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    candidate.c.task_id,
                    candidate.c.group_name,
                    candidate.c.open,
                    candidate.c.unassigned,
                    candidate.c.sort_deadline,
                ).order_by(candidate.c.task_id)
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, "", True, True, date.max),
            (2, "", True, False, date(2026, 4, 1)),
            (3, "", False, False, date.max),
            (4, "Vergunningen", True, True, date.max),
        ]
        run_migration(engine, command.downgrade, "0015")
        with engine.connect() as conn:
            assert conn.execute(select(candidate.c.task_id)).scalars().all() == [4]
    finally:
        run_migration(
            engine, command.upgrade, "head"
        )  # the worker's PostgreSQL database is shared by later tests
        engine.dispose()
