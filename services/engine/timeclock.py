"""Timer event definitions that read the step's clock instead of the wall clock.

SpiffWorkflow's timer definitions call ``datetime.now(timezone.utc)`` when they decide whether a
timer fired. These subclasses ask the workflow's script-engine environment for the time instead
(``RestrictedEnvironment.now``, the clock of the running step). They are registered with the parser
(``spiff_config.RuimteflowBpmnParser``) and the serializer (``spiff_config.register_converters``)
under SpiffWorkflow's own type names, so stored specs and cases keep their form and their hash.
Nothing in SpiffWorkflow is replaced. Within ``timers_held()`` (the step of a case paused by beheer) no
timer fires, however due: a paused case takes no step of its own until it is resumed. Below them: what a waiting timer task is due at, and what decides
it (``timer_terms``: kind and expression, not the event's name), for the runtime and the migration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from .timer_floor import floored_after, floored_cycle, floored_next
from .wallclock import after, cycle_moments, dutch_fault, first_cycle, moment


def now_for(my_task: Any) -> datetime:
    """The current moment (UTC) as the workflow's script environment tells it; the wall clock otherwise."""
    environment = getattr(getattr(my_task.workflow, "script_engine", None), "environment", None)
    now = getattr(environment, "now", None)
    return now() if callable(now) else datetime.now(UTC)


_held: ContextVar[bool] = ContextVar("ruimteflow_timers_held", default=False)


@contextmanager
def timers_held(held: bool = True) -> Iterator[None]:
    """Within (when ``held``): no timer fires, however due; a timer that starts still counts from now. The
    step of a paused case records a message and what it triggers; its due timers wait for the resume."""
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)


def _due(my_task: Any, moment: datetime) -> bool:
    """Whether a timer at ``moment`` fires now: it has passed, and the step does not hold the timers."""
    return moment < now_for(my_task) and not _held.get()


def _fired(my_task: Any, moment: datetime) -> bool:
    if _due(my_task, moment):
        my_task._set_internal_data(event_fired=True)
    return bool(my_task._get_internal_data("event_fired", False))


class ClockedTimeDateEventDefinition(TimeDateEventDefinition):
    """A timer at a date/time (timeDate); one without an offset on the Dutch clock (``wallclock``)."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            my_task._set_internal_data(event_value=event_value)
        return _fired(my_task, moment(event_value))


class ClockedDurationTimerEventDefinition(DurationTimerEventDefinition):
    """A timer after a duration (timeDuration), counted from the step's clock: days on the Dutch calendar,
    hours as elapsed time (``wallclock.after``); at least ``timer_floor.TIMER_FLOOR``."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            event_value = floored_after(now_for(my_task), expression).isoformat()
            my_task._set_internal_data(event_value=event_value)
        return _fired(my_task, moment(event_value))


class ClockedCycleTimerEventDefinition(CycleTimerEventDefinition):
    """A repeating timer (timeCycle), counted from the step's clock, each period stepped as a duration and
    at least ``timer_floor.TIMER_FLOOR``."""

    def cycle_complete(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            event_value = floored_cycle(first_cycle(expression, now_for(my_task)), now_for(my_task))
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if _due(my_task, next_event):
                event_value["next"] = floored_next(event_value, now_for(my_task)).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready


#: a timer value of each kind as the runtime reads it, with an example for a Dutch refusal
_TIMER_KINDS = {
    "timeDate": (
        "een tijdstip (timeDate) is een ISO 8601-datum of -tijdstip, zonder offset in Nederlandse tijd",
        '"2026-03-10T09:00:00" of "2026-03-10T09:00:00+01:00"',
    ),
    "timeDuration": (
        "een duur (timeDuration) is een ISO 8601-duur; dagen, weken, maanden en jaren tellen op de Nederlandse "
        "kalender, uren en minuten als verstreken tijd",
        '"P14D" of "PT1H"',
    ),
    "timeCycle": ("een herhaling (timeCycle) is een ISO 8601-herhaling", '"R/PT5M" of "R3/P1D"'),
}


def _dutch_moments(kind: str, value: str) -> list[str]:
    """The moments a timer value writes, each to be read on the Dutch clock when it has no offset."""
    if kind == "timeDate":
        return [value]
    return cycle_moments(value) if kind == "timeCycle" else []


def _runs(kind: str, value: Any) -> bool:
    """Whether the clocked definitions above can read ``value`` of ``kind`` when the timer starts."""
    try:
        if not isinstance(value, str):
            raise TypeError(value)
        if kind == "timeDate":
            moment(value)
        elif kind == "timeDuration":
            after(datetime.now(UTC), value)
            return bool(TimerEventDefinition.parse_iso_duration(value))
        else:
            first_cycle(value, datetime.now(UTC))
    except Exception:  # noqa: BLE001 - SpiffWorkflow raises a bare Exception (or a ValueError) for a bad value
        return False
    return True


def timer_fault(kind: str, value: Any) -> str | None:
    """Why a constant timer ``value`` of ``kind`` (timeDate, timeDuration, timeCycle) cannot run, parsed as
    the clocked definitions above parse it when the timer starts (Dutch); None when it can. A moment
    without an offset that the Dutch clock skips or passes twice is refused (``wallclock.dutch_fault``)."""
    if not _runs(kind, value):
        rule, example = _TIMER_KINDS[kind]
        return f"Ongeldige timer '{value}': {rule}, zoals {example}"
    for written in _dutch_moments(kind, value):
        fault = dutch_fault(written)
        if fault is not None:
            return f"Ongeldige timer '{value}': {fault}"
    return None


#: SpiffWorkflow's timer classes and the clocked subclass that takes each one's place
TIMERS: dict[type[TimerEventDefinition], type[TimerEventDefinition]] = {
    TimeDateEventDefinition: ClockedTimeDateEventDefinition,
    DurationTimerEventDefinition: ClockedDurationTimerEventDefinition,
    CycleTimerEventDefinition: ClockedCycleTimerEventDefinition,
}


def clocked(definition: Any) -> Any:
    """The clocked equivalent of a timer definition built by SpiffWorkflow's parser (others unchanged)."""
    target = TIMERS.get(type(definition))
    if target is None:
        return definition
    return target(definition.name, definition.expression, description=definition.description)


#: the BPMN kind of each timer definition, as the model writes it
KINDS: dict[type[TimerEventDefinition], str] = {
    TimeDateEventDefinition: "timeDate",
    DurationTimerEventDefinition: "timeDuration",
    CycleTimerEventDefinition: "timeCycle",
}


def timer_definitions(task_spec: Any) -> list[TimerEventDefinition]:
    """The timers an element waits for: its own, or (an event-based gateway) those of the events after it."""
    definition = getattr(task_spec, "event_definition", None)
    defs = definition.event_definitions if isinstance(definition, MultipleEventDefinition) else [definition]
    return [d for d in defs if isinstance(d, TimerEventDefinition)]


def _kind(definition: TimerEventDefinition) -> str:
    return next((k for cls, k in KINDS.items() if isinstance(definition, cls)), type(definition).__name__)


def timer_terms(task_spec: Any) -> list[tuple[str, str]]:
    """What decides when an element's timers are due: each one's kind and expression (not its name)."""
    return sorted((_kind(d), str(d.expression)) for d in timer_definitions(task_spec))


def due_at(task: Any) -> datetime | None:
    """When a waiting timer task is due (UTC), from the moment it stored; None when it has none (yet),
    or when its cycle has ended."""
    if not timer_definitions(task.task_spec):
        return None
    value = task._get_internal_data("event_value")
    if isinstance(value, dict):  # a cycle: {"cycles", "next", "duration"}
        if value.get("cycles", 0) == 0:
            return None
        value = value.get("next")
    if value is None:
        return None
    try:
        return moment(value)
    except (TypeError, ValueError, OverflowError):  # a duration expression: not a moment
        return None
