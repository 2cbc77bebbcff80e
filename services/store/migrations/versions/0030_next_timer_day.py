"""zaak.next_timer_day and zaak.next_timer_wat: the day the case's next timer stands for and its wait

The map named a case's next timer "volgende termijn" on the Dutch day it fires, so an ``einde_dag(X)``
timer (the netbeheerder's answer term, ter inzage, bezwaar) stood one day after the "uiterlijk X" of
the case and status pages, and its Mijlpaal filter selected on that later day (review projectleider13,
finding 4). A step now records the day the timer stands for and the wait it ends
(services.engine.timer_milestone); the map reads and filters on these columns.

The cases stored before it get the Dutch day their timer fires on, what the map showed until now (the
stored workflow does not say which helper made a timer's moment: the model's specs are elsewhere), and
no wait (the map says "volgende termijn", as it did). Their next step records both as it does for
every case.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

#: a frozen copy of ``services.clock.NL``
NL = ZoneInfo("Europe/Amsterdam")

_zaak = sa.table(
    "zaak",
    sa.column("id", sa.Integer),
    sa.column("next_timer_at", sa.DateTime(timezone=True)),
    sa.column("next_timer_day", sa.Date),
)


def on_dutch_clock(moment: datetime) -> datetime:
    """The moment on the Dutch clock (a naive one is UTC, as SQLite hands it back)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(NL)


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("zaak", sa.Column("next_timer_day", sa.Date(), nullable=True))
    op.add_column("zaak", sa.Column("next_timer_wat", sa.Text(), nullable=True))
    op.create_index("ix_zaak_next_timer_day", "zaak", ["next_timer_day"])
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_zaak.c.id, _zaak.c.next_timer_at).where(_zaak.c.next_timer_at.is_not(None))
    )
    found = [{"case_id": r.id, "day": on_dutch_clock(r.next_timer_at).date()} for r in rows]
    fill = (
        _zaak.update().where(_zaak.c.id == sa.bindparam("case_id")).values(next_timer_day=sa.bindparam("day"))
    )
    for start in range(0, len(found), 500):
        conn.execute(fill, found[start : start + 500])


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the cases refer to)
    op.drop_index("ix_zaak_next_timer_day", table_name="zaak")
    op.drop_column("zaak", "next_timer_wat")
    op.drop_column("zaak", "next_timer_day")
