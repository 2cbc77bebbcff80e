"""documents and document versions (issue 13)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("titel", sa.String(length=255), nullable=False),
        sa.Column("informatieobjecttype", sa.String(length=60), nullable=False),
        sa.Column("vertrouwelijkheidaanduiding", sa.String(length=20), nullable=False),
        sa.Column("auteur", sa.String(length=255), nullable=False),
        sa.Column("organisatie", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ontvangstdatum", sa.Date(), nullable=True),
        sa.Column("creatiedatum", sa.Date(), nullable=False),
        sa.Column("gedeeld_met", sa.JSON(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("verwijderd", sa.Boolean(), nullable=False),
        sa.Column("verwijderd_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verwijderd_by", sa.String(length=80), nullable=True),
        sa.Column("verwijder_reden", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_case", "document", ["case_id", "verwijderd"], unique=False)
    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sa.String(length=120), nullable=False),
        sa.Column("bestandsnaam", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "versie"),
        sa.UniqueConstraint("case_id", "sha256", name="uq_document_version_case_sha256"),
    )
    op.create_index("ix_document_version_case_id", "document_version", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_version_case_id", table_name="document_version")
    op.drop_table("document_version")
    op.drop_index("ix_document_case", table_name="document")
    op.drop_table("document")
