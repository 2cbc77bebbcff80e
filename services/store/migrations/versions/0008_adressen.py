"""adres: a BAG-like address register (postcode + huisnummer -> location) for the application form

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("huisnummer", sa.Integer(), nullable=False),
        sa.Column("huisletter", sa.String(length=1), nullable=False),
        sa.Column("toevoeging", sa.String(length=4), nullable=False),
        sa.Column("straat", sa.String(length=80), nullable=False),
        sa.Column("woonplaats", sa.String(length=80), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("bron", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("postcode", "huisnummer", "huisletter", "toevoeging", name="uq_adres"),
    )


def downgrade() -> None:
    op.drop_table("adres")
