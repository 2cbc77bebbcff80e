"""outbox_message: an index on (status, delivered_at) for the mail retention

The scheduler's pass empties delivered mails whose retention ended (services.mail.retention). It reads
only the delivered mails after the last ones it emptied, by delivery time; this index makes that a
range read instead of a scan of every mail ever delivered.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

INDEX = "ix_outbox_message_delivered"


def upgrade() -> None:
    op.create_index(INDEX, "outbox_message", ["status", "delivered_at"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="outbox_message")
