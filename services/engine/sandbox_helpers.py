"""The registry's helpers and services as a model calls them: within the sandbox's caps on values.

A helper (``services.registry``) is plain Python that scripts and expressions call, a service task's
parameters are values a model's expressions make; neither runs through the guards a script's own code
is rewritten to. The CPU budget's watchdog interrupts a helper's Python loops, but not one C call inside
it, and a service runs outside the budget: turning a value into text (``str(value)[:10]`` of a date, a
notification's text), comparing, hashing or sorting it. A model can hand over a value that is small in
memory but huge as text or as work (``[[0] * 10 ** 6] * 10 ** 6``: 3·10¹² characters, one call that runs
until the memory is gone). So each argument and each helper's result is measured as the sandbox measures
a value it writes as text (``sandbox_repr.text_size``, without building the text: a shared part counted
as often as it occurs, so at least the work of comparing or hashing it) and refused above ``MAX_ITEMS``
before the helper runs or its result reaches the script (``script-limiet``). A range or an iterator (a
generator, ``map``, ``zip``), whose text is short, is read as ``list()`` reads it in a script
(``sandbox_collect.collected``: at most ``MAX_COLLECTED`` items) before the helper gets it: a helper that
collects it in a comprehension would fill the memory until the budget stopped it.

A service also reads the task data, which a script fills: what a script writes there (the names it sets
or replaces, known by identity, and those its code refers to, which it may change in place; a name it
leaves alone is not measured) is held to the same cap value by value, and so is the result of an
expression (a DMN output, a message's payload), which may be stored there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from .sandbox_collect import collected
from .sandbox_limits import MAX_ITEMS, ScriptLimitExceeded, too_big
from .sandbox_repr import text_size

#: values whose text is short and cheap to build (an int is at most 4300 digits as text)
_SMALL = frozenset({int, float, bool, type(None)})
#: the value of a name that was not in the task data before a script
_ABSENT = object()


def _within(value: Any) -> bool:
    return type(value) in _SMALL or text_size(value) <= MAX_ITEMS


def bounded(name: str, value: Any) -> Any:
    """``value`` as the helper or service ``name`` gets it: a range or iterator collected within the cap,
    anything whose text is too big refused (``script-limiet``)."""
    what = f"Een waarde die het model aan {name} geeft"
    if isinstance(value, Iterator | range):
        value = collected(value, what)
    if not _within(value):
        raise ScriptLimitExceeded(
            f"{what} is groter dan een script mag maken (meer dan {MAX_ITEMS} tekens als tekst, gedeelde "
            "delen zo vaak geteld als ze voorkomen)."
        )
    return value


def bounded_arguments(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The parameters of the service ``name`` (``bounded``): it runs outside the CPU budget."""
    return {key: bounded(name, value) for key, value in values.items()}


def bounded_helper(name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
    """``helper`` with its arguments (``bounded``) and its result within the caps."""
    called = f"{name}()"

    @functools.wraps(helper)
    def call(*args: Any, **kwargs: Any) -> Any:
        args = tuple(bounded(called, value) for value in args)
        return bounded_result(f"De uitkomst van {name}()", helper(*args, **bounded_arguments(called, kwargs)))

    return call


def bounded_helpers(helpers: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    return {name: bounded_helper(name, helper) for name, helper in helpers.items()}


def bounded_result(what: str, value: Any) -> Any:
    """``value`` (a helper's or an expression's result, ``what``) when its text is within the cap."""
    if not _within(value):
        raise too_big(what)
    return value


def bounded_writes(
    before: Mapping[str, Any], data: Mapping[str, Any], referred: Collection[str], writer: str
) -> None:
    """Each name a script set or replaced in the task data ``data`` (a value that is not the very object
    ``before`` had under that name) or may have changed in place (a name in ``referred``, those its code
    refers to) within the cap on a value's text: a service reads it outside the CPU budget. ``writer``: "het
    script", or "de expressie", which can change a value in place only (``before`` is ``data``)."""
    for name, value in data.items():
        if type(value) in _SMALL or (before.get(name, _ABSENT) is value and name not in referred):
            continue
        if _within(value):
            continue
        raise ScriptLimitExceeded(
            f"De waarde die {writer} in '{name[:80]}' schrijft is groter dan een script mag maken (meer "
            f"dan {MAX_ITEMS} tekens als tekst, gedeelde delen zo vaak geteld als ze voorkomen)."
        )
