"""vernietiging: the destruction register (verklaring van vernietiging)

``zaken opschonen --uitvoeren`` removed a closed case's personal data after its bewaartermijn and
recorded only ``zaak.geanonimiseerd_op``: nothing said what was destroyed, on which Selectielijst basis,
when and by whom (review archief13, 4; Archiefbesluit 1995 art. 8 asks a verklaring van vernietiging
with a specification of the destroyed records). One row per case the run removes, written in the same
transaction (services.bewaren.register). Cases pseudonymised before this revision get no row: what
their run took as basis was not recorded, and a guess would be a false statement.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vernietiging",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("zaak.id"), nullable=False),
        sa.Column("zaak", sa.String(32), nullable=False),
        sa.Column("zaaktype", sa.String(120), nullable=False),
        sa.Column("procedure", sa.String(60), nullable=False),
        sa.Column("resultaat", sa.Text(), nullable=False),
        sa.Column("resultaattype", sa.String(80), nullable=True),
        sa.Column("resultaattype_omschrijving", sa.String(80), nullable=True),
        sa.Column("selectielijstklasse", sa.String(500), nullable=True),
        sa.Column("archiefnominatie", sa.String(20), nullable=True),
        sa.Column("archiefactietermijn", sa.String(20), nullable=False),
        sa.Column("brondatum", sa.Date(), nullable=False),
        sa.Column("archiefactiedatum", sa.Date(), nullable=False),
        sa.Column("handeling", sa.String(40), nullable=False),
        sa.Column("uitgevoerd_op", sa.Date(), nullable=False),
        sa.Column("uitgevoerd_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uitgevoerd_door", sa.String(200), nullable=False),
        sa.Column("lijst", sa.String(500), nullable=False),
        sa.Column("lijst_sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_vernietiging_case_id", "vernietiging", ["case_id"])
    op.create_index("ix_vernietiging_uitgevoerd_op", "vernietiging", ["uitgevoerd_op"])


def downgrade() -> None:
    op.drop_table("vernietiging")
