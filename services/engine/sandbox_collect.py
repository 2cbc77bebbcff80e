"""Size guards for the builtins and methods that collect an iterable into a container in BPMN scripts.

``list``, ``tuple``, ``set``, ``dict``, ``sorted``, star-unpacking (``[*x]``, ``f(*x)``, ``a, *b = x``),
``sum`` of lists and the methods that read a whole iterable (``extend``, ``update``, ``union``,
``dict.fromkeys``) run in C: the CPU budget cannot stop them halfway, so ``sorted(range(10 ** 7))`` built
ten million numbers (some 400 MB) before it was stopped. ``collected`` refuses, before anything is built,
a builtin container of more than ``MAX_ITEMS`` items (copying it shares its items) and a range of more
than ``MAX_COLLECTED`` numbers; any other iterable is read in chunks and refused once it gave more than
``MAX_COLLECTED`` items."""

from __future__ import annotations

from collections.abc import Callable, Sized
from itertools import chain, islice
from typing import Any

from RestrictedPython.Guards import guarded_unpack_sequence

from .sandbox_keys import check_keys
from .sandbox_limits import MAX_COLLECTED, MAX_ITEMS
from .sandbox_limits import too_big as _too_big
from .sandbox_repr import script_type

#: builtin containers: a new container of their items shares those items
_CONTAINERS: tuple[type[Sized], ...] = (
    list,
    tuple,
    str,
    bytes,
    dict,
    set,
    frozenset,
    type({}.keys()),
    type({}.values()),
    type({}.items()),
)
_SHARED = frozenset(_CONTAINERS)
_CHUNK = 4096


def collected(items: Any, what: str) -> Any:
    """``items`` as a call may collect them: a builtin container or a range within its cap as it is, any
    other iterable read into a list; refused, before it is built, when it holds too many items."""
    if isinstance(items, _CONTAINERS) or (hasattr(items, "keys") and hasattr(items, "__len__")):
        if len(items) > MAX_ITEMS:  # a mapping (dict() and update() read its keys, as dict() decides)
            raise _too_big(f"{what} ({len(items)} elementen)")
        return items
    if isinstance(items, range):
        if len(items) > MAX_COLLECTED:
            raise _too_big(f"{what} ({len(items)} elementen)")
        return items
    source, result = iter(items), []
    while chunk := list(islice(source, _CHUNK)):
        result.extend(chunk)
        if len(result) > MAX_COLLECTED:
            raise _too_big(f"{what} (meer dan {MAX_COLLECTED} elementen)")
    return result


def guarded_collect(items: Any) -> Any:
    """A starred value (``[*x]``, ``f(*x)``): the policy wraps each in this."""
    return collected(items, "Het uitpakken met *")


def guarded_collect_keys(items: Any) -> Any:
    """A starred value in a set display (``{*x}``): collected, and its keys checked as ``set(x)``'s."""
    items = collected(items, "Het uitpakken met *")
    check_keys(items, "Het uitpakken met * in een set")
    return items


def _collecting(base: type | Callable[..., Any], name: str) -> Callable[..., Any]:
    """``base`` (list, tuple, set, dict, sorted) with its iterable collected within the caps first."""
    what = f"Het resultaat van {name}()"
    keyed = base is set or base is dict

    def call(*args: Any, **kwargs: Any) -> Any:
        if not args:
            return base(**kwargs)
        items = args[0]
        if not (type(items) in _SHARED and len(items) <= MAX_ITEMS):  # the common case: as it is
            items = collected(items, what)
        if keyed:
            check_keys(items, what, pairs=base is dict)
        return base(items, *args[1:], **kwargs)

    return call


def script_sum(items: Any, /, start: Any = 0) -> Any:
    """``sum()``: numbers as usual; lists or tuples (``sum(lijsten, [])``) are joined only within the cap
    that ``a + b`` has, and in one pass (Python's sum copies the whole result for every item, in C, where
    the CPU budget cannot stop it)."""
    if not isinstance(start, list | tuple):
        return sum(items, start)
    parts = collected(items, "De som van lijsten")
    kind = list if isinstance(start, list) else tuple
    if len(start) + sum(len(p) for p in parts if isinstance(p, list | tuple)) > MAX_ITEMS:
        raise _too_big("De som van lijsten")
    if all(isinstance(p, kind) for p in parts):
        return kind(chain(start, chain.from_iterable(parts)))
    return sum(parts, start)  # a part of another kind: Python's own TypeError


#: the ``list``, ``tuple``, ``set`` and ``dict`` builtins of a script, and ``sorted``
SCRIPT_LIST = script_type(list, _collecting(list, "list"))
SCRIPT_TUPLE = script_type(tuple, _collecting(tuple, "tuple"))
SCRIPT_SET = script_type(set, _collecting(set, "set"))
SCRIPT_DICT = script_type(dict, _collecting(dict, "dict"))
SCRIPT_SORTED = _collecting(sorted, "sorted")

#: methods that read a whole iterable into their container or a new one (``set.intersection`` and the
#: like only look items up)
_READING: dict[type, frozenset[str]] = {
    list: frozenset({"extend"}),
    set: frozenset({"update", "union", "symmetric_difference", "symmetric_difference_update", "issubset"}),
    dict: frozenset({"update", "fromkeys"}),
}
_READING_NAMES = frozenset().union(*_READING.values())


def collect_method(obj: Any, name: str, value: Any) -> Any:
    """``value`` (the attribute ``name`` of ``obj``), with its iterables collected within the caps when it
    is a method that reads them whole, also when it is taken from the type (``list.extend(a, b)``)."""
    if name not in _READING_NAMES:
        return value
    kind = obj if isinstance(obj, type) else type(obj)
    base = next((b for b in _READING if issubclass(kind, b)), None)
    if base is None or name not in _READING[base]:
        return value
    first = 1 if obj is kind and name != "fromkeys" else 0  # list.extend(a, b): a is the list itself
    what = f"Het resultaat van {name}"

    def call(*args: Any, **kwargs: Any) -> Any:
        iterables = slice(first, first + 1) if name in ("extend", "fromkeys") else slice(first, None)
        read = [collected(a, what) for a in args[iterables]]
        for items in read if base is not list else ():
            check_keys(items, what, pairs=base is dict and name == "update")
        args = (*args[:first], *read, *args[first + len(read) :])
        target = args[0] if first else obj
        if name == "extend" and read and isinstance(target, list) and len(target) + len(read[0]) > MAX_ITEMS:
            raise _too_big(what)
        return value(*args, **kwargs)

    return call


def _unpack_iter(items: Any) -> Any:
    return collected(items, "Het uitpakken")


def guarded_unpack(it: Any, spec: dict[str, Any], _getiter_: Any = None) -> list[Any]:
    """``a, *b = x`` (RestrictedPython reads x into a list first): x within the caps."""
    return guarded_unpack_sequence(it, spec, _unpack_iter)  # type: ignore[no-any-return]


def guarded_iter_unpack(it: Any, spec: dict[str, Any], _getiter_: Any = None) -> Any:
    """``for a, *b in x``: each item of x unpacked as ``guarded_unpack``."""
    for item in it:
        yield guarded_unpack_sequence(item, spec, _unpack_iter)
