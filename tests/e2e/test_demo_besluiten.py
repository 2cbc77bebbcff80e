"""The demo's decided cases carry their besluit as the besluit editor makes one: a final document of
type besluit with its outcome, besluitdatum and verzenddatum. Found in review: the demo imported the PDF
without them, so the besluit guard, the step and the ZGW registration did not see it as a besluit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from services.clock import FixedClock
from services.documents.besluit_context import UITKOMSTEN
from services.store.models import Case, Document
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database


def test_each_decided_demo_case_has_its_besluit_with_outcome_and_dates(
    tmp_path: Path, demo_layers: Path, clock: FixedClock, demo_database: Path
) -> None:
    platform = fx.demo_copy(tmp_path, demo_layers, clock, demo_database)
    try:
        with platform.uow(write=False) as uow:
            s = uow.session
            decided = [
                (c, c.typed_summary.besluit or {})
                for c in s.scalars(select(Case).order_by(Case.id))
                # a Wabo permit 'van rechtswege' has no besluit document: nobody took one
                if (c.typed_summary.besluit or {}).get("datum")
                and (c.typed_summary.besluit or {}).get("besluit") in UITKOMSTEN
            ]
            assert decided, "the demo has decided permit cases"
            for case, besluit in decided:
                docs = list(s.scalars(select(Document).where(*Document.final_besluiten_of(case.id))))
                assert len(docs) == 1, case.reference
                day = date.fromisoformat(str(besluit["datum"])[:10])
                assert (docs[0].besluit_uitkomst, docs[0].besluitdatum, docs[0].verzenddatum) == (
                    besluit["besluit"],
                    day,
                    day,
                ), case.reference
    finally:
        platform.close()
