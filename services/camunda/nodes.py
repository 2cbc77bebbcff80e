"""XML helpers over lxml nodes and the change report per element."""

from __future__ import annotations

from typing import Any

from lxml import etree

from .vocabulary import BPMN, CAMUNDA, SPIFF


def local_name(node: Any) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def namespace(node_or_attr: Any) -> str:
    return etree.QName(node_or_attr).namespace or ""


def element_owner(node: Any) -> Any:
    """The nearest ancestor (or self) with an id, to name the element in the report."""
    while node is not None and node.get("id") is None:
        node = node.getparent()
    return node


class Report:
    """Changes per element of one file, in document order."""

    def __init__(self, filename: str):
        self.filename = filename
        self.elements: dict[str, dict[str, Any]] = {}

    def add(
        self, node: Any, actie: str, construct: str, origineel: Any, nieuw: Any = None, reden: str = ""
    ) -> None:
        owner = element_owner(node)
        owner = node if owner is None else owner
        key = owner.get("id") or "-"
        entry = self.elements.setdefault(key, dict(bestand=self.filename, element=key, naam=owner.get("name"),
                                                   type=local_name(owner), wijzigingen=[]))  # fmt: skip
        change = dict(actie=actie, construct=construct, origineel=origineel, nieuw=nieuw, reden=reden)
        entry["wijzigingen"].append(change)


# -- tags and extension elements ----------------------------------------------------------------------------------------------
def camunda_tag(name: str) -> str:
    return f"{{{CAMUNDA}}}{name}"


def bpmn_tag(name: str) -> str:
    return f"{{{BPMN}}}{name}"


def spiff_tag(name: str) -> str:
    return f"{{{SPIFF}}}{name}"


def extension_elements(node: Any, create: bool = True) -> Any:
    ext = node.find(bpmn_tag("extensionElements"))
    if ext is None and create:
        ext = etree.Element(bpmn_tag("extensionElements"))
        node.insert(len(node.findall(bpmn_tag("documentation"))), ext)
    return ext


def set_property(node: Any, name: str, value: str) -> None:
    ext = extension_elements(node)
    props = ext.find(spiff_tag("properties"))
    if props is None:
        props = etree.SubElement(ext, spiff_tag("properties"))
    for prop in props.findall(spiff_tag("property")):
        if prop.get("name") == name:
            prop.set("value", value)
            return
    etree.SubElement(props, spiff_tag("property"), name=name, value=value)


def pop_camunda(node: Any, attr: str) -> str | None:
    return node.attrib.pop(camunda_tag(attr)) if camunda_tag(attr) in node.attrib else None


def deployed(process: Any) -> bool:
    """Whether deploy runs this process (services.engine.deploy): the file's processes marked
    ``isExecutable="true"``; when none is, its only process unless that says "false"."""
    processes = process.getparent().findall(bpmn_tag("process"))
    marked = [p for p in processes if (p.get("isExecutable") or "").strip().lower() == "true"]
    if marked:
        return process in marked
    return len(processes) == 1 and process.get("isExecutable") is None
