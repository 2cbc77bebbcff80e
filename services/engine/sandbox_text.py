"""Size guards for text in BPMN scripts: format specifications, f-strings, %-formatting, and the string
and list methods that can make a result far larger than their input (``ljust``, ``expandtabs``,
``replace``, ``join``, ``translate``; ``upper``, ``encode``, ``hex`` and the like by a fixed
factor). Each refuses, before building it, a result over ``MAX_ITEMS``."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import Any

from .sandbox_collect import collected
from .sandbox_limits import MAX_FORMAT_WIDTH, MAX_ITEMS, ScriptLimitExceeded, shown
from .sandbox_limits import too_big as _too_big
from .sandbox_repr import bounded_index, checked_text, text_size

# -- format specifications --------------------------------------------------------------------------
_SPEC_NUMBERS = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.S)


def _check_spec(spec: str) -> None:
    if len(spec) > MAX_FORMAT_WIDTH or any(int(n) > MAX_FORMAT_WIDTH for n in _SPEC_NUMBERS.findall(spec)):
        raise _too_big(f"De opmaak '{spec[:40]}'")


def guarded_format_value(value: Any, conversion: int, spec: str) -> str:
    """The formatting of one f-string field, with a bounded width and precision; a value's text is
    measured before it is built (``{lijst}`` is ``str(lijst)``)."""
    if conversion in (ord("r"), ord("s"), ord("a")) or (not spec and not isinstance(value, str)):
        value = checked_text(value, "s" if conversion == -1 else chr(conversion), "Een veld van de f-string")
    _check_spec(spec)
    return format(value, spec)


def guarded_fstring(*parts: str) -> str:
    """An f-string's formatted parts joined, refused when the whole would be too big."""
    if sum(len(p) for p in parts) > MAX_ITEMS:
        raise _too_big("De f-string")
    return "".join(parts)


def _field_sizes(text: str, values: Any, limit: int) -> int:
    """The length the values of %-formatting add to ``text``: each measured as its field's conversion
    (``%r`` as repr, ``%a`` as ascii, else str), stopping once past ``limit``."""
    fields = [(key, conv) for key, _, _, conv in _PERCENT_SPEC.findall(text) if conv != "%"]
    if isinstance(values, dict) and any(key for key, _ in fields):
        pairs = [(values.get(key), conv) for key, conv in fields]
    else:
        pairs = list(
            zip(values if isinstance(values, tuple) else (values,), (c for _, c in fields), strict=False)
        )
    added = 0
    for value, conv in pairs:
        if isinstance(value, bytes) and conv not in ("r", "a"):  # b'%s' % b'...' puts in the bytes as is
            added += len(value)
        else:
            added += text_size(value, conv if conv in ("r", "a") else "s", limit - added)
        if added > limit:
            break
    return added


def guarded_mod(a: Any, b: Any) -> Any:
    if isinstance(a, str | bytes):
        text = a if isinstance(a, str) else a.decode("latin-1")
        for key, width, precision, _ in _PERCENT_SPEC.findall(text):
            if "(" in key:  # Python reads '%((a))s' as key '(a)'; the fields would be measured wrongly
                raise ScriptLimitExceeded(
                    "Een sleutel met haakjes in %-opmaak is niet toegestaan in scripts."
                )
            for n in (width, precision):
                if n == "*" or (n and int(n) > MAX_FORMAT_WIDTH):
                    raise _too_big("De %-opmaak")
        if len(text) + _field_sizes(text, b, MAX_ITEMS - len(text)) > MAX_ITEMS:
            raise _too_big("De %-opmaak")
    return a % b


_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def _bounded_width(text: str | bytes, method: Callable[..., Any], name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        width = args[0] if args else kwargs.get("tabsize" if name == "expandtabs" else "width", 0)
        if isinstance(width, int) and width > MAX_ITEMS:
            raise _too_big(f"Het resultaat van {name}({shown(width)})")
        if name == "expandtabs" and isinstance(width, int):  # each tab may grow to the tab size
            tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
            if len(text) + tabs * max(0, width - 1) > MAX_ITEMS:
                raise _too_big(f"Het resultaat van {name}({shown(width)})")
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
        """A generator or map is read within the cap of ``collected``; the text is refused as soon as
        what was read makes it too big."""
        source, items, total = iter(collected(items, "Het resultaat van join")), [], -len(sep)
        while chunk := list(islice(source, _JOIN_CHUNK)):
            items.extend(chunk)
            try:
                total += len(sep) * len(chunk) + sum(map(len, chunk))
            except TypeError:  # an item that is no text: join's own error names it
                return method(items)
            if total > MAX_ITEMS or len(items) > MAX_ITEMS:
                raise _too_big("Het resultaat van join")
        return method(items)

    return call


_JOIN_CHUNK = 4096


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
    elif isinstance(obj, list) and name == "index":
        return bounded_index(obj, value)
    return value
