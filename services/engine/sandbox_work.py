"""Guards for the single C calls that compare or hash the items of nested containers in BPMN scripts.

Comparing two lists compares their items, and items that are lists in turn are compared item by item: one
C call whose work is the number of items counted through every nesting level. Shared sub-containers make
that number huge for little memory (tester finding: ``[[c] * 1000] * 1000 == [[d] * 1000] * 1000`` with
``c`` and ``d`` equal but distinct lists compares 10⁹ numbers), and the CPU budget's watchdog cannot
interrupt one C call. The same holds for ``in`` on a list, ``list.index``/``count``/``remove``, ``min``,
``max`` and sorting nested items, and for hashing a nested tuple (Python does not cache a tuple's hash).
Distinct but equal long texts or big ints shared many times do the same (``[s] * 5000 == [t] * 5000``
compares 5·10⁹ characters). ``expanded_size`` counts that work, memoized by id, so the count costs one
pass over the distinct containers; the guards refuse above ``MAX_COMPARE_WORK``.

Keys that share a hash value: ``services.engine.sandbox_keys``."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, compress, repeat
from typing import Any

from .sandbox_limits import MAX_COMPARE_WORK, ScriptLimitExceeded

_KEYS: type = type({}.keys())
_VALUES: type = type({}.values())
_ITEMS: type = type({}.items())
#: containers whose comparison or hash compares or hashes their items
_NESTED = frozenset({list, tuple, dict, set, frozenset, _KEYS, _VALUES, _ITEMS})
_is_nested = _NESTED.__contains__
#: values a comparison compares whole (texts char by char, ints digit by digit)
_LEAVES = frozenset({str, bytes, int})
#: containers in which ``in`` compares a value with every item
_SCANNED = frozenset({list, tuple, _VALUES, _ITEMS})
_is_text = frozenset({str, bytes}).__contains__
_is_int = frozenset({int}).__contains__
#: characters of a text, bits of an int, that take about as long to compare as one item (a text of 10⁶
#: characters compared in 20 µs, an int of 10⁶ bits in 9 µs, a small int in 7.5 ns)
_TEXT_UNIT = 256
_INT_UNIT = 512
#: containers in which ``in`` looks a value up by its hash
_HASHED = frozenset({set, frozenset, dict, _KEYS})


def _nested_items(value: Any) -> list[Any]:
    """The items (keys and values of a mapping) of ``value`` that are containers themselves."""
    kind: type = type(value)
    if kind is dict or kind is _ITEMS:
        mapping: Any = value if kind is dict else value.mapping
        return _nested_items(mapping.keys()) + _nested_items(mapping.values())
    return list(compress(value, map(_is_nested, map(type, value))))


def expanded_size(value: Any, limit: int = MAX_COMPARE_WORK) -> int:
    """The number of items in ``value`` counted through every nesting level, a shared sub-container as
    often as it occurs (1 for a value that is no container; a cycle counts 1), a long text or big int as
    the items it takes as long to compare: the work of comparing or hashing ``value`` item by item. Each
    distinct container is read once. Above ``limit`` it may stop early with a number above ``limit``."""
    if type(value) not in _NESTED:
        return _leaf_size(value) if type(value) in _LEAVES else 1
    if _flat(value):
        return len(value) + _leaf_work(value)  # the common case, without the walk below
    children = _nested_items(value)
    if (flat := _flat_children(children)) is not None:
        return len(value) + _leaf_work(value) + flat  # a list of flat tuples or records: in C
    sizes: dict[int, int] = {}
    pending: dict[int, Counter[int]] = {}
    objects: dict[int, Any] = {}
    stack = [value]
    while stack:
        node = stack[-1]
        key = id(node)
        counts = pending.get(key)
        if counts is None:
            if key in sizes:
                stack.pop()
                continue
            children = _nested_items(node)
            objects.update(zip(map(id, children), children, strict=True))
            counts = pending[key] = Counter(map(id, children))
            new = [objects[child] for child in counts if child not in sizes and child not in pending]
            if new:
                stack.extend(new)
                continue
        stack.pop()
        del pending[key]
        total = len(node) + _leaf_work(node) + sum(sizes.get(child, 1) * n for child, n in counts.items())
        if total > limit:
            return total
        sizes[key] = total
    return sizes[id(value)]


def _refused(what: str) -> ScriptLimitExceeded:
    return ScriptLimitExceeded(
        f"{what} vraagt meer rekenwerk dan een script mag doen "
        f"(meer dan {MAX_COMPARE_WORK} elementen, geteld door alle niveaus van geneste lijsten heen, "
        "lange teksten en grote getallen naar hun lengte)."
    )


def check_work(value: Any, what: str, factor: int = 1) -> None:
    if (
        type(value) in _NESTED
        and expanded_size(value, MAX_COMPARE_WORK // factor) * factor > MAX_COMPARE_WORK
    ):
        raise _refused(what)


def check_hashing(value: Any) -> Any:
    """``value`` as a key to look up: a nested tuple within the cap (its hash reads every item)."""
    if type(value) is tuple:
        check_work(value, "Het opzoeken van een geneste tuple")
    return value


# -- comparisons -------------------------------------------------------------------------------------
def _leaf_size(item: Any) -> int:
    """The work of comparing one text or int: 1, more for a long text or big int."""
    return 1 + (len(item) // _TEXT_UNIT if type(item) is not int else item.bit_length() // _INT_UNIT)


def _check_in(item: Any, container: Any) -> None:
    if type(container) in _HASHED:
        check_hashing(item)
    elif type(item) in _NESTED or type(item) in _LEAVES:  # compared with every item of the container
        times = max(len(container), 1)
        size = _leaf_size(item) if type(item) in _LEAVES else expanded_size(item, MAX_COMPARE_WORK // times)
        if size * times > MAX_COMPARE_WORK:
            check_work(container, "Het zoeken van een waarde in een lange of geneste lijst")


def _flat(value: Any) -> bool:
    kind: type = type(value)
    if kind is dict or kind is _ITEMS:
        return not _nested_items(value)
    return _NESTED.isdisjoint(map(type, value))


def _leaves(value: Any) -> Any:
    """The items of ``value`` a comparison compares: a mapping's keys and values."""
    kind: type = type(value)
    if kind is dict or kind is _ITEMS:
        mapping: Any = value if kind is dict else value.mapping
        return chain(mapping.keys(), mapping.values())
    return value


def _leaf_sum(items: Any) -> int:
    """The extra work of comparing the long texts and big ints among ``items`` (a list or tuple)."""
    texts = map(len, compress(items, map(_is_text, map(type, items))))
    bits = map(int.bit_length, compress(items, map(_is_int, map(type, items))))
    return sum(map(operator.floordiv, texts, repeat(_TEXT_UNIT))) + sum(
        map(operator.floordiv, bits, repeat(_INT_UNIT))
    )


def _leaf_work(value: Any) -> int:
    items = _leaves(value)
    return _leaf_sum(items if type(items) is list or type(items) is tuple else list(items))


def _flat_children(children: list[Any]) -> int | None:
    """The work of ``children`` (a shared one as often as it occurs) when none of them holds a container,
    else None."""
    distinct = dict(zip(map(id, children), children, strict=True)).values()
    kinds = set(map(type, distinct))
    if kinds == {dict}:
        items = chain(chain.from_iterable(distinct), chain.from_iterable(map(dict.values, distinct)))
    elif dict in kinds or _ITEMS in kinds:
        return None
    else:
        items = chain.from_iterable(distinct)
    if not _NESTED.isdisjoint(map(type, items)):
        return None
    if len(distinct) == len(children):  # one pass over all their items in C
        leaves = _leaf_sum(list(chain.from_iterable(map(_leaves, distinct))))
    else:
        times = Counter(map(id, children))
        leaves = sum(_leaf_work(child) * times[id(child)] for child in distinct)
    return sum(map(len, children)) + leaves


def _check_compare(a: Any, b: Any, equality: bool) -> None:
    if a is b or (equality and type(a) is type(b) and len(a) != len(b)):
        return  # Python answers at once, or containers of different length differ
    if expanded_size(a) > MAX_COMPARE_WORK:
        check_work(b, "Het vergelijken van geneste lijsten")


def _compare_guard(compare: Callable[[Any, Any], Any], equality: bool) -> Callable[[Any, Any], Any]:
    def guard(a: Any, b: Any) -> Any:
        if type(a) in _NESTED and type(b) in _NESTED:
            _check_compare(a, b, equality)
        return compare(a, b)

    return guard


#: the guards of ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``: the policy rewrites a single comparison
#: ``a == b`` to ``_eq_(a, b)``, refused when it would compare more items than the cap
COMPARE_GUARDS: dict[str, Callable[[Any, Any], Any]] = {
    "_eq_": _compare_guard(operator.eq, True),
    "_ne_": _compare_guard(operator.ne, True),
    "_lt_": _compare_guard(operator.lt, False),
    "_le_": _compare_guard(operator.le, False),
    "_gt_": _compare_guard(operator.gt, False),
    "_ge_": _compare_guard(operator.ge, False),
}


def _check_membership(item: Any, container: Any) -> None:
    if type(item) in _NESTED:
        if type(container) in _NESTED:
            _check_in(item, container)
    elif type(item) in _LEAVES and type(container) in _SCANNED:
        _check_in(item, container)


def guarded_in(item: Any, container: Any) -> bool:
    """``item in container``, refused when it would compare or hash more items than the cap."""
    _check_membership(item, container)
    return item in container


def guarded_not_in(item: Any, container: Any) -> bool:
    """``item not in container``, as ``guarded_in``."""
    _check_membership(item, container)
    return item not in container


def guarded_operand(value: Any) -> Any:
    """An operand of a chained comparison (``a < b < c``): within the cap on its own."""
    check_work(value, "Het vergelijken van geneste lijsten")
    return value


# -- builtins and methods that compare items -----------------------------------------------------------
def _sort_factor(items: Any) -> int:
    return max(len(items), 2).bit_length()  # a sort compares each item about log2(n) times


def checked_items(items: Any, what: str, collect: Callable[[Any, str], Any] | None = None) -> Any:
    """``items`` for a call that compares them with each other: a container within the cap, an iterator
    checked item by item (``min``, ``max``: each comparison is a step between two items), or read by
    ``collect`` first and checked as a whole (``sorted``: it compares each item about log2(n) times)."""
    sorting = collect is not None
    if collect is not None and type(items) not in _NESTED:
        items = collect(items, "Het resultaat van sorted()")
    if type(items) in _NESTED:
        check_work(items, what, _sort_factor(items) if sorting else 1)
        return items
    if isinstance(items, Iterator) or not hasattr(items, "__len__"):
        return _checked_iter(items, what)
    return items


def _checked_iter(items: Iterable[Any], what: str) -> Iterator[Any]:
    for item in items:
        check_work(item, what)
        yield item


def _checked_key(key: Callable[[Any], Any], what: str, total: int | None) -> Callable[[Any], Any]:
    """``key`` whose results are within the cap: each one (``min``, ``max`` compare them one step at a
    time) or, with ``total``, all of them together (a sort computes every key before it compares)."""
    work = 0

    def call(item: Any) -> Any:
        nonlocal work
        value = key(item)
        if type(value) in _NESTED:
            limit = MAX_COMPARE_WORK if total is None else total - work
            size = expanded_size(value, limit)
            work += size if total is not None else 0
            if size > limit:
                raise _refused(what)
        return value

    return call


def _sort_key(kwargs: dict[str, Any], items: Any, what: str) -> None:
    if kwargs.get("key") is not None:
        kwargs["key"] = _checked_key(kwargs["key"], what, MAX_COMPARE_WORK // _sort_factor(items))


def comparing(
    base: Callable[..., Any], name: str, collect: Callable[[Any, str], Any] | None = None
) -> Callable[..., Any]:
    """``min``/``max``/``sorted`` (with the ``collect`` of its items) whose items, and the results of their
    ``key`` function, are within the cap of comparison work."""
    what = f"{name}() van geneste lijsten"

    def call(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 1:
            args = (checked_items(args[0], what, collect),)
        elif len(args) > 1:
            check_work(args, what)
        if collect is not None and args and hasattr(args[0], "__len__"):
            _sort_key(kwargs, args[0], what)
        elif kwargs.get("key") is not None:
            kwargs["key"] = _checked_key(kwargs["key"], what, None)
        return base(*args, **kwargs)

    return call


#: methods that compare a value with the items of a list or tuple, or sort a list
_COMPARING_METHODS = frozenset({"index", "count", "remove", "sort"})
#: methods that look a key up in a set or dict by its hash
_LOOKUP_METHODS = frozenset({"get", "pop", "setdefault", "add", "discard", "remove"})
#: methods of a set that look every item of their arguments up (the ones that collect them into a set are
#: checked by ``check_keys`` in services.engine.sandbox_collect)
_LOOKUP_ALL = frozenset(
    {"intersection", "intersection_update", "difference", "difference_update", "isdisjoint", "issuperset"}
)


def _checked_call(name: str, target: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if isinstance(target, set | frozenset | dict | _KEYS | _ITEMS):
        if rest and name in _LOOKUP_METHODS:
            check_hashing(rest[0])
        elif name in _LOOKUP_ALL:
            for items in rest:
                check_work(items, "Het opzoeken van geneste tuples")
    elif name == "sort" and isinstance(target, list):
        check_work(target, "Het sorteren van geneste lijsten", _sort_factor(target))
        _sort_key(kwargs, target, "Het sorteren van geneste lijsten")
    elif rest and name != "sort" and isinstance(target, list | tuple):
        _check_in(rest[0], target)


def compare_method(obj: Any, name: str, value: Any) -> Any:
    """``value`` (the attribute ``name`` of ``obj``): ``index``, ``count``, ``remove`` and ``sort`` of a list
    or tuple refuse to compare more items than the cap, and the methods of a set or dict that look a key
    up refuse a nested tuple above the cap, also when taken from the type (``list.count(a, x)``)."""
    if name not in _COMPARING_METHODS and name not in _LOOKUP_METHODS and name not in _LOOKUP_ALL:
        return value
    kind = obj if isinstance(obj, type) else type(obj)
    if not issubclass(kind, list | tuple | set | frozenset | dict | _KEYS | _ITEMS):
        return value

    def call(*args: Any, **kwargs: Any) -> Any:
        target, rest = (args[0] if args else None, args[1:]) if obj is kind else (obj, args)
        _checked_call(name, target, rest, kwargs)
        return value(*args, **kwargs)

    return call
