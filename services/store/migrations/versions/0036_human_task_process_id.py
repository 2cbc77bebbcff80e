"""human_task.process_id: the model that draws the task, the case's own or one its model calls

[taakvelden] (bpmn/autorisatie.toml) names a task by "<process id>.<task id>" of its model. A task row
knew only its element id, and the fields were looked up by the case's process: on a windpark, whose
permit is a called omgevingsvergunning, the bezwaarjurist read no bezwaar. Each row now records the
process of the model that holds its element (services.engine.outcome.model_of). Rows written before are
filled from the deployed files of their case's version: the case's own process when it has a user or
manual task with that id (at any depth, so also in an embedded subprocess), else the one other process
of those files that has one, else (none or several) the case's own process, as the lookup read it before.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07
"""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op
from lxml import etree

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

TABLE = "human_task"
TASK_TAGS = {"userTask", "manualTask"}

tasks = sa.table(
    TABLE,
    sa.column("case_id", sa.Integer),
    sa.column("bpmn_id", sa.String),
    sa.column("process_id", sa.String),
)
zaak = sa.table(
    "zaak",
    sa.column("id", sa.Integer),
    sa.column("process_id", sa.String),
    sa.column("definition_id", sa.Integer),
)
definition = sa.table("process_definition", sa.column("id", sa.Integer), sa.column("file_hashes", sa.JSON))
files = sa.table(
    "model_file",
    sa.column("content_hash", sa.String),
    sa.column("kind", sa.String),
    sa.column("source", sa.Text),
)


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2] if isinstance(tag, str) else ""


def _task_ids(conn: sa.Connection, definition_id: int) -> dict[str, set[str]]:
    """Per process of a deployed version's BPMN files, the ids of its user and manual tasks."""
    hashes = conn.scalar(sa.select(definition.c.file_hashes).where(definition.c.id == definition_id)) or []
    sources: list[str] = list(
        conn.scalars(
            sa.select(files.c.source).where(files.c.content_hash.in_(list(hashes)), files.c.kind == "bpmn")
        )
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    out: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        root = etree.fromstring(source.encode("utf-8"), parser)
        for process in (p for p in root if _local(p.tag) == "process" and p.get("id")):
            out[process.get("id")] |= {n.get("id") for n in process.iter() if _local(n.tag) in TASK_TAGS}
    return out


def _model(own: str, bpmn_id: str, task_ids: dict[str, set[str]]) -> str:
    if bpmn_id in task_ids.get(own, set()):
        return own
    others = [p for p, ids in task_ids.items() if bpmn_id in ids]
    return others[0] if len(others) == 1 else own


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy): SQLite cannot drop and recreate a table that others reference;
    # NOT NULL with a default, filled below (SQLite cannot make a column NOT NULL afterwards)
    op.add_column(TABLE, sa.Column("process_id", sa.String(120), nullable=False, server_default=""))
    conn = op.get_bind()
    found: list[Any] = list(
        conn.execute(
            sa.select(zaak.c.definition_id, zaak.c.process_id, tasks.c.bpmn_id)
            .distinct()
            .select_from(tasks.join(zaak, zaak.c.id == tasks.c.case_id))
        )
    )
    per_version: dict[int, dict[str, set[str]]] = {}
    for definition_id, own, bpmn_id in found:
        if definition_id not in per_version:
            per_version[definition_id] = _task_ids(conn, definition_id)
        of_version = sa.select(zaak.c.id).where(zaak.c.definition_id == definition_id)
        conn.execute(
            tasks.update()
            .where(tasks.c.bpmn_id == bpmn_id, tasks.c.case_id.in_(of_version))
            .values(process_id=_model(own, bpmn_id, per_version[definition_id]))
        )


def downgrade() -> None:
    # not a batch: SQLite 3.35+ drops a column in place (a batch would copy the table the candidates refer to)
    op.drop_column(TABLE, "process_id")
