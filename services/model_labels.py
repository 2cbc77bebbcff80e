"""Words for the steps and messages of a case, from the BPMN models it runs: the officers' screens show
no ids. A step ahead is shown by its element's ``name`` (``step_names``), a message by its name made
readable (``message_name``). What a case waits on now is the model's own ``wacht_op``
(services/waits/store.last_snapshot), not the names of the elements the engine waits at.
"""

from __future__ import annotations

import re
import threading

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.store.models import ModelFile, ProcessDefinition
from services.xml_safe import parse_model_xml

#: step names by content hash (:func:`_step_names`): a model file never changes under its hash
_STEP_CACHE: dict[str, dict[str, str]] = {}
#: a placeholder a name is filled in with per task ("{adviseur[titel]}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: the elements a step may lie in, whose name then names it
_CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")
_LOCK = threading.Lock()


def _step_names(source: str) -> dict[str, str]:
    """{id: name} of a model's elements as a step ahead reads before its task exists: its name with the
    placeholders filled in per task shown as '…' ("Advies gemeente over …"); a name that is nothing
    but placeholders reads as the subprocess it lies in ("Advies en instemming (per adviseur)").
    Elements with neither are left out."""
    out: dict[str, str] = {}
    if not source:
        return out
    for node in parse_model_xml(source, comments=False).iter():
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
