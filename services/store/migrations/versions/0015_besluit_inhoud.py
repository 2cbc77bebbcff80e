"""The voorschriften and motivering of a final besluit on its document

The 'Besluit nemen' task could record other voorschriften and another motivering than the final PDF
states (the case, the status page and later supervision followed a besluit that was never sent). They
are stored with the PDF, and the step that records the besluit refuses a difference. A PDF made before
this migration keeps them only in its text: NULL, and the step does not compare.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("besluit_voorschriften", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("besluit_motivering", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("besluit_motivering")
        batch.drop_column("besluit_voorschriften")
