"""The dates of a final besluit on its document: the day it was taken and the day it was sent

The process counted the bezwaartermijn from the day the 'Besluit nemen' task was completed and the
zaakregistratie dated the besluit on the day its PDF was made, while the PDF names its own besluitdatum
and verzenddatum: a bezwaar on time by the letter could be refused. The dates the PDF names are now
stored with it, and the process and the zaakregistratie read them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("besluitdatum", sa.Date(), nullable=True))
        batch.add_column(sa.Column("verzenddatum", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("verzenddatum")
        batch.drop_column("besluitdatum")
