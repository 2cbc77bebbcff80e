"""The case's next timer: when the scheduler is to fire it, the Dutch day it stands for and the wait it ends.

The map names that timer as a milestone (services.kaart_milestones) and its Mijlpaal filter selects on its
day, so both are recorded with the moment (``Case.next_timer_day``, ``Case.next_timer_wat``).

The day. A timer at ``einde_dag(X)`` fires at 00:00 Dutch time on the day after X: it ends the last day of a
term, and the case and status pages say "uiterlijk X", so it stands for X. Every other timer stands for the
Dutch day it fires on: ``begin_dag(X)`` fires at the start of X (the permit's warning), a duration or a cycle
when it comes. Which one a timer is, its expression says (a timer whose expression does not call
``einde_dag`` itself, the permit's ``bewaakmoment["moment"]``, counts as the day it fires on).

The wait. The element's own ``wacht_op``; for a timer after an event-based gateway, the ``wacht_op`` of
the events it waits for beside the timer (the timer ends that wait: "wacht op antwoord netbeheerder
(uiterlijk 16 maart 2026)"); otherwise the timer's name ("Herinnering"); None when it has none.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from processes.templating import fill_public
from services.clock import in_nl

from .outcome import properties
from .timeclock import due_at, now_for, timer_definitions

_ENDS_A_DAY = re.compile(r"\beinde_dag\s*\(")


class NextTimer(NamedTuple):
    at: datetime
    day: date
    wat: str | None


def next_timer(wf: BpmnWorkflow, fired: list[Any]) -> NextTimer | None:
    """When the scheduler is to step the case next: its earliest waiting timer, or the due moment of a
    timer that ``fired`` as the step ended. SpiffWorkflow's do_engine_steps refreshes the timers last
    and leaves one it finds due READY without running it (a migration runs no task before that refresh:
    a timer due while the scheduler was stopped); the scheduler's next pass runs it."""
    found = [(m, task) for task in wf.event_manager.tasks.values() if (m := due_at(task)) is not None]
    found += [(due_at(task) or now_for(task), task) for task in fired]
    if not found:
        return None
    moment, task = min(found, key=lambda pair: pair[0])
    return NextTimer(moment, timer_day(task.task_spec, moment), timer_wait(task))


def timer_day(task_spec: Any, moment: datetime) -> date:
    """The Dutch day a timer of ``task_spec`` due at ``moment`` stands for (module docstring)."""
    local = in_nl(moment)
    ends_a_day = any(_ENDS_A_DAY.search(str(d.expression)) for d in timer_definitions(task_spec))
    if ends_a_day and local.time() == time(0, 0):
        return local.date() - timedelta(days=1)
    return local.date()


def timer_wait(task: Any) -> str | None:
    """What the timer of a waiting ``task`` ends, in the model's words (module docstring)."""
    spec = task.task_spec
    own = properties(spec)
    if "wacht_op" in own:
        return fill_public(own["wacht_op"], task.data, where=spec.bpmn_id)
    if not isinstance(getattr(spec, "event_definition", None), MultipleEventDefinition):
        return spec.bpmn_name or None
    # the gateway holds its events' definitions, in the order of the events after it (SpiffWorkflow's
    # EventBasedGateway.connect): the timers are the events whose definition is one
    after = list(getattr(spec, "outputs", []))
    kinds = spec.event_definition.event_definitions
    timers = [o for o, d in zip(after, kinds, strict=False) if isinstance(d, TimerEventDefinition)]
    for o in timers:
        if "wacht_op" in (props := properties(o)):
            return fill_public(props["wacht_op"], task.data, where=o.bpmn_id)
    waits = [
        fill_public(p["wacht_op"], task.data, where=o.bpmn_id)
        for o in after
        if "wacht_op" in (p := properties(o))
    ]
    if waits:
        return "; ".join(waits)
    return next((o.bpmn_name for o in timers if o.bpmn_name), None)
