"""Migration 0019 fills ``zaak.decided_on`` from the stored summaries (the day the besluit was given, as
``CaseSummary.besluit_op`` reads it) and takes the beslistermijn off the open tasks of decided cases."""

from __future__ import annotations

import importlib
from datetime import date

from alembic import command
from sqlalchemy import MetaData, Table, select

from processes.case_summary import CaseSummary
from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, OLD, database_url, insert_old_cases, insert_old_task  # noqa: F401

DEADLINE = date(2026, 3, 30)


def test_0019_fills_decided_on_and_frees_the_tasks_of_decided_cases(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0016")
        insert_old_cases(engine)  # Z-2026-000002 (id 2) was made known on 2 April 2026
        meta = MetaData()
        zaak = Table("zaak", meta, autoload_with=engine)
        task = Table("human_task", meta, autoload_with=engine)
        candidate = Table("task_candidate", meta, autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(zaak.update().values(uiterlijke_einddatum_afdoening=DEADLINE))
            for task_id, case_id, state in ((1, 1, "open"), (2, 2, "open"), (3, 2, "voltooid")):
                insert_old_task(
                    conn,
                    task,
                    task_id,
                    case_id,
                    candidate_groups=["Juridisch"],
                    state=state,
                    legal_deadline=DEADLINE,
                )
                conn.execute(
                    candidate.insert().values(
                        task_id=task_id,
                        group_name="Juridisch",
                        open=state == "open",
                        unassigned=True,
                        sort_deadline=DEADLINE,
                    )
                )
        run_migration(engine, command.upgrade, "head")
        meta = MetaData()
        zaak = Table("zaak", meta, autoload_with=engine)
        with engine.connect() as conn:
            decided = dict(conn.execute(select(zaak.c.id, zaak.c.decided_on)).all())
            deadlines = dict(conn.execute(select(task.c.id, task.c.legal_deadline)).all())
            sort = dict(conn.execute(select(candidate.c.task_id, candidate.c.sort_deadline)).all())
        assert decided == {1: None, 2: date(2026, 4, 2), 3: None}
        assert decided[2] == CaseSummary.from_json(OLD["Z-2026-000002"]).besluit_op()
        assert deadlines == {1: DEADLINE, 2: None, 3: DEADLINE}
        assert sort == {1: DEADLINE, 2: date.max, 3: DEADLINE}
        run_migration(engine, command.downgrade, "0016")
        meta = MetaData()
        assert "decided_on" not in Table("zaak", meta, autoload_with=engine).c
    finally:
        run_migration(
            engine, command.upgrade, "head"
        )  # the worker's PostgreSQL database is shared by later tests
        engine.dispose()


def test_the_migration_reads_a_besluit_as_the_summary_does() -> None:
    migration = importlib.import_module("services.store.migrations.versions.0019_decided_on")
    summaries = [
        {},
        {"besluit": {"besluit": "verlenen", "datum": "2026-02-12"}},
        {"besluit": {"datum": "2026-02-12"}, "rechtsmiddel": {"van": "2026-02-13"}},
        {"besluit_extern": {"besluit": "verleend", "datum": "2026-01-05"}},
        {"besluit": {"datum": "12 februari"}},
    ]
    for doc in summaries:
        assert migration.besluit_op(doc) == CaseSummary.from_json(doc).besluit_op(), doc
