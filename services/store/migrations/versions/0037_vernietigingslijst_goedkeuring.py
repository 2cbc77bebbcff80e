"""vernietigingslijst_goedkeuring, and on vernietiging: the approval, the class number and the volgcode hash

The approval of a vernietigingslijst was a convention: ``zaken opschonen --uitvoeren --lijst FILE`` took
the dry run's file as written, or any edit of it, and the register named only who ran it (review
archief15, F3). ``zaken opschonen --goedkeuren FILE --door NAAM`` now records who approved the list with
this SHA-256 and when (table ``vernietigingslijst_goedkeuring``); a run takes only a list whose hash has
an approval, and each register line names its approver and day. The line also names the Selectielijst
class by its number (``selectielijstklasse_nummer``, "11.2"; the URL was there) and keeps a SHA-256 of
the destroyed case's tracking code (``volgcode_sha256``), so its old link answers 410 "Volgcode niet meer
geldig" instead of 404 "geen aanvraag met deze volgcode" (review status15, F4). Lines written before stay
empty in these columns.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

TABLE = "vernietiging"
GOEDKEURING = "vernietigingslijst_goedkeuring"


def upgrade() -> None:
    op.create_table(
        GOEDKEURING,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lijst", sa.String(500), nullable=False),
        sa.Column("lijst_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("database", sa.String(36), nullable=False),
        sa.Column("zaken", sa.Integer(), nullable=False),
        sa.Column("goedgekeurd_door", sa.String(200), nullable=False),
        sa.Column("goedgekeurd_op", sa.Date(), nullable=False),
        sa.Column("goedgekeurd_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table(TABLE) as b:
        b.add_column(sa.Column("selectielijstklasse_nummer", sa.String(40), nullable=True))
        b.add_column(sa.Column("goedgekeurd_door", sa.String(200), nullable=True))
        b.add_column(sa.Column("goedgekeurd_op", sa.Date(), nullable=True))
        b.add_column(sa.Column("volgcode_sha256", sa.String(64), nullable=True))
    op.create_index("ix_vernietiging_volgcode_sha256", TABLE, ["volgcode_sha256"])


def downgrade() -> None:
    op.drop_index("ix_vernietiging_volgcode_sha256", table_name=TABLE)
    with op.batch_alter_table(TABLE) as b:
        b.drop_column("volgcode_sha256")
        b.drop_column("goedgekeurd_op")
        b.drop_column("goedgekeurd_door")
        b.drop_column("selectielijstklasse_nummer")
    op.drop_table(GOEDKEURING)
