"""How deep SpiffWorkflow's task iterator finds a task (services.engine.step_depth): a task in a
subprocess lies as deep as the task running that subprocess, plus one, plus its depth within it."""

from __future__ import annotations

from types import SimpleNamespace

from services.engine.step_depth import tree_depth


def test_a_task_of_the_case_process_lies_at_its_own_depth():
    top = SimpleNamespace(parent_task_id=None)
    assert tree_depth(SimpleNamespace(depth=5, workflow=top)) == 5


def test_a_task_in_a_nested_subprocess_adds_the_depth_of_each_calling_task():
    top = SimpleNamespace(parent_task_id=None, get_task_from_id={"a": SimpleNamespace(depth=7)}.get)
    outer = SimpleNamespace(
        parent_task_id="a", parent_workflow=top, get_task_from_id={"b": SimpleNamespace(depth=3)}.get
    )
    inner = SimpleNamespace(parent_task_id="b", parent_workflow=outer)
    assert tree_depth(SimpleNamespace(depth=5, workflow=inner)) == 5 + (3 + 1) + (7 + 1)
