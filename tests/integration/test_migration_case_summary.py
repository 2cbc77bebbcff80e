"""Migration 0010 stamps the stored case summaries as version 1 of the typed document: a database
holding summaries in the old, unversioned format is migrated and read back through ``typed_summary``."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, select
from sqlalchemy.orm import Session

from processes.case_summary import SUMMARY_VERSION, CaseSummary
from services.store import db
from services.store.models import Case
from tests.integration.migration_steps import alembic_config

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
RECHTSMIDDEL = {"soort": "bezwaar", "van": "2026-04-02", "tot": "2026-05-14", "tot_tekst": "14 mei 2026"}
#: summaries as the code before 0010 stored them
OLD: dict[str, dict[str, Any]] = {
    "Z-2026-000001": {},
    "Z-2026-000002": {
        "gegevens": {"besluit": "verlenen"},
        "verwachte_berichten": ["aanvulling"],
        "wachtende_elementen": ["wacht_aanvulling"],
        "rechtsmiddel": RECHTSMIDDEL,
        "resultaat": "besluit: verlenen",
    },
    "Z-2026-000003": {
        "wijk_code": "WK0101",
        "warmte_bestemming": None,
        "buurman": "Jan de Buurman, Dorpsstraat 3",
        "oude_teller": 3,
    },
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'samenvatting.db'}"


def _run(engine: Any, fn: Any, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def _before_0010() -> str:
    down = ScriptDirectory.from_config(alembic_config()).get_revision("0010").down_revision
    assert isinstance(down, str)
    return down


def insert_old_task(conn: Any, task: Any, task_id: int, case_id: int, **values: Any) -> None:
    """A human_task row of case ``case_id`` as an older revision stored it (``values``: candidate_groups,
    state and what else the test sets)."""
    conn.execute(
        task.insert().values(
            id=task_id,
            case_id=case_id,
            spiff_task_id=f"t{task_id}",
            bpmn_id="werk",
            name="Werk",
            procedure="regulier",
            case_reference=f"Z-2026-00000{case_id}",
            case_title="Aanvraag",
            created_at=NOW,
            data={},
            **values,
        )
    )


def _insert_old_cases(engine: Any) -> None:
    """Rows as the schema before 0010 holds them (reflected, so a later column cannot get in the way)."""
    meta = MetaData()
    zaak = Table("zaak", meta, autoload_with=engine)
    definition = Table("process_definition", meta, autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(
            definition.insert().values(
                id=1,
                process_id="oud",
                name="oud",
                version=1,
                bundle_hash="x",
                file_hashes=[],
                main_file_hash="x",
                lanes=[],
                deployed_at=NOW,
            )
        )
        for i, (reference, summary) in enumerate(OLD.items(), start=1):
            conn.execute(
                zaak.insert().values(
                    id=i,
                    reference=reference,
                    process_id="oud",
                    definition_id=1,
                    procedure="regulier",
                    title="Aanvraag",
                    status="lopend",
                    phase="intake",
                    tracking_code=f"code-{i}",
                    created_at=NOW,
                    updated_at=NOW,
                    version=1,
                    deadline_info={},
                    opschorting={},
                    verlenging={},
                    summary=summary,
                    final=False,
                    overdue=False,
                )
            )


def _stored(engine: Any) -> dict[str, dict[str, Any]]:
    """Reflected, as the schema of that revision holds them (the model may have columns added later)."""
    zaak = Table("zaak", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(zaak.c.reference, zaak.c.summary).order_by(zaak.c.id)).all())


def test_old_summaries_are_stamped_version_1_and_read_back_typed(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        _run(engine, command.downgrade, _before_0010())
        _insert_old_cases(engine)
        _run(engine, command.upgrade, "head")
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
        _run(engine, command.downgrade, _before_0010())
        back = _stored(engine)
        assert back["Z-2026-000002"] == OLD["Z-2026-000002"] and back["Z-2026-000001"] == {}
        assert back["Z-2026-000003"] == {k: v for k, v in OLD["Z-2026-000003"].items() if v is not None}
        _run(engine, command.upgrade, "head")
        assert _stored(engine) == stored
    finally:
        engine.dispose()


def test_the_migration_knows_exactly_the_fields_of_version_1() -> None:
    migration = importlib.import_module("services.store.migrations.versions.0010_case_summary")
    assert SUMMARY_VERSION == migration.VERSION == 1
    assert set(CaseSummary.__dataclass_fields__) - {"versie"} == migration.FIELDS_V1
