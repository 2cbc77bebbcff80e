"""vernietiging: a register line outlives its case

``zaken opschonen --uitvoeren`` now destroys a case whose archiefnominatie is ``vernietigen`` (its row
and every row of it go; Archiefwet 1995 / Archiefbesluit 1995 art. 8) instead of pseudonymising it, and
the register line (the verklaring van vernietiging) is all that remains. ``vernietiging.case_id`` was a
foreign key to ``zaak.id``, so the case could not go: it becomes a plain, nullable column. The run empties
it on every line of the case it destroys (a line of an earlier pseudonymisation too; SQLite may give a
new case the id of a removed one), so a line names the zaak only by its reference. A new column
``zaakregistratie`` says on each new line what became of the zaakregistratie's copy (Open Zaak): not
destroyed by this run (services.bewaren.register.ZAAKREGISTRATIE); lines written before stay empty.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

TABLE = "vernietiging"
#: the name SQLite's unnamed foreign key gets when batch mode reflects it
FK = "fk_vernietiging_case_id_zaak"
CONVENTION = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _fk_name() -> str:
    """The foreign key on case_id: named by PostgreSQL, unnamed in SQLite."""
    for fk in sa.inspect(op.get_bind()).get_foreign_keys(TABLE):
        if fk["constrained_columns"] == ["case_id"]:
            return fk["name"] or FK
    return FK


def upgrade() -> None:
    name = _fk_name()
    with op.batch_alter_table(TABLE, naming_convention=CONVENTION) as b:
        b.drop_constraint(name, type_="foreignkey")
        b.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        b.add_column(sa.Column("zaakregistratie", sa.Text(), nullable=True))


def downgrade() -> None:
    # a line of a destroyed case names no case and cannot point at one again; the register is a record,
    # so it is not deleted to make the downgrade fit
    lines = sa.table(TABLE, sa.column("case_id", sa.Integer))
    left = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(lines).where(lines.c.case_id.is_(None))
    )
    if left:
        raise RuntimeError(
            f"{left} register line(s) of destroyed cases name no case: no downgrade below 0033"
        )
    with op.batch_alter_table(TABLE) as b:
        b.drop_column("zaakregistratie")
        b.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
        b.create_foreign_key(FK, "zaak", ["case_id"], ["id"])
