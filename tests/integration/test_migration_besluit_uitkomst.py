"""Migration 0014 gives a final besluit the editor made before it its outcome, read from its title, so
that the check 'the task is completed with the besluit's own outcome' covers it too."""

from __future__ import annotations

from datetime import date
from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases  # noqa: F401

TITELS = {
    1: ("Besluit (verlenen) Z-2026-000001", "verlenen"),
    2: ("Besluit (buiten behandeling) Z-2026-000002", "buiten_behandeling"),
    3: ("Getekende scan", None),  # a plain upload: no outcome to read
}


def test_0014_reads_the_outcome_from_the_title_of_a_final_besluit(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0013")
        insert_old_cases(engine)
        document = Table("document", MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            for doc_id, (titel, _) in TITELS.items():
                conn.execute(
                    document.insert().values(
                        id=doc_id,
                        case_id=1,
                        titel=titel,
                        informatieobjecttype="besluit",
                        vertrouwelijkheidaanduiding="beperkt_openbaar",
                        status="definitief",
                        creatiedatum=date(2026, 3, 2),
                        gedeeld_met=[],
                        uploaded_by="anna",
                        auteur="",
                        organisatie="",
                        created_at=NOW,
                        latest_version=1,
                        verwijderd=False,
                    )
                )
        run_migration(engine, command.upgrade, "head")
        document = Table("document", MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            got: dict[Any, Any] = dict(conn.execute(select(document.c.id, document.c.besluit_uitkomst)).all())
        assert got == {doc_id: uitkomst for doc_id, (_, uitkomst) in TITELS.items()}
    finally:
        engine.dispose()
