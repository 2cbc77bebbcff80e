"""Words for what a case waits on, from the BPMN model it runs: the officers' screens show no ids.

An element is shown by its ``name``. An unnamed event-based gateway waits for the events after it, so
it reads as their names ("Volgende dag of Besluit genomen"); an element without any name is left out.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.store.models import ModelFile, ProcessDefinition

#: {id: (tag, name)} of a model's elements, and {source id: [target ids]} of its sequence flows
Model = tuple[dict[str, tuple[str, str]], dict[str, list[str]]]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
#: parsed models by content hash: a model file never changes under its hash
_CACHE: dict[str, Model] = {}
#: step names by content hash (:func:`_step_names`)
_STEP_CACHE: dict[str, dict[str, str]] = {}
#: a placeholder a name is filled in with per task ("{adviseur[titel]}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: the elements a step may lie in, whose name then names it
_CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")
_LOCK = threading.Lock()


def _elements(source: str) -> Model:
    """Parse a model's source (BPMN XML) into its :data:`Model`."""
    elements: dict[str, tuple[str, str]] = {}
    targets: dict[str, list[str]] = {}
    if not source:
        return elements, targets
    for node in etree.fromstring(source.encode(), _PARSER).iter():
        if not isinstance(node.tag, str) or node.get("id") is None:
            continue
        tag = etree.QName(node).localname
        if tag == "sequenceFlow" and node.get("sourceRef") and node.get("targetRef"):
            targets.setdefault(node.get("sourceRef"), []).append(node.get("targetRef"))
        elements[node.get("id")] = (tag, " ".join((node.get("name") or "").split()))
    return elements, targets


def model_elements(content_hash: str, load_source: Callable[[], str]) -> Model:
    """The parsed model of ``content_hash``; the source is read and parsed once per process."""
    with _LOCK:
        hit = _CACHE.get(content_hash)
    if hit is None:
        hit = _elements(load_source())
        with _LOCK:
            _CACHE[content_hash] = hit
    return hit


def definition_model(s: Session, definition_id: int) -> Model:
    """The parsed model of a deployed version (the one a case runs); empty when it is gone."""
    pd = s.get(ProcessDefinition, definition_id)
    if pd is None:
        return {}, {}
    return model_elements(
        pd.main_file_hash,
        lambda: s.scalar(select(ModelFile.source).where(ModelFile.content_hash == pd.main_file_hash)) or "",
    )


def element_names(model: str | Model, ids: list[str]) -> list[str]:
    """The waiting elements ``ids`` in words, in order, each once; ids without a name are left out.

    ``model``: what :func:`model_elements` gives for the model the case runs, or the model's source."""
    elements, targets = _elements(model) if isinstance(model, str) else model
    out: list[str] = []
    for element_id in ids:
        tag, name = elements.get(element_id, ("", ""))
        if not name and tag == "eventBasedGateway":
            after = [elements.get(t, ("", ""))[1] for t in targets.get(element_id, [])]
            name = " of ".join(n for n in dict.fromkeys(after) if n)
        if name and name not in out:
            out.append(name)
    return out


def _step_names(source: str) -> dict[str, str]:
    """{id: name} of a model's elements as a step ahead reads before its task exists: its name with the
    placeholders filled in per task shown as '…' ("Advies gemeente over …"); a name that is nothing
    but placeholders reads as the subprocess it lies in ("Advies en instemming (per adviseur)").
    Elements with neither are left out."""
    out: dict[str, str] = {}
    if not source:
        return out
    for node in etree.fromstring(source.encode(), _PARSER).iter():
        if not isinstance(node.tag, str) or node.get("id") is None:
            continue
        name = _without_placeholders(node.get("name") or "")
        parent = node.getparent()
        while not name and parent is not None:
            if isinstance(parent.tag, str) and etree.QName(parent).localname in _CONTAINERS:
                name = _without_placeholders(parent.get("name") or "")
            parent = parent.getparent()
        if name:
            out[node.get("id")] = name
    return out


def _without_placeholders(name: str) -> str:
    text = " ".join(_PLACEHOLDER.sub("…", name).split())
    return text if text.replace("…", "").strip(" :-–") else ""


def step_names(s: Session, definition_id: int, ids: list[str]) -> dict[str, str]:
    """Names of the elements ``ids`` of a deployed version, in its own model and the models it calls
    (its bundle: a windpark's permit and grid request), as :func:`_step_names` words them."""
    pd = s.get(ProcessDefinition, definition_id)
    if pd is None or not ids:
        return {}
    hashes = [pd.main_file_hash] + [h for h in pd.file_hashes if h != pd.main_file_hash]
    found: dict[str, str] = {}
    for content_hash in hashes:
        with _LOCK:
            names = _STEP_CACHE.get(content_hash)
        if names is None:
            source = s.scalar(select(ModelFile.source).where(ModelFile.content_hash == content_hash)) or ""
            names = _step_names(source) if source.lstrip().startswith("<") else {}
            with _LOCK:
                _STEP_CACHE[content_hash] = names
        for element in ids:
            if element not in found and element in names:
                found[element] = names[element]
    return found


def message_name(message: str) -> str:
    """A message name made readable: "ingebrekestelling" -> "Ingebrekestelling"."""
    text = " ".join(str(message).replace("_", " ").split())
    return text[:1].upper() + text[1:]
