"""zaak.summary.besluitbrief: the day a running case's final besluit letter is sent, recorded with the letter

Until this revision each step of a case with a beslistermijn and no recorded besluit read its final besluit
letter that still stands, to give ``zaak.decided_on`` the day that letter is sent (Awb 3:40, 3:41) while the
task that took it is open. The letter's transaction now records that day in the summary (``besluitbrief``:
the letter's document id and the day), from which each step derives ``decided_on`` without a read
(``CaseSummary.besluit_op``). This records it for the running cases that have such a letter and no recorded
besluit, as the code writes it (services.projection_case.record_letter), and sets ``decided_on`` with it.

Downgrade takes the key out again: the code before this revision reads the letter on each step.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-07
"""

import importlib
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

_KEY = "besluitbrief"
_NL = ZoneInfo("Europe/Amsterdam")
_zaak = sa.table(
    "zaak",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("summary", sa.JSON),
    sa.column("uiterlijke_einddatum_afdoening", sa.Date),
    sa.column("decided_on", sa.Date),
)
_document = sa.table(
    "document",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("informatieobjecttype", sa.String),
    sa.column("status", sa.String),
    sa.column("verwijderd", sa.Boolean),
    sa.column("besluit_uitkomst", sa.String),
    sa.column("verzenddatum", sa.Date),
)
_version = sa.table(
    "document_version", sa.column("document_id", sa.Integer), sa.column("uploaded_at", sa.DateTime)
)


#: the day a summary records its besluit, without the letter: 0019's frozen copy of ``CaseSummary.besluit_op``
besluit_op = importlib.import_module("services.store.migrations.versions.0019_decided_on").besluit_op


def _nl_day(moment: datetime | None) -> date | None:
    """The Dutch day of a stored moment (a naive one is UTC, as the store keeps it)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(_NL).date()


def standing_letter(conn: Any, case_id: int, herroepen: int) -> tuple[int, date] | None:
    """The case's latest final besluit letter after the herroepen one (``herstart.brief``), with the day it is
    sent: its verzenddatum, never before the day its final version was stored (frozen copies of
    ``Document.standing_final_besluiten`` and ``besluitbrief.verzonden_op``); None without one."""
    stored = sa.select(sa.func.max(_version.c.uploaded_at)).where(_version.c.document_id == _document.c.id)
    row = conn.execute(
        sa.select(_document.c.id, _document.c.verzenddatum, stored.scalar_subquery())
        .where(
            _document.c.case_id == case_id,
            _document.c.informatieobjecttype == "besluit",
            _document.c.status == "definitief",
            _document.c.verwijderd.is_(False),
            _document.c.besluit_uitkomst.is_not(None),
            _document.c.id > herroepen,
        )
        .order_by(_document.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    days = [d for d in (row[1], _nl_day(row[2])) if d is not None]
    return (int(row[0]), max(days)) if days else None


def upgrade() -> None:
    conn = op.get_bind()
    letters = sa.select(_document.c.case_id).where(
        _document.c.informatieobjecttype == "besluit",
        _document.c.status == "definitief",
        _document.c.besluit_uitkomst.is_not(None),
    )
    running = sa.select(_zaak.c.id, _zaak.c.summary).where(
        _zaak.c.status != "afgerond",
        _zaak.c.uiterlijke_einddatum_afdoening.is_not(None),
        _zaak.c.id.in_(letters),
    )
    rows: list[Any] = list(conn.execute(running).all())
    for case_id, summary in rows:
        doc = dict(summary) if isinstance(summary, dict) else {}
        if besluit_op(doc) is not None:
            continue
        herstart: dict[str, Any] = doc["herstart"] if isinstance(doc.get("herstart"), dict) else {}
        letter = standing_letter(conn, case_id, int(herstart.get("brief") or 0))
        if letter is None:
            continue
        doc[_KEY] = {"document": letter[0], "verzonden_op": letter[1].isoformat()}
        conn.execute(_zaak.update().where(_zaak.c.id == case_id).values(summary=doc, decided_on=letter[1]))


def downgrade() -> None:
    """The key goes; ``decided_on`` stays as set (the code before sets it so on the case's next step)."""
    conn = op.get_bind()
    for case_id, summary in conn.execute(sa.select(_zaak.c.id, _zaak.c.summary)).all():
        if isinstance(summary, dict) and _KEY in summary:
            doc = {k: v for k, v in summary.items() if k != _KEY}
            conn.execute(_zaak.update().where(_zaak.c.id == case_id).values(summary=doc))
