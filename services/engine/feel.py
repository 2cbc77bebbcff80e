"""FEEL unary tests in a DMN input entry, which the engine does not run: recognised to refuse them as FEEL.

SpiffWorkflow reads an input entry as Python: a test with ``?`` for the input (``1 <= ? <= 20``), or an
expression the input is compared with. A Camunda table's FEEL (a range ``[1..20]``, a negation
``not("a")``, a list ``"a","b"``) is either no Python (``[1..20]``: a syntax error that does not say
FEEL) or Python that never matches (``not("a")`` is False, ``"a","b"`` a tuple). ``models convert``
translates these (services/camunda/expressions.py, which reads ranges with ``FEEL_RANGE``).
"""

from __future__ import annotations

import re

#: a FEEL interval: ``[1..20]``, ``(1..20]``, ``]1..20[`` (its open/closed ends and bounds as groups)
FEEL_RANGE = re.compile(r"([\[\]\(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\[\]\)])", re.S)
_NEGATION = re.compile(r"not\s*\((.*)\)", re.S)
#: a ``?`` outside quotes: the entry is SpiffWorkflow's own test
_INPUT = re.compile(r"\?(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")


def top_parts(text: str) -> list[str]:
    """``text`` split at its commas outside brackets and quotes (a FEEL list of unary tests; also read by
    ``models convert``, services/camunda/expressions.py)."""
    parts, depth, quote, cur = [], 0, "", ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth <= 0 and not quote:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def feel_test(text: str) -> str | None:
    """A Dutch refusal when the input entry ``text`` is a FEEL unary test (range, ``not(...)`` or a list
    of values), else None."""
    body = text.strip()
    if _INPUT.search(body):
        return None
    parts = [p.strip() for p in top_parts(body)]
    if any(FEEL_RANGE.fullmatch(p) for p in parts):
        form, example = "bereik", "'1 <= ? <= 20' voor [1..20]"
    elif _NEGATION.fullmatch(body):
        form, example = "ontkenning not(...)", '\'? not in ["a", "b"]\' voor not("a", "b")'
    elif len(parts) > 1:
        form, example = "lijst van waarden", '\'? in ["a", "b"]\' voor "a", "b"'
    else:
        return None
    return (
        f"FEEL-test '{body[:80]}' ({form}) wordt niet ondersteund; schrijf een Python-test met ? voor de "
        f"invoer, zoals {example}, of vertaal de tabel met 'ruimteflow models convert'"
    )
