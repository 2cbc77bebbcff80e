"""Bounded text conversion in BPMN scripts: ``str(x)``, f-string fields, %-formatting, ``print`` and the
error a script raises turn a value into text only after ``text_size`` has measured that text, without
building it, and found it within ``MAX_ITEMS``. A list of a million short texts, containers sharing a
near-cap text, or a text whose repr escapes every character (``'\\x00'`` reprs at 4x) is refused
before its text exists.

``text_size`` walks the builtin containers (shared ones measured once, a cycle counted as ``[...]`` as
``repr`` writes it) and stops as soon as the total passes the limit. Plain values are measured by
their own text, which is small; a long text is measured in chunks."""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import chain, islice
from typing import Any

from .sandbox_limits import MAX_ITEMS
from .sandbox_limits import too_big as _too_big

#: values whose str/repr is short and cheap to build (an int is at most 4300 digits in Python 3.11)
_PLAIN = frozenset({int, float, bool, type(None), complex})
#: a text longer than this is measured in chunks of this size, never escaped as a whole
_CHUNK = 65_536
_FLAT = _PLAIN | {str, bytes}
_ITEMS: type = type({}.items())
_VIEWS: dict[type, str] = {
    type({}.keys()): "dict_keys",
    type({}.values()): "dict_values",
    _ITEMS: "dict_items",
}
#: the length of an empty container's text, and (minus 2) what a non-empty one adds to its items
_EMPTY: dict[type, int] = {set: 5, frozenset: 11}
_AROUND: dict[type, int] = {frozenset: 13}


def _text_repr_size(text: str | bytes, conversion: str, limit: int) -> int:
    """The length of ``repr(text)`` (``ascii`` for conversion ``a``): exact for printable text,
    otherwise an upper bound measured chunk by chunk; past ``limit`` it may stop early."""
    if isinstance(text, str):
        if text.isprintable() and (conversion != "a" or text.isascii()):
            quotes = text.count("'") if '"' in text else 0
            return len(text) + 2 + text.count("\\") + quotes
        convert, quotes, prefix = (ascii if conversion == "a" else repr), text.count("'"), 2
    else:
        convert, quotes, prefix = repr, text.count(b"'"), 3
    if len(text) <= _CHUNK:
        return len(convert(text))
    size = prefix + quotes  # a quote may be escaped in the whole but not in its chunk
    for start in range(0, len(text), _CHUNK):
        size += len(convert(text[start : start + _CHUNK])) - prefix
        if size > limit:
            break
    return size


class _Measure:
    """One measurement: the sizes of the containers seen so far, and the containers being measured (a
    container met again inside itself is written as ``[...]``)."""

    def __init__(self, conversion: str):
        self.conversion = conversion
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.cycles = 0
        self.measured: list[Any] = []

    def size(self, value: Any, limit: int) -> int:
        kind = type(value)
        if kind in _PLAIN:
            return len(repr(value))
        if kind is str or kind is bytes:
            return _text_repr_size(value, self.conversion, limit)
        if kind is _ITEMS:  # 'dict_items([(k, v), ...])'
            return len(_VIEWS[kind]) + 2 + 2 * len(value) + self._container(value.mapping, dict, limit)
        if kind in _VIEWS:  # 'dict_keys([...])'
            return len(_VIEWS[kind]) + 2 + self._container(value, list, limit)
        if isinstance(value, BaseException):  # 'ValueError(...)'; its str is at most that
            return len(kind.__name__) + self._container(value.args, tuple, limit)
        base = next((b for b in (list, tuple, dict, set, frozenset) if isinstance(value, b)), None)
        if base is None or kind.__repr__ is not base.__repr__:  # type: ignore[comparison-overlap]
            text = ascii(value) if self.conversion == "a" else repr(value)
            return len(text)  # any other object: its own (short) text
        return self._container(value, base, limit)  # a subclass with the base's repr writes as the base

    def _container(self, value: Any, base: type, limit: int) -> int:
        key = id(value)
        if key in self.open:
            self.cycles += 1
            return 5  # '[...]'
        known = self.sizes.get(key)
        if known is not None:
            return known
        self.open.add(key)
        cycles = self.cycles
        try:
            size = self._items(value, base, limit)
        finally:
            self.open.discard(key)
        if cycles == self.cycles and size <= limit:  # a cycle's '[...]' depends on where it was met
            self.sizes[key] = size
            self.measured.append(value)  # kept alive, so that its id is not reused while measuring
        return size

    def _items(self, value: Any, base: type, limit: int) -> int:
        if not value:
            return _EMPTY.get(base, 2)  # 'set()', 'frozenset()', '[]', '()', '{}'
        single = base is tuple and len(value) == 1  # '(x,)'
        size = _AROUND.get(base, 2) - 2 + single  # 'frozenset({...})', '[...]'
        items = chain.from_iterable(value.items()) if base is dict else value  # key, ': ', value, ', '
        if base is dict:
            keys = self._flat(value.keys(), limit)
            values = self._flat(value.values(), limit - keys) if keys is not None else None
            if keys is not None and values is not None:
                return size + keys + values + 4 * len(value)
        elif (flat := self._flat(value, limit)) is not None:
            return size + flat + 2 * len(value)
        for item in items:
            size += self.size(item, limit - size) + 2  # ', ' or ': ' after it, '[' ']' for the last
            if size > limit:
                break
        return size

    def _flat(self, items: Any, limit: int) -> int | None:
        """The total text of items that are all numbers or short texts, measured at C speed, chunk by
        chunk until past ``limit``; None when some item is anything else."""
        kinds = set(map(type, items))
        if not kinds <= _FLAT:
            return None
        if texts := kinds & {str, bytes}:  # a long text is measured by itself, in chunks
            lengths = map(len, items) if kinds <= texts else (len(i) for i in items if type(i) in texts)
            if max(lengths) > _CHUNK:
                return None
        convert = ascii if self.conversion == "a" else repr
        total, source = 0, iter(items)
        while total <= limit and (chunk := list(islice(source, _CHUNK))):
            total += sum(map(len, map(convert, chunk)))
        return total


def text_size(value: Any, conversion: str = "s", limit: int = MAX_ITEMS) -> int:
    """The length of the text of ``value`` (``str`` for conversion ``s``, ``repr`` for ``r``, ``ascii``
    for ``a``), exact or a little over; once past ``limit`` any number over it."""
    kind = type(value)
    if conversion == "s" and kind is str:
        return len(value)
    own_str = kind.__str__ is not object.__str__ and kind not in _PLAIN and kind is not bytes
    if conversion == "s" and own_str and not isinstance(value, BaseException):
        return len(str(value))  # an object with its own str (a date, a Decimal): short
    return _Measure(conversion).size(value, limit)


def checked_text(value: Any, conversion: str, what: str) -> str:
    """``str(value)``, ``repr(value)`` or ``ascii(value)``, refused before it is built when too big."""
    if type(value) in _PLAIN:
        return str(value) if conversion == "s" else repr(value)
    if text_size(value, conversion) > MAX_ITEMS:
        raise _too_big(what)
    return str(value) if conversion == "s" else ascii(value) if conversion == "a" else repr(value)


#: decoding error handlers that give at most one character per byte (``backslashreplace`` gives four)
_NARROW_ERRORS = frozenset({"strict", "ignore", "replace", "surrogateescape"})


def script_str(*args: Any, **kwargs: Any) -> str:
    """``str()`` as scripts call it, positional or by keyword (``str(object=x)``): a value's text
    bounded; ``str(b, encoding, errors)`` decodes as usual, with an error handler that can write several
    characters per byte bounded by the bytes' length."""
    if len(args) > 3 or set(kwargs) - {"object", "encoding", "errors"} or (args and "object" in kwargs):
        return str(*args, **kwargs)  # a call str() refuses before it converts anything
    value = args[0] if args else kwargs.get("object", "")
    if len(args) < 2 and not {"encoding", "errors"} & set(kwargs):
        return checked_text(value, "s", "De tekst van deze waarde")
    errors = args[2] if len(args) > 2 else kwargs.get("errors", "strict")
    if errors not in _NARROW_ERRORS and isinstance(value, bytes | bytearray) and 4 * len(value) > MAX_ITEMS:
        raise _too_big("De gedecodeerde tekst")
    return str(*args, **kwargs)


def script_float(*args: Any) -> float:
    """``float()`` as scripts call it: Python puts a text it cannot read whole into its error (``'\\x00'``
    at 4x); no number is written in millions of characters, so such a text is refused at once."""
    if args and isinstance(args[0], str | bytes) and len(args[0]) > MAX_ITEMS // 10:
        raise _too_big("De tekst voor float()")
    return float(*args)


def bounded_index(items: list[Any], method: Callable[..., Any]) -> Callable[..., Any]:
    """``list.index``: its 'x is not in list' error holds the repr of x, so a huge x is looked up with
    ``operator.indexOf``, whose error does not."""

    def call(value: Any, *rest: Any) -> Any:
        if type(value) in _PLAIN or text_size(value, "r") <= MAX_ITEMS:
            return method(value, *rest)
        if rest:
            raise _too_big("De waarde die index() zoekt")
        return operator.indexOf(items, value)

    return call


class _ScriptType(type):
    """The metaclass of a builtin type as scripts see it: ``isinstance(x, str)`` and the type's methods
    work as for the type itself; calling it runs the bounded conversion."""

    base: type
    convert: Callable[..., Any]

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls.base)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, cls.base)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.convert(*args, **kwargs)

    def __repr__(cls) -> str:
        return repr(cls.base)


def script_type(base: type, convert: Callable[..., Any]) -> type:
    return _ScriptType(base.__name__, (), {"base": base, "convert": staticmethod(convert)})


#: the ``str`` and ``float`` builtins of a script
SCRIPT_STR = script_type(str, script_str)
SCRIPT_FLOAT = script_type(float, script_float)


def real_type(obj: Any) -> Any:
    """The builtin type behind a script's ``str``/``float`` (for ``str.upper`` and the like), else obj."""
    return obj.base if isinstance(obj, _ScriptType) else obj
