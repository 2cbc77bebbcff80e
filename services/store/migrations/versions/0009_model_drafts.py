"""model_draft and model_scenario_text: the browser model editor (issue 17)

A draft per (process, user) holds the edited BPMN XML and scenario YAML; the scenario text a version
was taken into use with is kept beside that version, with the reason when the deploy was forced.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("scenarios", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("process_id", "username", name="uq_model_draft"),
    )
    op.create_index("ix_model_draft_process_id", "model_draft", ["process_id"])
    op.create_table(
        "model_scenario_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("scenarios", sa.Text(), nullable=False),
        sa.Column("deployed_by", sa.String(length=80), nullable=False),
        sa.Column("deployed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("forced_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["definition_id"], ["process_definition.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("definition_id"),
    )
    op.create_index("ix_model_scenario_text_process_id", "model_scenario_text", ["process_id"])


def downgrade() -> None:
    op.drop_index("ix_model_scenario_text_process_id", table_name="model_scenario_text")
    op.drop_table("model_scenario_text")
    op.drop_index("ix_model_draft_process_id", table_name="model_draft")
    op.drop_table("model_draft")
