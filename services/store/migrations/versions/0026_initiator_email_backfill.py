"""zaak.initiator_email for the cases applied for before it existed

0007 added ``zaak.initiator_email`` (the intake e-mail address that links a case to its initiator)
without filling it. A case applied for before that (the first release's public form, or an API start
with ``gegevens.email``) has its address only in the intake's data, ``summary.gegevens.email``, so after
the upgrade its initiator got no mail (aanvullingsverzoek, besluit, bezwaartermijn), could not get the
tracking link again and did not see the case in "Mijn aanvragen" (upgrade review finding 3). This
fills the column of every case that has none from that address, normalised as a start does today
(``services.cases.start_case`` with ``policy.normal_email``), except for anonymised cases and values
that are no valid e-mail address (the public form's pattern) or longer than the column.

The helpers are frozen copies (a later change of the live ones must not change what this did).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06
"""

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

#: a frozen copy of ``services.status.application_forms.EMAIL_PATTERN`` (the public form's check)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$")
#: the length of ``zaak.initiator_email``
MAX_LENGTH = 255

_zaak = sa.table(
    "zaak",
    sa.column("id", sa.Integer),
    sa.column("summary", sa.JSON),
    sa.column("initiator_email", sa.String),
    sa.column("geanonimiseerd_op", sa.DateTime),
)


def normal_email(address: str | None) -> str | None:
    """A frozen copy of ``services.policy.normal_email``: trimmed, lower case, None when empty."""
    text = (address or "").strip().lower()
    return text or None


def intake_email(summary: Any) -> str | None:
    """The intake's e-mail address in a stored summary as a start stores it, None when there is none
    or it is no valid address."""
    doc = summary if isinstance(summary, dict) else {}
    gegevens = doc.get("gegevens")
    raw = gegevens.get("email") if isinstance(gegevens, dict) else None
    email = normal_email(raw) if isinstance(raw, str) else None
    if email is None or len(email) > MAX_LENGTH or not EMAIL.match(email):
        return None
    return email


def upgrade() -> None:
    conn = op.get_bind()
    unlinked = (
        sa.select(_zaak.c.id, _zaak.c.summary)
        .where(_zaak.c.initiator_email.is_(None), _zaak.c.geanonimiseerd_op.is_(None))
        .execution_options(stream_results=True)  # summaries can be large: not all at once
    )
    rows = conn.execute(unlinked)
    found = [{"case_id": i, "email": email} for i, summary in rows if (email := intake_email(summary))]
    fill = (
        _zaak.update()
        .where(_zaak.c.id == sa.bindparam("case_id"), _zaak.c.initiator_email.is_(None))
        .values(initiator_email=sa.bindparam("email"))
    )
    for start in range(0, len(found), 500):
        conn.execute(fill, found[start : start + 500])


def downgrade() -> None:
    # Nothing to undo: the column is 0007's and 0025's code reads it as it reads the addresses a start
    # writes. The filled values cannot be told from those (same address, same normalisation), and
    # clearing them would cut these initiators off from their mails and their cases again.
    pass
