"""What the deploy can see of a user task's ``keuzes`` expression (bpmn/MODELLING.md) without running it:
the fields it names and the choice values it lists as literals (expressions.check_choices compares them
with the task's form)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

#: an expression of these kinds gives no mapping of field -> list (a ``keuzes`` must)
_NO_MAPPING = (ast.List, ast.Tuple, ast.Set, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.JoinedStr)
#: what listed_choices gives for an expression nested too deep to walk
TOO_DEEP = object()


def listed_choices(body: str, fields: dict[str, list[Any]]) -> Any:
    """What the deploy can see of a ``keuzes`` expression, shaped as its value: per field named as a
    literal key, the values listed as literals (a field whose values are all computed keeps all of its
    choices, so that only its name is checked); [] for an expression that gives no mapping, in any of
    its branches; ``TOO_DEEP`` for one nested too deep to walk (a long ``+`` chain of lists: the walk
    recurses per operand)."""
    try:
        return _listed(body, fields)
    except (RecursionError, MemoryError):
        return TOO_DEEP


def _listed(body: str, fields: dict[str, list[Any]]) -> Any:
    try:
        tree = ast.parse(body, mode="eval").body
    except SyntaxError:
        return {}  # refused as code (_check_code)
    shapes = list(_parts(tree, (ast.Dict, *_NO_MAPPING)))
    if any(isinstance(shape, _NO_MAPPING) for shape in shapes):
        return []  # it gives a list (or such) in some branch
    seen: dict[str, list[Any]] = {}
    for mapping in shapes:
        for key, value in zip(mapping.keys, mapping.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                listed = [c.value for c in _parts(value, (ast.Constant,)) if isinstance(c.value, str)]
                seen.setdefault(key.value, []).extend(listed)
    return {name: listed or fields.get(name, []) for name, listed in seen.items()}


def _parts(node: Any, kinds: tuple[type, ...]) -> Iterator[Any]:
    """The nodes of ``kinds`` an expression's value may be: itself, the branches of a conditional
    expression, the operands of ``and``/``or``/``+`` and the items of a list, tuple or set; never a
    condition or a call's arguments (``termijn.get("verdaging")`` lists no choice)."""
    if isinstance(node, kinds):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from (n for branch in (node.body, node.orelse) for n in _parts(branch, kinds))
    elif isinstance(node, ast.BoolOp):
        yield from (n for operand in node.values for n in _parts(operand, kinds))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from (n for operand in (node.left, node.right) for n in _parts(operand, kinds))
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        yield from (n for item in node.elts for n in _parts(item, kinds))
