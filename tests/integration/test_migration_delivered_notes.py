"""Migration 0042 moves the note of a message delivered without sending out of ``last_error``.

Until f3e2bbe the worker kept a handler's note why it sent nothing (a document deleted before its
delivery) in the delivered message's ``last_error``: beheer showed a delivered message with an error.
Since then the note is an internal line of the case's history, which beheer and the API show as the
message's ``notitie``. The notes of messages delivered before move there; a message not delivered keeps
its ``last_error``, the error of a try; a message without a case has no history, its note goes to the log.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Engine

from services.clock import FixedClock
from services.config import Settings
from services.outbox import beheer
from services.platform import Platform
from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401

DELIVERED_AT = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
NOTE = "Het document is verwijderd voordat het bericht werd afgeleverd; er gaat niets heen."
OLD = {  # id: (case, status, last_error), as the code before f3e2bbe stored them
    1: (1, "afgeleverd", NOTE),
    2: (2, "afgeleverd", "De rol heeft geen roltype; er is niets verstuurd."),
    3: (1, "afgeleverd", None),
    4: (1, "mislukt", "503 Service Unavailable"),
    5: (2, "dood", "400 Bad Request"),
    6: (None, "afgeleverd", "Niets verstuurd: zonder zaak."),
}


def _errors(engine: Engine) -> dict[int, str | None]:
    outbox = Table("outbox_message", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(outbox.c.id, outbox.c.last_error)).all())  # type: ignore[arg-type]


def _history(engine: Engine) -> list[tuple]:
    event = Table("case_event", MetaData(), autoload_with=engine)
    q = select(event.c.case_id, event.c.kind, event.c.message, event.c.public, event.c.actor, event.c.data)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(q.order_by(event.c.id))]


def _insert_old_messages(engine: Engine) -> None:
    outbox = Table("outbox_message", MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        for i, (case_id, status, error) in OLD.items():
            delivered = DELIVERED_AT if status == "afgeleverd" else None
            conn.execute(
                outbox.insert().values(
                    id=i, channel="zgw", case_id=case_id, seq=i, kind="document", payload={}, status=status,
                    attempts=1, last_error=error, created_at=DELIVERED_AT, delivered_at=delivered,
                )
            )  # fmt: skip


def test_0042_moves_the_notes_of_delivered_messages_to_their_case_history(
    database_url: str,  # noqa: F811
    tmp_path,
    clock: FixedClock,
) -> None:
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0041")
        insert_old_cases(engine)
        _insert_old_messages(engine)
        run_migration(engine, command.upgrade, "head")
        assert _errors(engine) == {
            1: None,
            2: None,
            3: None,
            4: "503 Service Unavailable",
            5: "400 Bad Request",
            6: None,
        }
        assert _history(engine) == [
            (1, "aflevering-niets-verzonden", f"Aflevering 1 (zgw: document) niets verzonden: {NOTE}", False, None,
             {"aflevering": 1, "notitie": NOTE}),
            (2, "aflevering-niets-verzonden",
             "Aflevering 2 (zgw: document) niets verzonden: De rol heeft geen roltype; er is niets verstuurd.",
             False, None, {"aflevering": 2, "notitie": "De rol heeft geen roltype; er is niets verstuurd."}),
        ]  # fmt: skip
        platform = Platform.create(
            Settings(instance_dir=tmp_path, database_url=database_url), clock, migrate=False
        )
        try:
            shown = beheer.deliveries(platform, status="afgeleverd")["afleveringen"]
        finally:
            platform.close()
        assert [(r["id"], r["fout"], r["notitie"]) for r in shown] == [
            (1, None, NOTE),
            (2, None, "De rol heeft geen roltype; er is niets verstuurd."),
            (3, None, None),
            (6, None, None),
        ]
        run_migration(engine, command.downgrade, "0041")  # down: the notes stay in the case histories
        run_migration(engine, command.upgrade, "head")
        assert len(_history(engine)) == 2 and _errors(engine)[1] is None
    finally:
        engine.dispose()
