"""vernietiging.te_verwijderen: the files of a destroyed case still to be removed

``zaken opschonen --uitvoeren`` removes a destroyed case's files (its written mails and the document
contents no kept case holds) only after the transaction that deleted its rows and wrote its register
line. A run killed in between left those files in the store for good, named nowhere. The destroying
transaction now records them on the line (JSON: the contents' SHA-256 and the mails' file names), the
line is cleared once they are gone, and every later run finishes what a line still names
(services.bewaren.bestanden). Lines written before stay empty.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

TABLE = "vernietiging"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as b:
        b.add_column(sa.Column("te_verwijderen", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    # a line that still names files is the only record of them: dropping it would leave them for good
    lines = sa.table(TABLE, sa.column("te_verwijderen", sa.JSON(none_as_null=True)))
    left = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(lines).where(lines.c.te_verwijderen.is_not(None))
    )
    if left:
        raise RuntimeError(
            f"{left} register line(s) name files of destroyed cases still to be removed: run "
            "`ruimteflow zaken opschonen --uitvoeren --lijst FILE` first; no downgrade below 0035"
        )
    with op.batch_alter_table(TABLE) as b:
        b.drop_column("te_verwijderen")
