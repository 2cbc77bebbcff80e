"""References inside a BPMN file, link events and inclusive joins a loop feeds, checked before
SpiffWorkflow parses it, and Dutch texts for the refusals SpiffWorkflow itself raises.

SpiffWorkflow 3.2 reports a flow to a missing element as "we found two items, perhaps a form has the
same ID?", a message reference to a deleted message as a TypeError of its own code, and an unresolved
data association with the repr of an XML element. The checks here name such a fault first, in Dutch,
with the element; ``dutch`` translates the texts SpiffWorkflow raises for what is left.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .expressions import BPMN_NS
from .text_checks import check_shown_characters, check_texts
from .xml_nodes import add_problem, local_name, owner

TOO_DEEP = (
    "Het model heeft een te lange keten van elementen achter elkaar om te kunnen controleren (ongeveer "
    "400 is het maximum); splits de keten op in subprocessen of call activities"
)

#: SpiffWorkflow's validation texts (the first line) and their Dutch reading
SPIFF_TEXTS = [
    (r"No start event found", "Het proces heeft geen startgebeurtenis (startEvent)"),
    (
        r"Exactly one start event is required in a SubWorkflow Task; found (\d+)",
        "Een subproces heeft precies één startgebeurtenis (startEvent) nodig; het heeft er {0}",
    ),
    (r"A SubWorkflow Must contain an End event", "Een subproces heeft een eindgebeurtenis (endEvent) nodig"),
    (
        r"Duplicate process ID: (\S+?)\.?(?:\s|$)",  # SpiffWorkflow ends the id with a full stop
        "Het proces-id '{0}' komt twee keer voor (in dit bestand, of ook in een ander bestand of gedeployd model)",
    ),
    (
        r"The process '(.+?)' was not found",
        "Het aangeroepen proces '{0}' (calledElement) bestaat niet; deploy het eerst of kies een gedeployd proces",
    ),
    (
        r'No DMN Diagram available with id "(.+?)"',
        "De beslissing '{0}' (calledDecisionId) bestaat niet; deploy de beslistabel samen met dit model",
    ),
    (
        r"Non-default exclusive outgoing sequence flow without condition",
        "Een uitgaande verbinding van deze exclusieve gateway heeft geen voorwaarde en is niet de standaardverbinding",
    ),
    (
        r"Cannot resolve data(Input|Output)Association",
        "Een gegevensassociatie verwijst naar een gegevensobject of -opslag die niet bestaat",
    ),
    (
        r"Could not find messageRef from message event definition: (\S+)",
        "Het bericht '{0}' (messageRef) bestaat niet",
    ),
    (r"Invalid Script Task\.\s+No Script Provided", "De scripttaak heeft geen script"),
    (
        r"spiffworkflow:messagePayload and spiffworkflow:messageVariable have been moved",
        "De spiffworkflow:messageVariable of spiffworkflow:messagePayload staat bij het bericht (bpmn:message), "
        "de oude plaats; zet hem bij het element dat het bericht vangt of stuurt (in de messageEventDefinition, "
        "of de ontvangst- of verzendtaak)",
    ),
]


def dutch(text: str) -> str:
    """The Dutch text for a SpiffWorkflow validation text; an unknown text as it is."""
    first = text.split("\n")[0].strip()
    for pattern, reading in SPIFF_TEXTS:
        found = re.search(pattern, first)
        if found:
            return reading.format(*found.groups())
    return first


def check_structure(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """The checks of this module on a BPMN file: its references, its link and compensation events, its
    inclusive joins; and the placeholders and characters of its texts (text_checks)."""
    check_references(filename, root, problems)
    check_links(filename, root, problems)
    check_compensation(filename, root, problems)
    check_joins(filename, root, problems)
    check_texts(filename, root, problems)
    check_shown_characters(filename, root, problems)


def check_references(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Processes have an id; flows, message references and data associations name elements that exist."""
    ids = {n.get("id") for n in root.iter() if isinstance(n.tag, str) and n.get("id")}
    messages = {n.get("id") for n in root if local_name(n.tag) == "message"}
    data = {
        n.get("id") for n in root.iter() if local_name(n.tag) in ("dataObjectReference", "dataStoreReference")
    }
    flows = {n.get("id"): n for n in root.iter() if local_name(n.tag) == "sequenceFlow" and n.get("id")}
    for node in root.iter():
        kind = local_name(node.tag)
        if kind == "process" and node.getparent() is root and not node.get("id"):
            add_problem(problems, filename, None, f"Proces zonder id (regel {node.sourceline}): geef het proces het id "
                                           "van het model")  # fmt: skip
        elif kind == "sequenceFlow":
            for attr, verb in (("sourceRef", "komt van"), ("targetRef", "gaat naar")):
                ref = node.get(attr)
                if ref and ref not in ids:
                    add_problem(problems, filename, node, f"Verbinding (sequenceFlow) '{node.get('id')}' {verb} '{ref}', "
                                                   "maar dat element bestaat niet")  # fmt: skip
        elif kind in ("messageEventDefinition", "receiveTask", "sendTask"):
            ref = node.get("messageRef")
            if ref and ref not in messages:
                at = node if kind != "messageEventDefinition" else owner(node.getparent())
                add_problem(problems, filename, at, f"Het bericht '{ref}' (messageRef) bestaat niet: voeg een "
                                                f'<bpmn:message id="{ref}"> toe of kies een bestaand bericht')  # fmt: skip
        elif kind in ("dataInputAssociation", "dataOutputAssociation"):
            _check_association(problems, filename, node, data)
        elif kind in ("incoming", "outgoing") and etree.QName(node).namespace == BPMN_NS:
            _check_flow_ref(problems, filename, node, flows)


def _check_flow_ref(problems: list[dict[str, Any]], filename: str, node: Any, flows: dict[str, Any]) -> None:
    """An element's ``<outgoing>`` (``<incoming>``) names a sequence flow of the file that leaves (enters)
    it. SpiffWorkflow follows only the flows' sourceRef and targetRef, so a stale name deployed unseen,
    and the diagram's edge of it draws nothing (SpiffWorkflow's spiff_properties.bpmn: F2low_1hjrex4)."""
    ref = (node.text or "").strip()
    at = owner(node.getparent())
    outgoing = local_name(node.tag) == "outgoing"
    what = f"De {'uitgaande' if outgoing else 'binnenkomende'} verbinding '{ref}' ({local_name(node.tag)})"
    flow = flows.get(ref.rpartition(":")[2])  # an xsd:QName: ``bpmn:Flow_1`` names Flow_1
    if flow is None:
        add_problem(problems, filename, at, f"{what} bestaat niet: er is geen verbinding (sequenceFlow) met dat "
                                            "id; verbind het element opnieuw of verwijder de verwijzing")  # fmt: skip
        return
    end = flow.get("sourceRef" if outgoing else "targetRef")
    if at is not None and end != at.get("id"):
        add_problem(problems, filename, at, f"{what} {'komt van' if outgoing else 'gaat naar'} '{end}', niet "
                                            f"{'van' if outgoing else 'naar'} dit element; verbind het element "
                                            "opnieuw")  # fmt: skip


def _check_association(problems: list[dict[str, Any]], filename: str, node: Any, data: set[str]) -> None:
    side = "sourceRef" if local_name(node.tag) == "dataInputAssociation" else "targetRef"
    for ref in (c for c in node if local_name(c.tag) == side):
        name = (ref.text or "").strip()
        if name and name not in data:
            add_problem(problems, filename, owner(node), f"De gegevensassociatie verwijst naar '{name}' ({side}), maar "
                                                   "dat is geen gegevensobject (dataObjectReference) of "
                                                   "gegevensopslag (dataStoreReference) in dit bestand")  # fmt: skip


CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
# Camunda attributes that carry execution semantics we cannot run.
CAMUNDA_EXECUTABLE_ATTRS = {
    "delegateExpression": "Camunda delegate-expressie",
    "class": "Java-klasse (camunda:class)",
    "expression": "Camunda-expressie (camunda:expression)",
    "decisionRef": "Camunda decisionRef (gebruik spiffworkflow:calledDecisionId)",
    "type": "Camunda extern taaktype (camunda:type)",
}
CAMUNDA_EXECUTABLE_ELEMENTS = {
    "executionListener": "Camunda execution listener",
    "taskListener": "Camunda task listener",
    "connector": "Camunda connector",
}


def check_nodes(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Per element: unique ids, no Camunda code hooks, Python as the only script language."""
    seen: dict[str, Any] = {}
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        node_id = node.get("id")
        qn = etree.QName(node)
        # ids of BPMN and diagram elements must be unique; extension elements (spiffworkflow:
        # serviceTaskOperator, parameter) use "id" for names that may repeat
        if node_id is not None and (qn.namespace or "").startswith("http://www.omg.org/spec/"):
            if node_id in seen:
                add_problem(
                    problems,
                    filename,
                    node,
                    f"Dubbele id '{node_id}' (ook op regel {seen[node_id].sourceline})",
                )
            seen[node_id] = node
        if qn.namespace == CAMUNDA_NS and qn.localname in CAMUNDA_EXECUTABLE_ELEMENTS:
            what = node.get("expression") or node.get("delegateExpression") or node.get("class") or ""
            add_problem(
                problems,
                filename,
                owner(node),
                f"{CAMUNDA_EXECUTABLE_ELEMENTS[qn.localname]} '{what}' wordt niet ondersteund".replace(
                    " ''", ""
                ),
            )
            continue
        for attr, value in node.attrib.items():
            aq = etree.QName(attr)
            if aq.namespace == CAMUNDA_NS and aq.localname in CAMUNDA_EXECUTABLE_ATTRS:
                add_problem(
                    problems,
                    filename,
                    owner(node),
                    f"{CAMUNDA_EXECUTABLE_ATTRS[aq.localname]} '{value}' kan niet worden uitgevoerd",
                )
        if qn.namespace == BPMN_NS and qn.localname == "scriptTask":
            fmt = (node.get("scriptFormat") or "python").lower()
            if fmt not in ("python", "py", "text/x-python"):
                add_problem(
                    problems, filename, node, f"Scripttaal '{fmt}' wordt niet ondersteund (alleen Python)"
                )


#: events that catch a message (a throw or end event sends one)
_CATCHING = ("startEvent", "intermediateCatchEvent", "boundaryEvent")


def catcher_of(node: Any) -> Any:
    """The element a message definition (or receive task) of ``merging_message_catches`` belongs to."""
    return node if local_name(node.tag) == "receiveTask" else node.getparent()


def merging_message_catches(root: Any) -> list[tuple[Any, str]]:
    """The message definitions of catching events, and the receive tasks, without a (non-empty)
    ``spiffworkflow:messageVariable``, with the message's name: SpiffWorkflow merges such a message's
    payload into the process data, so its sender may set or overwrite any process variable (the deploy
    refuses that for outside senders, services.deploy_senders; the Camunda converter adds a variable).
    An empty ``<spiffworkflow:messageVariable/>`` is read as none."""
    names = {n.get("id"): n.get("name") or n.get("id") for n in root if local_name(n.tag) == "message"}
    found = []
    for node in root.iter():
        kind = local_name(node.tag)
        if kind not in ("messageEventDefinition", "receiveTask") or node.get("messageRef") not in names:
            continue
        if kind == "messageEventDefinition" and local_name(node.getparent().tag) not in _CATCHING:
            continue
        if not any(local_name(n.tag) == "messageVariable" and (n.text or "").strip() for n in node.iter()):
            found.append((node, names[node.get("messageRef")]))
    return found


#: elements that hold sequence flows of their own (a flow never crosses such a scope)
_SCOPES = ("process", "subProcess", "transaction", "adHocSubProcess")
#: gateways whose outgoing flows are alternatives (one token leaves), not concurrent branches
_CHOICES = ("exclusiveGateway", "eventBasedGateway")
_INSTEAD = (
    "Teken de lus om een subproces dat de inclusieve splitsing en samenvoeging bevat (elke ronde "
    "krijgt dan een eigen subproces), of gebruik een parallelle gateway als alle takken altijd lopen; "
    "voeg een terugkerende lus samen met een exclusieve gateway"
)


def check_joins(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse an inclusive join (an inclusiveGateway with two or more incoming flows) that a loop of
    sequence flows feeds more than once. SpiffWorkflow 3.2 counts the flows that arrived in an earlier
    round as arrived, so from the second round on the join fires before the branches of that round are
    done: the case silently skips work. Refused: a join on a cycle of its scope's flows, and a join that
    a branch leaving a cycle reaches while the cycle keeps a token (the cycle holds an inclusive split,
    or a parallel split or task with several outgoing flows of which one leaves the cycle). A loop around
    a subprocess that holds the split and join runs correctly: each round gets its own subprocess."""
    for scope in (n for n in root.iter() if local_name(n.tag) in _SCOPES):
        _check_scope(filename, scope, problems)


def _check_scope(filename: str, scope: Any, problems: list[dict[str, Any]]) -> None:
    nodes = {n.get("id"): n for n in scope if isinstance(n.tag, str) and n.get("id")}
    kinds = {i: local_name(n.tag) for i, n in nodes.items()}
    nxt: dict[str, list[str]] = {}
    prev: dict[str, list[str]] = {}
    #: per element, how many tokens it may send on at once (a gateway of choices sends one)
    forks: dict[str, int] = {}
    for i, node in nodes.items():
        if kinds[i] == "boundaryEvent":
            source, target = node.get("attachedToRef"), i
            forks[source] = forks.get(source, 0) + (node.get("cancelActivity") == "false")
        elif kinds[i] == "sequenceFlow":
            source, target = node.get("sourceRef"), node.get("targetRef")
            forks[source] = forks.get(source, 0) + (kinds.get(source) not in _CHOICES)
        else:
            continue
        nxt.setdefault(source, []).append(target)
        prev.setdefault(target, []).append(source)
    joins = [i for i in nodes if kinds[i] == "inclusiveGateway" and len(prev.get(i, [])) > 1]
    refused: dict[str, str] = {}
    for join in (j for j in joins if j in _reach(nxt.get(j, []), nxt)):
        refused[join] = "ligt in een lus van verbindingen (sequenceFlows)"
    for fork in (f for f, n in forks.items() if n > 1 and f in nodes and joins):
        if fork not in _reach(nxt.get(fork, []), nxt):
            continue
        cycle = _reach([fork], nxt) & _reach([fork], prev)
        leaving = [s for s in nxt.get(fork, []) if kinds[fork] == "inclusiveGateway" or s not in cycle]
        for join in (j for j in joins if j not in refused and j in _reach(leaving, nxt)):
            refused[join] = f"krijgt takken van '{nodes[fork].get('name') or fork}', dat in een lus ligt"
    for join, why in refused.items():
        node = nodes[join]
        add_problem(problems, filename, node, f"De samenvoegende inclusieve gateway '{node.get('name') or join}' "
                    f"({join}) {why}: vanaf de tweede ronde wacht hij niet op de takken van die ronde en gaat hij "
                    f"te vroeg verder, zodat werk wordt overgeslagen. {_INSTEAD}")  # fmt: skip


def _reach(start: list[str], edges: dict[str, list[str]]) -> set[str]:
    """Every node reachable from ``start`` (``start`` included) along ``edges``."""
    seen = set(start)
    todo = list(start)
    while todo:
        for other in edges.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


_LINK_INSTEAD = (
    "Teken in plaats van het linkpaar een verbinding (sequenceFlow) van het element vóór de gooiende link "
    "naar het element na de vangende link"
)


def check_links(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse every link event (an event with a linkEventDefinition, the "off-page connector"). SpiffWorkflow
    3.2 has no link events: its parser skips the definition, so a throwing link runs as a plain
    intermediate event without outgoing flow (the case, or its branch, silently ends there) and a catching
    link is never reached. A problem per event, also saying when a throw has no catch of its name in its
    (sub)process or two catches there share a name."""
    catches: dict[tuple[Any, str], list[str]] = {}
    links = []
    for definition in (n for n in root.iter() if local_name(n.tag) == "linkEventDefinition"):
        event = owner(definition.getparent())
        name = definition.get("name") or event.get("name") or ""
        scope = next((a for a in event.iterancestors() if local_name(a.tag) in _SCOPES), None)
        throws = local_name(event.tag) in ("intermediateThrowEvent", "endEvent")
        links.append((event, name, scope, throws))
        if not throws:
            catches.setdefault((scope, name), []).append(event.get("id"))
    for event, name, scope, throws in links:
        found = catches.get((scope, name), [])
        effect = (
            "de zaak (of die tak) stilletjes eindigt bij deze gooiende link"
            if throws
            else "deze vangende link nooit wordt bereikt"
        )
        extra = ""
        if throws and not found:
            extra = f" Er is ook geen vangende link met de naam '{name}' in hetzelfde (sub)proces."
        elif len(found) > 1:
            extra = (
                f" Ook heten meerdere vangende links '{name}' ({', '.join(found)}): een link heeft één doel."
            )
        add_problem(problems, filename, event, f"De link-gebeurtenis '{event.get('name') or event.get('id')}' "
                    f"({event.get('id')}, link '{name}') wordt niet ondersteund: SpiffWorkflow voert links niet "
                    f"uit, zodat {effect}.{extra} {_LINK_INSTEAD}.")  # fmt: skip


_COMPENSATION_INSTEAD = (
    "Teken de herstelstappen als gewone taken op het pad waar ze nodig zijn (bijvoorbeeld na een "
    "exclusieve gateway of een foutgebeurtenis)"
)


def check_compensation(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse compensation: SpiffWorkflow 3.2 has none. Its parser skips a compensateEventDefinition, so a
    compensation throw runs as a plain event (no handler runs, the case goes on as if compensated) and a
    compensation boundary event fails the spec build in English. A problem per such event and per task
    marked ``isForCompensation``, in document order."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if local_name(node.tag) == "compensateEventDefinition":
            event = owner(node.getparent())
            what = f"De compensatie-gebeurtenis '{event.get('name') or event.get('id')}' ({event.get('id')})"
        elif node.get("isForCompensation") == "true":
            event = node
            what = f"De compensatietaak '{node.get('name') or node.get('id')}' ({node.get('id')})"
        else:
            continue
        add_problem(problems, filename, event, f"{what} wordt niet ondersteund: SpiffWorkflow voert compensatie "
                    "niet uit, zodat bij een gooiende compensatie de zaak doorgaat zonder dat er iets wordt "
                    f"hersteld. {_COMPENSATION_INSTEAD}.")  # fmt: skip
