"""Migration 0023 takes the e-mail addresses out of the delivery errors stored before a752144.

Left in the last notes: since privacy finding 4 a failed mail's ``last_error`` keeps the server's reason
without the recipient's address, but the rows written before kept theirs for good."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.outbox.core import without_addresses
from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url  # noqa: F401

OLD_ERRORS = {
    1: "De mailserver weigert de ontvanger: <coop@example.nl>: 550 5.1.1 User unknown",
    2: "550 5.1.1 jan.de.vries@gemeente.nl: Recipient address rejected; cc piet@x.nl",
    3: "Verbinding geweigerd (smtp.gemeente.nl:25)",
    4: None,
}


def test_0023_replaces_the_addresses_in_stored_errors(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0022")
        outbox = Table("outbox_message", MetaData(), autoload_with=engine)
        now = datetime(2026, 11, 1, tzinfo=UTC)
        with engine.begin() as conn:
            for i, error in OLD_ERRORS.items():
                conn.execute(
                    outbox.insert().values(
                        id=i, channel="email", case_id=None, seq=i, kind="ontvangstbevestiging",
                        payload={"aan": "coop@example.nl"}, status="dood", attempts=5,
                        last_error=error, created_at=now,
                    )
                )  # fmt: skip
        run_migration(engine, command.upgrade, "head")
        with engine.connect() as conn:
            stored = dict(conn.execute(select(outbox.c.id, outbox.c.last_error)).all())
            payloads = [p for (p,) in conn.execute(select(outbox.c.payload))]
        assert stored == {
            1: "De mailserver weigert de ontvanger: [e-mailadres]: 550 5.1.1 User unknown",
            2: "550 5.1.1 [e-mailadres]: Recipient address rejected; cc [e-mailadres]",
            3: "Verbinding geweigerd (smtp.gemeente.nl:25)",
            4: None,
        }
        # the same reading as the worker's since privacy finding 4, and the recipient stays in the message
        assert all(stored[i] == without_addresses(e) for i, e in OLD_ERRORS.items() if e)
        assert payloads == [{"aan": "coop@example.nl"}] * 4
    finally:
        with engine.begin() as conn:
            conn.execute(Table("outbox_message", MetaData(), autoload_with=engine).delete())
        run_migration(engine, command.upgrade, "head")
        engine.dispose()
