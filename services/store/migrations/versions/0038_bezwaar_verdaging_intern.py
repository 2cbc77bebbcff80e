"""case_event: a bezwaar's verdaging with its reason is an internal line; its public line names the day only

The task 'Beslissen op bezwaar' wrote a verdaging as one public history line, "Beslissing op het bezwaar
verdaagd tot en met ... (artikel 7:10 lid 3 Awb). Reden: ...": the status page, every volgcode holder and
every outside party of the case read the bezwaarjurist's reason, which may name the indiener (review
pentest15, F1). A verdaging now writes the public line without the reason (the reason stays in the
handling's state, services/domain/bezwaar_beslissing.py). A line written before keeps its text, as the
audit trail does, but becomes internal, and the public timeline gets its text up to the reason as a line
of the same moment, marked in its data (``MARK``: the id of the line it stands for).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

#: the text between the public part of a verdaging's line and its reason
REDEN = ". Reden: "
#: the data key of a public line this migration wrote: the id of the line it stands for
MARK = "verdaging_zonder_reden_van"

events = sa.table(
    "case_event",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("kind", sa.String),
    sa.column("message", sa.Text),
    sa.column("public", sa.Boolean),
    sa.column("element_id", sa.String),
    sa.column("data", sa.JSON),
)


def _verdagingen(public: bool) -> sa.Select:
    return sa.select(events).where(
        events.c.kind == "bezwaar",
        events.c.public.is_(public),
        events.c.message.like("Beslissing op het bezwaar %"),
        events.c.message.contains(REDEN),
    )


def upgrade() -> None:
    conn = op.get_bind()
    for row in conn.execute(_verdagingen(True)).mappings().all():
        conn.execute(events.update().where(events.c.id == row["id"]).values(public=False))
        conn.execute(
            events.insert().values(
                case_id=row["case_id"],
                at=row["at"],
                actor=row["actor"],
                kind=row["kind"],
                message=row["message"].partition(REDEN)[0] + ".",
                public=True,
                element_id=row["element_id"],
                data={MARK: row["id"]},
            )
        )


def downgrade() -> None:
    conn = op.get_bind()
    written = [
        r
        for r in conn.execute(sa.select(events.c.id, events.c.data).where(events.c.kind == "bezwaar")).all()
        if isinstance(r.data, dict) and MARK in r.data
    ]
    for row in written:
        conn.execute(events.update().where(events.c.id == row.data[MARK]).values(public=True))
        conn.execute(events.delete().where(events.c.id == row.id))
