"""holder intervals: who holds each case when (holder_interval), and task waiting/working (task_wait)

Both are projections: empty after the upgrade, filled by ``ruimteflow wachten herbouw`` from the
case history (and kept up to date by every step afterwards).

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holder_interval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("public_holder", sa.String(length=120), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("working_days", sa.Integer(), nullable=True),
        sa.Column("parallel", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "seq"),
    )
    op.create_index("ix_holder_interval_case_id", "holder_interval", ["case_id"])
    op.create_index("ix_holder_interval_kind", "holder_interval", ["kind", "process_id", "ended_at"])
    op.create_table(
        "task_wait",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("element_id", sa.String(length=120), nullable=False),
        sa.Column("group_name", sa.String(length=120), nullable=False),
        sa.Column("external", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("waiting_s", sa.Float(), nullable=False),
        sa.Column("working_s", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["human_task.id"]),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.create_index("ix_task_wait_case_id", "task_wait", ["case_id"])
    op.create_index(
        "ix_task_wait_heatmap",
        "task_wait",
        ["process_id", "element_id", "completed_at", "group_name", "waiting_s", "working_s"],
    )
    op.create_index("ix_task_wait_group", "task_wait", ["process_id", "group_name"])


def downgrade() -> None:
    op.drop_index("ix_task_wait_group", table_name="task_wait")
    op.drop_index("ix_task_wait_heatmap", table_name="task_wait")
    op.drop_index("ix_task_wait_case_id", table_name="task_wait")
    op.drop_table("task_wait")
    op.drop_index("ix_holder_interval_kind", table_name="holder_interval")
    op.drop_index("ix_holder_interval_case_id", table_name="holder_interval")
    op.drop_table("holder_interval")
