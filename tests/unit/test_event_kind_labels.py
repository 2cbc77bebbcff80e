"""Every kind of event the platform writes to a case's timeline has a Dutch label (review20: the case
file's timeline showed "Termijn-verstreken", the raw kind, beside "Zaak gestart").

The kinds are read from the source with ``ast``: a ``CaseEvent(kind=...)``, a row dict with ``kind`` and
``message`` (the rows step_events inserts), and a call of a function that passes its own parameter on as
such a kind (``ctx.event``, ``step.event``, beheer's ``_audit``, ``document_event``, ...), found the same
way. A kind is a string literal or a module constant (its own module's, or one it imports from another
scanned module); a kind the scan cannot read fails the test,
unless it is one of the pass-throughs of ``PASSED_ON``.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from tests.source_trees import tree as source_tree
from web.faces.event_kinds import EVENT_KINDS, event_kind_label

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("processes", "services", "gis", "web")
#: "module path: expression" -> where the kinds it passes on are written (and scanned)
PASSED_ON = {
    "services/projections.py: ev['kind']": "the engine context's events, written by ctx.event(...) calls",
}


def _sources() -> dict[str, ast.Module]:
    paths = (p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")))
    return {
        p.relative_to(ROOT).as_posix(): source_tree(p)
        for p in paths
        if "migrations" not in p.parts  # history: the kinds of old rows, not written any more
    }


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args) if a.arg not in ("self", "cls")]


#: a function that writes one of its parameters as a kind: name -> (that parameter, its positional ones)
Helpers = dict[str, tuple[str, list[str]]]


def _kind_arguments(call: ast.Call, helpers: Helpers) -> list[ast.expr]:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name == "CaseEvent":
        return [k.value for k in call.keywords if k.arg == "kind"]
    if name not in helpers:
        return []
    param, positional = helpers[name]
    index = positional.index(param) if param in positional else len(call.args)
    return [k.value for k in call.keywords if k.arg == param] + call.args[index : index + 1]


#: a place that may write a kind, with the parameters of the function it is in: a call (whether it writes
#: one depends on the helpers known) or the kind of a row dict ({"kind": ..., "message": ..., ...})
Site = tuple[ast.expr, list[str]]


def _writes(sites: list[Site], helpers: Helpers) -> list[tuple[ast.expr, list[str]]]:
    """The kind expressions written at ``sites``, each with the parameters of the function it is written in."""
    found: list[tuple[ast.expr, list[str]]] = []
    for node, params in sites:
        if isinstance(node, ast.Call):
            found.extend((arg, params) for arg in _kind_arguments(node, helpers))
        else:
            found.append((node, params))
    return found


@cache  # one walk of a module for both uses: its own writes and (_helpers, round after round) its functions'
def _scan(tree: ast.Module) -> tuple[list[Site], dict[ast.AST, tuple[int, int]]]:
    """The sites of ``tree`` in the order of a walk from its root, and for each function in it the slice
    of them inside that function (the sites a walk from the function itself would find, in that order)."""
    sites: list[Site] = []
    spans: dict[ast.AST, tuple[int, int]] = {}

    def visit(node: ast.AST, params: list[str]) -> None:
        function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        start = len(sites)
        if function:
            params = _params(node) + [a.arg for a in node.args.kwonlyargs]
        if isinstance(node, ast.Call):
            sites.append((node, params))
        if isinstance(node, ast.Dict):  # a row: {"kind": ..., "message": ..., ...}
            keys = {
                k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)
            }
            if "kind" in keys and "message" in keys:
                sites.append((keys["kind"], params))
        for child in ast.iter_child_nodes(node):
            visit(child, params)
        if function:
            spans[node] = (start, len(sites))

    visit(tree, [])
    return sites, spans


def _helpers(sources: dict[str, ast.Module]) -> Helpers:
    """The functions that write a parameter of theirs as a kind, also through another one (to a fixed
    point): ``event`` (the engine context's and the step's), beheer's ``_audit``, ``document_event``, ..."""
    helpers: Helpers = {}
    functions: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, list[Site]]] = []
    for tree in sources.values():
        sites, spans = _scan(tree)
        functions += [
            (n, sites[slice(*spans[n])])
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
    while True:
        known = len(helpers)
        for fn, sites in functions:
            for expr, params in _writes(sites, helpers):
                if isinstance(expr, ast.Name) and expr.id in params:
                    helpers.setdefault(fn.name, (expr.id, _params(fn)))
        if len(helpers) == known:
            return helpers


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's string constants: ``NAME = "..."`` at its top level."""
    return {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
        for t in n.targets
        if isinstance(t, ast.Name)
    }


def _imported_constants(tree: ast.Module, own: dict[str, dict[str, str]]) -> dict[str, str]:
    """The string constants ``tree`` imports by name from another scanned module (``from m import X``)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module.replace(".", "/")
            module = own.get(f"{base}.py") or own.get(f"{base}/__init__.py") or {}
            found |= {a.asname or a.name: module[a.name] for a in node.names if a.name in module}
    return found


@cache  # the scan of the whole source, once for the tests of this module (a failing one is not kept)
def written_kinds() -> dict[str, str]:
    """Every kind written anywhere -> the first place it is written; unreadable kinds fail here."""
    sources = _sources()
    helpers = _helpers(sources)
    kinds: dict[str, str] = {}
    unread = []
    own = {path: _constants(tree) for path, tree in sources.items()}
    for path, tree in sources.items():
        constants = own[path] | _imported_constants(tree, own)
        for expr, params in _writes(_scan(tree)[0], helpers):
            where = f"{path}:{expr.lineno}"
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                kinds.setdefault(expr.value, where)
            elif isinstance(expr, ast.Name) and expr.id in constants:
                kinds.setdefault(constants[expr.id], where)
            elif not (isinstance(expr, ast.Name) and expr.id in params):  # a helper passing its own on
                unread.append(f"{path}: {ast.unparse(expr)}".replace('"', "'"))
    assert set(unread) <= set(PASSED_ON), (
        f"kinds the scan cannot read: {sorted(set(unread) - set(PASSED_ON))}"
    )
    return kinds


def test_the_scan_finds_the_kinds_of_each_way_of_writing_one() -> None:
    kinds = written_kinds()
    assert {
        "termijn-verstreken",  # ctx.event
        "taak-voltooid",  # step.event
        "zaak-gestart",  # CaseEvent(kind=...)
        "taak-toewijzing",  # a row dict
        "gepauzeerd",  # beheer's _audit
        "document-versie",  # document_event
        "besluit-verzonden",  # a module constant
        "aflevering-terzijde",  # the outbox's _audit
    } <= set(kinds), sorted(kinds)


def test_every_kind_written_has_a_dutch_label() -> None:
    unlabelled = {kind: where for kind, where in written_kinds().items() if kind not in EVENT_KINDS}
    assert not unlabelled, f"event kinds without a label in web/faces/event_kinds.py: {unlabelled}"


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("termijn-verstreken", "Termijn verstreken"),
        ("zaak-gestart", "Zaak gestart"),
        ("oud-soort", "Oud soort"),
    ],
)
def test_a_kind_reads_as_its_label(kind: str, shown: str) -> None:
    assert event_kind_label(kind) == shown
