"""The outcome of a final besluit on its document

The 'Besluit nemen' task could be completed with another outcome than the final PDF it made (the
letter granted the permit, the process, the status page and Open Zaak said it was refused). The
outcome is stored with the PDF, and the step that records the besluit refuses a different one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


#: the outcomes the besluit editor writes into a final besluit's title, "Besluit (<uitkomst>) <zaak>"
UITKOMSTEN = {"verlenen": "verlenen", "weigeren": "weigeren", "buiten behandeling": "buiten_behandeling"}


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("besluit_uitkomst", sa.String(length=40), nullable=True))
    # a PDF the editor made before this migration: its outcome is in its title
    conn = op.get_bind()
    document = sa.table("document", sa.column("id"), sa.column("titel"), sa.column("besluit_uitkomst"))
    rows = conn.execute(
        sa.text(
            "select id, titel from document where informatieobjecttype = 'besluit' "
            "and status = 'definitief' and titel like 'Besluit (%'"
        )
    ).all()
    for doc_id, titel in rows:
        uitkomst = UITKOMSTEN.get(str(titel)[len("Besluit (") :].split(")", 1)[0])
        if uitkomst:
            conn.execute(document.update().where(document.c.id == doc_id).values(besluit_uitkomst=uitkomst))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("besluit_uitkomst")
