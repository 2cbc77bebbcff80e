"""account_event: the audit of account changes

Account changes (``users add``, ``users add --bijwerken``, ``users revoke``, an initiator account made
at a DigiD login) were only logged. A beheerder or an auditor (BIO 9.2: the granting and revoking of
access is recorded) could not read who got which role when. Each change is now a row, written in the
transaction of the change; the changes made before this are not known.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("door", sa.String(200), nullable=False),
        sa.Column("was", sa.JSON(), nullable=True),
        sa.Column("nu", sa.JSON(), nullable=True),
        sa.Column("taken_vrijgegeven", sa.Integer(), nullable=False),
    )
    op.create_index("ix_account_event_at", "account_event", ["at"])
    op.create_index("ix_account_event_username", "account_event", ["username"])


def downgrade() -> None:
    op.drop_table("account_event")
