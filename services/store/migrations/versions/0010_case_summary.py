"""case summary: stamp every stored summary as version 1 of the typed document

``zaak.summary`` becomes the versioned document of processes/case_summary.py: ``{"versie": 1, ...}``
with only the fields of version 1. Keys an older version filed there that version 1 does not know
move under ``overig`` (nothing is dropped); keys set to null are left out (version 1 stores only the
fields that are set). The downgrade takes the version off and puts the ``overig`` keys back on top.

The list of fields is a frozen copy of version 1: a later version changes it in a migration of its own.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-03
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None

VERSION = 1
#: the fields of CaseSummary version 1 (besides "versie")
FIELDS_V1 = frozenset(
    {
        "gegevens",
        "verwachte_berichten",
        "wachtende_elementen",
        "resultaat",
        "activiteiten",
        "bevoegd_gezag",
        "behandeldienst",
        "regime",
        "aanvullingsverzoek",
        "ter_inzage",
        "zienswijzen",
        "ingediende_zienswijzen",
        "besluit",
        "voorschriften",
        "rechtsmiddel",
        "bezwaren",
        "gevoegde_bezwaren",
        "uitspraak",
        # added later without a new version (an optional field: a stored document stays valid; no stored
        # unversioned document has this key, so the upgrade below files the same keys as before)
        "doorgezonden",
        "herstart",
        "dwangsom",
        "soort",
        "vermogen_mw",
        "aantal_turbines",
        "initiatiefnemer_type",
        "lokaal_eigendom_pct",
        "extern_bevoegd_gezag",
        "congestiegebieden",
        "participatie",
        "besluit_extern",
        "netcapaciteit",
        "wijk_code",
        "wijk_naam",
        "warmte_bestemming",
        "wijkanalyse",
        "alternatieven",
        "aardgasvrij_op",
        "mijlpalen",
        "mijlpalen_gereed",
        "mijlpaal_te_laat",
        "uitkomst",
        "organisaties",
        "overig",
        "besluitbrief",
    }
)
PAGE = 500

_zaak = sa.table("zaak", sa.column("id", sa.Integer()), sa.column("summary", sa.JSON()))


def to_v1(doc: dict[str, Any] | None) -> dict[str, Any]:
    """An unversioned summary as a version 1 document."""
    doc = dict(doc or {})
    if "versie" in doc:
        return doc
    known = {k: v for k, v in doc.items() if k in FIELDS_V1 and v is not None}
    unknown = {k: v for k, v in doc.items() if k not in FIELDS_V1}
    if unknown:
        known["overig"] = {**(known.get("overig") or {}), **unknown}
    return {"versie": VERSION, **known}


def from_v1(doc: dict[str, Any] | None) -> dict[str, Any]:
    """A version 1 document as the unversioned summary before this revision."""
    doc = dict(doc or {})
    doc.pop("versie", None)
    overig = doc.pop("overig", None) or {}
    return {**doc, **overig}


def _rewrite(convert: Any) -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(_zaak.c.id, _zaak.c.summary).where(_zaak.c.id > last).order_by(_zaak.c.id).limit(PAGE)
        ).all()
        if not rows:
            return
        for case_id, summary in rows:
            new = convert(summary)
            if new != summary:
                bind.execute(_zaak.update().where(_zaak.c.id == case_id).values(summary=new))
        last = rows[-1][0]


def upgrade() -> None:
    _rewrite(to_v1)


def downgrade() -> None:
    _rewrite(from_v1)
