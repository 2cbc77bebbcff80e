"""task_wait shares: a task a migration moved has one row per team; human_task.moved_at

Until this revision a completed task had one ``task_wait`` row, filed under the team that completed it
with its wait counted from its creation: a task a migration moved to another team (``taak-verplaatst``)
gave the new team the old team's waiting time. A row is now one team's share of the task (``share``, in
order; the primary key is (task_id, share)), and ``human_task.moved_at`` tells the waits subscriber that
a completed task was moved (it reads the moves only then). The heatmap's index also holds ``share`` and
``task_id`` (it sums a task's shares, when any task has more than one).

Backfill: ``moved_at`` from the ``taak-verplaatst`` events; the row of each recorded task that was moved
is cut at its moves as the code does (a frozen copy of ``services.waits.task_waits.shares``). An earlier
team's share is external when that group is an organisation or was recorded as external before;
``ruimteflow wachten herbouw`` derives every row from the history with the settings' own list.

Downgrade puts each task's shares together in its first row again, filed under the team of its last.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-07
"""

import importlib
from collections import defaultdict
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None

#: 0007's: a native DROP COLUMN on SQLite (3.35+), no table copy
drop_column = importlib.import_module("services.store.migrations.versions.0007_initiators")._drop_column
_MOVED, _CLAIM = "taak-verplaatst", "taak-toewijzing"
_event = sa.table(
    "case_event",
    sa.column("case_id", sa.Integer),
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("at", sa.DateTime),
    sa.column("data", sa.JSON),
)
_task = sa.table("human_task", sa.column("id", sa.Integer), sa.column("moved_at", sa.DateTime))
_group = sa.table("app_group", sa.column("name", sa.String), sa.column("kind", sa.String))
_COLUMNS = ("task_id", "case_id", "process_id", "element_id", "group_name", "external")
_wait = sa.table(
    "task_wait",
    *(sa.column(c) for c in _COLUMNS),
    sa.column("share", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("claimed_at", sa.DateTime),
    sa.column("completed_at", sa.DateTime),
    sa.column("waiting_s", sa.Float),
    sa.column("working_s", sa.Float),
)
_HEATMAP = ["process_id", "element_id", "completed_at", "group_name", "waiting_s", "working_s"]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _add_share() -> None:
    """task_wait.share, the second column of its primary key."""
    op.add_column("task_wait", sa.Column("share", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":  # SQLite changes a primary key by copying the table
        task = sa.Column("task_id", sa.Integer(), sa.ForeignKey("human_task.id"), primary_key=True)
        share = sa.Column("share", sa.Integer(), nullable=False, server_default="0", primary_key=True)
        with op.batch_alter_table("task_wait", recreate="always", reflect_args=(task, share)):
            pass
    else:
        op.drop_constraint("task_wait_pkey", "task_wait", type_="primary")
        op.create_primary_key("task_wait_pkey", "task_wait", ["task_id", "share"])


def _drop_share() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("task_wait_pkey", "task_wait", type_="primary")
        op.create_primary_key("task_wait_pkey", "task_wait", ["task_id"])
    with op.batch_alter_table("task_wait") as batch:
        batch.drop_column("share")


def _heatmap_index(columns: list[str]) -> None:
    op.drop_index("ix_task_wait_heatmap", table_name="task_wait")
    op.create_index("ix_task_wait_heatmap", "task_wait", columns)


def shares(
    created: datetime, completed: datetime, claims: list[datetime], moved: list[tuple[datetime, list[str]]]
) -> list[tuple[list[str] | None, float, float]]:
    """(groups or None for the task's own, waiting, working) of each share: a frozen copy of
    ``services.waits.task_waits.shares`` as of this revision."""
    cuts = [m for m in sorted(moved, key=lambda m: m[0]) if created < m[0] <= completed]
    bounds = [created, *(at for at, _ in cuts), completed]
    groups: list[list[str] | None] = [*(g for _, g in cuts), None]
    out = []
    for i, (start, end) in enumerate(pairwise(bounds)):
        own = [k for k in claims if start <= k and (k < end or (i == len(cuts) and k == end))]
        held = not own and any(k < start for k in claims)
        begun = own[0] if own else (start if held else end)
        out.append((groups[i], (begun - start).total_seconds(), (end - begun).total_seconds()))
    return out


def _moves(conn: Any) -> dict[int, list[tuple[datetime, list[str]]]]:
    found: dict[int, list[tuple[datetime, list[str]]]] = defaultdict(list)
    for at, data in conn.execute(sa.select(_event.c.at, _event.c.data).where(_event.c.kind == _MOVED)):
        if isinstance(data, dict) and data.get("taak") is not None:
            found[int(data["taak"])].append((_utc(at), [str(g) for g in data.get("van") or []]))
    return found


def _claims(conn: Any, case_id: int, task_id: int) -> list[datetime]:
    rows = conn.execute(
        sa.select(_event.c.at, _event.c.data)
        .where(_event.c.case_id == case_id, _event.c.kind == _CLAIM)
        .order_by(_event.c.id)
    )
    return [_utc(at) for at, data in rows if isinstance(data, dict) and data.get("taak") == task_id]


def _external(conn: Any) -> set[str]:
    kinds = conn.execute(sa.select(_group.c.name).where(_group.c.kind == "organisatie")).scalars()
    recorded = conn.execute(sa.select(_wait.c.group_name).where(_wait.c.external.is_(True))).scalars()
    return set(kinds) | set(recorded)


def _split(conn: Any, moved: dict[int, list[tuple[datetime, list[str]]]]) -> None:
    outside = _external(conn)
    rows = conn.execute(sa.select(_wait).where(_wait.c.task_id.in_(sorted(moved)))).mappings().all()
    for row in rows:
        created, completed = _utc(row["created_at"]), _utc(row["completed_at"])
        parts = shares(
            created, completed, _claims(conn, row["case_id"], row["task_id"]), moved[row["task_id"]]
        )
        if len(parts) == 1:
            continue
        conn.execute(_wait.delete().where(_wait.c.task_id == row["task_id"]))
        for i, (groups, waiting, working) in enumerate(parts):
            group = row["group_name"] if groups is None else (groups or [""])[0]
            external = row["external"] if groups is None else group in outside
            values = {**dict(row), "share": i, "group_name": group, "external": external}
            conn.execute(_wait.insert().values({**values, "waiting_s": waiting, "working_s": working}))


def upgrade() -> None:
    op.add_column("human_task", sa.Column("moved_at", sa.DateTime(timezone=True), nullable=True))
    _add_share()
    _heatmap_index([*_HEATMAP, "share", "task_id"])
    conn = op.get_bind()
    moved = _moves(conn)
    for task_id, found in moved.items():
        conn.execute(_task.update().where(_task.c.id == task_id).values(moved_at=max(at for at, _ in found)))
    if moved:
        _split(conn, moved)


def downgrade() -> None:
    conn = op.get_bind()
    split: list[int] = list(
        conn.execute(sa.select(_wait.c.task_id).where(_wait.c.share > 0).distinct()).scalars()
    )
    for task_id in split:
        rows = conn.execute(sa.select(_wait).where(_wait.c.task_id == task_id).order_by(_wait.c.share)).all()
        last = rows[-1]._mapping
        conn.execute(
            _wait.update()
            .where(_wait.c.task_id == task_id, _wait.c.share == 0)
            .values(
                group_name=last["group_name"],
                external=last["external"],
                waiting_s=sum(r._mapping["waiting_s"] for r in rows),
                working_s=sum(r._mapping["working_s"] for r in rows),
            )
        )
        conn.execute(_wait.delete().where(_wait.c.task_id == task_id, _wait.c.share > 0))
    _heatmap_index(_HEATMAP)
    _drop_share()
    drop_column("human_task", "moved_at")  # natively on SQLite: human_task is referenced, not copied
