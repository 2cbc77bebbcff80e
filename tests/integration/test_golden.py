"""Golden files: a case serialized by an earlier version still loads and runs to the end."""

from __future__ import annotations

import json

from sqlalchemy import update

from services import cases, inbox
from services.store.models import WorkflowState
from tests.conftest import FIXTURES
from tests.integration.core_helpers import setup_klein

GOLDEN = FIXTURES / "golden" / "vergunning_klein_wacht_op_aanvulling.json"


def test_golden_case_waiting_for_a_supplement_loads_and_finishes(platform):
    setup_klein(platform)
    golden = json.loads(GOLDEN.read_text())
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    with platform.uow() as uow:
        uow.session.execute(
            update(WorkflowState)
            .where(WorkflowState.case_id == case["id"])
            .values(document=json.dumps(golden["document"]))
        )
        uow.commit()
    resumed = cases.send_message(platform, case["zaak"], "aanvulling", {"bijlage": "tekening.pdf"})
    assert resumed["samenvatting"]["gegevens"]["toelichting"] == "tekening ontbreekt"
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    cases.complete_task(platform, task["id"], "anna", {"compleet": True})
    [besluit] = inbox.list_tasks(platform, "jan")["taken"]
    assert (
        cases.complete_task(platform, besluit["id"], "jan", {"besluit": "weigeren"})["status"] == "afgerond"
    )
