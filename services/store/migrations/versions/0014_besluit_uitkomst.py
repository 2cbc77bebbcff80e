"""The outcome of a final besluit on its document

The 'Besluit nemen' task could be completed with another outcome than the final PDF it made (the
letter granted the permit, the process, the status page and Open Zaak said it was refused). The
outcome is stored with the PDF, and the step that records the besluit refuses a different one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("besluit_uitkomst", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("besluit_uitkomst")
