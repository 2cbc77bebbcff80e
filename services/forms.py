"""Server-side validation of forms declared as JSON Schema: task forms in the model and the public
application forms (services/status/application_forms.py).

A property may carry its own Dutch messages per rule in ``x-foutmeldingen`` (for example
``{"required": "Vul 'Naam' in."}``); otherwise the standard messages below apply. Every message is a
``FieldError``: a plain string that also knows the field it belongs to, so a face can place it at the
field without reading the text.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from referencing.exceptions import Unresolvable

from processes import tekens
from processes.errors import ValidationError
from services.form_patterns import FormValidator, form_fault

MESSAGES = {
    "required": "Veld '{field}' is verplicht.",
    "dependentRequired": "Veld '{field}' is verplicht als veld '{detail}' is ingevuld.",
    "type": "Veld '{field}' heeft een verkeerd type (verwacht: {expected}).",
    "enum": "Veld '{field}' moet een van deze waarden hebben: {expected}.",
    "minimum": "Veld '{field}' is te klein (minimaal {expected}).",
    "maximum": "Veld '{field}' is te groot (maximaal {expected}).",
    "minLength": "Veld '{field}' is te kort.",
    "maxLength": "Veld '{field}' is te lang (maximaal {expected} tekens).",
    "format": "Veld '{field}' heeft een ongeldig formaat (verwacht: {expected}).",
    "pattern": "Veld '{field}' heeft een ongeldig formaat.",
    "additionalProperties": "Onbekend veld in het formulier: {detail}.",
    "minItems": "Veld '{field}' heeft te weinig waarden (minimaal {expected}).",
    "maxItems": "Veld '{field}' heeft te veel waarden (maximaal {expected}).",
    "uniqueItems": "Veld '{field}' noemt een waarde meer dan eens.",
    "exclusiveMinimum": "Veld '{field}' moet groter zijn dan {expected}.",
    "exclusiveMaximum": "Veld '{field}' moet kleiner zijn dan {expected}.",
    "multipleOf": "Veld '{field}' moet een veelvoud zijn van {expected}.",
    "const": "Veld '{field}' moet de waarde {expected} hebben.",
}
#: JSON Schema's type names in the words of the form
TYPE_WORDS = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "ja of nee",
    "array": "lijst",
    "object": "groep velden",
    "null": "leeg",
}
#: JSON Schema's formats in the words of the form (review vvl16, F4: "ongeldig formaat (date)")
FORMAT_WORDS = {
    "date": "een datum als JJJJ-MM-DD",
    "date-time": "een datum en tijd als JJJJ-MM-DDTuu:mm:ss",
    "time": "een tijd als uu:mm:ss",
    "email": "een e-mailadres",
    "uri": "een webadres",
}
CUSTOM = "x-foutmeldingen"
#: the ``format`` of a number field that is an amount in euros (an application form's ``Field.euro``): the
#: case file shows its value as "€ 250.000" (processes.nederlands.euro); JSON Schema leaves a format it does
#: not know unchecked, so the value is checked as the number it is
EURO_FORMAT = "euro"
#: a text field whose maxLength is above this is a multi-line text (a textarea: line breaks allowed)
TEXTAREA_FROM = 200
#: a text field of one line whatever its maxLength (an application form's input): no line break nor tab
ONE_LINE = "x-een-regel"


def euro_fields(schema: dict[str, Any]) -> set[str]:
    """The names of the fields of ``schema`` that are amounts in euros (:data:`EURO_FORMAT`)."""
    props = schema.get("properties") or {}
    return {str(k) for k, p in props.items() if isinstance(p, dict) and p.get("format") == EURO_FORMAT}


def option_label(value: Any) -> str:
    """'beoordeling_gereed' -> 'Beoordeling gereed' (the stored value stays as it is)."""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def option_labels(prop: dict[str, Any], *, plain: bool = False) -> list[str]:
    """The labels a task form shows for the values of ``prop["enum"]``, in its order: the model's
    ``enumNames`` or ``x-labels``, else each value made readable (``plain``: the value itself, as the boxes
    of a list of choices show it)."""
    labels = prop.get("enumNames") or prop.get("x-labels")
    if labels:
        return [str(lab) for lab in labels]
    return [str(v) if plain else option_label(v) for v in prop.get("enum") or []]


def _choices(prop: dict[str, Any], *, plain: bool) -> tuple[str, str]:
    """A choice field's options in a refusal: each value a caller sends with the label the form shows
    where that differs ("all_electric (All electric)": the API and the CLI), and the labels alone (the
    task page's dropdown; review wup17 F5, sessie17)."""
    values, labels = [str(v) for v in prop.get("enum") or []], option_labels(prop, plain=plain)
    sent = [v if v == label else f"{v} ({label})" for v, label in zip(values, labels, strict=False)]
    return ", ".join(sent), ", ".join(labels)


class FieldError(str):
    """A Dutch error message that knows its field (``""`` for the form as a whole) and, for a value inside
    a field (a row of a list, a field of a group), its whole path: ``("bijeenkomsten", 0, "datum")``."""

    field: str
    path: tuple[str | int, ...]
    #: the message as the task page shows it (a choice by its labels), where the text itself, which the
    #: API's detail and the CLI give, names the values a caller sends (``_choices``)
    shown: str

    def __new__(
        cls,
        message: str,
        field: str = "",
        path: tuple[str | int, ...] | None = None,
        shown: str | None = None,
    ) -> FieldError:
        self = super().__new__(cls, message)
        self.path = tuple(path) if path is not None else ((field,) if field else ())
        self.field = field or (str(self.path[0]) if self.path else "")
        self.shown = message if shown is None else shown
        return self

    def __reduce__(self) -> Any:
        return (FieldError, (str(self), self.field, self.path, self.shown))


class FormInvalid(ValidationError):
    code = "formulier-ongeldig"
    title = "Formulier ongeldig"
    status = 422


def errors_of(schema: dict[str, Any], data: dict[str, Any]) -> list[FieldError]:
    """Every error of ``data`` against ``schema``, in the order of the schema's properties. Its patterns are
    matched by RE2, in linear time (services/form_patterns.py)."""
    fault = form_fault(schema)
    if fault is not None:  # a model deployed before the deploy refused such a pattern
        raise FormInvalid(
            f"Het formulier van deze taak kan niet worden gecontroleerd: {fault}. Vraag de beheerder het model "
            "aan te passen.",
            code="formulier-patroon-onleesbaar",
        )
    validator = FormValidator(schema, format_checker=FormValidator.FORMAT_CHECKER)
    try:
        found = [_message(e, schema) for e in validator.iter_errors(emptied(schema, data, required=True))]
    except Unresolvable as exc:  # a model deployed before the deploy refused such a $ref
        raise FormInvalid(
            f"Het formulier van deze taak verwijst naar een onderdeel dat niet bestaat ($ref "
            f"'{str(getattr(exc, 'ref', ''))[:80]}'); het kan niet worden gecontroleerd. Vraag de beheerder het "
            "model aan te passen.",
            code="formulier-verwijzing-onbekend",
        ) from exc
    found += _text_errors(schema, data)
    order = {name: i for i, name in enumerate(schema.get("properties") or {})}
    return sorted(found, key=lambda m: order.get(m.field, len(order)))


def multiline(prop: Any) -> bool:
    """May a text field hold line breaks and tabs (a textarea, or a text of unknown length)?"""
    if not isinstance(prop, dict):
        return True
    if prop.get(ONE_LINE) is True:
        return False
    return prop.get("format") == "textarea" or int(prop.get("maxLength") or TEXTAREA_FROM + 1) > TEXTAREA_FROM


def _sub_schema(schema: Any, step: str | int) -> Any:
    if not isinstance(schema, dict):
        return None
    if isinstance(step, int):
        return schema.get("items")
    return (schema.get("properties") or {}).get(step)


def emptied(schema: Any, value: Any, *, required: bool = False) -> Any:
    """``value`` with each blank text (``tekens.is_blank``: only whitespace and invisible characters) as
    ``""``; ``required``: a blank text of a required field left out, so the schema says it is
    verplicht."""
    if isinstance(value, str):
        return "" if tekens.is_blank(value) else value
    if isinstance(value, list):
        return [emptied(_sub_schema(schema, 0), v, required=required) for v in value]
    if not isinstance(value, dict):
        return value
    needed = set(schema.get("required") or []) if required and isinstance(schema, dict) else set()
    return {
        k: emptied(_sub_schema(schema, k), v, required=required)
        for k, v in value.items()
        if not (k in needed and isinstance(v, str) and tekens.is_blank(v))
    }


def _text_errors(schema: dict[str, Any], data: Any) -> list[FieldError]:
    """The texts of ``data`` that hold a character a shown text may not (``tekens.refused_character``;
    a line break only in a multi-line field)."""
    errors = []
    for path, text in tekens.texts_in(data):
        prop: Any = schema
        for step in path:
            prop = _sub_schema(prop, step)
        found = tekens.refused_character(text, multiline=multiline(prop))
        if found is None:
            continue
        custom = _custom(schema, path, "tekens")
        title = prop.get("title") if isinstance(prop, dict) else None
        label = f"'{title}'" if title else f"Veld '{'.'.join(str(p) for p in path)}'"
        errors.append(FieldError(custom or tekens.refusal(label, found), path=path))
    return errors


def by_field(errors: list[FieldError]) -> dict[str, list[str]]:
    """``{field: [messages]}``; errors of the whole form under ``""``."""
    out: dict[str, list[str]] = {}
    for message in errors:
        out.setdefault(message.field, []).append(str(message))
    return out


def validate(schema: dict[str, Any] | None, data: Any) -> dict[str, Any]:
    """Validate submitted data; return it (only declared fields when the schema lists properties)."""
    if not isinstance(data, dict):
        raise FormInvalid("Formuliergegevens moeten een JSON-object zijn.")
    fouten = errors_of(schema or {}, data)
    if fouten:
        raise FormInvalid(" ".join(fouten), fouten=fouten, velden=by_field(fouten))
    if not schema:
        return data
    props, data = schema.get("properties"), emptied(schema, data)
    if isinstance(props, dict):
        return {k: v for k, v in data.items() if k in props}
    return data


def _path_of(error: jsonschema.ValidationError) -> tuple[str | int, ...]:
    """Where the error is: the value's path, and for a missing property that property's name too."""
    path = tuple(error.absolute_path)
    if error.validator not in ("required", "dependentRequired"):
        return path
    instance = error.instance if isinstance(error.instance, dict) else {}
    names = error.validator_value if isinstance(error.validator_value, list) else []
    if error.validator == "dependentRequired" and isinstance(error.validator_value, dict):
        names = [n for listed in error.validator_value.values() for n in listed]  # {field: [it requires]}
    missing = [str(n) for n in names if n not in instance]
    # jsonschema reports one error per missing property, its name quoted first in the message
    name = next((n for n in missing if error.message.startswith(repr(n))), missing[0] if missing else "")
    return (*path, name) if name else path


def _requiring(error: jsonschema.ValidationError, name: str | int) -> str:
    """The field given whose ``dependentRequired`` requires the missing ``name``."""
    given = error.instance if isinstance(error.instance, dict) else {}
    listed = error.validator_value if isinstance(error.validator_value, dict) else {}
    return next((str(k) for k, names in listed.items() if k in given and name in names), "?")


def _custom(schema: dict[str, Any], path: tuple[str | int, ...], rule: str) -> str | None:
    """The property's own message for ``rule``: of the property at ``path`` or, for a value inside it
    (an item of a list), of the nearest property around it; a missing property only has its own."""
    found: list[Any] = []
    node: Any = schema
    for step in path:
        node = node.get("items") if isinstance(step, int) else (node.get("properties") or {}).get(step)
        if not isinstance(node, dict):
            break
        found.append(node.get(CUSTOM) if len(found) + 1 == len(path) or rule != "required" else None)
    for custom in reversed(found):
        if isinstance(custom, dict) and isinstance(custom.get(rule), str):
            return str(custom[rule])
    return None


def _message(error: jsonschema.ValidationError, schema: dict[str, Any]) -> FieldError:
    where = _path_of(error)
    custom = _custom(schema, where, str(error.validator))
    if custom is not None:
        return FieldError(custom, path=where)
    path = ".".join(str(p) for p in where)
    if error.validator == "required":
        return FieldError(MESSAGES["required"].format(field=path or "?"), path=where)
    if error.validator == "dependentRequired":
        given = ".".join(str(p) for p in (*where[:-1], _requiring(error, where[-1] if where else "")))
        return FieldError(MESSAGES["dependentRequired"].format(field=path or "?", detail=given), path=where)
    template = MESSAGES.get(str(error.validator))
    if template is None:
        return FieldError(f"Veld '{path}': {error.message}", path=where)
    expected = error.validator_value
    if error.validator == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        expected = " of ".join(TYPE_WORDS.get(str(k), str(k)) for k in kinds)
    elif error.validator == "format":
        expected = FORMAT_WORDS.get(str(expected), str(expected))
    elif error.validator == "enum" and isinstance(error.schema, dict):
        sent, shown = _choices(error.schema, plain=bool(where) and isinstance(where[-1], int))
        name = path or "formulier"
        return FieldError(
            template.format(field=name, expected=sent),
            path=where,
            shown=template.format(field=name, expected=shown),
        )
    elif isinstance(expected, list):
        expected = ", ".join(str(v) for v in expected)
    detail = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = (error.schema.get("properties") or {}) if isinstance(error.schema, dict) else {}
        detail = ", ".join(f"'{k}'" for k in error.instance if k not in known)
    return FieldError(
        template.format(field=path or "formulier", expected=expected, detail=detail), path=where
    )
