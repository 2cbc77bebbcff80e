"""The part of the script policy that rewrites comparisons and hashed keys into the guards of
``services.engine.sandbox_work``: a comparison becomes a guard call (``a == b`` ``_eq_(a, b)``) (a chain keeps its
short-circuit, each operand wrapped in ``_operand_``), and a non-constant key of a set or dict display or
comprehension, or of ``d[k] = v``, becomes ``_key_(k)``."""

from __future__ import annotations

import ast
from typing import Any

from RestrictedPython import RestrictingNodeTransformer

#: the guard of each comparison operator (``services.engine.sandbox_work``)
_COMPARE_GUARDS: dict[type[ast.cmpop], str] = {
    ast.Eq: "_eq_",
    ast.NotEq: "_ne_",
    ast.Lt: "_lt_",
    ast.LtE: "_le_",
    ast.Gt: "_gt_",
    ast.GtE: "_ge_",
    ast.In: "_in_",
    ast.NotIn: "_not_in_",
}


#: constants a comparison with is cheap whatever the other operand (no items to compare or hash)
_SCALARS = (int, float, complex, str, bytes, type(None))


def _scalar(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, _SCALARS)


def _plain(node: ast.expr) -> bool:
    """A scalar constant or a tuple or list display of them: comparing any value with it, or looking it up
    in any container, compares or hashes no nested items (``actie == "verdagen"``, ``x in ("a", "b")``)."""
    return _scalar(node) or (isinstance(node, ast.Tuple | ast.List) and all(map(_scalar, node.elts)))


def _call(guard: str, args: list[Any], node: ast.AST) -> Any:
    call = ast.Call(func=ast.Name(guard, ast.Load()), args=args, keywords=[])
    return ast.fix_missing_locations(ast.copy_location(call, node))


def _operand(node: ast.expr) -> Any:
    return node if _plain(node) else _call("_operand_", [node], node)


def _key(node: Any) -> Any:  # an ast.expr
    """A key of a set or dict display or comprehension, checked by ``_key_`` unless a constant; a starred
    one (``{*x}``, already ``*_collect_(x)``) collected as the keys of a set."""
    if isinstance(node, ast.Constant):
        return node
    if isinstance(node, ast.Starred):
        collect: Any = node.value
        collect.func.id = "_collect_keys_"
        return node
    return _call("_key_", [node], node)


class ComparePolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy with comparisons and hashed keys rewritten to the guards."""

    def visit_Compare(self, node: ast.Compare) -> Any:
        """``a == b`` becomes ``_eq_(a, b)``, ``a in b`` ``_in_(a, b)`` and so on (``is`` stays), a chain ``a < b < c`` keeps its
        short-circuit with each operand wrapped in ``_operand_``: within the cap of comparison work."""
        node = self.node_contents_visit(node)
        if len(node.ops) == 1 and type(node.ops[0]) in _COMPARE_GUARDS:
            if _plain(node.left) or _plain(node.comparators[0]):
                return node
            return _call(_COMPARE_GUARDS[type(node.ops[0])], [node.left, node.comparators[0]], node)
        if len(node.ops) > 1:
            node.left = _operand(node.left)
            node.comparators = [_operand(c) for c in node.comparators]
        return node

    def visit_Set(self, node: ast.Set) -> Any:
        """The keys of a set display are hashed: nested tuples within the cap, ``{*x}`` as ``set(x)``."""
        node = self.node_contents_visit(node)
        node.elts = [_key(elt) for elt in node.elts]
        return node

    def visit_Dict(self, node: ast.Dict) -> Any:
        node = self.node_contents_visit(node)
        node.keys = [None if key is None else _key(key) for key in node.keys]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        """``d[k] = v`` and ``del d[k]`` hash ``k``: a nested tuple within the cap (a read is ``_getitem_``)."""
        visited: Any = super().visit_Subscript(node)
        if isinstance(visited, ast.Subscript) and not isinstance(visited.slice, ast.Slice):
            visited.slice = _key(visited.slice)
        return visited

    def visit_SetComp(self, node: ast.SetComp) -> Any:
        visited: Any = super().visit_SetComp(node)
        visited.elt = _key(visited.elt)
        return visited

    def visit_DictComp(self, node: ast.DictComp) -> Any:
        visited: Any = super().visit_DictComp(node)
        visited.key = _key(visited.key)
        return visited
