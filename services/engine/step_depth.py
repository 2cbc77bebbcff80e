"""The depth limit of one engine step: a model that loops without waiting is stopped, not cut off.

SpiffWorkflow's task iterator (``get_tasks``) goes at most 1000 tasks deep, and ``do_engine_steps`` finds
the tasks to run with it. A model that loops back without waiting (a script task and a gateway, nothing
for a person, a timer or a message) grows the task tree by a task per element it runs; with cheap scripts
the step's CPU budget (``scripting.STEP_BUDGET_FACTOR``) is not spent before the next task lies deeper than
the iterator looks. The engine then stopped without an error: the step was stored halfway through the
loop, as a case that "waits for nothing", or, beside an open task in another branch, as a running case
whose loop stood still until the next step ran it again (and a case could even end with its loop
unfinished). Between steps ``state.compact`` keeps the stored tree shallow, so only a step that runs
this many elements one after another reaches the limit; it is refused as a script limit (a 422 on
start, an incident in a running case), so nothing of it is stored.
"""

from __future__ import annotations

from typing import Any

from .outcome import ScriptLimitError, element_of
from .scripting import LOOP_QUESTION

#: A task completed this deep stops the step: its next task must still be within the reach of
#: SpiffWorkflow's iterator (``TaskIterator(max_depth=1000)``).
MAX_STEP_DEPTH = 900


def tree_depth(task: Any) -> int:
    """How deep SpiffWorkflow's iterator finds ``task``: its depth in its own (sub)process, plus that of
    the task running the subprocess, and so on up to the case's process."""
    depth, workflow = task.depth, task.workflow
    while workflow.parent_task_id is not None:
        parent = workflow.parent_workflow
        depth += parent.get_task_from_id(workflow.parent_task_id).depth + 1
        workflow = parent
    return depth


def check_depth(task: Any) -> None:
    """Refuse the step once a completed task lies deeper than ``MAX_STEP_DEPTH``."""
    if tree_depth(task) <= MAX_STEP_DEPTH:
        return
    bpmn_id, where = element_of(task)
    raise ScriptLimitError(
        f"De stap is afgebroken bij {where}: het proces liep meer dan {MAX_STEP_DEPTH} elementen na "
        f"elkaar door zonder te wachten op een taak, timer of bericht; {LOOP_QUESTION}",
        element=bpmn_id,
    )
