"""specs stored once: workflow_spec table; case documents keep only the instance

Every ``workflow_state`` document in the old format (``serializer_version`` "spiff-3.2", the whole
workflow with its process definition inside) is split: the spec and subprocess specs go to
``workflow_spec`` under the SHA-256 of their canonical JSON (shared by every case with the same
spec), the document keeps the instance and names the spec by that hash. Plain JSON work: no
SpiffWorkflow needed. Downgrade puts the spec back into each document.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEGACY = "spiff-3.2"
INSTANCE = "spiff-3.2/instance"

_state = sa.table(
    "workflow_state",
    sa.column("case_id", sa.Integer),
    sa.column("document", sa.Text),
    sa.column("serializer_version", sa.String),
)
_spec = sa.table(
    "workflow_spec",
    sa.column("spec_hash", sa.String),
    sa.column("process_id", sa.String),
    sa.column("document", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _canonical(spec: dict, subprocess_specs: dict) -> str:
    # the same form as services.engine.state.SpecBook._spec_document, so hashes agree
    return json.dumps(
        {"spec": spec, "subprocess_specs": subprocess_specs},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def upgrade() -> None:
    op.create_table(
        "workflow_spec",
        sa.Column("spec_hash", sa.String(length=64), nullable=False),
        sa.Column("process_id", sa.String(length=120), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("spec_hash"),
    )
    conn = op.get_bind()
    stored: set[str] = set()
    now = datetime.now(UTC)
    rows = conn.execute(
        sa.select(_state.c.case_id).where(_state.c.serializer_version == LEGACY).order_by(_state.c.case_id)
    ).all()
    for (case_id,) in rows:  # one document at a time: bounded memory for any number of cases
        document = conn.scalar(sa.select(_state.c.document).where(_state.c.case_id == case_id))
        dct = json.loads(str(document))
        if dct.get("serializer_version") != "1.5" or "spec" not in dct:
            continue  # an older serializer format: it loads as it is and is split at its next save
        spec_document = _canonical(dct.pop("spec"), dct.pop("subprocess_specs", {}))
        digest = hashlib.sha256(spec_document.encode("utf-8")).hexdigest()
        if digest not in stored:
            spec_name = json.loads(spec_document)["spec"].get("name", "")
            conn.execute(
                sa.insert(_spec).values(
                    spec_hash=digest, process_id=spec_name, document=spec_document, created_at=now
                )
            )
            stored.add(digest)
        dct["spec_hash"] = digest
        conn.execute(
            sa.update(_state)
            .where(_state.c.case_id == case_id)
            .values(document=json.dumps(dct, separators=(",", ":")), serializer_version=INSTANCE)
        )


def downgrade() -> None:
    conn = op.get_bind()
    specs = {h: json.loads(str(d)) for h, d in conn.execute(sa.select(_spec.c.spec_hash, _spec.c.document))}
    rows = conn.execute(
        sa.select(_state.c.case_id).where(_state.c.serializer_version == INSTANCE).order_by(_state.c.case_id)
    ).all()
    for (case_id,) in rows:
        dct = json.loads(str(conn.scalar(sa.select(_state.c.document).where(_state.c.case_id == case_id))))
        spec = specs[dct.pop("spec_hash")]
        dct["spec"], dct["subprocess_specs"] = spec["spec"], spec["subprocess_specs"]
        conn.execute(
            sa.update(_state)
            .where(_state.c.case_id == case_id)
            .values(document=json.dumps(dct), serializer_version=LEGACY)
        )
    op.drop_table("workflow_spec")
