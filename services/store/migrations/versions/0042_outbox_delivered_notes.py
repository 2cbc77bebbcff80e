"""outbox_message.last_error: the note of a message delivered without sending moves to its case's history

A handler may deliver a message without sending anything and say why (a document deleted before its
delivery, a rol without a type). Until f3e2bbe the worker kept that note in the delivered message's
``last_error`` (every version before wrote ``last_error`` of a delivered message as the note or None), so
beheer and the API (``fout``) showed a delivered message with an error. Since then a delivered message has
no ``last_error``; the note is an internal line of its case's history (kind ``aflevering-niets-verzonden``,
data ``aflevering`` and ``notitie``), where beheer and the API read it (``notitie``). This writes that line
for every delivered message that still holds a note, dated at its delivery, and empties its
``last_error``. A message without a case has no history: the code since f3e2bbe logs its note, and so does
this. A message not delivered (waiting, failed, dead, set aside) keeps ``last_error``: the error of a try.

Downgrade leaves the notes in the case histories: the code before reads a delivered message without an
error the same, and shows the lines as history.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-11
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

#: services.outbox.core: DELIVERED, NOTHING_SENT (as the code of this revision writes them)
_DELIVERED = "afgeleverd"
_NOTHING_SENT = "aflevering-niets-verzonden"

_outbox = sa.table(
    "outbox_message",
    sa.column("id", sa.Integer),
    sa.column("channel", sa.String),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("last_error", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("delivered_at", sa.DateTime(timezone=True)),
)
_event = sa.table(
    "case_event",
    sa.column("case_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("kind", sa.String),
    sa.column("message", sa.Text),
    sa.column("public", sa.Boolean),
    sa.column("data", sa.JSON),
)
log = logging.getLogger(__name__)


def upgrade() -> None:
    conn = op.get_bind()
    noted = sa.and_(_outbox.c.status == _DELIVERED, _outbox.c.last_error.is_not(None))
    found = conn.execute(sa.select(_outbox).where(noted).order_by(_outbox.c.id)).all()
    for m in found:
        if m.case_id is None:
            log.info(
                "outbox message %s (%s/%s) without a case: nothing sent: %s",
                m.id,
                m.channel,
                m.kind,
                m.last_error,
            )
            continue
        conn.execute(
            _event.insert().values(
                case_id=m.case_id,
                at=m.delivered_at or m.created_at,
                actor=None,
                kind=_NOTHING_SENT,
                message=f"Aflevering {m.id} ({m.channel}: {m.kind}) niets verzonden: {m.last_error}",
                public=False,
                data={"aflevering": m.id, "notitie": m.last_error},
            )
        )
    if found:
        conn.execute(_outbox.update().where(noted).values(last_error=None))


def downgrade() -> None:
    """The notes stay in the case histories (the code before reads a delivered message without an error
    the same)."""
