"""zaak.updated_at: an index for the case list's gewijzigd_na filter and bijgewerkt_op order

``GET /api/v1/zaken?gewijzigd_na=...`` (a client fetching what changed since its last poll) and
``sorteer=bijgewerkt_op`` read ``zaak.updated_at``, which had no index: every poll scanned the whole
table, and a paged order on it sorted every case.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05
"""

from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_zaak_updated_at", "zaak", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_zaak_updated_at", table_name="zaak")
