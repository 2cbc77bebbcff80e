"""Words for what a case waits on, from the BPMN model it runs: the officers' screens show no ids.

An element is shown by its ``name``. An unnamed event-based gateway waits for the events after it, so
it reads as their names ("Volgende dag of Besluit genomen"); an element without any name is left out.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<(?:[\w-]+:)?(\w+)\b([^>]*)>")
_ATTR = re.compile(r"([\w:-]+)=\"([^\"]*)\"")


def _elements(source: str) -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    """{id: (tag, name)} of the model's elements, and {source id: [target ids]} of its sequence flows."""
    elements: dict[str, tuple[str, str]] = {}
    targets: dict[str, list[str]] = {}
    for tag, attrs in _TAG.findall(source):
        a = dict(_ATTR.findall(attrs))
        if "id" not in a:
            continue
        if tag == "sequenceFlow" and a.get("sourceRef") and a.get("targetRef"):
            targets.setdefault(a["sourceRef"], []).append(a["targetRef"])
        elements[a["id"]] = (tag, " ".join(html.unescape(a.get("name", "")).split()))
    return elements, targets


def element_names(source: str, ids: list[str]) -> list[str]:
    """The waiting elements ``ids`` in words, in order, each once; ids without a name are left out."""
    elements, targets = _elements(source)
    out: list[str] = []
    for element_id in ids:
        tag, name = elements.get(element_id, ("", ""))
        if not name and tag == "eventBasedGateway":
            after = [elements.get(t, ("", ""))[1] for t in targets.get(element_id, [])]
            name = " of ".join(n for n in dict.fromkeys(after) if n)
        if name and name not in out:
            out.append(name)
    return out


def message_name(message: str) -> str:
    """A message name made readable: "ingebrekestelling" -> "Ingebrekestelling"."""
    text = " ".join(str(message).replace("_", " ").split())
    return text[:1].upper() + text[1:]
