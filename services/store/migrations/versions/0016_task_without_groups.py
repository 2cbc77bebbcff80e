"""An inbox row for a task without candidate groups

A task of a model without lanes (or a Camunda import with an assignee or candidate users) had no
candidate row, so it was in nobody's inbox but the beheerder's overview. Such a task is the
municipality's staff's who may see its case, and the inbox finds it by one candidate row with group
name "" (``models.NO_GROUP``). This gives the tasks stored before that row.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

NO_GROUP = ""  # models.NO_GROUP, frozen here as the migration wrote it


def upgrade() -> None:
    conn = op.get_bind()
    task = sa.table(
        "human_task",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("state", sa.String),
        sa.column("assignee", sa.String),
        sa.column("candidate_groups", sa.JSON),
    )
    zaak = sa.table("zaak", sa.column("id", sa.Integer), sa.column("uiterlijke_einddatum_afdoening", sa.Date))
    candidate = sa.table(
        "task_candidate",
        sa.column("task_id", sa.Integer),
        sa.column("group_name", sa.String),
        sa.column("open", sa.Boolean),
        sa.column("unassigned", sa.Boolean),
        sa.column("sort_deadline", sa.Date),
    )
    has_row = sa.exists().where(candidate.c.task_id == task.c.id)
    rows = conn.execute(
        sa.select(
            task.c.id,
            task.c.state,
            task.c.assignee,
            task.c.candidate_groups,
            zaak.c.uiterlijke_einddatum_afdoening,
        )
        .join(zaak, zaak.c.id == task.c.case_id)
        .where(~has_row)
    ).all()
    loose = [
        {
            "task_id": task_id,
            "group_name": NO_GROUP,
            "open": state == "open",
            "unassigned": assignee is None,
            "sort_deadline": deadline or date.max,
        }
        for task_id, state, assignee, groups, deadline in rows
        if not groups
    ]
    if loose:
        conn.execute(candidate.insert(), loose)


def downgrade() -> None:
    op.execute(sa.text("delete from task_candidate where group_name = ''"))
