"""Migration 0024 adds zaak.geanonimiseerd_op (services.bewaren): every case before it still holds its
data (NULL), and the column goes again on the way down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401


def test_0024_adds_geanonimiseerd_op_empty_for_the_cases_before_it(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0023")
        assert "geanonimiseerd_op" not in Table("zaak", MetaData(), autoload_with=engine).c
        insert_old_cases(engine)
        run_migration(engine, command.upgrade, "0024")
        zaak = Table("zaak", MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            found = conn.execute(select(zaak.c.reference, zaak.c.geanonimiseerd_op).order_by(zaak.c.id)).all()
        assert found and all(row.geanonimiseerd_op is None for row in found)
        run_migration(engine, command.downgrade, "0023")
        assert "geanonimiseerd_op" not in Table("zaak", MetaData(), autoload_with=engine).c
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()
