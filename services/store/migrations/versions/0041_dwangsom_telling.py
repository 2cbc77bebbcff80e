"""zaak.summary: each stored dwangsom stand gets its count in words as a new count writes it

A stand keeps its count in words (``stappen``: "Totaal t/m 23 juni 2026: 42 dagen, € 1442"). f21b38b made
new counts write an amount as processes.nederlands.euro does ("€ 1.442"); a stand stored before kept
"€ 1442". Until this revision the case read wrote every count again from its numbers on every read
(services.projection_views); this writes it once into the stored summaries: the case's stand
(``dwangsom``), the one of the term before a herstart (``herstart.dwangsom``) and the model's own copy in
the last step's data (``gegevens.dwangsom``). processes.termijnen.dwangsom.met_telling decides, the one
home of the count's words: a stand its numbers do not give again (counted by another tarief, or without
its dates) keeps the words it was stored with, the only record of how it was counted.

Downgrade leaves the counts as written: the code before this revision reads them the same.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-10
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from processes.termijnen.dwangsom import met_telling

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

_zaak = sa.table("zaak", sa.column("id", sa.Integer), sa.column("summary", sa.JSON))


def counted(summary: Any) -> dict[str, Any] | None:
    """``summary`` with each of its stands' counts written again, or None when that changes nothing."""
    if not isinstance(summary, dict):
        return None
    doc = {**summary}
    for key in ("herstart", "gegevens"):
        if isinstance(doc.get(key), dict):
            doc[key] = {**doc[key]}
    for holder in (doc, doc.get("herstart"), doc.get("gegevens")):
        if isinstance(holder, dict) and isinstance(holder.get("dwangsom"), dict):
            holder["dwangsom"] = met_telling(holder["dwangsom"])
    return doc if doc != summary else None


def upgrade() -> None:
    conn = op.get_bind()
    # only the summaries that name a dwangsom (its key, quoted as JSON writes it) are read
    holding = sa.select(_zaak.c.id, _zaak.c.summary).where(
        sa.cast(_zaak.c.summary, sa.Text).contains('"dwangsom"')
    )
    for case_id, summary in conn.execute(holding).all():
        if (doc := counted(summary)) is not None:
            conn.execute(_zaak.update().where(_zaak.c.id == case_id).values(summary=doc))


def downgrade() -> None:
    """The counts stay as written (the code before reads them the same)."""
