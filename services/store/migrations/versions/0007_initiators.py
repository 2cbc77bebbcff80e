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
    with op.batch_alter_table("zaak") as batch:
        batch.add_column(sa.Column("initiator_email", sa.String(255), nullable=True))
        batch.create_index("ix_zaak_initiator_email", ["initiator_email"])
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("email", sa.String(255), nullable=True))
        batch.create_index("ix_app_user_email", ["email"])
    with op.batch_alter_table("human_task") as batch:
        batch.add_column(sa.Column("reminded_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("human_task") as batch:
        batch.drop_column("reminded_on")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_index("ix_app_user_email")
        batch.drop_column("email")
    with op.batch_alter_table("zaak") as batch:
        batch.drop_index("ix_zaak_initiator_email")
        batch.drop_column("initiator_email")
