"""Migration 0044 records, in the summary of each running case with a term, a final besluit letter that still
stands and no recorded besluit, the day that letter is sent (``besluitbrief``), and sets ``decided_on`` with
it, as the letter's transaction now writes it (services.documents.final_letter.record_sending): a step no
longer reads the letter to set it.

Cases of old_cases: 1 has a final letter sent on 20 April 2026 (stored on 19 April, 23:30 UTC: 20 April in
the Netherlands), 2 has a recorded besluit (made known on 2 April), 3 only a letter herroepen at a herstart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Engine

from processes.case_summary import CaseSummary
from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases  # noqa: F401

DEADLINE = date(2026, 4, 28)


def _letter(
    conn: Any, meta: MetaData, doc_id: int, case_id: int, verzonden: date | None, **values: Any
) -> None:
    document = Table("document", meta, autoload_with=conn)
    version = Table("document_version", meta, autoload_with=conn)
    conn.execute(
        document.insert().values(
            id=doc_id,
            case_id=case_id,
            titel=f"Besluit {doc_id}",
            informatieobjecttype="besluit",
            vertrouwelijkheidaanduiding="zaakvertrouwelijk",
            status="definitief",
            auteur="",
            organisatie="",
            creatiedatum=NOW.date(),
            gedeeld_met=[],
            uploaded_by="tom",
            latest_version=1,
            created_at=NOW,
            verwijderd=False,
            besluitdatum=verzonden,
            verzenddatum=verzonden,
            **{"besluit_uitkomst": "weigeren", **values},
        )
    )
    conn.execute(
        version.insert().values(
            document_id=doc_id,
            case_id=case_id,
            versie=1,
            sha256=f"{doc_id:064d}",
            size=1,
            mime_type="application/pdf",
            bestandsnaam="besluit.pdf",
            uploaded_by="tom",
            uploaded_at=datetime(2026, 4, 19, 23, 30, tzinfo=UTC),
        )
    )


def _cases(engine: Engine) -> dict[int, tuple[dict[str, Any], date | None]]:
    zaak = Table("zaak", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = conn.execute(select(zaak.c.id, zaak.c.summary, zaak.c.decided_on).order_by(zaak.c.id)).all()
    return {r.id: (r.summary, r.decided_on) for r in rows}


def test_0044_records_the_day_a_running_cases_standing_letter_is_sent(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0043")
        insert_old_cases(engine)
        meta = MetaData()
        zaak = Table("zaak", meta, autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(zaak.update().values(uiterlijke_einddatum_afdoening=DEADLINE, summary={"versie": 1}))
            conn.execute(
                zaak.update()
                .where(zaak.c.id == 2)
                .values(summary={"versie": 1, "besluit": {"datum": "2026-04-02"}})
            )
            conn.execute(
                zaak.update()
                .where(zaak.c.id == 3)
                .values(summary={"versie": 1, "herstart": {"op": "2026-05-01", "brief": 3}})
            )
            _letter(conn, meta, 1, 1, None, besluit_uitkomst="weigeren")  # its day: stored on 20 April (NL)
            _letter(conn, meta, 2, 1, None, besluit_uitkomst=None)  # a plain upload of type besluit
            _letter(conn, meta, 3, 3, date(2026, 4, 21))  # herroepen
            _letter(conn, meta, 4, 2, date(2026, 4, 2))
        before = _cases(engine)
        run_migration(engine, command.upgrade, "head")
        after = _cases(engine)
        assert after[1] == (
            {"versie": 1, "besluitbrief": {"document": 1, "verzonden_op": "2026-04-20"}},
            date(2026, 4, 20),
        )
        assert CaseSummary.from_json(after[1][0]).besluit_op() == date(2026, 4, 20)
        assert after[2] == before[2] and after[3] == before[3]  # a recorded besluit; a herroepen letter
        run_migration(engine, command.downgrade, "0043")
        assert _cases(engine)[1][0] == {"versie": 1}
    finally:
        run_migration(
            engine, command.upgrade, "head"
        )  # the worker's PostgreSQL database is shared by later tests
        engine.dispose()
