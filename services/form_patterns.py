"""The patterns of a form (JSON Schema ``pattern`` and the names of ``patternProperties``), read and matched
by RE2 (google-re2): in time linear in the text, whatever the pattern.

Python's ``re`` backtracks: ``^(a+)+$`` against ``"a" * 30 + "!"`` runs for minutes, and a task form is
checked inside the locked step of its case (tester finding p7redos: a modeller's pattern froze a worker and,
on SQLite, every write). ``FormValidator`` is jsonschema's Draft 2020-12 validator with the keywords that
match a pattern (``pattern``, ``patternProperties``, ``additionalProperties`` beside ``patternProperties``)
done by RE2, extended through jsonschema's documented ``validators.extend``; no form pattern reaches ``re``.

RE2 has no backreferences and no lookaround: a form with such a pattern is refused at deploy and in the
editor's Valideren (``form_fault``, naming the field), so what deploys is what runs; a model deployed
before is refused at the step with the same words (``PatternRefused``), never matched with ``re``.

Syntax: Python's and Perl's, and ECMA-262's ``\\uXXXX`` (JSON Schema's own dialect) is read as RE2's
``\\x{XXXX}``. ``\\w``, ``\\d`` and ``\\s`` keep the Unicode meaning Python's ``re`` gave them before RE2
(``services.form_pattern_syntax``); ``\\b`` and ``\\B`` are ASCII (RE2 has no other), so the deploy refuses
them in a new model (``deploy_fault``) while a model deployed before keeps them; ``$`` is the end of the text
(not also before a last line break, as in Python).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import re2
from jsonschema import Draft202012Validator, ValidationError, validators

from services.form_pattern_syntax import in_re2, word_boundaries

#: the keywords whose value maps names to schemas (a name there is no keyword)
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
#: the keywords whose value is data, not a schema
_DATA = ("enum", "const", "default", "examples", "required", "dependentRequired")
#: RE2's refusals (its English, from the start) and the Dutch reason; ``{0}``: the first group found
_REASONS = (
    (r"invalid perl operator: \(\?<?[=!]", "vooruit- of terugkijken ((?=, (?!, (?<=, (?<!) kan niet"),
    (r"invalid escape sequence: (\\[1-9])", "een terugverwijzing ({0}) kan niet"),
    (r"invalid escape sequence: (\\Z)", "{0} kan niet: het einde van de tekst is \\z"),
    (r"invalid escape sequence: (\\.)", "de ontsnapping {0} kan niet"),
    (r"invalid named capture group", "een groepsnaam als (?P<naam>...) moet een woord zijn"),
    (r"invalid repetition size", "een herhaling van meer dan 1000 keer ({n,m} boven 1000) kan niet"),
    (r"pattern too large", "het patroon is te groot"),
)
_LINEAR = (
    "patronen worden in lineaire tijd gecontroleerd (RE2): zonder terugverwijzingen en zonder vooruit- of "
    "terugkijken"
)


class PatternRefused(Exception):
    """A pattern RE2 cannot read, with the Dutch reason (``str(exc)``)."""


def _dutch(english: str) -> str:
    for found, dutch in _REASONS:
        if match := re.match(found, english):
            return dutch.replace("{0}", match.group(1)) if match.groups() else dutch
    return f"RE2 kan het niet lezen ({english[:120]})"


@functools.lru_cache(maxsize=1)
def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a refusal is reported in Dutch, not logged by RE2 on stderr
    return options


@functools.lru_cache(maxsize=128)  # as re2's own cache: each expression takes up to 8 MiB (RE2 max_mem)
def compiled(pattern: str) -> Any:
    """``pattern`` as an RE2 expression; PatternRefused when RE2 cannot read it."""
    try:
        return re2.compile(in_re2(pattern), _options())
    except re2.error as exc:
        english = (
            exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        )
        raise PatternRefused(
            f"het patroon '{pattern[:80]}' is niet te controleren: {_dutch(english)} ({_LINEAR})"
        ) from None


def _patterns(node: Any, field: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every pattern in a schema (``pattern`` values, ``patternProperties`` names) with the field it is of."""
    if isinstance(node, list):
        for item in node:
            yield from _patterns(item, field)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "pattern" and isinstance(value, str):
            yield field, value
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                if key == "patternProperties":
                    yield field, str(name)
                yield from _patterns(sub, (*field, str(name)) if key == "properties" else field)
        elif key not in _DATA and not str(key).startswith("x-"):
            yield from _patterns(value, field)


def _holds(node: Any, keyword: str) -> bool:
    """Whether ``keyword`` is used anywhere in the schema (a property of that name does not count)."""
    if isinstance(node, list):
        return any(_holds(item, keyword) for item in node)
    if not isinstance(node, dict):
        return False
    if keyword in node:
        return True
    maps = (v for k, v in node.items() if k in _SCHEMA_MAPS and isinstance(v, dict))
    rest = (v for k, v in node.items() if k not in (*_SCHEMA_MAPS, *_DATA) and not str(k).startswith("x-"))
    return any(_holds(sub, keyword) for m in maps for sub in m.values()) or any(
        _holds(v, keyword) for v in rest
    )


def form_fault(schema: Any) -> str | None:
    """Why the patterns of a form cannot be checked in linear time, naming the field; None when they can.
    Asked at every check of a form: the answer is kept per schema (its JSON text, in its own order)."""
    try:
        text = json.dumps(schema, ensure_ascii=False)
    except (TypeError, ValueError):  # not JSON: no schema of a deployed model
        return _fault(schema)
    return _kept_fault(text)


@functools.lru_cache(maxsize=256)
def _kept_fault(text: str) -> str | None:
    return _fault(json.loads(text))


def _fault(schema: Any) -> str | None:
    for field, pattern in _patterns(schema):
        try:
            compiled(pattern)
        except PatternRefused as exc:
            return f"veld '{'.'.join(field)}': {exc}" if field else str(exc)
    if _holds(schema, "patternProperties") and _holds(schema, "unevaluatedProperties"):
        return (
            "'unevaluatedProperties' naast 'patternProperties' kan niet: de veldnamen zouden dan niet in "
            "lineaire tijd (RE2) worden gecontroleerd"
        )
    return None


def deploy_fault(schema: Any) -> str | None:
    """``form_fault``, and a word boundary (``\\b``, ``\\B``) in a pattern: RE2 knows only ASCII letters
    there, so a new model is refused it; a model deployed before keeps it, so its cases go on."""
    fault = form_fault(schema)
    if fault is not None:
        return fault
    for field, pattern in _patterns(schema):
        if word_boundaries(pattern):
            where = f"veld '{'.'.join(field)}': " if field else ""
            return (
                f"{where}het patroon '{pattern[:80]}' gebruikt een woordgrens (\\b of \\B); de controle (RE2) "
                "rekent daarbij alleen a-z, A-Z, 0-9 en _ tot een woord, zodat in 'José' na 'Jos' een "
                "woordgrens staat: laat hem weg of schrijf de grens uit, bijvoorbeeld met ^ en $ of (^|\\W) en "
                "(\\W|$)"
            )
    return None


def _pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not compiled(patrn).search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def _pattern_properties(validator: Any, given: dict[str, Any], instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in given.items():
        for key, value in instance.items():
            if compiled(pattern).search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


_BASE_ADDITIONAL = Draft202012Validator.VALIDATORS["additionalProperties"]


def _additional_properties(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's own, which matches ``patternProperties`` with ``re``, where the schema has none."""
    if "patternProperties" not in schema:
        yield from _BASE_ADDITIONAL(validator, allowed, instance, schema)
        return
    if not validator.is_type(instance, "object"):
        return
    known, patterns = schema.get("properties", {}), [compiled(p) for p in schema["patternProperties"]]
    extras = [k for k in instance if k not in known and not any(p.search(k) for p in patterns)]
    if validator.is_type(allowed, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], allowed, path=extra)
    elif not allowed and extras:
        yield ValidationError(
            f"{', '.join(repr(k) for k in sorted(extras))}: not matched by patternProperties"
        )


#: the validator of a form; ``unevaluatedProperties`` stays jsonschema's own, which matches
#: ``patternProperties`` with ``re``: ``form_fault`` refuses the two together, before a form is checked
FormValidator = validators.extend(
    Draft202012Validator,
    validators={
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)
