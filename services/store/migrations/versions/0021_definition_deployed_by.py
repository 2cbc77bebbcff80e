"""process_definition.deployed_by: who deployed each version

The beheer page named a version's deployer from ``model_file.deployed_by``: the first account that ever
deployed the version's main file. A rollback to an earlier file, or a version made because a called
model changed, named that first account instead of the one who made the version. Each version now
keeps its own deployer; the versions deployed before this know no better than their main file's.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("process_definition", sa.Column("deployed_by", sa.String(80), nullable=True))
    definition = sa.table(
        "process_definition", sa.column("main_file_hash", sa.String), sa.column("deployed_by", sa.String)
    )
    model_file = sa.table(
        "model_file", sa.column("content_hash", sa.String), sa.column("deployed_by", sa.String)
    )
    op.execute(
        definition.update().values(
            deployed_by=sa.select(model_file.c.deployed_by)
            .where(model_file.c.content_hash == definition.c.main_file_hash)
            .scalar_subquery()
        )
    )


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the cases refer to)
    op.drop_column("process_definition", "deployed_by")
