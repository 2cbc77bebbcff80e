"""outside_wait: the spans in which a case waited for an outside organisation's answer

``holder_interval`` keeps one holder at a time, and an open municipal task beside a wait holds the case,
so a netbeheerder's answer awaited beside the municipality's work was counted nowhere (windpark review
finding 6). This table keeps every such wait (a catch event whose ``houder`` is outside), parallel or
not; the heatmap's outside column, the organisations' answer times and the holder timeline read it.

A projection: empty after the upgrade, filled by ``ruimteflow wachten herbouw`` from the recorded waits
of every case (and kept up to date by every step afterwards).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outside_wait",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("working_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outside_wait_case_open", "outside_wait", ["case_id", "ended_at"])
    op.create_index("ix_outside_wait_process", "outside_wait", ["process_id", "ended_at"])


def downgrade() -> None:
    op.drop_index("ix_outside_wait_process", table_name="outside_wait")
    op.drop_index("ix_outside_wait_case_open", table_name="outside_wait")
    op.drop_table("outside_wait")
