"""Cases as older revisions of the schema stored them, for the tests of the migrations that rewrite them,
on SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, Table

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


def insert_old_cases(engine: Any) -> None:
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
