"""Migration 0018 turns model_scenario_text into one row per release from the editor: a row stored
before it stays (as the release that made its version), a second row for the same version can be
added, and going down keeps the newest row of each version."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import alembic_config, run_migration
from tests.integration.old_cases import NOW, database_url  # noqa: F401


def _tables(engine: Any) -> tuple[Table, Table]:
    meta = MetaData()
    return (
        Table("process_definition", meta, autoload_with=engine),
        Table("model_scenario_text", meta, autoload_with=engine),
    )


def _before_0018() -> str:
    down = ScriptDirectory.from_config(alembic_config()).get_revision("0018").down_revision
    assert isinstance(down, str)
    return down


def _row(row_id: int, by: str, reason: str | None) -> dict[str, Any]:
    return {"id": row_id, "definition_id": 1, "process_id": "oud", "scenarios": f"tekst {row_id}",
            "deployed_by": by, "deployed_at": NOW, "forced_reason": reason}  # fmt: skip


def test_0018_keeps_each_release_of_a_version_in_its_own_row(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, _before_0018())
        definition, text = _tables(engine)
        with engine.begin() as conn:
            conn.execute(definition.insert().values(id=1, process_id="oud", name="oud", version=1, bundle_hash="x",
                                                    file_hashes=[], main_file_hash="x", lanes=[], deployed_at=NOW))  # fmt: skip
            conn.execute(text.insert().values(**_row(1, "bea", "Spoed")))
        run_migration(engine, command.upgrade, "0018")
        _, text = _tables(engine)
        with engine.begin() as conn:
            conn.execute(text.insert().values(**_row(2, "bert", None), new_version=False))
            rows = conn.execute(
                select(text.c.id, text.c.deployed_by, text.c.forced_reason, text.c.new_version).order_by(
                    text.c.id
                )
            ).all()
        assert [tuple(r) for r in rows] == [(1, "bea", "Spoed", True), (2, "bert", None, False)]
        run_migration(engine, command.downgrade, _before_0018())
        _, text = _tables(engine)
        with engine.begin() as conn:
            assert [tuple(r) for r in conn.execute(select(text.c.id, text.c.deployed_by))] == [(2, "bert")]
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()
