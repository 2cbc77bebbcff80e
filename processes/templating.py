"""Fill a model's text template (``{field}`` placeholders) from task data; unknown fields stay as written
in a text for the officer, and are left out of a public text (``fill_public``).

A placeholder is a field name with optional keys, ``{zaak}``, ``{wup[fase]}`` or ``{lijst[0]}``, and
nothing else: no attributes (``.``), conversions (``!r``) or format specifications (``:>10``). It is
filled only with plain JSON data (text, numbers, booleans, lists and objects of those), never with a
live object a script left in the task data. ``str.format`` is not used: it follows attributes, so a
template could walk from a function in the data to the process's modules and secrets.

Every filled text is read by a person (an element's name, a task's instruction, a wait, a result, a public
status line), so a date is written the Dutch way: an ISO date (exactly ``YYYY-MM-DD``) or a date object
becomes ``15 maart 2027`` (``datum_nl``); a timestamp or any other text stays as it is.

A literal brace is written twice (``{{``, ``}}``); any other ``{`` or ``}`` is a placeholder the templating
cannot read, which the deploy refuses (``placeholder_faults``).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

from processes.termijnen.datums import datum_nl

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\[\]{}]+\])*)\}")
_KEY = re.compile(r"\[([^\[\]{}]+)\]")
_SCALARS = (str, int, float, bool, type(None))
#: how deep a filled value may nest (a JSON document of a task is shallow)
_MAX_DEPTH = 20
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: a brace that no placeholder or doubled brace accounts for, with what follows up to the next brace
_STRAY = re.compile(r"\{[^{}]*\}?|\}")
#: a space left before punctuation, or doubled, where a public text left a placeholder out
_GAP = re.compile(r"\s+(?=[.,;:!?)])|(?<=\()\s+|(?<=\s)\s+")

log = logging.getLogger(__name__)


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is plain JSON data."""
    if isinstance(value, _SCALARS):
        return True
    if depth >= _MAX_DEPTH:
        return False
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _lookup(data: dict[str, Any], name: str, keys: str) -> tuple[bool, Any]:
    """(found, value) of ``name[key]...`` in ``data``; private fields (``_x``) are never found."""
    if name.startswith("_") or name not in data:
        return False, None
    value = data[name]
    for key in _KEY.findall(keys):
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False, None
    if isinstance(value, date) and not isinstance(value, datetime):
        return True, value
    return _plain(value), value


def _text(value: Any) -> str:
    """A filled value as text: a date (object or exact ISO text) in Dutch, anything else as ``str``."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return datum_nl(value)
    return str(value)


def fill(text: str, data: dict[str, Any]) -> str:
    """``text`` with each ``{name}`` / ``{name[key]}`` replaced by its plain value in ``data``."""

    def replace(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        found, value = _lookup(data, match.group(1), match.group(2))
        return _text(value) if found else whole

    return _PLACEHOLDER.sub(replace, text)


def missing(text: str, data: dict[str, Any]) -> list[str]:
    """The placeholders of ``text`` that ``fill`` would leave as written: their field is not in ``data``."""
    out = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) and not _lookup(data, match.group(1), match.group(2))[0]:
            out.append(match.group(0))
    return out


def fill_public(text: str, data: dict[str, Any], *, where: str = "") -> str:
    """``fill`` for a text the initiator reads (the status page): a placeholder whose field the data do
    not hold is left out rather than shown as written, and logged (``where``: the element) so that the
    modeller can find it; the officer's texts keep it visible (``fill``)."""
    gaps = missing(text, data)
    if not gaps:
        return fill(text, data)
    log.warning("Public text of %s: placeholders without a value left out: %s", where or "?", ", ".join(gaps))
    marked = fill(text, data)
    for gap in gaps:
        marked = marked.replace(gap, "")
    return _GAP.sub("", marked).strip()


def placeholder_faults(text: str) -> list[str]:
    """A Dutch reason for each ``{`` or ``}`` of ``text`` that is no placeholder the templating fills
    (``{veld}``, ``{veld[sleutel]}``) nor a doubled brace: unbalanced, or a form it does not support
    (``{a.b}``, ``{a!r}``, ``{a:>10}``, ``{}``, ``{0}``)."""
    faults = []
    for part in _PLACEHOLDER.split(text)[::3]:
        for match in _STRAY.finditer(part):
            stray = match.group(0)
            if stray == "}":
                faults.append("een losse '}' zonder '{' (schrijf '}}' voor een accolade)")
            elif not stray.endswith("}"):
                faults.append(f"'{stray[:40]}' mist de sluitende '}}' (schrijf '{{{{' voor een accolade)")
            else:
                faults.append(
                    f"'{stray[:40]}' is geen plaatshouder die ingevuld kan worden: schrijf {{veld}} of "
                    "{veld[sleutel]}, zonder punt, '!' of ':'"
                )
    return faults
