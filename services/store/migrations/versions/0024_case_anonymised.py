"""zaak.geanonimiseerd_op: when a closed case's personal data was removed after its retention

``ruimteflow zaken opschonen --uitvoeren`` (services.bewaren) anonymises a closed case once its
bewaartermijn (the resultaattype's archiefactietermijn in bpmn/zgw.toml) has ended, and stamps the moment
here, so a second run leaves the case alone. Every case before this one still holds its data: NULL.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("zaak", sa.Column("geanonimiseerd_op", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the cases refer to)
    op.drop_column("zaak", "geanonimiseerd_op")
