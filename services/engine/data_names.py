"""Deploy check: an element property or timer that is a bare name nothing sets.

``kandidaatgroepen``, ``termijn`` and a timer are Python expressions evaluated on the case data. A modeller
who types a group name or a duration without quotes (``Vergunningen``, ``P14D``) writes a name, which
compiles, and every case then fails when it gets there (NameError). Refused here: such an expression that
is one name unknown to the deployed files: no script, form, message, multi-instance item, data object,
service result or decision table (DMN output) of the bundle sets it, and no other script or condition
reads it (a name read elsewhere comes with the start data). An expression that does more than name a
variable (``aanvraag.get("uiterlijk")``) shows it reads data and is left to run. A file with a message
catch that merges its payload into the case data (no messageVariable) may receive any name, so its
expressions are not checked.
"""

from __future__ import annotations

import ast
import json
import keyword
from collections.abc import Iterable
from typing import Any

from .expressions import TIMER_ELEMENTS, expression_nodes, problem_at
from .sandbox import SAFE_BUILTIN_NAMES
from .xml_nodes import local_name

#: the properties checked here, and the hint for an unknown name in each
CHECKED = {
    "kandidaatgroepen": 'zet de groepnaam tussen aanhalingstekens: "{0}"',
    "termijn": "de termijn is een datum; gebruik bijvoorbeeld werkdagen_termijn(vandaag(), 10) of "
    "termijn_na(vandaag(), weken=2)",
}
TIMER_HINT = 'zet de waarde tussen aanhalingstekens: "{0}"'
OTHER_HINT = (
    "zet die naam eerder in een script of formulier, of gebruik een vaste waarde tussen aanhalingstekens"
)
#: case data the platform itself sets (services.cases.start_case, engine.outcome)
PLATFORM_NAMES = frozenset({"zaak", "ontvangen", "organisaties"})
#: elements whose ``name`` (or ``id``) is a variable of the case data
_DATA_ELEMENTS = ("inputDataItem", "outputDataItem", "dataObject", "property", "dataInput", "dataOutput")
_DATA_TEXTS = ("messageVariable", "loopDataOutputRef", "loopDataInputRef", "inputItem", "outputItem")


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
        kind = local_name(node.tag)
        if kind in _DATA_ELEMENTS or (kind == "output" and node.get("name")):  # a DMN output
            known.update(v.split(".")[0] for v in (node.get("name"), node.get("id")) if v)
        elif kind in _DATA_TEXTS and (node.text or "").strip():
            known.add(node.text.strip())
        elif kind == "serviceTaskOperator" and node.get("resultVariable"):
            known.add(node.get("resultVariable"))
        elif kind == "property" and node.get("name") == "formulier":
            known.update(_form_fields(node.get("value") or ""))
    return known


def _form_fields(text: str) -> list[str]:
    try:
        schema = json.loads(text)
    except ValueError:
        return []
    props = schema.get("properties") if isinstance(schema, dict) else None
    return [str(k) for k in props] if isinstance(props, dict) else []


def unknown_reads(filename: str, root: Any, merging: bool) -> list[dict[str, Any]]:
    """The checked expressions of a file that are a bare name, each as a problem naming its element (the
    name under "naam_gelezen"); the bundle check keeps those whose name is unknown (``check_unknown_names``)."""
    if merging:
        return []
    found: list[dict[str, Any]] = []
    for node, text, _mode in expression_nodes(root):
        what, shown = _checked(node), text.strip()
        if what is None or not shown.isidentifier() or keyword.iskeyword(shown) or shown in PLATFORM_NAMES:
            continue
        subject = f"De eigenschap '{what}'" if what in CHECKED else f"De timer ({what})"
        problem_at(found, filename, node, f"{subject} is de naam '{shown}', maar die naam komt nergens in het proces "
                   "voor (geen script, formulier, bericht of beslistabel zet hem, en geen ander script of andere "
                   f"voorwaarde leest hem): {CHECKED.get(what, TIMER_HINT).format(shown)}")  # fmt: skip
        found[-1]["naam_gelezen"] = shown
    return found


def check_unknown_names(sources: Iterable[Any], pool: Iterable[Any], problems: list[dict[str, Any]]) -> None:
    """Add the ``unknown_reads`` of ``sources`` whose names no file of ``pool`` knows."""
    known = set().union(*(set(src.known_names) for src in pool))
    for src in sources:
        for found in src.unknown_reads:
            if found["naam_gelezen"] not in known:
                problems.append({k: v for k, v in found.items() if k != "naam_gelezen"})
