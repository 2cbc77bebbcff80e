"""The depth limit of one engine step (services.engine.step_depth): measured in the tree of the task's own
(sub)process, where SpiffWorkflow's iterator finds it; worded as a loop only when the step itself ran that
far, else as a case whose history grew too deep (the reviewer's finding: a case with ~300 rounds of a task
with a boundary timer was refused as "a loop" by a step that ran three elements)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from services.engine.outcome import ProcessError, ScriptLimitError
from services.engine.scripting import LOOP_QUESTION
from services.engine.step_depth import LOOP_ELEMENTS, MAX_DEPTH, StepDepth


def _task(
    depth: int, workflow: object, bpmn_id: str | None = "tel", parent: object = None
) -> SimpleNamespace:
    spec = SimpleNamespace(bpmn_id=bpmn_id, bpmn_name="Tellen" if bpmn_id else None)
    return SimpleNamespace(depth=depth, workflow=workflow, task_spec=spec, parent=parent)


def test_a_step_that_runs_past_the_depth_itself_is_refused_as_a_loop():
    case, step = object(), StepDepth()
    step.check(_task(3, case))
    with pytest.raises(ScriptLimitError) as err:
        step.check(_task(MAX_DEPTH + 1, case))
    assert LOOP_QUESTION in err.value.detail and f"meer dan {LOOP_ELEMENTS}" in err.value.detail
    assert "element 'tel' (Tellen)" in err.value.detail


def test_a_step_of_a_few_elements_in_a_deep_history_is_not_blamed_as_a_loop():
    case, step = object(), StepDepth()
    step.check(_task(MAX_DEPTH - 2, case))
    with pytest.raises(ProcessError) as err:
        step.check(_task(MAX_DEPTH + 1, case))
    assert not isinstance(err.value, ScriptLimitError) and err.value.code == "procesfout"
    assert LOOP_QUESTION not in err.value.detail and "geschiedenis" in err.value.detail


def test_a_task_in_a_subprocess_counts_its_depth_in_the_subprocess_alone():
    # a call activity entered late in a long case: its own tree is what the iterator walks
    case, sub, step = object(), object(), StepDepth()
    step.check(_task(600, case))
    step.check(_task(1, sub))
    step.check(_task(400, sub))  # 400 deep in the subprocess: refused before (600 + 1 + 400 counted)


def test_a_structural_task_is_named_by_the_nearest_element_above_it():
    case, step = object(), StepDepth()
    step.check(_task(1, case))
    above = _task(MAX_DEPTH, case, "gw")
    with pytest.raises(ScriptLimitError) as err:
        step.check(_task(MAX_DEPTH + 1, case, None, parent=above))
    assert "element 'gw'" in err.value.detail and "'?'" not in err.value.detail
