"""References inside a BPMN file, checked before SpiffWorkflow parses it, and Dutch texts for the
refusals SpiffWorkflow itself raises.

SpiffWorkflow 3.2 reports a flow to a missing element as "we found two items, perhaps a form has the
same ID?", a message reference to a deleted message as a TypeError of its own code, and an unresolved
data association with the repr of an XML element. The checks here name such a fault first, in Dutch,
with the element; ``dutch`` translates the texts SpiffWorkflow raises for what is left.
"""

from __future__ import annotations

import re
from typing import Any

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
        r"Duplicate process ID: (\S+)",
        "Het proces-id '{0}' komt twee keer voor (in dit bestand, of ook in een ander gedeployd model)",
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


def check_references(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Processes have an id; flows, message references and data associations name elements that exist."""
    ids = {n.get("id") for n in root.iter() if isinstance(n.tag, str) and n.get("id")}
    messages = {n.get("id") for n in root if local_name(n.tag) == "message"}
    data = {
        n.get("id") for n in root.iter() if local_name(n.tag) in ("dataObjectReference", "dataStoreReference")
    }
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


def _check_association(problems: list[dict[str, Any]], filename: str, node: Any, data: set[str]) -> None:
    side = "sourceRef" if local_name(node.tag) == "dataInputAssociation" else "targetRef"
    for ref in (c for c in node if local_name(c.tag) == side):
        name = (ref.text or "").strip()
        if name and name not in data:
            add_problem(problems, filename, owner(node), f"De gegevensassociatie verwijst naar '{name}' ({side}), maar "
                                                   "dat is geen gegevensobject (dataObjectReference) of "
                                                   "gegevensopslag (dataStoreReference) in dit bestand")  # fmt: skip


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
