"""The RestrictedPython policy, guards and limits that every BPMN script and expression runs under.

- ``ScriptPolicy`` (a RestrictingNodeTransformer) refuses what RestrictedPython refuses (names and
  attributes starting with ``_``, frame/code/generator attributes, exec/eval) plus imports, lambdas,
  classes, ``global``/``nonlocal`` and an explicit deny list of attributes; it rewrites ``**``, ``*``,
  ``<<``, ``+``, ``|``, ``^``, ``-``, ``&`` and f-string format specs into guard calls that refuse
  results that would be too big (or, with a dict view, keys that share a hash).
- ``guard_globals()`` are the runtime guards (``_getattr_``, ``_getitem_``, ``_getiter_``, ``_write_``,
  ``_inplacevar_``, guarded unpacking) and the safe builtins, with a bounded ``range`` and ``pow``, and
  ``str``/``float`` whose conversion is bounded (``services.engine.sandbox_repr``) and ``list``, ``sorted``,
  ``sum`` and the like that refuse to collect too many items (``services.engine.sandbox_collect``).
- comparisons, ``in``, sorting, ``min``/``max``, the list methods that compare items and the keys a set or
  dict hashes are bounded by the work they ask of one C call (``services.engine.sandbox_work``, rewritten
  by ``services.engine.sandbox_compare_policy``): nested containers compared or hashed item by item, and
  many unequal keys sharing one hash value.
- ``CpuBudget`` (services.engine.cpu_budget) stops a script that runs longer than its CPU budget: the
  policy puts a ``_tick_()`` call in every loop body, comprehension and function.
"""

from __future__ import annotations

import ast
import builtins
import operator
from collections.abc import Callable
from typing import Any

from RestrictedPython.Eval import default_guarded_getiter
from RestrictedPython.Guards import full_write_guard, raise_, safer_getattr
from RestrictedPython.transformer import INSPECT_ATTRIBUTES

from .sandbox_collect import (
    SCRIPT_DICT,
    SCRIPT_LIST,
    SCRIPT_SET,
    SCRIPT_SORTED,
    SCRIPT_TUPLE,
    collect_method,
    collected,
    guarded_collect,
    guarded_collect_keys,
    guarded_iter_unpack,
    guarded_unpack,
    script_sum,
)
from .sandbox_compare_policy import ComparePolicy
from .sandbox_keys import check_view_operands, guarded_and, guarded_or, guarded_sub, guarded_xor
from .sandbox_limits import MAX_INT_BITS, MAX_ITEMS, MAX_POWMOD_WORK, ScriptLimitExceeded, powmod_work, shown
from .sandbox_limits import too_big as _too_big
from .sandbox_repr import SCRIPT_FLOAT, SCRIPT_STR, real_type
from .sandbox_text import guarded_format_value, guarded_fstring, guarded_mod, text_method
from .sandbox_work import (
    COMPARE_GUARDS,
    check_hashing,
    compare_method,
    comparing,
    guarded_in,
    guarded_not_in,
    guarded_operand,
)

#: The file name scripts are compiled under (SpiffWorkflow looks for it to report the line of an error).
SCRIPT_FILENAME = "<string>"
#: Attributes no script may read, whatever the object: frames, code, generators, class internals, format.
DENIED_ATTRIBUTES = frozenset(INSPECT_ATTRIBUTES) | {
    "gi_frame",
    "gi_code",
    "gi_yieldfrom",
    "f_back",
    "f_globals",
    "f_locals",
    "f_builtins",
    "f_code",
    "f_trace",
    "tb_frame",
    "tb_next",
    "cr_frame",
    "cr_code",
    "ag_frame",
    "ag_code",
    "func_globals",
    "func_code",
    "mro",
    "format",
    "format_map",
    "vformat",
    "get_field",
}

SAFE_BUILTIN_NAMES = (
    "abs all any bool dict enumerate filter float int isinstance len list map max min "
    "reversed round set sorted str sum tuple zip True False None "
    "Exception ValueError KeyError IndexError TypeError ZeroDivisionError"
).split()


# -- guards for operators ---------------------------------------------------------------------------
_SEQUENCES = (str, bytes, list, tuple)


def _int_like(x: Any) -> bool:
    return isinstance(x, int)


def _check_pow(base: Any, exp: Any) -> None:
    if _int_like(base) and _int_like(exp) and exp > 0 and abs(base) > 1:
        if exp * base.bit_length() > MAX_INT_BITS:
            raise _too_big(f"De macht met als grondtal {shown(base)} en als exponent {shown(exp)}")


def _check_powmod(base: Any, exp: Any, mod: Any) -> None:
    """A modular power runs as one C call the CPU budget cannot interrupt: refuse it up front when it is
    too much work (tester finding: ``pow(3, 2 ** 100000 - 1, 2 ** 20000 - 1)`` ran a minute)."""
    if not (_int_like(base) and _int_like(exp) and _int_like(mod)):
        return  # not three ints: Python refuses it (a TypeError), or a Decimal bounds it by its precision
    if powmod_work(base, exp, mod) > MAX_POWMOD_WORK:
        sizes = f"een exponent van {abs(exp).bit_length()} bits en een modulus van {mod.bit_length()} bits"
        raise ScriptLimitExceeded(
            f"De modulaire macht met {sizes} vraagt meer rekenwerk dan een script mag doen."
        )


def _check_mul(a: Any, b: Any) -> None:
    if _int_like(a) and _int_like(b):
        if a.bit_length() + b.bit_length() > MAX_INT_BITS:
            raise _too_big("Het product")
    elif isinstance(a, _SEQUENCES) and _int_like(b) and len(a) * b > MAX_ITEMS:
        raise _too_big(f"Een herhaling ({len(a)} × {shown(b)})")
    elif isinstance(b, _SEQUENCES) and _int_like(a) and len(b) * a > MAX_ITEMS:
        raise _too_big(f"Een herhaling ({shown(a)} × {len(b)})")


def _check_lshift(a: Any, b: Any) -> None:
    if _int_like(a) and _int_like(b) and b > 0 and a.bit_length() + b > MAX_INT_BITS:
        raise _too_big(f"De verschuiving van {shown(a)} over {shown(b)} bits")


def _check_add(a: Any, b: Any) -> None:
    if isinstance(a, _SEQUENCES) and isinstance(b, _SEQUENCES) and len(a) + len(b) > MAX_ITEMS:
        raise _too_big("Een samenvoeging")


def guarded_pow(base: Any, exp: Any, mod: Any = None) -> Any:
    if mod is None:
        _check_pow(base, exp)
        return base**exp
    _check_powmod(base, exp, mod)
    return pow(base, exp, mod)


def guarded_mul(a: Any, b: Any) -> Any:
    _check_mul(a, b)
    return a * b


def guarded_lshift(a: Any, b: Any) -> Any:
    _check_lshift(a, b)
    return a << b


def guarded_add(a: Any, b: Any) -> Any:
    _check_add(a, b)
    return a + b


def guarded_range(*args: Any) -> range:
    result = range(*args)
    try:
        size = len(result)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise _too_big(f"Een range van {size} getallen")
    return result


_BINOPS: dict[type[ast.operator], str] = {
    ast.Pow: "_pow_",
    ast.Mult: "_mul_",
    ast.LShift: "_lshift_",
    ast.Add: "_add_",
    ast.BitOr: "_or_",
    ast.BitXor: "_xor_",
    ast.Sub: "_sub_",
    ast.BitAnd: "_and_",
}
#: operators only a dict view makes costly: left as they are with a constant operand (``termijn - 1``)
_VIEW_ONLY = (ast.Sub, ast.BitAnd)
_INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
    "**=": operator.ipow,
    "<<=": operator.ilshift,
    ">>=": operator.irshift,
    "&=": operator.iand,
    "|=": operator.ior,
    "^=": operator.ixor,
}
_INPLACE_CHECK: dict[str, Callable[[Any, Any], None]] = {
    "+=": _check_add,
    "*=": _check_mul,
    "**=": _check_pow,
    "<<=": _check_lshift,
    "|=": check_view_operands,
    "^=": check_view_operands,
    "-=": check_view_operands,
    "&=": check_view_operands,
}


def guarded_inplacevar(op: str, x: Any, y: Any) -> Any:
    """``x op= y`` (RestrictedPython rewrites augmented assignment to this), with the same size caps."""
    fn = _INPLACE.get(op)
    if fn is None:
        raise ScriptLimitExceeded(f"Operator '{op}' is niet toegestaan in scripts.")
    check = _INPLACE_CHECK.get(op)
    if check is not None:
        check(x, list(y) if op == "+=" and isinstance(x, list) and not isinstance(y, list) else y)
    if op == "%=":
        return guarded_mod(x, y)
    return fn(x, y)


# -- attribute access -------------------------------------------------------------------------------
def guarded_getattr(obj: Any, name: str, default: Any = raise_) -> Any:
    """RestrictedPython's safer_getattr plus the deny list and size-bounded string methods."""
    if name in DENIED_ATTRIBUTES:
        raise AttributeError(f"Attribuut '{name}' is niet toegestaan in scripts.")
    obj = real_type(obj)  # a script's str is the bounded conversion; str.upper is the method of str
    value = text_method(obj, name, safer_getattr(obj, name, default))
    return compare_method(obj, name, collect_method(obj, name, value))


def guarded_getitem(obj: Any, index: Any) -> Any:
    """``obj[index]``; a nested tuple as key within the cap of hashing work."""
    return obj[check_hashing(index) if type(index) is tuple else index]


def _apply(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def guard_globals() -> dict[str, Any]:
    """The guards RestrictedPython's compiled code calls, and the safe builtins."""
    safe = {name: getattr(builtins, name) for name in SAFE_BUILTIN_NAMES}
    safe.update(range=guarded_range, pow=guarded_pow, str=SCRIPT_STR, float=SCRIPT_FLOAT, sum=script_sum)
    safe.update(list=SCRIPT_LIST, tuple=SCRIPT_TUPLE, set=SCRIPT_SET, dict=SCRIPT_DICT)
    safe.update(
        sorted=comparing(SCRIPT_SORTED, "sorted", collected),
        min=comparing(min, "min"),
        max=comparing(max, "max"),
    )
    return {
        "__builtins__": safe,
        "_getattr_": guarded_getattr,
        "_getitem_": guarded_getitem,
        "_getiter_": default_guarded_getiter,
        "_write_": full_write_guard,
        "_inplacevar_": guarded_inplacevar,
        "_iter_unpack_sequence_": guarded_iter_unpack,
        "_unpack_sequence_": guarded_unpack,
        "_collect_": guarded_collect,
        "_collect_keys_": guarded_collect_keys,
        "_key_": check_hashing,
        **COMPARE_GUARDS,
        "_in_": guarded_in,
        "_not_in_": guarded_not_in,
        "_operand_": guarded_operand,
        "_apply_": _apply,
        "_pow_": guarded_pow,
        "_mul_": guarded_mul,
        "_lshift_": guarded_lshift,
        "_add_": guarded_add,
        "_or_": guarded_or,
        "_xor_": guarded_xor,
        "_sub_": guarded_sub,
        "_and_": guarded_and,
        "_mod_": guarded_mod,
        "_format_value_": guarded_format_value,
        "_fstring_": guarded_fstring,
    }


# -- the compile-time policy ------------------------------------------------------------------------
class ScriptPolicy(ComparePolicy):
    """RestrictedPython's policy, stricter, with operators rewritten to the guards above."""

    def error(self, node: ast.AST, info: str) -> None:
        if info in ("Exec calls are not allowed.", "Eval calls are not allowed."):
            return  # neither is a builtin here: calling one is a NameError like any unknown name
        lineno = getattr(node, "lineno", None)
        self.errors.append(f"Line {lineno}: {info}")

    def visit_Import(self, node: ast.Import) -> Any:
        self.error(node, "Import statements are not allowed.")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> Any:
        self.error(node, "Import statements are not allowed.")

    def visit_Lambda(self, node: ast.Lambda) -> Any:
        self.not_allowed(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        self.not_allowed(node)

    def visit_Global(self, node: ast.Global) -> Any:
        self.not_allowed(node)

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        if node.attr in DENIED_ATTRIBUTES and node.attr not in INSPECT_ATTRIBUTES:
            self.error(node, f'"{node.attr}" is a restricted name.')
        return super().visit_Attribute(node)

    # every loop body, comprehension and function body starts with a tick of the CPU budget
    @staticmethod
    def _tick(node: Any) -> Any:
        call = ast.Call(func=ast.Name("_tick_", ast.Load()), args=[], keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, node))

    def _tick_first(self, node: Any) -> Any:
        node.body.insert(0, ast.copy_location(ast.Expr(self._tick(node)), node))
        return node

    def visit_While(self, node: ast.While) -> Any:
        return self._tick_first(super().visit_While(node))

    def visit_For(self, node: ast.For) -> Any:
        return self._tick_first(super().visit_For(node))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        return self._tick_first(super().visit_FunctionDef(node))

    def visit_comprehension(self, node: ast.comprehension) -> Any:
        visited: Any = super().visit_comprehension(node)
        visited.ifs.insert(0, self._tick(visited.target))
        return visited

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        node = self.node_contents_visit(node)
        guard = _BINOPS.get(type(node.op)) or ("_mod_" if isinstance(node.op, ast.Mod) else None)
        constant = isinstance(node.left, ast.Constant) or isinstance(node.right, ast.Constant)
        if guard is None or (constant and isinstance(node.op, _VIEW_ONLY)):
            return node
        call = ast.Call(func=ast.Name(guard, ast.Load()), args=[node.left, node.right], keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, node))

    def visit_Starred(self, node: ast.Starred) -> Any:
        """A starred value that is read (``[*x]``, ``f(*x)``) becomes ``*_collect_(x)``: within the caps."""
        node = self.node_contents_visit(node)
        if isinstance(node.ctx, ast.Load):
            call = ast.Call(func=ast.Name("_collect_", ast.Load()), args=[node.value], keywords=[])
            node.value = ast.fix_missing_locations(ast.copy_location(call, node.value))
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> Any:
        """An f-string becomes ``_fstring_(part, ...)``: each field formatted by the guard, the total length
        checked before the parts are joined."""
        node = self.node_contents_visit(node)
        parts: list[ast.expr] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                spec = part.format_spec if part.format_spec is not None else ast.Constant("")
                call = ast.Call(
                    func=ast.Name("_format_value_", ast.Load()),
                    args=[part.value, ast.Constant(part.conversion), spec],
                    keywords=[],
                )
                parts.append(ast.copy_location(call, part))
            else:
                parts.append(part)
        call = ast.Call(func=ast.Name("_fstring_", ast.Load()), args=parts, keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, node))
