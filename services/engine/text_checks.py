"""Deploy checks of what a model gives people to read: the ``{veld}`` placeholders of its texts, and the
names of the lanes that hand out work.

A text property (``publiek``, ``publiek_voor_derden``, ``resultaat``, ``wacht_op``, ``houder``, ``reden``) or a task's
instructions with a placeholder the templating cannot fill (``{aanvraag.naam}``, ``{onbekend`` without
its ``}``) would reach the officer, or the initiator's status page, as written; the deploy refuses it,
naming the element and the property (processes/templating.py). A lane without a name that holds a user or
manual task without ``kandidaatgroepen`` gives that task no group (SpiffWorkflow reads a lane by its name)
while the deploy made a group named after the lane's id; the deploy refuses it, naming the lane (a name
of invisible characters alone is none). A name or shown text with a bidi or control character would show
as something it is not (processes.tekens); the deploy refuses it, naming the element.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from processes import tekens
from processes.aanspreekvorm import addresses_reader, neutral_line
from processes.templating import placeholder_faults

from .expressions import BPMN_NS, SPIFF_NS
from .xml_nodes import add_problem, local_name, owner

#: element properties whose value is a text with ``{veld}`` placeholders (bpmn/MODELLING.md)
TEXT_PROPERTIES = ("publiek", "publiek_voor_derden", "resultaat", "wacht_op", "houder", "reden")
#: the human tasks a lane hands out (their candidate group is the lane's name)
HUMAN_TASKS = ("userTask", "manualTask")


def check_texts(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse every text property and task instruction whose placeholders the templating cannot read."""
    for node in root.iter(f"{{{SPIFF_NS}}}property", f"{{{SPIFF_NS}}}instructionsForEndUser"):
        if local_name(node.tag) == "property":
            name, text = node.get("name"), node.get("value") or ""
            if name not in TEXT_PROPERTIES:
                continue
        else:
            name, text = "instructionsForEndUser", node.text or ""
        for fault in placeholder_faults(text):
            add_problem(
                problems,
                filename,
                owner(node),
                f"Eigenschap '{name}' ('{text.strip()[:80]}'): {fault}",
            )


#: the element properties whose value is shown as it is: the texts, and the groups a task goes to
SHOWN_PROPERTIES = (*TEXT_PROPERTIES, "kandidaatgroepen")
#: what a name of invisible characters alone is told
INVISIBLE_NAME = (
    "De naam bestaat alleen uit onzichtbare tekens (zoals een spatie zonder breedte); geef een zichtbare "
    "naam of laat de naam weg."
)


def check_shown_characters(filename: str, root: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse every name (of the process, a lane, a task, an event, a flow) and every shown property or
    task instruction that holds a bidi control or a control character other than a line break or tab
    (processes.tekens): the inbox, the case page and the status page would show it as something it is
    not. A name of invisible characters alone is refused too: it shows as nothing."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if etree.QName(node.tag).namespace == BPMN_NS and node.get("name") is not None:
            _check_shown(filename, node, "De naam", node.get("name"), problems)
            if node.get("name").strip() and tekens.is_blank(node.get("name")):
                add_problem(problems, filename, node, INVISIBLE_NAME)
        elif local_name(node.tag) == "property" and node.get("name") in SHOWN_PROPERTIES:
            _check_shown(
                filename, owner(node), f"Eigenschap '{node.get('name')}'", node.get("value"), problems
            )
        elif local_name(node.tag) == "instructionsForEndUser":
            _check_shown(filename, owner(node), "De instructie (instructionsForEndUser)", node.text, problems)


def _check_shown(
    filename: str, node: Any, label: str, text: str | None, problems: list[dict[str, Any]]
) -> None:
    if found := tekens.refused_character(text or ""):
        add_problem(problems, filename, node, tekens.refusal(label, found))


def routed_by_lane(proc: Any) -> set[str]:
    """The ids of ``proc``'s user and manual tasks that get their candidate group from their lane (they
    have no kandidaatgroepen property)."""
    return {
        node.get("id")
        for tag in HUMAN_TASKS
        for node in proc.iter(f"{{{BPMN_NS}}}{tag}")
        if not any(
            local_name(p.tag) == "property" and p.get("name") == "kandidaatgroepen" for p in node.iter()
        )
    }


def check_lanes(filename: str, proc: Any, problems: list[dict[str, Any]]) -> None:
    """Refuse a lane of the executable process ``proc`` without a name that hands out a task."""
    routed = routed_by_lane(proc)
    names = {n.get("id"): n.get("name") or n.get("id") for n in proc.iter() if n.get("id")}
    for lane in proc.iter(f"{{{BPMN_NS}}}lane"):
        if not tekens.is_blank(lane.get("name") or ""):  # a zero-width space is no name either
            continue
        held = [(r.text or "").strip() for r in lane.iter(f"{{{BPMN_NS}}}flowNodeRef")]
        tasks = [f"'{names.get(t, t)}' ({t})" for t in held if t in routed]
        if tasks:
            add_problem(
                problems,
                filename,
                lane,
                f"Lane '{lane.get('id')}' heeft geen naam, maar "
                + (
                    f"taak {tasks[0]} krijgt haar"
                    if len(tasks) == 1
                    else f"taken {', '.join(tasks)} krijgen hun"
                )
                + " groep van deze lane. Geef de lane de naam van de groep (afdeling of organisatie) of geef "
                "de taak 'kandidaatgroepen'.",
            )


def person_warnings(proc: Any) -> list[str]:
    """The Dutch warnings (not refusals) for the public status lines of ``proc`` (its subprocesses
    included) that address the applicant ("u", "uw": processes.aanspreekvorm) without a third-person form
    (``publiek_voor_derden``): every other reader of the case reads a neutral line instead; and for a
    third-person form that addresses its reader itself, which they read as it is. In document order."""
    out = []
    for node in proc.iter(f"{{{SPIFF_NS}}}properties"):
        texts = {p.get("name"): p.get("value") or "" for p in node.iter(f"{{{SPIFF_NS}}}property")}
        element = owner(node)
        named = f"'{element.get('name')}' ({element.get('id')})" if element.get("name") else element.get("id")
        own = texts.get("publiek_voor_derden", "").strip()
        if own and addresses_reader(own):
            out.append(
                f"De statustekst voor derden (publiek_voor_derden) van {named}, '{own[:80]}', spreekt de lezer "
                "aan (u/uw), maar wie haar leest is niet de aanvrager. Schrijf haar in de derde persoon."
            )
        elif not own and addresses_reader(texts.get("publiek")):
            event = local_name(element.tag).endswith("Event")  # a task's name is internal
            instead = neutral_line(element.get("name") if event else None)
            out.append(
                f"De statustekst (publiek) van {named}, '{texts['publiek'].strip()[:80]}', spreekt de aanvrager "
                f"aan (u/uw). Wie de zaak verder volgt (een externe partij, de medewerkers) leest daarom "
                f"'{instead}'. Geef in 'publiek_voor_derden' de tekst in de derde persoon, zoals 'De aanvraag "
                "is ontvangen'."
            )
    return out
