"""Migration 0028 adds case_conflict.feature_naam (review gis11, finding 2): the conflicts stored before
it keep every column and hold NULL (the layers are not the migration's to read), and the column goes
again on the way down."""

from __future__ import annotations

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401

OLD_CONFLICT = {
    "id": 1,
    "case_id": 1,
    "regel": "natura2000-in-gebied",
    "laag": "natura2000",
    "feature_id": "102",
    "ernst": "blokkerend",
    "afdeling": "Provincie",
    "beschrijving": "Het project ligt in een Natura 2000-gebied",
    "bron": "Omgevingswet art. 5.1",
    "intern": False,
    "overschreven": False,
    "details": {},
}


def _columns(engine) -> set[str]:
    return set(Table("case_conflict", MetaData(), autoload_with=engine).c.keys())


def test_0028_adds_feature_naam_empty_for_the_conflicts_before_it(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0027")
        assert "feature_naam" not in _columns(engine)
        insert_old_cases(engine)
        with engine.begin() as conn:
            conn.execute(
                Table("case_conflict", MetaData(), autoload_with=engine).insert().values(**OLD_CONFLICT)
            )
        run_migration(engine, command.upgrade, "0028")
        conflict = Table("case_conflict", MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            row = conn.execute(select(conflict)).one()._asdict()
        assert row.pop("feature_naam") is None
        assert {k: row[k] for k in OLD_CONFLICT} == OLD_CONFLICT
        run_migration(engine, command.downgrade, "0027")
        assert "feature_naam" not in _columns(engine)
        run_migration(engine, command.upgrade, "head")
        assert "feature_naam" in _columns(engine)
    finally:
        engine.dispose()
