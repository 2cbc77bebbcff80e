"""Fill a model's text template (``{field}`` placeholders) from task data; unknown fields stay as written."""

from __future__ import annotations

from typing import Any


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, data: dict[str, Any]) -> str:
    """``text`` with ``{name}`` replaced by ``data['name']``; private fields (``_x``) are never shown."""
    try:
        return text.format_map(_KeepMissing({k: v for k, v in data.items() if not k.startswith("_")}))
    except (ValueError, IndexError, AttributeError):
        return text
