"""initiators: the intake e-mail address on the case, an e-mail address on accounts, deadline reminders

A case belongs to an initiator account when that account started it (``zaak.started_by``: the form
was sent while logged in) or when the account's verified e-mail address is the one given at intake
(``zaak.initiator_email`` = ``app_user.email``). ``human_task.reminded_on`` records the day the
officer's deadline reminder went out, so the scheduler sends it once.

Revision ID: 0007
Revises: 0005 (0004 on main; the lead re-chains)
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("zaak", sa.Column("initiator_email", sa.String(255), nullable=True))
    op.create_index("ix_zaak_initiator_email", "zaak", ["initiator_email"])
    op.add_column("app_user", sa.Column("email", sa.String(255), nullable=True))
    op.create_index("ix_app_user_email", "app_user", ["email"])
    op.add_column("human_task", sa.Column("reminded_on", sa.Date(), nullable=True))


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":  # native DROP COLUMN (SQLite 3.35+), no table copy
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("human_task", "reminded_on")
    op.drop_index("ix_app_user_email", table_name="app_user")
    _drop_column("app_user", "email")
    op.drop_index("ix_zaak_initiator_email", table_name="zaak")
    _drop_column("zaak", "initiator_email")
