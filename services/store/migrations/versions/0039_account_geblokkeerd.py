"""app_user.geblokkeerd_op: an account blocked for good, kept with its history

``users revoke`` takes an account's token, sessions and claimed tasks, but its password and single sign-on
still let a leaver log in again (review finding). ``users blokkeren`` now stamps the account here: while
it is set, no login, session, API token or assignment is accepted for it; ``users deblokkeren`` empties
it. The account and its lines in case histories and ``account_event`` stay. Accounts are not blocked
before this.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, no batch copy (as 0036): on SQLite a batch recreates app_user, and dropping the old
    # table fails while user_group and others refer to it (FOREIGN KEY constraint failed on a filled database)
    op.add_column("app_user", sa.Column("geblokkeerd_op", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; a batch would copy the table others refer to
    op.drop_column("app_user", "geblokkeerd_op")
