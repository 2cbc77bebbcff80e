"""idempotency_key: the Idempotency-Key of POST /api/v1/zaken, per account

A client that retried ``POST /api/v1/zaken`` after a timeout started a second case (with its own workflow,
deadlines, mail and ZGW messages). The key it sends with the call is now stored with the case it started,
in the same transaction, unique per account, and a retry answers that case (services.idempotency).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("zaak.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("username", "key", name="uq_idempotency_key"),
    )
    op.create_index("ix_idempotency_key_created_at", "idempotency_key", ["created_at"])


def downgrade() -> None:
    op.drop_table("idempotency_key")
