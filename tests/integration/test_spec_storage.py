"""Specs are stored once per deployed version; a case stores only its instance, and it stays small.

Also: a case document in the format before migration 0004 (the whole workflow with its spec inside)
is converted by the migration and runs to the end, and a rework loop keeps working past the point
where SpiffWorkflow's task iterator (depth 1000) used to lose the open task.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import event, func, select, update

from services import cases, inbox
from services.engine.runtime import WorkflowRuntime
from services.engine.state import SPEC_HASH_KEY
from services.platform import Platform
from services.registry import helper_functions, service_functions
from services.store import db
from services.store.models import WorkflowSpec, WorkflowState
from tests.conftest import FIXTURES
from tests.integration.core_helpers import KLEIN, setup_klein

GOLDEN = FIXTURES / "golden" / "vergunning_klein_wacht_op_aanvulling.json"
LOOP = FIXTURES / "bpmn" / "bench_lus.bpmn"


def _documents(platform: Platform) -> list[dict]:
    with platform.uow(write=False) as uow:
        return [json.loads(d) for d in uow.session.scalars(select(WorkflowState.document))]


def _spec_rows(platform: Platform) -> list[WorkflowSpec]:
    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(WorkflowSpec)).all())


def test_two_cases_of_one_version_share_one_stored_spec(any_platform: Platform) -> None:
    setup_klein(any_platform)
    first = cases.start_case(any_platform, "vergunning_klein", {}, user="anna")
    cases.start_case(any_platform, "vergunning_klein", {}, user="anna")
    [task] = [t for t in inbox.list_tasks(any_platform, "anna")["taken"] if t["zaak"] == first["zaak"]]
    cases.complete_task(any_platform, task["id"], "anna", {"compleet": True})

    [spec] = _spec_rows(any_platform)
    assert spec.process_id == "vergunning_klein"
    assert "vergunning_klein" in spec.document
    documents = _documents(any_platform)
    assert len(documents) == 2
    for doc in documents:
        assert "spec" not in doc and "subprocess_specs" not in doc
        assert doc[SPEC_HASH_KEY] == spec.spec_hash
        assert len(json.dumps(doc)) < len(spec.document)


def test_a_fresh_process_loads_the_spec_from_its_row(platform: Platform, settings, clock) -> None:
    setup_klein(platform)
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    other = Platform.create(settings, clock)  # another worker: empty caches
    try:
        [task] = [t for t in inbox.list_tasks(other, "anna")["taken"] if t["zaak"] == case["zaak"]]
        done = cases.complete_task(other, task["id"], "anna", {"compleet": True})
        assert done["zaak"] == case["zaak"]
        assert len(_spec_rows(other)) == 1
    finally:
        other.close()


def test_migration_0004_splits_a_stored_case_and_it_finishes(platform: Platform, settings, clock) -> None:
    setup_klein(platform)
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    golden = json.loads(GOLDEN.read_text())
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with platform.engine.begin() as conn:  # back to the schema and format before 0004
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with platform.engine.begin() as conn:
        conn.execute(
            update(WorkflowState.__table__)
            .where(WorkflowState.__table__.c.case_id == case["id"])
            .values(document=json.dumps(golden["document"]), serializer_version="spiff-3.2")
        )
    platform.close()
    upgraded = Platform.create(settings, clock)  # runs the migrations up to head
    try:
        [spec] = _spec_rows(upgraded)
        [doc] = _documents(upgraded)
        assert "spec" not in doc and doc[SPEC_HASH_KEY] == spec.spec_hash
        resumed = cases.send_message(upgraded, case["zaak"], "aanvulling", {"bijlage": "tekening.pdf"})
        assert resumed["samenvatting"]["gegevens"]["toelichting"] == "tekening ontbreekt"
        [task] = [t for t in inbox.list_tasks(upgraded, "anna")["taken"] if t["zaak"] == case["zaak"]]
        cases.complete_task(upgraded, task["id"], "anna", {"compleet": True})
        [besluit] = inbox.list_tasks(upgraded, "jan")["taken"]
        done = cases.complete_task(upgraded, besluit["id"], "jan", {"besluit": "weigeren"})
        assert done["status"] == "afgerond"
        assert len(_spec_rows(upgraded)) == 1
    finally:
        upgraded.close()


def test_a_rework_loop_keeps_its_size_and_its_open_task_past_500_rounds() -> None:
    """Each round is saved and loaded again; the document stays the same size (history compacted)."""
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

    from services.clock import FixedClock
    from services.engine.context import StepContext

    runtime = WorkflowRuntime(helper_functions(), service_functions())
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(LOOP))
    spec, subs = parser.get_spec("bench_lus"), parser.get_subprocess_specs("bench_lus")
    ctx = StepContext(clock=FixedClock(datetime(2026, 3, 2, tzinfo=UTC)), case_id=1, case_reference="Z-1")
    wf, result = runtime.start(spec, subs, {}, ctx)
    sizes = []
    for _ in range(520):
        document = runtime.dump(wf)
        sizes.append(len(document))
        wf = runtime.load(document)
        [task] = result.open_tasks
        result = runtime.complete(wf, task.spiff_task_id, {"klaar": False}, ctx)
    assert [t.bpmn_id for t in result.open_tasks] == ["beoordelen"]
    assert max(sizes[10:]) <= sizes[10] + 200
    assert len(wf.tasks) < 20
    [task] = result.open_tasks
    result = runtime.complete(wf, task.spiff_task_id, {"klaar": True}, ctx)
    assert result.finished


def test_spec_rows_are_not_duplicated_by_a_redeploy(platform: Platform) -> None:
    from services import deployments

    setup_klein(platform)
    deployments.deploy(platform, deployments.read_files([KLEIN]))
    cases.start_case(platform, "vergunning_klein", {}, user="anna")
    with platform.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(WorkflowSpec)) == 1


def test_a_step_neither_reads_nor_writes_the_spec(platform: Platform) -> None:
    setup_klein(platform)
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    statements: list[str] = []
    event.listen(platform.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False, "toelichting": "x"})
    assert any("workflow_state" in st for st in statements)
    assert not [st for st in statements if "workflow_spec" in st]


def test_finished_subprocesses_leave_the_document(platform: Platform) -> None:
    from services import deployments, users

    constructs = FIXTURES / "bpmn" / "constructs"
    deployments.deploy(
        platform, deployments.read_files([constructs / "constructs.bpmn", constructs / "tarief.dmn"])
    )
    users.add_user(platform, "a", groups=["Team A"])
    users.add_user(platform, "b", groups=["Team B"])
    case = cases.start_case(platform, "constructs", {"items": ["dak"], "uiterste_datum": "2026-03-10"})

    def running_subprocesses() -> set[str]:
        [doc] = _documents(platform)
        return {sp["spec"] for sp in doc["subprocesses"].values()}

    assert "sub" not in running_subprocesses()  # script + DMN subprocess ran to its end at the start
    for user, name in (("a", "Taak A"), ("b", "Taak B (tarief hoog)")):
        [task] = [t for t in inbox.list_tasks(platform, user)["taken"] if t["naam"] == name]
        cases.complete_task(platform, task["id"], user, {})
    assert "constructs_called" in running_subprocesses()  # the call activity waits for its task
    [called] = cases.get_case(platform, case["zaak"])["open_taken"]
    cases.complete_task(platform, called["id"], "a", {})
    assert "constructs_called" not in running_subprocesses()
