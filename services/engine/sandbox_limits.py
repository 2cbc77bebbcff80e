"""The limits every BPMN script runs under, and the error for a script that exceeds one."""

from __future__ import annotations

from processes.errors import RuimteflowError

#: Largest sequence (items or characters) or range a single operation may produce.
MAX_ITEMS = 10_000_000
#: Most items one call may collect from a range or an iterator into a new container (``list(range(n))``,
#: ``sorted(...)``, ``set(...)``, ``[*x]``): each item may be a new object (a range's numbers, zip's tuples)
#: of some 40-130 bytes, where a repetition (``[0] * n``) shares one.
MAX_COLLECTED = 1_000_000
#: Largest integer (in bits) a power, product or shift may produce.
MAX_INT_BITS = 1_000_000
#: Largest width or precision in a format specification.
MAX_FORMAT_WIDTH = 10_000


class ScriptLimitExceeded(RuimteflowError):
    """A script used more CPU time than its budget or asked for a too large result."""

    code = "script-limiet"
    title = "Scriptlimiet overschreden"
    status = 422


def too_big(what: str) -> ScriptLimitExceeded:
    return ScriptLimitExceeded(f"{what} is groter dan een script mag maken.")
