"""installatie: this database's own random id

``zaken opschonen --uitvoeren --lijst FILE`` took a vernietigingslijst written for another database (an
acceptance environment with the same zaaknummers) and destroyed a different case that had the number
here (review sessie13c). A dry run now writes this database's id into the list, and the run refuses a
list with another. The row is made on first need (services.installatie), not here: a migration inserts
no rows (the tests empty the app tables as a freshly migrated database).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "installatie",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kenmerk", sa.String(36), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("installatie")
