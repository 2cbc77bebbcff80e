"""transactional outbox (issue 14): outbox_message, and zgw_object with the remote URLs of a case

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("ref", sa.String(length=120), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "case_id", "seq", name="uq_outbox_message_order"),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_outbox_message_case", "outbox_message", ["case_id", "channel", "seq"], unique=False)
    op.create_index("ix_outbox_message_ref", "outbox_message", ["channel", "ref"], unique=False)
    op.create_table(
        "zgw_object",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("local_key", sa.String(length=120), nullable=False),
        sa.Column("resource", sa.String(length=40), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "local_key", name="uq_zgw_object_key"),
    )
    op.create_index("ix_zgw_object_case_id", "zgw_object", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_zgw_object_case_id", table_name="zgw_object")
    op.drop_table("zgw_object")
    op.drop_index("ix_outbox_message_ref", table_name="outbox_message")
    op.drop_index("ix_outbox_message_case", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_table("outbox_message")
