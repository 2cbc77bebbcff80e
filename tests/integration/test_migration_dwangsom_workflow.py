"""Migration 0043 writes the count in words of every dwangsom stand in the stored workflow documents as a
new count writes it ("€ 1.442", f21b38b), where 0041 reached only the case summaries.

A case's workflow document (services.engine.state.dump_instance) holds the workflow's data and each task's
data (and delta), its subprocesses' likewise; each step copied the last task's data into the summary. The
stands are found wherever they stand under the key ``dwangsom``; a count its numbers do not give again
keeps its words; the rest of a document stays byte for byte, and a document without an old count is not
written. Stands as in test_migration_dwangsom_telling.
"""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Engine

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401
from tests.integration.test_migration_dwangsom_telling import ANDER_TARIEF, LOOPT, MAXIMUM_NU, MAXIMUM_OUD


def _document(stand: Any, other: Any) -> dict[str, Any]:
    """An instance document in the shape dump_instance writes, ``stand`` in the places data live."""
    task = {"data": {"besluit": "verlenen", "dwangsom": stand}, "delta": {"updates": {"dwangsom": stand}}}
    return {
        "data": {"dwangsom": other, "tekst": "Maximum bereikt: € 1442 (ongewijzigd, geen stand)"},
        "tasks": {"t1": {"id": "t1", "state": 64, **task}, "t2": {"id": "t2", "data": {"x": [1.5, None]}}},
        "subprocesses": {"s1": {"data": {}, "tasks": {"t3": {"data": {"staat": {"dwangsom": stand}}}}}},
        "bpmn_events": [],
        "serializer_version": "1.4",
        "spec_hash": "ab12",
    }


def _dumped(doc: dict[str, Any]) -> str:
    """As services.engine.state.dump_instance writes it."""
    return json.dumps(doc, separators=(",", ":"))


#: documents as the code before 0043 stored them, by case id
OLD = {
    1: _dumped(_document(MAXIMUM_OUD, LOOPT)),
    2: _dumped(_document(ANDER_TARIEF, {"geen": "stand"})),  # nothing to write: stays as it is
    3: _dumped(_document(LOOPT, MAXIMUM_OUD)),
}


def _documents(engine: Engine) -> dict[int, str]:
    state = Table("workflow_state", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(state.c.case_id, state.c.document)).all())  # type: ignore[arg-type]


def test_0043_writes_each_dwangsom_count_in_the_workflow_documents(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0042")
        insert_old_cases(engine)
        state = Table("workflow_state", MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            for case_id, document in OLD.items():
                conn.execute(
                    state.insert().values(case_id=case_id, document=document, serializer_version="1.4")
                )
        run_migration(engine, command.upgrade, "head")
        migrated = _documents(engine)
        assert migrated[1] == _dumped(_document(MAXIMUM_NU, LOOPT))
        assert migrated[2] == OLD[2]
        assert migrated[3] == _dumped(_document(LOOPT, MAXIMUM_NU))
        run_migration(engine, command.downgrade, "0042")
        assert _documents(engine) == migrated  # down: the counts stay as 0043 wrote them
        run_migration(engine, command.upgrade, "head")
        assert _documents(engine) == migrated
    finally:
        engine.dispose()
