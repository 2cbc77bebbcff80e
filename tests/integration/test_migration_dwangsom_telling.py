"""Migration 0041 writes the dwangsom's count in words (``stappen``) of every stored stand as a new count
writes it, so a stand stored before amounts read "€ 1.442" (f21b38b) no longer holds "€ 1442".

Until 0041 the case read recomputed the count on every read (``services.projection_views``). The stands a
case keeps: its running or set one (``dwangsom``), the one of the term before a herstart
(``herstart.dwangsom``) and the model's own copy in the last step's data (``gegevens.dwangsom``). A count
its numbers do not give again (another tarief) keeps its words, the only record of how it was counted;
going down leaves the counts as 0041 wrote them.

Dates as in test_dwangsom_oude_telling: the ingebrekestelling received on 29 April 2026 starts the
dwangsom on 13 May; at its 42nd day, 23 June, the maximum of € 1.442 is due.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Engine

from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import database_url, insert_old_cases  # noqa: F401

_DAGEN = [
    "Beslistermijn verstreken na 28 april 2026",
    "Ingebrekestelling ontvangen op 29 april 2026 (dag 0)",
    "Dwangsom verschuldigd vanaf 13 mei 2026 (14 dagen na ontvangst)",
]
_DATA = {
    "ingebrekestelling_ontvangen": "2026-04-29",
    "uiterste_beslisdatum": "2026-04-28",
    "start": "2026-05-13",
}
#: the count at the maximum as the code before f21b38b stored it
MAXIMUM_OUD = {
    **_DATA,
    "peildatum": "2026-06-23",
    "dagen": 42,
    "bedrag_euro": 1442,
    "maximum_bereikt": True,
    "status": "vastgesteld",
    "stappen": [
        *_DAGEN,
        "14 dagen × € 23 = € 322",
        "14 dagen × € 35 = € 490",
        "14 dagen × € 45 = € 630",
        "Maximum van 42 dagen bereikt op 23 juni 2026; de dwangsom loopt niet verder op",
        "Totaal t/m 23 juni 2026: 42 dagen, € 1442",
    ],
}
MAXIMUM_NU = {
    **MAXIMUM_OUD,
    "stappen": [*MAXIMUM_OUD["stappen"][:-1], "Totaal t/m 23 juni 2026: 42 dagen, € 1.442"],
}
#: a running count of eight days: no amount of a thousand euros, so it reads the same then and now
LOOPT = {
    **_DATA,
    "peildatum": "2026-05-20",
    "dagen": 8,
    "bedrag_euro": 184,
    "maximum_bereikt": False,
    "status": "loopt",
    "stappen": [*_DAGEN, "8 dagen × € 23 = € 184", "Totaal t/m 20 mei 2026: 8 dagen, € 184"],
}
#: counted by another tarief: the numbers do not give it again, so its words stay
ANDER_TARIEF = {
    **MAXIMUM_OUD,
    "bedrag_euro": 1400,
    "stappen": [*_DAGEN, "Totaal t/m 23 juni 2026: 42 dagen, € 1400"],
}
#: summaries as the code before 0041 stored them, by case id (the cases of test_migration_case_summary)
OLD: dict[int, dict[str, Any]] = {
    1: {"versie": 1, "dwangsom": MAXIMUM_OUD, "gegevens": {"besluit": "verlenen", "dwangsom": MAXIMUM_OUD}},
    2: {"versie": 1, "herstart": {"op": "2026-07-01", "dwangsom": MAXIMUM_OUD}, "dwangsom": LOOPT},
    3: {
        "versie": 1,
        "dwangsom": ANDER_TARIEF,
        "herstart": {"op": "2026-07-01", "brief": 4},  # holders without a stand stay as they were
        "gegevens": {"besluit": "verlenen"},
        "resultaat": "besluit: verlenen",
    },
}


def _summaries(engine: Engine) -> dict[int, Any]:
    zaak = Table("zaak", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(zaak.c.id, zaak.c.summary).order_by(zaak.c.id)).all())


def test_0041_writes_each_dwangsom_count_as_a_new_count_writes_it(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0040")
        insert_old_cases(engine)
        zaak = Table("zaak", MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            for case_id, summary in OLD.items():
                conn.execute(zaak.update().where(zaak.c.id == case_id).values(summary=summary))
        run_migration(engine, command.upgrade, "head")
        migrated = _summaries(engine)
        assert migrated[1] == {
            "versie": 1,
            "dwangsom": MAXIMUM_NU,
            "gegevens": {"besluit": "verlenen", "dwangsom": MAXIMUM_NU},
        }
        assert migrated[2] == {
            "versie": 1,
            "herstart": {"op": "2026-07-01", "dwangsom": MAXIMUM_NU},
            "dwangsom": LOOPT,
        }
        assert migrated[3] == OLD[3]  # another tarief's count keeps its words; no stand, nothing written
        run_migration(engine, command.downgrade, "0040")
        assert _summaries(engine) == migrated  # down: the counts stay as 0041 wrote them
        run_migration(engine, command.upgrade, "head")
        assert _summaries(engine) == migrated
    finally:
        engine.dispose()
