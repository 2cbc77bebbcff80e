"""Hot instances (issue #12 item 2): a step may reuse the workflow object its case's previous step
left in this process, but only for the case's stored version and document; never a stale or a
half-stepped one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select, update

from processes.errors import RuimteflowError
from services import cases, step_effects
from services.engine.hot import HotInstances
from services.platform import Platform
from services.store.models import Case, HumanTask, WorkflowState
from tests.benchmarks.engine_harness import REWORK, ServiceCase


class Loads:
    """Counts the rebuilds of a workflow from its stored document (``WorkflowRuntime.load``)."""

    def __init__(self, platform: Platform, monkeypatch: pytest.MonkeyPatch):
        runtime, self.count = platform.runtime, 0
        original = runtime.load

        def load(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(runtime, "load", load)


@pytest.fixture
def case() -> Iterator[ServiceCase]:
    harness = ServiceCase(REWORK, effects=True)
    harness.platform.settings = replace(harness.platform.settings, hot_instances=8)
    try:
        yield harness
    finally:
        harness.close()


def _open_task(platform: Platform, case_id: int) -> int:
    with platform.uow(write=False) as uow:
        task = uow.session.scalar(
            select(HumanTask.id).where(HumanTask.case_id == case_id, HumanTask.state == "open")
        )
    assert task is not None
    return int(task)


def _completed(platform: Platform, case_id: int) -> int:
    with platform.uow(write=False) as uow:
        return len(
            list(
                uow.session.scalars(
                    select(HumanTask.id).where(HumanTask.case_id == case_id, HumanTask.state == "voltooid")
                )
            )
        )


def _complete(platform: Platform, case_id: int) -> None:
    cases.complete_task(platform, _open_task(platform, case_id), "anna", {"klaar": False})


def test_a_step_reuses_the_instance_its_previous_step_left(case, monkeypatch):
    platform, case_id = case.platform, case.case["id"]
    _complete(platform, case_id)  # puts the instance after its commit
    loads = Loads(platform, monkeypatch)
    for _ in range(3):
        _complete(platform, case_id)
    assert loads.count == 0
    assert _completed(platform, case_id) == 4
    assert len(platform.runtime.instances) == 1


def test_off_by_default_every_step_rebuilds(monkeypatch):
    harness = ServiceCase(REWORK)
    try:
        assert harness.platform.settings.hot_instances == 0
        loads = Loads(harness.platform, monkeypatch)
        for _ in range(2):
            _complete(harness.platform, harness.case["id"])
        assert loads.count == 2 and len(harness.platform.runtime.instances) == 0
    finally:
        harness.close()


def test_another_platform_on_the_same_database_makes_the_kept_instance_stale(case, monkeypatch):
    """Two processes: B steps the case after A kept it; A's next step must rebuild from B's state and
    act on the task B's step opened (a stale instance would not know that task)."""
    a, case_id = case.platform, case.case["id"]
    b = Platform.create(replace(a.settings, hot_instances=8), a.clock)
    b.registry.service("locatiecheck", lambda *_a, **_k: {}, "test")
    try:
        _complete(a, case_id)
        _complete(b, case_id)
        loads = Loads(a, monkeypatch)
        _complete(a, case_id)
        assert loads.count == 1
        assert _completed(a, case_id) == 3
        _complete(b, case_id)  # and B, whose kept instance A's step made stale, rebuilds as well
        assert _completed(a, case_id) == 4
    finally:
        b.close()


def test_a_document_changed_without_a_new_version_is_rebuilt(case, monkeypatch):
    platform, case_id = case.platform, case.case["id"]
    _complete(platform, case_id)
    with platform.uow() as uow:  # the same state written differently, the case row left as it was
        row = uow.session.get(WorkflowState, case_id)
        assert row is not None
        document = json.dumps(json.loads(row.document), indent=1)
        uow.session.execute(
            update(WorkflowState).where(WorkflowState.case_id == case_id).values(document=document)
        )
        uow.commit()
    loads = Loads(platform, monkeypatch)
    _complete(platform, case_id)
    assert loads.count == 1


def test_a_step_that_fails_half_way_leaves_no_instance_behind(case, monkeypatch):
    """The engine has moved the kept instance on when a subscriber refuses the step: the step is
    rolled back, so the next step must start again from the stored state, not from that object."""
    platform, case_id = case.platform, case.case["id"]
    _complete(platform, case_id)
    with platform.uow(write=False) as uow:
        version = uow.session.get(Case, case_id).version  # type: ignore[union-attr]

    def refuse(facts: step_effects.StepFacts) -> None:
        raise RuimteflowError("weigering van een abonnee")

    monkeypatch.setattr(step_effects, "SUBSCRIBERS", (refuse,))
    task = _open_task(platform, case_id)
    with pytest.raises(RuimteflowError):
        cases.complete_task(platform, task, "anna", {"klaar": False})
    assert len(platform.runtime.instances) == 0
    monkeypatch.undo()
    loads = Loads(platform, monkeypatch)
    cases.complete_task(platform, task, "anna", {"klaar": False})  # the same task is still open
    assert loads.count == 1
    with platform.uow(write=False) as uow:
        assert uow.session.get(Case, case_id).version > version  # type: ignore[union-attr]
    assert _completed(platform, case_id) == 2


def test_the_cache_keeps_only_the_exact_version_and_document_and_its_size():
    hot = HotInstances(size=2)
    wf = object()
    hot.put(1, 5, "doc", wf)
    assert hot.take(1, 6, "doc") is None and len(hot) == 0  # a newer version: stale, and dropped
    hot.put(1, 5, "doc", wf)
    assert hot.take(1, 5, "other") is None  # the same version, another document: stale
    hot.put(1, 5, "doc", wf)
    assert hot.take(1, 5, "doc") is wf and hot.take(1, 5, "doc") is None  # taken out, not shared
    for case_id in (1, 2, 3):
        hot.put(case_id, 1, "d", case_id)
    assert len(hot) == 2 and hot.take(1, 1, "d") is None and hot.take(3, 1, "d") == 3
