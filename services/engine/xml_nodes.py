"""What the deploy checks share about a model's XML: the local name of a tag, the nearest element with an
id (to name it in a message), and a problem of the deploy answer (file, element, name, line, Dutch text)."""

from __future__ import annotations

from typing import Any

from lxml import etree


def local_name(tag: Any) -> str:
    """``{namespace}task`` -> ``task``; a comment or processing instruction (no text tag) -> ""."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def owner(node: Any) -> Any:
    """The nearest ancestor (or self) with an id, to name the element in messages."""
    while node is not None and node.get("id") is None:
        node = node.getparent()
    return node


def add_problem(problems: list[dict[str, Any]], filename: str, node: Any, text: str) -> None:
    """A problem at ``node`` (None: the file as a whole): its id, name and line, never an empty name."""
    problems.append(
        {
            "bestand": filename,
            "element": node.get("id") if node is not None else None,
            "naam": (node.get("name") or None) if node is not None else None,
            "regel": node.sourceline if node is not None else None,
            "probleem": text,
        }
    )
