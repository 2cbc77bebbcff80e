"""The keys of a set or dict that one call builds from many items in BPMN scripts (``set(x)``, ``dict(x)``,
``dict.fromkeys``, ``update``, ``union``, ``{*x}``): Python compares every new key with the keys already
there that share its hash value, in one C call the CPU budget's watchdog cannot interrupt. Many unequal
keys with one hash make that quadratic (tester finding: ``set([k * (2 ** 61 - 1) for k in range(1, 30001)])``,
all hashing to 0, took 8 s; a million such keys would take hours). ``check_keys`` counts the hash values
first and refuses a collection whose colliding keys ask for more than ``MAX_COMPARE_WORK`` comparisons;
it also bounds the hashing of nested tuple keys (``services.engine.sandbox_work``)."""

from __future__ import annotations

import math
import operator
from collections import Counter
from itertools import compress, groupby
from typing import Any

from .sandbox_limits import MAX_COMPARE_WORK, ScriptLimitExceeded
from .sandbox_work import check_work

#: a collection of at most this many keys cannot ask for more than MAX_COMPARE_WORK key comparisons
_FEW_KEYS = math.isqrt(MAX_COMPARE_WORK)
#: keys of these types that differ have different hash values in practice: a text's hash is keyed with a
#: random key per process (SipHash), so no one can make many collide
_KEYED_HASHES = frozenset({str, bytes, bool, type(None)})
#: an int between -_MODULUS and _MODULUS hashes to itself (only -1 and -2 share -2)
_MODULUS = 2**61 - 1


def _keys_of(items: Any, pairs: bool) -> Any:
    if hasattr(items, "keys"):
        return items.keys()
    return [key for key, _value in items] if pairs else items


def check_keys(items: Any, what: str, pairs: bool = False) -> None:
    """Refuse ``items`` as the keys (or, with ``pairs``, the key-value pairs) of one new set or dict when
    hashing them or comparing the keys that share a hash value is too much work."""
    if type(items) in (set, frozenset, dict):
        return  # its keys are distinct and were hashed and placed once already
    try:
        keys = _keys_of(items, pairs)
    except (TypeError, ValueError):
        return  # not key-value pairs: dict() refuses them itself
    kinds = set(map(type, keys))
    if tuple in kinds:
        check_work(list(keys), f"{what}: het hashen van geneste tuples")
    if len(keys) > _FEW_KEYS and not _distinct_hashes(keys, kinds):
        _check_collisions(keys, what)


def _distinct_hashes(keys: Any, kinds: set[type]) -> bool:
    """Whether unequal ``keys`` (of the types ``kinds``) have different hash values: texts, or ints of less
    than 61 bits (the common cases, told in one pass in C)."""
    if kinds <= _KEYED_HASHES:
        return True
    return kinds <= {int, bool} and -_MODULUS < min(keys) and max(keys) < _MODULUS


def _check_collisions(keys: Any, what: str) -> None:
    """Refuse ``keys`` when the keys sharing a hash value need more than the cap of comparisons: a key is
    compared with at most the unequal keys of its hash before it, so a hash shared by ``n`` keys of ``u``
    different values costs at most ``n * u``. Only when the quick bound (every pair) is over the cap are the
    colliding keys grouped and their different values counted, in steps the watchdog can interrupt."""
    try:
        counts = Counter(map(hash, keys))
    except TypeError:
        return  # an unhashable key: set() or dict() refuses it itself
    if sum(map(operator.mul, counts.values(), counts.values())) <= MAX_COMPARE_WORK:
        return
    shared = {h for h, n in counts.items() if n > 1}
    objects = dict(zip(map(id, keys), keys, strict=True)).values()  # each object once ([x] * n is one)
    colliding = sorted(compress(objects, map(shared.__contains__, map(hash, objects))), key=hash)
    work = 0
    for value, members in groupby(colliding, key=hash):
        group, size = list(members), counts[value]
        different = _different(group, (MAX_COMPARE_WORK - work) // size)
        work += size * different
        if work > MAX_COMPARE_WORK:
            raise ScriptLimitExceeded(
                f"{what}: {size} sleutels, waarvan meer dan {different - 1} verschillende, hebben dezelfde "
                "hashwaarde; die met elkaar vergelijken vraagt meer rekenwerk dan een script mag doen."
            )


def _different(group: list[Any], limit: int) -> int:
    """How many different values ``group`` holds, counted up to just past ``limit``."""
    if group.count(group[0]) == len(group):
        return 1  # equal keys (separately made copies of one text): the common case, in one call
    different: list[Any] = []
    for key in group:
        if key not in different:
            different.append(key)
            if len(different) > limit:
                break
    return len(different)


_VIEWS: frozenset[type] = frozenset({type({}.keys()), type({}.items())})


def check_view_operands(a: Any, b: Any) -> None:
    """``a | b``, ``a ^ b``, ``a - b`` and ``a & b`` with a dict view (``d.keys() | x``) hash the other
    operand's items, or build a set of them, in one call: those items checked as ``set(x)``'s."""
    if type(a) in _VIEWS or type(b) in _VIEWS:
        for items in (a, b):
            if type(items) not in _VIEWS and hasattr(items, "__len__"):
                check_keys(items, "Een verzamelingsbewerking met d.keys() of d.items()")


def guarded_or(a: Any, b: Any) -> Any:
    check_view_operands(a, b)
    return a | b


def guarded_xor(a: Any, b: Any) -> Any:
    check_view_operands(a, b)
    return a ^ b


def guarded_sub(a: Any, b: Any) -> Any:
    check_view_operands(a, b)
    return a - b


def guarded_and(a: Any, b: Any) -> Any:
    check_view_operands(a, b)
    return a & b
