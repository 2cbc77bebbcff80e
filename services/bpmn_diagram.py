"""A deployed BPMN file read for display: its flow elements (Dutch kind, id, name, lane) and its diagram.

Only the XML is read (lxml, no entities, no network); the engine is not involved.
"""

from __future__ import annotations

import json
from typing import Any

from services.xml_safe import parse_model_xml

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
WAYPOINT_NS = "http://www.omg.org/spec/DD/20100524/DI"
ELEMENT_NAMES = {
    "startEvent": "Startgebeurtenis",
    "endEvent": "Eindgebeurtenis",
    "intermediateCatchEvent": "Tussengebeurtenis",
    "intermediateThrowEvent": "Tussengebeurtenis (werpend)",
    "boundaryEvent": "Randgebeurtenis",
    "userTask": "Gebruikerstaak",
    "manualTask": "Handmatige taak",
    "serviceTask": "Servicetaak",
    "scriptTask": "Scripttaak",
    "businessRuleTask": "Beslistaak (DMN)",
    "sendTask": "Verzendtaak",
    "receiveTask": "Ontvangsttaak",
    "task": "Taak",
    "callActivity": "Aanroep",
    "subProcess": "Deelproces",
    "exclusiveGateway": "Exclusieve gateway",
    "parallelGateway": "Parallelle gateway",
    "inclusiveGateway": "Inclusieve gateway",
    "eventBasedGateway": "Gebeurtenisgateway",
}
_PAD = 20.0


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def element_form(node: Any) -> dict[str, Any] | None:
    """The form (property ``formulier``) of a BPMN element (an lxml node); None without a readable one
    (a form that is no JSON object is refused on deploy: services/engine/expressions.py)."""
    for prop in node.iter():
        if isinstance(prop.tag, str) and _local(prop.tag) == "property" and prop.get("name") == "formulier":
            try:
                form = json.loads(prop.get("value") or "")
            except ValueError:
                return None
            return form if isinstance(form, dict) else None
    return None


def parse_bpmn(source: str, process_id: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The flow elements of one process (type, id, name, lane) and its diagram shapes and edges."""
    root = parse_model_xml(source)
    process = root.find(f"{{{BPMN_NS}}}process[@id='{process_id}']")
    if process is None:
        return [], None
    kinds: dict[str, str] = {}
    elements = _elements(process, kinds)
    for el in root.iter(f"{{{BPMN_NS}}}participant", f"{{{BPMN_NS}}}lane", f"{{{BPMN_NS}}}sequenceFlow"):
        if el.get("id"):
            kinds.setdefault(el.get("id"), _local(el.tag))
    return elements, _diagram(root, kinds)


def _elements(process: Any, kinds: dict[str, str]) -> list[dict[str, Any]]:
    """The process's flow elements in document order; fills ``kinds`` (id -> element type)."""
    lane_of: dict[str, str] = {}
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
            lane_of[(ref.text or "").strip()] = lane.get("name") or lane.get("id") or ""
    elements = []
    for el in process.iter():
        if not isinstance(el.tag, str):
            continue
        kind = _local(el.tag)
        el_id = el.get("id")
        if not el_id:
            continue
        kinds[el_id] = kind
        if kind in ELEMENT_NAMES:
            elements.append(
                {
                    "soort": ELEMENT_NAMES[kind],
                    "type": kind,
                    "id": el_id,
                    "naam": el.get("name") or "",
                    "lane": lane_of.get(el_id, ""),
                }
            )
    return elements


def _diagram(root: Any, kinds: dict[str, str]) -> dict[str, Any] | None:
    """Shapes and edges of the known elements with a view box around them; None without shapes."""
    names = {
        el.get("id"): el.get("name") or "" for el in root.iter() if isinstance(el.tag, str) and el.get("id")
    }
    shapes, edges = [], []
    for shape in root.iter(f"{{{DI_NS}}}BPMNShape"):
        ref = shape.get("bpmnElement")
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if ref not in kinds or bounds is None:
            continue
        x, y, w, h = (float(bounds.get(k) or 0) for k in ("x", "y", "width", "height"))
        shapes.append(
            {"id": ref, "type": kinds[ref], "naam": names.get(ref, ""), "x": x, "y": y, "w": w, "h": h}
        )
    for edge in root.iter(f"{{{DI_NS}}}BPMNEdge"):
        ref = edge.get("bpmnElement")
        points = [
            (float(p.get("x") or 0), float(p.get("y") or 0))
            for p in edge.findall(f"{{{WAYPOINT_NS}}}waypoint")
        ]
        if ref in kinds and len(points) >= 2:
            edges.append({"id": ref, "naam": names.get(ref, ""), "punten": points})
    if not shapes:
        return None
    xs = [v for sh in shapes for v in (sh["x"], sh["x"] + sh["w"])] + [
        p[0] for e in edges for p in e["punten"]
    ]
    ys = [v for sh in shapes for v in (sh["y"], sh["y"] + sh["h"])] + [
        p[1] for e in edges for p in e["punten"]
    ]
    box = (min(xs) - _PAD, min(ys) - _PAD, max(xs) - min(xs) + 2 * _PAD, max(ys) - min(ys) + 2 * _PAD)
    order = {"participant": 0, "lane": 1}
    shapes.sort(key=lambda sh: order.get(sh["type"], 2))
    return {"viewbox": box, "vormen": shapes, "lijnen": edges}
