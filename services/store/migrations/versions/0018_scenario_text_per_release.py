"""model_scenario_text: one row per "In gebruik nemen" from the editor

A release whose model was unchanged overwrote the row of the version in use, so the audit line of a
forced deploy (who, why) was lost. Each release now adds its own row: the unique constraint on
``definition_id`` becomes an index, and ``new_version`` tells a release that made the version from
one that only stored a new scenario text beside it (existing rows made their version).

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLE = "model_scenario_text"
#: the name SQLite's unnamed unique constraint gets when batch mode reflects it
UNIQUE = "uq_model_scenario_text_definition_id"
INDEX = "ix_model_scenario_text_definition_id"


def _unique_name() -> str:
    """The unique constraint on definition_id: named by PostgreSQL, unnamed in SQLite."""
    for uq in sa.inspect(op.get_bind()).get_unique_constraints(TABLE):
        if uq["column_names"] == ["definition_id"]:
            return uq["name"] or UNIQUE
    return UNIQUE


def upgrade() -> None:
    name = _unique_name()
    with op.batch_alter_table(TABLE, naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as b:
        b.drop_constraint(name, type_="unique")
        b.add_column(sa.Column("new_version", sa.Boolean(), nullable=False, server_default=sa.true()))
        b.create_index(INDEX, ["definition_id"])


def downgrade() -> None:
    # one row per version again: the newest, whose scenario text a new draft started from
    rows = sa.table(TABLE, sa.column("id", sa.Integer), sa.column("definition_id", sa.Integer))
    newest = sa.select(sa.func.max(rows.c.id)).group_by(rows.c.definition_id).scalar_subquery()
    op.execute(rows.delete().where(rows.c.id.not_in(newest)))
    with op.batch_alter_table(TABLE) as b:
        b.drop_index(INDEX)
        b.drop_column("new_version")
        b.create_unique_constraint(UNIQUE, ["definition_id"])
