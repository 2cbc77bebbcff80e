"""A deleted document's file may be added to its case again

The duplicate check refused a file that only a deleted document held, because a unique constraint on
(case_id, sha256) covered deleted documents too: a drawing uploaded under the wrong type and deleted
could never be added again. The check is now the service's (under the case's row lock, live documents
only); the constraint becomes a plain index for that lookup.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_version") as batch:
        batch.drop_constraint("uq_document_version_case_sha256", type_="unique")
        batch.create_index("ix_document_version_case_sha256", ["case_id", "sha256"])


def downgrade() -> None:
    """Fails, as it should, when a file was added again after its document was deleted."""
    with op.batch_alter_table("document_version") as batch:
        batch.drop_index("ix_document_version_case_sha256")
        batch.create_unique_constraint("uq_document_version_case_sha256", ["case_id", "sha256"])
