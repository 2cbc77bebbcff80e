"""Migration 0040 moves a postponed message's reason out of ``last_error`` into ``postponed_reason``.

``last_error`` held the error of the last failed try and, on a postponed message, why it waits; the
readers told them apart by the status (left in the last notes). The reasons stored before move; the
errors of failed tries and a delivered message's note stay where they were; going down puts them back."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Engine

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url  # noqa: F401

REASON = "Uitgesteld tot 12 maart 2026, 01:00 (00:00 UTC): de zaakregistratie neemt het dan aan."
OLD = {  # id: (status, last_error)
    1: ("uitgesteld", REASON),
    2: ("mislukt", "503 Service Unavailable"),
    3: ("afgeleverd", "Niets verstuurd: het document is verwijderd."),
    4: ("wachtend", None),
}


def _stored(engine: Engine) -> dict[int, tuple[str | None, ...]]:
    outbox = Table("outbox_message", MetaData(), autoload_with=engine)
    columns = [outbox.c.last_error] + ([outbox.c.postponed_reason] if "postponed_reason" in outbox.c else [])
    with engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(select(outbox.c.id, *columns))}


def test_0040_moves_the_reasons_of_postponed_messages_to_their_own_column(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0039")
        outbox = Table("outbox_message", MetaData(), autoload_with=engine)
        now = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
        with engine.begin() as conn:
            for i, (status, error) in OLD.items():
                conn.execute(
                    outbox.insert().values(
                        id=i, channel="zgw", case_id=None, seq=i, kind="besluit", payload={},
                        status=status, attempts=1, last_error=error, created_at=now,
                    )
                )  # fmt: skip
        run_migration(engine, command.upgrade, "0040")
        assert _stored(engine) == {
            1: (None, REASON),
            2: ("503 Service Unavailable", None),
            3: ("Niets verstuurd: het document is verwijderd.", None),
            4: (None, None),
        }
        run_migration(engine, command.downgrade, "0039")
        assert _stored(engine) == {i: (error,) for i, (_, error) in OLD.items()}
    finally:
        with engine.begin() as conn:
            conn.execute(Table("outbox_message", MetaData(), autoload_with=engine).delete())
        run_migration(engine, command.upgrade, "head")
        engine.dispose()
