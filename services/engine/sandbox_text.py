"""Size guards for text in BPMN scripts: format specifications, f-strings, %-formatting, and the string
and list methods that can make a result far larger than their input (``ljust``, ``expandtabs``,
``replace``, ``join``, ``translate``, ``extend``; ``upper``, ``encode``, ``hex`` and the like by a fixed
factor). Each refuses, before building it, a result over ``MAX_ITEMS``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .sandbox_limits import MAX_FORMAT_WIDTH, MAX_ITEMS
from .sandbox_limits import too_big as _too_big

# -- format specifications --------------------------------------------------------------------------
_SPEC_NUMBERS = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_spec(spec: str) -> None:
    if any(int(n) > MAX_FORMAT_WIDTH for n in _SPEC_NUMBERS.findall(spec)):
        raise _too_big(f"De opmaak '{spec[:40]}'")


def guarded_format_value(value: Any, conversion: int, spec: str) -> str:
    """The formatting of one f-string field, with a bounded width and precision."""
    if conversion == ord("r"):
        value = repr(value)
    elif conversion == ord("s"):
        value = str(value)
    elif conversion == ord("a"):
        value = ascii(value)
    _check_spec(spec)
    return format(value, spec)


def guarded_fstring(*parts: str) -> str:
    """An f-string's formatted parts joined, refused when the whole would be too big."""
    if sum(len(p) for p in parts) > MAX_ITEMS:
        raise _too_big("De f-string")
    return "".join(parts)


def _size(value: Any) -> int:
    """The length ``value`` adds to a text it is formatted into."""
    return len(value) if isinstance(value, str | bytes) else len(str(value))


def guarded_mod(a: Any, b: Any) -> Any:
    if isinstance(a, str | bytes):
        text = a if isinstance(a, str) else a.decode("latin-1")
        for width, precision in _PERCENT_SPEC.findall(text):
            for n in (width, precision):
                if n == "*" or (n and int(n) > MAX_FORMAT_WIDTH):
                    raise _too_big("De %-opmaak")
        fields = len(_PERCENT_SPEC.findall(text))
        if isinstance(b, dict):  # a key may be used by several fields
            added = fields * max((_size(v) for v in b.values()), default=0)
        else:
            added = sum(_size(v) for v in b) if isinstance(b, tuple) else _size(b)
        if len(text) + added > MAX_ITEMS:
            raise _too_big("De %-opmaak")
    return a % b


_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def _bounded_width(text: str | bytes, method: Callable[..., Any], name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        width = args[0] if args else kwargs.get("tabsize" if name == "expandtabs" else "width", 0)
        if isinstance(width, int) and width > MAX_ITEMS:
            raise _too_big(f"Het resultaat van {name}({width})")
        if name == "expandtabs" and isinstance(width, int):  # each tab may grow to the tab size
            tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
            if len(text) + tabs * max(0, width - 1) > MAX_ITEMS:
                raise _too_big(f"Het resultaat van {name}({width})")
        return method(*args, **kwargs)

    return call


def _bounded_replace(text: str | bytes, method: Callable[..., Any]) -> Callable[..., Any]:
    def call(old: Any, new: Any, *rest: Any) -> Any:
        if isinstance(old, str | bytes) and isinstance(new, str | bytes):
            count = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]  # same kind, or refused
            if len(text) + count * max(0, len(new) - len(old)) > MAX_ITEMS:
                raise _too_big("Het resultaat van replace")
        return method(old, new, *rest)

    return call


def _bounded_join(sep: str | bytes, method: Callable[..., Any]) -> Callable[..., Any]:
    def call(items: Any) -> Any:
        items = list(items)
        total = len(sep) * max(0, len(items) - 1) + sum(len(i) for i in items if isinstance(i, str | bytes))
        if total > MAX_ITEMS:
            raise _too_big("Het resultaat van join")
        return method(items)

    return call


def _bounded_translate(text: str | bytes, method: Callable[..., Any]) -> Callable[..., Any]:
    def call(table: Any, *rest: Any) -> Any:
        values = (
            table.values() if isinstance(table, dict) else table if isinstance(table, list | tuple) else ()
        )
        if values:
            longest = max((len(v) for v in values if isinstance(v, str)), default=1)
            if len(text) * max(1, longest) > MAX_ITEMS:
                raise _too_big("Het resultaat van translate")
        return method(table, *rest)

    return call


def _bounded_extend(items: list[Any], method: Callable[..., Any]) -> Callable[..., Any]:
    def call(more: Any) -> Any:
        more = more if hasattr(more, "__len__") else list(more)  # a range is measured, not built
        if len(items) + len(more) > MAX_ITEMS:
            raise _too_big("Het resultaat van extend")
        return method(more)

    return call


#: methods whose result is at most a fixed number of times the text's length (Unicode case mappings
#: give up to 3 characters for one; an escape encoding up to 10, another encoding up to 4 bytes; hex 3)
_FACTORS = {"upper": 3, "lower": 3, "casefold": 3, "swapcase": 3, "title": 3, "capitalize": 3, "hex": 3}


def _bounded_factor(text: str | bytes, method: Callable[..., Any], name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        if name == "encode":
            encoding = str(args[0] if args else kwargs.get("encoding", "utf-8")).lower()
            factor = 10 if "escape" in encoding else 4
        else:
            factor = _FACTORS[name]
        if len(text) * factor > MAX_ITEMS:
            raise _too_big(f"Het resultaat van {name}")
        return method(*args, **kwargs)

    return call


_GROWING = _WIDTH_METHODS | {"replace", "join", "translate", "encode"} | set(_FACTORS)


def _unbound(kind: type, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """``str.ljust`` and the like, taken from the type: bounded as the method of the text it is given."""

    def call(text: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(text, kind):
            return method(text, *args, **kwargs)  # the type's own error
        return text_method(text, name, getattr(text, name))(*args, **kwargs)

    return call


def text_method(obj: Any, name: str, value: Any) -> Any:
    """``value`` (the attribute ``name`` of ``obj``), size-bounded when it is a method that can grow, also
    when it is taken from the type (``str.ljust('', n)``)."""
    if obj is str or obj is bytes:
        return _unbound(obj, name, value) if name in _GROWING else value
    if isinstance(obj, str | bytes):
        if name in _WIDTH_METHODS:
            return _bounded_width(obj, value, name)
        if name == "replace":
            return _bounded_replace(obj, value)
        if name == "join":
            return _bounded_join(obj, value)
        if name == "translate":
            return _bounded_translate(obj, value)
        if name in _FACTORS or (name == "encode" and isinstance(obj, str)):
            return _bounded_factor(obj, value, name)
    elif isinstance(obj, list) and name == "extend":
        return _bounded_extend(obj, value)
    return value
