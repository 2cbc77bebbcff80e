"""The Alembic migrations build exactly the schema of the models, up and down, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, update

from services.store import db
from services.store.models import Base, Vernietiging
from tests.integration.migration_steps import run_migration


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'migraties.db'}"


def _differences(engine: Any) -> list[Any]:
    own = set(Base.metadata.tables)

    def ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        # PostGIS and GIS layer tables share the database; only Ruimteflow's own tables are compared
        return type_ != "table" or name in own

    def our_name(name: str | None, type_: str, parent_names: Any) -> bool:
        # filtered before reflection too: a PostGIS layer's geometry column is unknown to SQLAlchemy
        return type_ != "table" or name in own

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": ours, "include_name": our_name, "compare_type": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_migrations_match_the_models_and_go_down_and_up_again(database_url: str):
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        assert _differences(engine) == []
        run_migration(engine, command.downgrade, "0001")
        assert {"user_session", "auth_failure"}.isdisjoint(inspect(engine).get_table_names())
        run_migration(engine, command.upgrade, "head")
        assert {"user_session", "auth_failure"} <= set(inspect(engine).get_table_names())
        assert _differences(engine) == []
    finally:
        engine.dispose()


def _updated_at_indexes(engine: Any) -> list[str]:
    return [
        str(i["name"]) for i in inspect(engine).get_indexes("zaak") if i["column_names"] == ["updated_at"]
    ]


def test_the_case_list_reads_updated_at_through_an_index(database_url: str):
    """GET /api/v1/zaken's gewijzigd_na filter and bijgewerkt_op order read zaak.updated_at, which had no
    index (a poll for what changed scanned every case); migration 0034 adds it, and 0033 is again without."""
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        assert _updated_at_indexes(engine) == ["ix_zaak_updated_at"]
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                plan = conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT id FROM zaak WHERE updated_at > '2026-01-01' ORDER BY updated_at"
                ).all()
            assert any("ix_zaak_updated_at" in str(row[-1]) for row in plan), plan
        run_migration(engine, command.downgrade, "0033")
        assert _updated_at_indexes(engine) == []
        run_migration(engine, command.upgrade, "head")
        assert _updated_at_indexes(engine) == ["ix_zaak_updated_at"]
    finally:
        engine.dispose()


def _vernietiging_columns(engine: Any) -> set[str]:
    return {str(c["name"]) for c in inspect(engine).get_columns("vernietiging")}


def test_a_register_line_records_the_files_still_to_be_removed(database_url: str):
    """Migration 0035 adds vernietiging.te_verwijderen (the destroyed case's files still to be removed after
    the commit, services.bewaren.bestanden); 0034 is without it, and a downgrade is refused while a line
    still names files: the column is their only record."""
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        assert "te_verwijderen" in _vernietiging_columns(engine)
        line = {"zaak": "Z-2026-000001", "zaaktype": "p", "procedure": "P", "resultaat": ""}
        line |= {
            "archiefactietermijn": "P1Y",
            "brondatum": date(2026, 3, 2),
            "archiefactiedatum": date(2027, 3, 2),
        }
        line |= {
            "handeling": "vernietigd",
            "uitgevoerd_op": date(2027, 3, 2),
            "uitgevoerd_door": "archivaris",
        }
        line |= {"uitgevoerd_at": datetime(2027, 3, 2, 9, tzinfo=UTC), "lijst": "l.json", "lijst_sha256": ""}
        files = {"inhoud": ["a" * 64], "mails": ["1-ontvangst"]}
        with engine.begin() as conn:
            conn.execute(insert(Vernietiging).values(**line, te_verwijderen=files))
        with pytest.raises(RuntimeError, match="still to be removed"):
            run_migration(engine, command.downgrade, "0034")
        assert "te_verwijderen" in _vernietiging_columns(engine)
        with engine.begin() as conn:
            conn.execute(update(Vernietiging).values(te_verwijderen=None))
        run_migration(engine, command.downgrade, "0034")
        assert "te_verwijderen" not in _vernietiging_columns(engine)
        run_migration(engine, command.upgrade, "head")
        assert "te_verwijderen" in _vernietiging_columns(engine)
        assert _differences(engine) == []
    finally:
        engine.dispose()
