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
#: Most work a modular power ``pow(a, b, m)`` may ask for, counted by ``powmod_work``: about 0.1-0.4 s of
#: CPU, spent in one C call that the CPU budget's watchdog cannot interrupt.
MAX_POWMOD_WORK = 10**11
#: Most items one comparison, hash or sort may read through nested containers (``expanded_size``), and most
#: key comparisons one new set or dict may need for keys that share a hash: comparing 10⁷ numbers in nested
#: lists took 0.07 s of CPU, hashing them in nested tuples 0.03 s, 8·10⁶ colliding-key comparisons 0.08 s,
#: well within the default budget of 1 s, spent in one C call the watchdog cannot interrupt.
MAX_COMPARE_WORK = 10_000_000
#: Largest width or precision in a format specification.
MAX_FORMAT_WIDTH = 10_000


class ScriptLimitExceeded(RuimteflowError):
    """A script used more CPU time than its budget or asked for a too large result."""

    code = "script-limiet"
    title = "Scriptlimiet overschreden"
    status = 422


def powmod_work(base: int, exp: int, mod: int) -> int:
    """The work of ``pow(base, exp, mod)`` in bit operations, an upper bound with CPython's arithmetic: one
    squaring and reduction (schoolbook, modulus bits²) per exponent bit, the modular inverse of a negative
    exponent as 32 of them (extended Euclid), and the reduction of the base; a modulus counts as at least
    300 bits (the fixed cost of a step)."""
    mod_bits = max(mod.bit_length(), 300)
    steps = abs(exp).bit_length() + (32 if exp < 0 else 0)
    return steps * mod_bits**2 + base.bit_length() * mod_bits


#: Integers with more bits than this are named by their size in a refusal, not written out (about 20 digits;
#: Python refuses to write out more than 4,300).
_WRITTEN_OUT_BITS = 64


def shown(n: int) -> str:
    """``n`` as a refusal names it: written out when short, else by its size ("een getal van 16610 bits")."""
    return str(n) if n.bit_length() <= _WRITTEN_OUT_BITS else f"een getal van {n.bit_length()} bits"


def too_big(what: str) -> ScriptLimitExceeded:
    return ScriptLimitExceeded(f"{what} is groter dan een script mag maken.")
