"""`db.reset` (``ruimteflow demo`` on an existing database, the tests' fresh databases) drops the tables as
the database has them, not as the models of this release declare them: a database migrated by an earlier
release can hold a foreign key the models no longer know (0031's vernietiging.case_id to zaak, dropped by
0033), and dropping in the models' order then failed on PostgreSQL ("cannot drop table zaak because other
objects depend on it")."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from services.store import db
from tests.integration.migration_steps import run_migration


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'reset.db'}"


def test_reset_drops_a_database_of_an_earlier_release_with_its_own_foreign_keys(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0032")  # vernietiging.case_id references zaak.id again
        db.reset(engine)
        assert {"zaak", "vernietiging", "alembic_version"}.isdisjoint(inspect(engine).get_table_names())
    finally:
        db.migrate(engine)  # the worker's database as the next test expects it
        engine.dispose()
