"""Deploy check: an element property or timer that names data nothing sets.

``kandidaatgroepen``, ``termijn`` and a timer are Python expressions evaluated on the case data. A modeller
who types a group name or a duration without quotes (``Vergunningen``, ``P14D``, ``Team-Vergunningen``,
``["Vergunningen", Juridisch]``, ``R3/PT1H``) writes names, which compile, and every case then fails when it
gets there (NameError). Refused here: such an expression that only combines names and constants (one name,
a list or tuple of them, names joined by operators or dots) and reads a name unknown to the files that run
in the same case (``case_files`` in deploy.py: this file, the files it calls and the files that call it):
no script, form, message, multi-instance item, data object, data input, service result or decision table
(DMN output) of those files sets it, and no other script or condition reads it (a name read elsewhere comes
with the start data). An expression that does more (``aanvraag.get("uiterlijk")``, ``groep if x else "V"``)
shows it reads data and is left to run. A file with a message catch that merges its payload into the case
data (no messageVariable) may receive any name, so its expressions are not checked.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from .expressions import BPMN_NS, TIMER_ELEMENTS, expression_nodes, problem_at
from .sandbox import SAFE_BUILTIN_NAMES
from .xml_nodes import local_name

QUOTE_GROUP = 'zet de groepnaam tussen aanhalingstekens: "{0}"'
QUOTE_TERMIJN = (
    "de termijn is een datum; gebruik bijvoorbeeld werkdagen_termijn(vandaag(), 10) of "
    "termijn_na(vandaag(), weken=2)"
)
TIMER_HINT = 'zet de waarde tussen aanhalingstekens: "{0}"'
OTHER_HINT = (
    "zet die naam eerder in een script of formulier, of gebruik een vaste waarde tussen aanhalingstekens"
)
#: for a name that may be data the case starts with, or that a calling process passes
FROM_OUTSIDE = (
    "; komt de waarde mee met de startgegevens of van een aanroepend proces, declareer de naam dan als "
    'data input van het proces (<bpmn:ioSpecification><bpmn:dataInput id="{0}" name="{0}"/>'
    "</bpmn:ioSpecification>)"
)
#: the properties checked here (the hint for a name that looks like a typed value, in each)
CHECKED = {"kandidaatgroepen": QUOTE_GROUP, "termijn": QUOTE_TERMIJN}
#: case data the platform itself sets (services.cases.start_case, engine.outcome)
PLATFORM_NAMES = frozenset({"zaak", "ontvangen", "organisaties"})
#: a name that is an ISO 8601 duration or repetition typed without quotes (P14D, PT1H, R3, R)
_DURATION = re.compile(r"R\d*|P(?:\d+[YMWD])*(?:T(?:\d+[HMS])*)?")
#: elements whose ``name`` (or ``id``) is a variable of the case data (BPMN namespace)
_DATA_ELEMENTS = ("inputDataItem", "outputDataItem", "dataObject", "property", "dataInput", "dataOutput")
_DATA_TEXTS = ("messageVariable", "loopDataOutputRef", "loopDataInputRef", "inputItem", "outputItem")
_LITERAL_NODES = (ast.Name, ast.Constant, ast.List, ast.Tuple, ast.Set, ast.BinOp, ast.UnaryOp, ast.Attribute)


def free_names(text: str, mode: str = "eval") -> tuple[set[str], set[str]]:
    """(names the code reads, names it sets); functions it calls and builtins are no reads."""
    try:
        tree = ast.parse(text.strip() if mode == "eval" else text, mode=mode)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return set(), set()
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    reads, sets = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and id(node) not in called:
                reads.add(node.id)
            elif not isinstance(node.ctx, ast.Load):
                sets.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.Lambda):
            sets.update(a.arg for a in node.args.args + node.args.kwonlyargs)
            sets.update([node.name] if isinstance(node, ast.FunctionDef) else [])
    return reads - sets - set(SAFE_BUILTIN_NAMES), sets


def _checked(node: Any) -> str | None:
    """The property or timer kind an expression node holds when this module checks it."""
    if local_name(node.tag) in TIMER_ELEMENTS:
        return local_name(node.tag)
    if local_name(node.tag) == "property" and node.get("name") in CHECKED:
        return str(node.get("name"))
    return None


def known_names(root: Any) -> set[str]:
    """Every name a BPMN or DMN file sets, or reads outside the expressions checked here."""
    known: set[str] = set()
    for node, text, mode in expression_nodes(root):
        if _checked(node) is None:
            reads, sets = free_names(text, mode)
            known |= reads | sets
    for node in root.iter():
        kind, space = local_name(node.tag), _namespace(node)
        if kind == "property" and space != BPMN_NS:  # an element property is no data; a form's fields are
            known.update(_form_fields(node.get("value") or "") if node.get("name") == "formulier" else [])
        elif kind in _DATA_ELEMENTS or (kind == "output" and node.get("name")):  # a DMN output
            known.update(v.split(".")[0] for v in (node.get("name"), node.get("id")) if v)
        elif kind in _DATA_TEXTS and (node.text or "").strip():
            known.add(node.text.strip())
        elif kind == "serviceTaskOperator" and node.get("resultVariable"):
            known.add(node.get("resultVariable"))
    return known


def _namespace(node: Any) -> str:
    return (etree.QName(node.tag).namespace or "") if isinstance(node.tag, str) else ""


def _form_fields(text: str) -> list[str]:
    try:
        schema = json.loads(text)
    except (ValueError, RecursionError):  # refused as a form (expressions._check_form)
        return []
    props = schema.get("properties") if isinstance(schema, dict) else None
    return [str(k) for k in props] if isinstance(props, dict) else []


def _literal_parts(text: str) -> list[tuple[list[str], str]] | None:
    """For an expression that only combines names and constants: per part (an item of a list or tuple,
    else the whole expression) the names it reads and its text; None for any other expression."""
    try:
        body = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if not all(isinstance(n, _LITERAL_NODES + (ast.Load, ast.operator, ast.unaryop)) for n in ast.walk(body)):
        return None
    items = body.elts if isinstance(body, ast.List | ast.Tuple | ast.Set) else [body]
    parts = []
    for item in items:
        names = [n.id for n in ast.walk(item) if isinstance(n, ast.Name)]
        names = [n for n in dict.fromkeys(names) if n not in PLATFORM_NAMES and n not in SAFE_BUILTIN_NAMES]
        if names:
            parts.append((names, ast.get_source_segment(text.strip(), item) or names[0]))
    return parts


def unknown_reads(filename: str, root: Any, merging: bool) -> list[dict[str, Any]]:
    """The checked expressions of a file that only combine names and constants, each as a problem naming
    its element, with the kind under "soort", the expression under "expressie" and its parts (names, text)
    under "delen"; ``check_unknown_names`` keeps those that read a name the case's files do not know."""
    if merging:
        return []
    found: list[dict[str, Any]] = []
    for node, text, _mode in expression_nodes(root):
        what = _checked(node)
        parts = _literal_parts(text) if what is not None else None
        if parts:
            problem_at(found, filename, node, "")
            found[-1].update(soort=what, expressie=text.strip(), delen=parts)
    return found


def _refusal(what: str, shown: str, parts: list[tuple[list[str], str]], unknown: list[str]) -> str:
    """The Dutch reason for an expression ``shown`` of kind ``what`` whose ``unknown`` names nothing sets."""
    subject = f"De eigenschap '{what}'" if what in CHECKED else f"De timer ({what})"
    bare = len(parts) == 1 and parts[0][1] == shown and shown.isidentifier()
    if bare:
        subject += f" is de naam '{shown}', maar die naam komt"
    else:
        listed = ", ".join(f"'{n}'" for n in unknown)
        subject += f" '{shown[:80]}' leest {'de naam' if len(unknown) == 1 else 'de namen'} {listed}, maar "
        subject += "die naam komt" if len(unknown) == 1 else "die namen komen"
    it = "hem" if bare or len(unknown) == 1 else "ze"
    subject += (
        " nergens voor in dit proces of de processen die het aanroept of die het aanroepen (geen script, "
        f"formulier, bericht, data input of beslistabel zet {it}, en geen ander script of andere voorwaarde "
        f"leest {it}): "
    )
    typed = [text for names, text in parts if set(names) & set(unknown)]
    if what == "kandidaatgroepen":
        hint = "; ".join(QUOTE_GROUP.format(text) for text in typed)
    elif not bare or _DURATION.fullmatch(shown):  # a value typed without quotes
        hint = CHECKED.get(what, TIMER_HINT).format(typed[0] if len(typed) == 1 else shown)
    else:
        hint = OTHER_HINT
    outside = bare and not _DURATION.fullmatch(shown)
    return subject + hint + (FROM_OUTSIDE.format(shown) if outside else "")


def check_unknown_names(checked: Iterable[tuple[Any, Iterable[Any]]], problems: list[dict[str, Any]]) -> None:
    """Per (source, the files that run in a case with it): add the ``unknown_reads`` of the source that read
    a name none of those files knows."""
    for src, case_files in checked:
        known = set().union(*(set(f.known_names) for f in case_files))
        for found in src.unknown_reads:
            unknown = list(dict.fromkeys(n for names, _t in found["delen"] for n in names if n not in known))
            if unknown:
                problem = {k: v for k, v in found.items() if k not in ("soort", "expressie", "delen")}
                problem["probleem"] = _refusal(found["soort"], found["expressie"], found["delen"], unknown)
                problems.append(problem)
