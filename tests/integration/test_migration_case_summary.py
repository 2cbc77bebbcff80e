"""Migration 0010 stamps the stored case summaries as version 1 of the typed document: a database
holding summaries in the old, unversioned format is migrated and read back through ``typed_summary``."""

from __future__ import annotations

import importlib
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, select
from sqlalchemy.orm import Session

from processes.case_summary import SUMMARY_VERSION, CaseSummary
from services.store import db
from services.store.models import Case
from tests.integration.migration_steps import alembic_config, run_migration
from tests.integration.old_cases import OLD, RECHTSMIDDEL, database_url, insert_old_cases  # noqa: F401


def _before_0010() -> str:
    down = ScriptDirectory.from_config(alembic_config()).get_revision("0010").down_revision
    assert isinstance(down, str)
    return down


def _stored(engine: Any) -> dict[str, dict[str, Any]]:
    """Reflected, as the schema of that revision holds them (the model may have columns added later)."""
    zaak = Table("zaak", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(zaak.c.reference, zaak.c.summary).order_by(zaak.c.id)).all())


def test_old_summaries_are_stamped_version_1_and_read_back_typed(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, _before_0010())
        insert_old_cases(engine)
        run_migration(engine, command.upgrade, "head")
        stored = _stored(engine)
        assert stored == {
            "Z-2026-000001": {"versie": 1},
            "Z-2026-000002": {"versie": 1, **OLD["Z-2026-000002"]},
            "Z-2026-000003": {
                "versie": 1,
                "wijk_code": "WK0101",
                "overig": {"buurman": "Jan de Buurman, Dorpsstraat 3", "oude_teller": 3},
            },
        }
        with Session(engine) as s:
            typed = {c.reference: c.typed_summary for c in s.scalars(select(Case))}
        assert typed["Z-2026-000001"] == CaseSummary()
        assert typed["Z-2026-000002"].rechtsmiddel == RECHTSMIDDEL
        assert typed["Z-2026-000002"].verwachte_berichten == ["aanvulling"]
        assert typed["Z-2026-000002"].resultaat == "besluit: verlenen"
        assert typed["Z-2026-000003"].wijk_code == "WK0101"
        assert typed["Z-2026-000003"].warmte_bestemming is None
        assert typed["Z-2026-000003"].overig == {"buurman": "Jan de Buurman, Dorpsstraat 3", "oude_teller": 3}
        # down again: the old documents come back (a key that was null stays left out)
        run_migration(engine, command.downgrade, _before_0010())
        back = _stored(engine)
        assert back["Z-2026-000002"] == OLD["Z-2026-000002"] and back["Z-2026-000001"] == {}
        assert back["Z-2026-000003"] == {k: v for k, v in OLD["Z-2026-000003"].items() if v is not None}
        run_migration(engine, command.upgrade, "head")
        assert _stored(engine) == stored
    finally:
        engine.dispose()


def test_the_migration_knows_exactly_the_fields_of_version_1() -> None:
    migration = importlib.import_module("services.store.migrations.versions.0010_case_summary")
    assert SUMMARY_VERSION == migration.VERSION == 1
    assert set(CaseSummary.__dataclass_fields__) - {"versie"} == migration.FIELDS_V1
