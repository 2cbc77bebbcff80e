"""Migration 0038: a bezwaar's verdaging stored as a public line with its reason becomes internal, and the
public timeline gets the line up to the reason (review pentest15, F1); other lines stay as they were, and
going down puts the stored lines back as they were."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases  # noqa: F401

VERDAAGD = "Beslissing op het bezwaar verdaagd tot en met zaterdag 20 juni 2026 (artikel 7:10 lid 3 Awb)"
OLD = [  # (case, kind, message, public) as the code before stored them
    (1, "bezwaar", f"{VERDAAGD}. Reden: Karel Buurman (Esweg 3) wil eerst gehoord worden", True),
    (
        1,
        "bezwaar",
        "Het bezwaar is in behandeling genomen; de gemeente beslist erop uiterlijk op 26 mei 2026.",
        True,
    ),
    (
        2,
        "verdaging",
        "De beslistermijn is met zes weken verlengd. Reden: advies van de omgevingsdienst",
        True,
    ),
    (3, "bezwaar", f"{VERDAAGD}. Reden: al intern", False),
]


def _lines(engine: Any) -> list[tuple[Any, ...]]:
    event = Table("case_event", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                event.c.id, event.c.case_id, event.c.kind, event.c.message, event.c.public, event.c.data
            ).order_by(event.c.id)
        ).all()
    return [tuple(r) for r in rows]


def test_0038_makes_a_verdagings_reason_internal_and_keeps_its_day_public(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0037")
        insert_old_cases(engine)
        event = Table("case_event", MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            for case_id, kind, message, public in OLD:  # ids from the table's own sequence
                conn.execute(event.insert().values(case_id=case_id, at=NOW, actor="jet", kind=kind,
                                                   message=message, public=public, data={}))  # fmt: skip
        before = _lines(engine)
        first = before[0][0]
        run_migration(engine, command.upgrade, "head")
        after = _lines(engine)
        assert after[0] == (
            first,
            1,
            "bezwaar",
            OLD[0][2],
            False,
            {},
        )  # its text kept, as the audit trail does
        assert after[1:4] == before[1:4]  # another line, the permit's verdaging, an internal one: unchanged
        (new,) = after[4:]
        assert new[1:] == (1, "bezwaar", f"{VERDAAGD}.", True, {"verdaging_zonder_reden_van": first})
        with engine.connect() as conn:
            ats = conn.execute(select(event.c.at).where(event.c.id.in_([first, new[0]]))).scalars().all()
        assert len(set(ats)) == 1  # the public line stands at the moment of the verdaging
        run_migration(engine, command.downgrade, "0037")
        assert _lines(engine) == before
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()
