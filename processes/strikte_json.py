"""Strict reading of JSON from outside (API bodies, CLI options, a drawn location): one home for what the
request hygiene, the command line and the location parser refuse.

- NaN, Infinity and -Infinity are not JSON (Python's json accepts them, and a stored NaN can never be
  written out again), and neither is a number beyond a float's range such as ``1e400`` (Python reads it
  as infinity without asking ``parse_constant``);
- an integer beyond ``MAX_INTEGER`` (2**53 - 1, what JSON interop allows: RFC 7493, I-JSON; the faces'
  JavaScript and every float read larger ones inexactly) is refused, and so is one of more than 4,300
  digits, which Python cannot read at all;
- a key given twice in one object (``{"proces": "a", "proces": "b"}``) is refused: Python kept the last
  one silently, where another reader may keep the first;
- nesting deeper than ``MAX_DEPTH`` is refused: no form, GeoJSON geometry or case document needs it,
  and recursive code further on (copies, validators, the engine's serializer) would fail on it;
- text that is no JSON at all.

Each refusal is a ``ValidationError`` with a Dutch message naming ``what`` was read.
"""

from __future__ import annotations

import json
import math
from typing import Any

from processes.errors import ValidationError

#: the deepest nesting of objects and arrays accepted (a GeoJSON MultiPolygon in a form is about 6)
MAX_DEPTH = 40
#: the refusal of deeper nesting, after the name of what was read
TOO_DEEP = f"te diep genest (meer dan {MAX_DEPTH} niveaus)"


class NonFiniteNumber(ValueError):
    """NaN, Infinity or -Infinity in a JSON text."""

    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


class NumberTooLarge(NonFiniteNumber):
    """A number beyond a float's range (``1e400``), which json.loads would make infinity."""


def refuse_constant(name: str) -> Any:
    """``parse_constant`` for json.loads: NaN and the infinities are refused."""
    raise NonFiniteNumber(name)


#: how much of a refused number the message quotes
_QUOTED = 40


def finite_float(text: str) -> float:
    """``parse_float`` for json.loads: a number beyond a float's range (``1e400``) is refused, as
    Infinity is, instead of becoming infinity."""
    value = float(text)
    if math.isinf(value):
        raise NumberTooLarge(text if len(text) <= _QUOTED else text[:_QUOTED] + "…")
    return value


#: the largest integer taken, either sign: the largest that every JSON reader holds exactly (I-JSON)
MAX_INTEGER = 2**53 - 1


class IntegerTooLarge(NonFiniteNumber):
    """An integer beyond ``MAX_INTEGER`` (``constant``: the text, shortened to ``_QUOTED`` characters)."""


def bounded_int(text: str) -> int:
    """``parse_int`` for json.loads: an integer beyond ``MAX_INTEGER`` is refused before Python reads it
    (its digit limit raised a ValueError that looked like bad UTF-8)."""
    if len(text.lstrip("-")) <= len(str(MAX_INTEGER)):
        value = int(text)
        if -MAX_INTEGER <= value <= MAX_INTEGER:
            return value
    raise IntegerTooLarge(text if len(text) <= _QUOTED else text[:_QUOTED] + "…")


class DuplicateKey(ValueError):
    """A key given twice in one JSON object."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for json.loads: the object, or a refusal of a key given twice."""
    found = dict(pairs)
    if len(found) < len(pairs):  # rare: only then find the key
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return found


#: the json.loads hooks of strict JSON (``parse`` and web.hygiene's Flask provider use the same)
HOOKS: dict[str, Any] = {
    "parse_constant": refuse_constant,
    "parse_float": finite_float,
    "parse_int": bounded_int,
    "object_pairs_hook": unique_keys,
}


def depth(doc: Any, stop: int | None = None) -> int:
    """How deep objects and arrays nest in ``doc`` (without recursion; a scalar is 0). With ``stop``,
    the walk ends as soon as it passes that depth (the answer is then ``stop + 1``)."""
    if not isinstance(doc, dict | list | tuple):
        return 0
    deepest, stack = 1, [(doc, 1)]
    while stack:
        value, level = stack.pop()
        deeper = level + 1
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, dict | list | tuple):
                if deeper > deepest:
                    deepest = deeper
                    if stop is not None and deepest > stop:
                        return deepest
                stack.append((item, deeper))
    return deepest


def too_deep(doc: Any) -> bool:
    """Nested deeper than ``MAX_DEPTH`` (the walk stops as soon as it gets there)."""
    return depth(doc, MAX_DEPTH) > MAX_DEPTH


def check_depth(doc: Any, what: str = "De JSON-inhoud") -> None:
    if too_deep(doc):
        raise ValidationError(f"{what} is {TOO_DEEP}.", code="json-te-diep")


def parse(raw: bytes | str, what: str = "De JSON-inhoud") -> Any:
    """JSON without NaN or Infinity: a Dutch ``ValidationError`` for those and for invalid text, or
    nesting beyond the parser. The depth limit is the caller's: ``loads`` checks it, and a caller
    that walks the document anyway (web.hygiene) checks it in that walk."""
    try:
        return json.loads(raw, **HOOKS)
    except IntegerTooLarge as exc:
        raise ValidationError(
            f"{what} bevat het gehele getal {exc.constant}; dat ligt buiten het bereik van een geheel getal "
            f"(van -{MAX_INTEGER} tot en met {MAX_INTEGER}, 2^53 - 1: het grootste dat elk JSON-programma "
            "exact leest).",
            code="json-ongeldig-getal",
        ) from exc
    except NumberTooLarge as exc:
        raise ValidationError(
            f"{what} bevat het getal {exc.constant}; dat ligt buiten het bereik van een getal (hooguit ongeveer ±1,8e308).",
            code="json-ongeldig-getal",
        ) from exc
    except DuplicateKey as exc:
        shown = exc.key if len(exc.key) <= _QUOTED else exc.key[:_QUOTED] + "…"
        raise ValidationError(
            f"{what} noemt de veldnaam '{shown}' meer dan eens in één object; geef elk veld één keer.",
            code="json-dubbel-veld",
        ) from exc
    except NonFiniteNumber as exc:
        raise ValidationError(
            f"{what} bevat {exc.constant}; alleen eindige getallen zijn toegestaan.",
            code="json-ongeldig-getal",
        ) from exc
    except RecursionError as exc:
        raise ValidationError(f"{what} is {TOO_DEEP}.", code="json-te-diep") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{what} is geen geldige JSON (positie {exc.pos}).", code="json-ongeldig"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{what} is geen geldige JSON (geen UTF-8).", code="json-ongeldig") from exc


def loads(raw: bytes | str, what: str = "De JSON-inhoud") -> Any:
    """Strict JSON: a Dutch ``ValidationError`` for NaN/Infinity, invalid text or too deep nesting."""
    doc = parse(raw, what)
    check_depth(doc, what)
    return doc
