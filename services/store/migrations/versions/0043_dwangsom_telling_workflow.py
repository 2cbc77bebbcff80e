"""workflow_state.document: each dwangsom stand in a case's workflow data gets its count as a new count writes it

0041 wrote the count in words (``stappen``) of the stands in the stored case summaries as
processes.nederlands.euro writes an amount since f21b38b ("€ 1.442", not "€ 1442"). A case's workflow
document (the instance services.engine.state writes: the workflow's data, each task's data and delta, its
subprocesses' likewise) may still hold a stand stored before, and each step copied the last task's data
into the summary (``gegevens``); until this revision the step wrote that stand's count again on every step
(services.projection_case). This writes it once into the stored documents: every dict under the key
``dwangsom`` that holds a count (``stappen``), wherever in the document, goes through
processes.termijnen.dwangsom.met_telling, which keeps a stand its numbers do not give again. The rest of
a document stays as stored, byte for byte: it is written back with the JSON settings of
services.engine.state.dump_instance (its encoder only converts objects, which parsed JSON holds none of).

Downgrade leaves the counts as written: the code before this revision reads them the same.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-11
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from processes.termijnen.dwangsom import met_telling

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None

_state = sa.table("workflow_state", sa.column("case_id", sa.Integer), sa.column("document", sa.Text))
_KEY = "dwangsom"


def _counted(node: Any) -> bool:
    """Rewrite, in place, the count of every stand under ``_KEY`` in ``node``; True when one changed."""
    changed = False
    if isinstance(node, dict):
        stand = node.get(_KEY)
        if isinstance(stand, dict) and isinstance(stand.get("stappen"), list):
            if (counted := met_telling(stand)) != stand:
                node[_KEY], changed = counted, True
        for value in node.values():
            changed = _counted(value) or changed
    elif isinstance(node, list):
        for value in node:
            changed = _counted(value) or changed
    return changed


def counted(document: str) -> str | None:
    """``document`` with each of its stands' counts written again, or None when that changes nothing."""
    doc = json.loads(document)
    return json.dumps(doc, separators=(",", ":")) if _counted(doc) else None


def upgrade() -> None:
    conn = op.get_bind()
    # only the documents that name a dwangsom (its key, quoted as JSON writes it) are read, one at a time
    holding = sa.select(_state.c.case_id).where(_state.c.document.contains(f'"{_KEY}"'))
    ids: list[int] = list(conn.scalars(holding))
    for case_id in ids:
        document = conn.scalar(sa.select(_state.c.document).where(_state.c.case_id == case_id))
        if document is not None and (written := counted(document)) is not None:
            conn.execute(_state.update().where(_state.c.case_id == case_id).values(document=written))


def downgrade() -> None:
    """The counts stay as written (the code before reads them the same)."""
