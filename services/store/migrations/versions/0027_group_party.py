"""app_group.party: the party an outside organisation's group belongs to

A case names its own outside organisations in the process variable ``organisaties`` ({"Warmtebedrijf":
"Warmtebedrijf Ennatuurlijk"}). Any name was accepted: a typo made a new, empty organisation that the
party's task disappeared into, another party's group was taken as well, and a name that was not yet a
group became an organisation for good. Now only an organisation the beheerder registered for that party
(``users add NAME --organisatie GROUP --partij PARTY``) is accepted. The organisations made before this
belong to no party (NULL) until the beheerder links them that way.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("app_group", sa.Column("party", sa.String(120), nullable=True))


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the users refer to)
    op.drop_column("app_group", "party")
