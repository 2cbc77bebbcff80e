"""outbox_message.last_error: the e-mail addresses of errors stored before they were left out

Since privacy finding 4 a failed delivery's error keeps the mail server's reason but no recipient
address (``services.outbox.core.without_addresses``). Rows written before kept the address ("De
mailserver weigert de ontvanger: <jan@example.nl>: 550 ..."). This replaces every address in a stored
error by the same mark; the recipient stays readable for beheer from the message itself.

The pattern is a frozen copy of the one in services.outbox.core at this revision, so that a later
change there does not change what this migration did.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_ADDRESS = re.compile(r"<?[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+>?")
_MARK = "[e-mailadres]"


def upgrade() -> None:
    outbox = sa.table("outbox_message", sa.column("id", sa.Integer), sa.column("last_error", sa.Text))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(outbox.c.id, outbox.c.last_error).where(outbox.c.last_error.like("%@%"))
    ).all()
    for row_id, error in rows:
        cleaned = _ADDRESS.sub(_MARK, str(error))
        if cleaned != error:
            conn.execute(outbox.update().where(outbox.c.id == row_id).values(last_error=cleaned))


def downgrade() -> None:
    pass  # the addresses are gone for good
