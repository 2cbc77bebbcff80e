"""The depth limit of one engine step: a model that loops without waiting is stopped, not cut off.

SpiffWorkflow runs a step's tasks by finding them with its task iterator (``get_tasks``), which goes at
most 1000 tasks deep in the tree of each (sub)process, from that process's own root; near that depth its
join logic also recurses past Python's limit. A model that loops back without waiting (a script task and a
gateway, nothing for a person, a timer or a message) grows the tree by a task per element it runs; with
cheap scripts the step's CPU budget (``scripting.STEP_BUDGET_FACTOR``) is not spent before the next task
lies deeper than the iterator looks. The engine then stopped without an error: the step was stored halfway
through the loop, as a case that "waits for nothing", or, beside an open task in another branch, as a
running case whose loop stood still until the next step ran it again (and a case could even end with its
loop unfinished).

So a task completed deeper than ``MAX_DEPTH`` in its own process's tree stops the step, and nothing of it
is stored (a 422 on start, an incident in a running case). Which words: when this step itself ran more
than ``LOOP_ELEMENTS`` elements one after another, the model loops (``ScriptLimitError``, as the CPU
budget words it). Otherwise the case's history is that deep already: between steps ``state.compact``
keeps the stored tree shallow (finished boundary-event rounds included), but not every finished branch
(a round in which a non-interrupting boundary event fired keeps its structure: two branches went on
from it), so a case with hundreds of such rounds can still reach the limit; it is then named as that
(``ProcessError``), not blamed on the model's step.
"""

from __future__ import annotations

from typing import Any

from .outcome import ProcessError, ScriptLimitError, element_of
from .scripting import LOOP_QUESTION

#: A task completed this deep in its process's tree stops the step: its next task must still be within
#: the reach of SpiffWorkflow's iterator (``TaskIterator(max_depth=1000)``) and its recursion.
MAX_DEPTH = 900
#: More elements than this, one after another in one step without a wait: the model loops.
LOOP_ELEMENTS = 300


class StepDepth:
    """The depth check of one step (``check``, called for each task the step completes): per (sub)process,
    the depth of the first task the step completed there is where the step began in it."""

    def __init__(self) -> None:
        self._began: dict[int, int] = {}

    def check(self, task: Any) -> None:
        """Refuse the step once ``task`` lies deeper than ``MAX_DEPTH`` in its own process's tree."""
        depth = task.depth
        began = self._began.setdefault(id(task.workflow), depth)
        if depth <= MAX_DEPTH:
            return
        bpmn_id, where = element_of(_named(task))
        if depth - began > LOOP_ELEMENTS:
            raise ScriptLimitError(
                f"De stap is afgebroken bij {where}: het proces liep in deze stap meer dan {LOOP_ELEMENTS} "
                f"elementen na elkaar door zonder te wachten op een taak, timer of bericht; {LOOP_QUESTION}",
                element=bpmn_id,
            )
        raise ProcessError(
            f"De zaak kan bij {where} geen stap meer zetten: de geschiedenis van het proces is meer dan "
            f"{MAX_DEPTH} niveaus diep geworden (bijvoorbeeld na honderden herhalingen van een taak met een "
            "grensgebeurtenis), en zo diep kan de engine niet verder. Dit is geen fout van deze stap; "
            "neem contact op met de beheerder.",
            element=bpmn_id,
        )


def _named(task: Any) -> Any:
    """``task``, or the nearest task above it that is a model's element (a structural task has no
    ``bpmn_id``), so the refusal names where in the model it stood."""
    found = task
    while found is not None and getattr(getattr(found, "task_spec", None), "bpmn_id", None) is None:
        found = getattr(found, "parent", None)
    return found if found is not None else task
