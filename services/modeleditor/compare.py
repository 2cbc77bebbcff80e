"""Vergelijken: the draft against the latest deployed version, element by element.

An element is a direct child with an id of the process or of a (sub)process inside it: tasks, events,
gateways, sequence flows, subprocesses, data objects; and the messages, signals, errors and
escalations declared beside the processes (their names are what cases send and wait for). Per element
the comparison looks at the name, the type, the flows (incoming and outgoing, or source, target and
condition of a flow), every other attribute (interrupting or not, an explicit default is no change),
every ``spiffworkflow`` property and extension (kandidaatgroepen, formulier, fase, publiek, wacht_op,
documenten, termijn, reden, instructions, pre/post scripts), the script, the event definitions with
their message variable, the multi-instance settings and the lane. Running cases whose open task sits
on a removed element are listed, and (``zaken_geweigerd``) the running cases a migration onto the
draft would refuse, with the reason beheer would get: the migration's own checks, run on each case.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import ACTIVE_STATUSES
from processes.errors import RuimteflowError
from services import deployments, migration_report
from services.engine import deploy as dep
from services.engine.types import Specs
from services.engine.xml_nodes import local_name
from services.platform import Platform
from services.store.models import Case, HumanTask, ModelFile
from services.xml_safe import parse_model_xml

from .drafts import BPMN_NS, Working, working

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CONTAINERS = {"process", "subProcess", "transaction", "adHocSubProcess"}
SKIPPED = {"laneSet", "extensionElements", "incoming", "outgoing", "documentation"}
EVENT_DETAILS = {"timeDate": "timer (datum)", "timeDuration": "timer (duur)", "timeCycle": "timer (cyclus)"}
REFS = {"messageRef": "bericht", "signalRef": "signaal", "calledElement": "aangeroepen proces",
        "attachedToRef": "vast aan", "default": "standaardpad", "errorRef": "fout"}  # fmt: skip
#: yes/no attributes: their label, the value BPMN takes when absent, and the elements (by how their
#: type ends) that always show them (others only when they carry the attribute)
FLAGS = {"cancelActivity": ("onderbrekend", "true", ("boundaryEvent",)),
         "isInterrupting": ("onderbrekend", "true", ("startEvent",)),
         "triggeredByEvent": ("gebeurtenissubproces", "false", ("subProcess",)),
         "isForCompensation": ("compensatie", "false", ("task", "Task", "subProcess", "SubProcess", "callActivity")),
         "parallelMultiple": ("alle gebeurtenissen nodig", "false", ("Event",)),
         "instantiate": ("start het proces", "false", ("receiveTask",))}  # fmt: skip
#: what the other attributes are compared under: none (shown elsewhere), else "attribuut <name>"
SHOWN = {"id", "name", "sourceRef", "targetRef", *REFS, *FLAGS}
#: the parts of a multi-instance, by their label after "meervoudig"
MULTI = {"loopCardinality": "aantal", "loopDataInputRef": "over", "inputDataItem": "per element",
         "loopDataOutputRef": "resultaten in", "outputDataItem": "resultaat per element",
         "completionCondition": "klaar als"}  # fmt: skip
#: elements declared beside the processes that the processes name
DECLARED = {"message", "signal", "error", "escalation"}
#: the spiffworkflow extensions shown under a Dutch label (the others under their tag)
EXTENSION_LABELS = {"messageVariable": "berichtvariabele"}
MAX_SHOWN = 120

Facts = dict[str, str]


def _text(node: Any) -> str:
    """The element's texts, each with its whitespace normalised, one space between children's texts:
    indentation between child elements (formatted XML) is layout, not content."""
    return " ".join(" ".join(piece.split()) for piece in node.itertext() if piece.strip())


def elements(xml: str, process_id: str) -> dict[str, tuple[str, Facts]]:
    """id -> (type, facts) of every element of the process ``process_id`` (or of every process when
    the file does not hold it)."""
    root = parse_model_xml(xml)
    procs = [p for p in root if local_name(p.tag) == "process"]
    chosen = [p for p in procs if p.get("id") == process_id] or procs
    out: dict[str, tuple[str, Facts]] = {
        node.get("id"): (local_name(node.tag), _facts(node, {}))
        for node in root
        if local_name(node.tag) in DECLARED and etree.QName(node).namespace == BPMN_NS and node.get("id")
    }
    for proc in chosen:
        lanes = {ref.text.strip(): lane.get("name") or lane.get("id")
                 for lane in proc.iter(f"{{{BPMN_NS}}}lane") for ref in lane.iter(f"{{{BPMN_NS}}}flowNodeRef")
                 if ref.text}  # fmt: skip
        _collect(proc, lanes, out)
    return out


def _collect(container: Any, lanes: dict[str, str], out: dict[str, tuple[str, Facts]]) -> None:
    for node in container:
        kind = local_name(node.tag)
        if etree.QName(node).namespace != BPMN_NS or kind in SKIPPED or node.get("id") is None:
            continue
        out[node.get("id")] = (kind, _facts(node, lanes))
        if kind in CONTAINERS:
            _collect(node, lanes, out)


def _facts(node: Any, lanes: dict[str, str]) -> Facts:
    facts: Facts = {"naam": node.get("name") or ""}
    children = [c for c in node if isinstance(c.tag, str)]
    incoming = sorted((c.text or "").strip() for c in children if local_name(c.tag) == "incoming")
    outgoing = sorted((c.text or "").strip() for c in children if local_name(c.tag) == "outgoing")
    if incoming:
        facts["inkomende stromen"] = ", ".join(incoming)
    if outgoing:
        facts["uitgaande stromen"] = ", ".join(outgoing)
    facts.update(_attributes(node))
    for child in children:
        kind = local_name(child.tag)
        if kind in ("conditionExpression", "script"):
            facts["voorwaarde" if kind == "conditionExpression" else "script"] = _text(child)
        elif kind.endswith("EventDefinition"):
            facts[f"gebeurtenis {kind.removesuffix('EventDefinition')}"] = _event(child)
            facts.update(_extensions(child.find(f"{{{BPMN_NS}}}extensionElements")))
        elif kind == "multiInstanceLoopCharacteristics":
            facts.update(_multi(child))
        elif kind == "extensionElements":
            facts.update(_extensions(child))
    if node.get("id") in lanes:
        facts["lane"] = lanes[node.get("id")]
    return facts


def _attributes(node: Any) -> Facts:
    """The references (van, naar, bericht, ...), the yes/no flags (absent = BPMN's default) and every
    other attribute of an element."""
    facts: Facts = {}
    for attr, label in (("sourceRef", "van"), ("targetRef", "naar"), *REFS.items()):
        if node.get(attr):
            facts[label] = node.get(attr)
    kind = local_name(node.tag)
    for attr, (label, default, kinds) in FLAGS.items():
        if attr in node.attrib or kind.endswith(kinds):
            facts[label] = "ja" if (node.get(attr) or default).strip().lower() == "true" else "nee"
    for attr, value in sorted(node.attrib.items()):
        name = etree.QName(attr).localname
        if name not in SHOWN:
            facts[f"attribuut {name}"] = value
    return facts


def _multi(loop: Any) -> Facts:
    """A multi-instance: at once or one after another, and what it runs over."""
    facts = {"meervoudig": "na elkaar" if (loop.get("isSequential") or "").strip() == "true" else "tegelijk"}
    for child in loop:
        if isinstance(child.tag, str) and etree.QName(child).namespace == BPMN_NS:
            kind = local_name(child.tag)
            facts[f"meervoudig {MULTI.get(kind, kind)}"] = (
                child.get("name") or _text(child) or child.get("id") or ""
            )
    return facts


def _event(definition: Any) -> str:
    parts = [f"{k}={v}" for k, v in sorted(definition.attrib.items()) if k != "id"]
    for child in definition.iter():
        if local_name(child.tag) in EVENT_DETAILS:
            parts.append(f"{EVENT_DETAILS[local_name(child.tag)]}: {_text(child)}")
    return "; ".join(parts) or "ja"


def _extensions(ext: Any) -> Facts:
    """The spiffworkflow extensions: each property by its name, the other elements by their tag."""
    facts: Facts = {}
    for child in [] if ext is None else ext:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != SPIFF_NS:
            continue
        kind = local_name(child.tag)
        if kind == "properties":
            for prop in child:
                if isinstance(prop.tag, str) and prop.get("name"):
                    facts[prop.get("name")] = prop.get("value") or _text(prop)
        else:
            attrs = " ".join(f"{k}={v}" for k, v in sorted(child.attrib.items()))
            facts[EXTENSION_LABELS.get(kind, kind)] = " ".join(x for x in (attrs, _text(child)) if x)
    return facts


def _show(value: str | None) -> str:
    if value is None:
        return "(geen)"
    short = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
    return f"'{short}'"


def changes(old: tuple[str, Facts], new: tuple[str, Facts]) -> list[str]:
    """Dutch change lines, e.g. "kandidaatgroepen: 'Milieu' → 'Water'"."""
    lines = [f"type: '{old[0]}' → '{new[0]}'"] if old[0] != new[0] else []
    for key in sorted(set(old[1]) | set(new[1]), key=lambda k: (k != "naam", k)):
        before, after = old[1].get(key), new[1].get(key)
        if before != after:
            lines.append(f"{key}: {_show(before)} → {_show(after)}")
    return lines


def diff(old_xml: str, new_xml: str, process_id: str) -> dict[str, list[dict[str, Any]]]:
    old, new = elements(old_xml, process_id), elements(new_xml, process_id)

    def row(eid: str, item: tuple[str, Facts]) -> dict[str, Any]:
        return {"id": eid, "naam": item[1].get("naam") or eid, "type": item[0]}

    changed = []
    for eid in sorted(set(old) & set(new)):
        if lines := changes(old[eid], new[eid]):
            changed.append({**row(eid, new[eid]), "wijzigingen": lines})
    return {
        "toegevoegd": [row(e, new[e]) for e in sorted(set(new) - set(old))],
        "verwijderd": [row(e, old[e]) for e in sorted(set(old) - set(new))],
        "gewijzigd": changed,
    }


def cases_on(session: Session, process_id: str, element_ids: set[str]) -> list[dict[str, str]]:
    """Running cases of the process whose open task sits on one of ``element_ids``."""
    if not element_ids:
        return []
    rows = session.execute(
        select(Case.reference, HumanTask.bpmn_id)
        .join(HumanTask, HumanTask.case_id == Case.id)
        .where(Case.process_id == process_id, Case.status.in_(ACTIVE_STATUSES))
        .where(HumanTask.state == "open", HumanTask.bpmn_id.in_(element_ids))
        .order_by(Case.reference, HumanTask.bpmn_id)
    ).all()
    return [{"zaak": ref, "element": eid} for ref, eid in dict.fromkeys(rows)]


def compare_draft(platform: Platform, process_id: str, user: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        s = uow.session
        pd = deployments.latest_definition(s, process_id)
        deployed = s.scalars(
            select(ModelFile.source).where(ModelFile.content_hash == pd.main_file_hash)
        ).one()
        w = working(platform, s, process_id, user)
        out: dict[str, Any] = {"versie": pd.version, **diff(deployed, w.xml, process_id)}
        out["zaken_op_verwijderd"] = cases_on(s, process_id, {r["id"] for r in out["verwijderd"]})
        specs = _draft_specs(platform, s, w)
        out["zaken_geweigerd"] = (
            [] if specs is None else migration_report.refusals(platform, s, process_id, specs, pd.version + 1)
        )
        return out


def _draft_specs(platform: Platform, s: Session, w: Working) -> Specs | None:
    """The draft's specs as a release would build them; None while the draft does not pass the deploy
    checks (valideren says why; no migration can follow it then)."""
    try:
        checked = deployments.check_bundle(platform, s, [(w.filename, w.xml)])
    except RuimteflowError:
        return None
    if not any(w.process_id in src.process_ids for src in checked.new):
        return None
    return dep.build_specs(checked.parser, w.process_id)
