"""Why the conformance suite runs the first process of a collaboration on its own (models/SOURCE.md).

SpiffWorkflow's own test of ``bpmn/correlation.bpmn`` (tests/SpiffWorkflow/bpmn/CollaborationTest.py,
``testCorrelation``) runs the whole collaboration as one workflow (``parser.get_collaboration``), parsed
with the plain ``BpmnParser``: a thrown message carries the thrower's task data and starts ``proc_2``
inside that same workflow. Ruimteflow deploys each executable process as a process of its own, parses
with the spiff parser (where a message without ``spiffworkflow:messagePayload`` carries ``{}``) and
delivers messages only through its API. These tests pin both facts, so the documentation stays true
when SpiffWorkflow or the platform changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from services.store.models import Case
from tests.conformance.harness import Model, on_platform

CORRELATION = Path(__file__).parent / "models" / "bpmn" / "correlation.bpmn"


def _library_test_drive(parser: Any) -> BpmnWorkflow:
    """CollaborationTest.testCorrelation, step for step."""
    parser.add_bpmn_file(str(CORRELATION))
    wf = BpmnWorkflow(*parser.get_collaboration("correlation_test"))
    wf.do_engine_steps()
    for idx, task in enumerate(wf.get_tasks(state=TaskState.READY, manual=True)):
        task.data["task_num"] = idx
        task.run()
    wf.do_engine_steps()
    for task in wf.get_tasks(state=TaskState.READY, manual=True):
        task.data.update(init_id=task.data["task_num"])
        task.run()
    wf.do_engine_steps()
    return wf


def test_the_library_routes_the_collaboration_only_with_its_plain_parser():
    wf = _library_test_drive(BpmnParser())
    ends = wf.get_tasks(spec_name="subprocess_end")
    assert wf.is_completed()
    assert sorted((t.data["task_num"], t.data["init_id"]) for t in ends) == [(0, 0), (1, 1)]

    with pytest.raises(NameError, match="task_num"):  # the spiff message carries {}: nothing to correlate
        _library_test_drive(SpiffBpmnParser())


def test_on_the_platform_a_thrown_message_stays_in_its_case(platform):
    """proc_1 runs as a case of its own; its two messages start no proc_2 case, and it waits for the answer."""
    got = on_platform(platform, CORRELATION, Model("bpmn/correlation.bpmn", "proc_1"))
    assert got.thrown == [("init_proc_2", {}, {})] * 2
    with platform.uow(write=False) as uow:
        cases = uow.session.query(Case).all()
        assert [c.process_id for c in cases] == ["proc_1"]
        assert cases[0].summary["verwachte_berichten"] == ["proc_2_response"]
