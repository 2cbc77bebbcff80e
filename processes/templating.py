"""Fill a model's text template (``{field}`` placeholders) from task data; unknown fields stay as written.

A placeholder is a field name with optional keys, ``{zaak}``, ``{wup[fase]}`` or ``{lijst[0]}``, and
nothing else: no attributes (``.``), conversions (``!r``) or format specifications (``:>10``). It is
filled only with plain JSON data (text, numbers, booleans, lists and objects of those), never with a
live object a script left in the task data. ``str.format`` is not used: it follows attributes, so a
template could walk from a function in the data to the process's modules and secrets.
"""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\[\]{}]+\])*)\}")
_KEY = re.compile(r"\[([^\[\]{}]+)\]")
_SCALARS = (str, int, float, bool, type(None))
#: how deep a filled value may nest (a JSON document of a task is shallow)
_MAX_DEPTH = 20


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
    return _plain(value), value


def fill(text: str, data: dict[str, Any]) -> str:
    """``text`` with each ``{name}`` / ``{name[key]}`` replaced by its plain value in ``data``."""

    def replace(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        found, value = _lookup(data, match.group(1), match.group(2))
        return str(value) if found else whole

    return _PLACEHOLDER.sub(replace, text)


def missing(text: str, data: dict[str, Any]) -> list[str]:
    """The placeholders of ``text`` that ``fill`` would leave as written: their field is not in ``data``."""
    out = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) and not _lookup(data, match.group(1), match.group(2))[0]:
            out.append(match.group(0))
    return out
