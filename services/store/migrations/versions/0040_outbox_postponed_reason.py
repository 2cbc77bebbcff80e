"""outbox_message.postponed_reason: why a postponed message waits, apart from the errors of its tries

``last_error`` held two meanings: the error of the last failed try, and on a postponed message
("uitgesteld", ``services.outbox.Postponed``) why it waits. Readers told them apart by the status, which
failed while a worker tried a postponed message again: beheer showed the reason as its error. The reasons
of the postponed messages move to the new column.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

_OUTBOX = sa.table(
    "outbox_message",
    sa.column("status", sa.String),
    sa.column("last_error", sa.Text),
    sa.column("postponed_reason", sa.Text),
)
_POSTPONED = _OUTBOX.c.status == "uitgesteld"


def upgrade() -> None:
    # plain ADD COLUMN, no batch copy (as 0039)
    op.add_column("outbox_message", sa.Column("postponed_reason", sa.Text(), nullable=True))
    op.execute(
        _OUTBOX.update().where(_POSTPONED).values(postponed_reason=_OUTBOX.c.last_error, last_error=None)
    )


def downgrade() -> None:
    op.execute(_OUTBOX.update().where(_POSTPONED).values(last_error=_OUTBOX.c.postponed_reason))
    # SQLite 3.35+ drops a column in place
    op.drop_column("outbox_message", "postponed_reason")
