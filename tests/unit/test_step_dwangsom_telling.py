"""A step copies the last task's data into the case summary (``gegevens``), its dwangsom stand as the
workflow data hold it. A stand stored before f21b38b ("€ 1442") is written once, by migration 0043 in the
workflow documents (tests/integration/test_dwangsom_oude_telling.py), not on every step."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from services.clock import FixedClock
from services.engine.context import StepContext
from services.engine.outcome import StepResult
from services.projection_case import update_case
from services.store.models import Case
from tests.integration.test_migration_dwangsom_telling import ANDER_TARIEF

NOW = datetime(2026, 6, 24, 9, tzinfo=UTC)


def _after_a_step(data: dict) -> dict:
    case = Case(reference="Z-2026-000001", summary={"versie": 1}, status="lopend")
    result = StepResult(completed=[{"data": copy.deepcopy(data)}])
    update_case(None, case, result, StepContext(FixedClock(NOW), None, case.reference), now=NOW)  # type: ignore[arg-type]
    return case.typed_summary.fields()["gegevens"]


def test_a_stand_its_numbers_do_not_give_again_keeps_its_words():
    assert _after_a_step({"dwangsom": ANDER_TARIEF})["dwangsom"] == ANDER_TARIEF
