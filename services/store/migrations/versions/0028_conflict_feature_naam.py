"""case_conflict.feature_naam: the name of the feature a conflict is with

The locatiecheck names the conflicting feature (``feature_naam``: the Natura 2000 area "Rijntakken", the
Bevi site, the turbine), but the case's conflicts kept only its layer and id, so the case file read
"natura2000 · 102" and not which area (and so which provincie) it is. The conflicts stored before this
keep NULL: the layers are not the migration's to read (their folder or PostGIS tables are configured
per installation and may have changed since the check); the case's next locatiecheck fills the name in.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy), as 0027: nullable, so every row before it holds NULL
    op.add_column("case_conflict", sa.Column("feature_naam", sa.Text(), nullable=True))


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place
    op.drop_column("case_conflict", "feature_naam")
