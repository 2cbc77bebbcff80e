"""zaak.decided_on: the day the case's besluit was given, beside its summary

A case decided within its beslistermijn counted as late from the day after its uiterste beslisdatum
while its bezwaartermijn ran on: "late" did not ask whether a besluit was given. It now does, also in
the queries (the map's te_laat filter and milestone filter), so the day the besluit was given
(``CaseSummary.besluit_op``) is kept in a column the projection writes with the summary. This fills it
from the stored summaries, and takes the beslistermijn off the open tasks of decided cases (the inbox
and the dashboard count a task over that term as late; the besluit met or missed it already).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_zaak = sa.table("zaak", sa.column("id", sa.Integer), sa.column("summary", sa.JSON))
_task = sa.table(
    "human_task",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("state", sa.String),
    sa.column("legal_deadline", sa.Date),
)
_candidate = sa.table("task_candidate", sa.column("task_id", sa.Integer), sa.column("sort_deadline", sa.Date))


def besluit_op(summary: Any) -> date | None:
    """A frozen copy of ``CaseSummary.besluit_op`` (version 1): the day the besluit was made known
    (``rechtsmiddel.van``), else the ``datum`` of the municipality's or the bevoegd gezag's besluit."""
    doc = summary if isinstance(summary, dict) else {}
    taken = doc.get("besluit") or doc.get("besluit_extern") or {}
    known = (doc.get("rechtsmiddel") or {}).get("van")
    for raw in (known, taken.get("datum") if isinstance(taken, dict) else None):
        try:
            if isinstance(raw, str):
                return date.fromisoformat(raw)
        except ValueError:
            continue
    return None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference
    op.add_column("zaak", sa.Column("decided_on", sa.Date(), nullable=True))
    zaak = sa.table("zaak", sa.column("id", sa.Integer), sa.column("decided_on", sa.Date))
    conn = op.get_bind()
    decided = {
        case_id: day
        for case_id, summary in conn.execute(sa.select(_zaak.c.id, _zaak.c.summary))
        if (day := besluit_op(summary)) is not None
    }
    for case_id, day in decided.items():
        conn.execute(zaak.update().where(zaak.c.id == case_id).values(decided_on=day))
    ids = list(decided)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        tasks = sa.select(_task.c.id).where(_task.c.case_id.in_(chunk), _task.c.state == "open")
        conn.execute(
            _candidate.update().where(_candidate.c.task_id.in_(tasks)).values(sort_deadline=date.max)
        )
        conn.execute(
            _task.update()
            .where(_task.c.case_id.in_(chunk), _task.c.state == "open")
            .values(legal_deadline=None)
        )


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the tasks refer to)
    op.drop_column("zaak", "decided_on")
