"""Migration 0030 adds zaak.next_timer_day and zaak.next_timer_wat (review projectleider13, finding 4): a
case stored before it gets the Dutch day its next timer fires on (what the map showed until then) and no
wait, until its next step records both; a case without a timer gets neither; both go again on the way
down."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import MetaData, Table, select, update

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401

#: 23:30 UTC on 16 March is 00:30 on 17 March in the Netherlands
LATE_EVENING = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)


def _zaak(engine) -> Table:
    return Table("zaak", MetaData(), autoload_with=engine)


def test_0030_gives_the_cases_before_it_the_dutch_day_their_timer_fires_on(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0029")
        assert "next_timer_day" not in _zaak(engine).c
        insert_old_cases(engine)
        zaak = _zaak(engine)
        with engine.begin() as conn:
            first = conn.execute(select(zaak.c.id).order_by(zaak.c.id)).scalars().first()
            conn.execute(update(zaak).where(zaak.c.id == first).values(next_timer_at=LATE_EVENING))
        run_migration(engine, command.upgrade, "0030")
        zaak = _zaak(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                select(zaak.c.id, zaak.c.next_timer_day, zaak.c.next_timer_wat).order_by(zaak.c.id)
            ).all()
        assert rows[0][1:] == (date(2026, 3, 17), None)
        assert all(day is None and wat is None for _, day, wat in rows[1:]) and len(rows) > 1
        run_migration(engine, command.downgrade, "0029")
        assert {"next_timer_day", "next_timer_wat"}.isdisjoint(_zaak(engine).c.keys())
        run_migration(engine, command.upgrade, "head")
        assert {"next_timer_day", "next_timer_wat"} <= set(_zaak(engine).c.keys())
    finally:
        engine.dispose()
