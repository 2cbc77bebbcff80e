"""Every member a refusal adds to its problem document is declared in the published Problem schema (review
api17, finding 2): ``velden`` on formulier-ongeldig, ``document_id`` and ``versie`` on document-dubbel,
``gedetecteerd``, ``onderwerp_index`` and the rest were sent but not declared, so a generated client
dropped them. A build check: it reads the keyword arguments of every RuimteflowError raised in the code
(web.errors passes them all into the answer) and the members set on an error's ``extra`` afterwards."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.source_trees import tree as source_tree
from web.api.schemas import PROBLEM

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("processes", "services", "gis", "web")
#: keyword arguments of RuimteflowError itself, not members of ``extra``
OWN = {"code", "status", None}


def _trees() -> dict[Path, ast.Module]:
    return {p: source_tree(p) for d in PACKAGES for p in (ROOT / d).rglob("*.py")}


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """RuimteflowError and every class that derives from it, however deep."""
    names = {"RuimteflowError"}
    classes = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:  # over the classes found in one walk of the source, not a walk per round
        grown = False
        for node in classes:
            if node.name not in names and any(_name(base) in names for base in node.bases):
                names.add(node.name)
                grown = True
    return names


def _members(trees: dict[Path, ast.Module]) -> dict[str, str]:
    """member -> where it is first given."""
    classes = _error_classes(trees)
    found: dict[str, str] = {}
    for path, tree in trees.items():
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in classes:
                for keyword in node.keywords:
                    if keyword.arg not in OWN:
                        found.setdefault(str(keyword.arg), f"{where}:{node.lineno}")
            elif isinstance(node, ast.Assign):  # exc.extra["veld"] = ...
                for target in node.targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and _name(target.value) == "extra"
                        and isinstance(target.slice, ast.Constant)
                    ):
                        found.setdefault(str(target.slice.value), f"{where}:{node.lineno}")
    return found


def test_every_member_of_a_refusal_is_declared_in_the_problem_schema() -> None:
    members = _members(_trees())
    assert {"velden", "document_id", "onderwerp_index", "veld"} <= set(members)  # the scan finds them
    declared = set(PROBLEM["properties"])
    missing = {name: where for name, where in members.items() if name not in declared}
    assert not missing, f"not declared in web/api/schemas.py PROBLEM: {missing}"
