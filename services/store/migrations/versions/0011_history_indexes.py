"""Indexes for reading a case's recent history per step (issue 12: a late step costs what an early one does)

The waits subscriber reads a case's events of one kind (newest first, or since a moment) and its tasks
open now or completed since the previous event. With only an index on ``case_id`` each of these scans
the case's whole history, so a step's cost grew with the length of the case.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""

from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_event_case_kind_id", "case_event", ["case_id", "kind", "id"])
    op.create_index("ix_case_event_case_kind_at", "case_event", ["case_id", "kind", "at"])
    op.create_index("ix_human_task_case_completed", "human_task", ["case_id", "completed_at"])


def downgrade() -> None:
    op.drop_index("ix_human_task_case_completed", table_name="human_task")
    op.drop_index("ix_case_event_case_kind_at", table_name="case_event")
    op.drop_index("ix_case_event_case_kind_id", table_name="case_event")
