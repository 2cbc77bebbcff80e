"""Server-side validation of task forms (JSON Schema declared in the model)."""

from __future__ import annotations

from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from processes.errors import ValidationError

MESSAGES = {
    "required": "Veld '{field}' is verplicht.",
    "type": "Veld '{field}' heeft een verkeerd type (verwacht: {expected}).",
    "enum": "Veld '{field}' moet een van deze waarden hebben: {expected}.",
    "minimum": "Veld '{field}' is te klein (minimaal {expected}).",
    "maximum": "Veld '{field}' is te groot (maximaal {expected}).",
    "minLength": "Veld '{field}' is te kort.",
    "maxLength": "Veld '{field}' is te lang (maximaal {expected} tekens).",
    "format": "Veld '{field}' heeft een ongeldig formaat ({expected}).",
    "pattern": "Veld '{field}' heeft een ongeldig formaat.",
    "additionalProperties": "Onbekend veld in het formulier: {detail}.",
}


class FormInvalid(ValidationError):
    code = "formulier-ongeldig"
    title = "Formulier ongeldig"
    status = 422


def validate(schema: dict[str, Any] | None, data: Any) -> dict[str, Any]:
    """Validate submitted data; return it (only declared fields when the schema lists properties)."""
    if not isinstance(data, dict):
        raise FormInvalid("Formuliergegevens moeten een JSON-object zijn.")
    if not schema:
        return data
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        fouten = [_message(e) for e in errors]
        raise FormInvalid(" ".join(fouten), fouten=fouten)
    props = schema.get("properties")
    if isinstance(props, dict):
        return {k: v for k, v in data.items() if k in props}
    return data


def _message(error: jsonschema.ValidationError) -> str:
    field = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return MESSAGES["required"].format(field=missing)
    template = MESSAGES.get(str(error.validator))
    if template is None:
        return f"Veld '{field}': {error.message}"
    expected = error.validator_value
    if isinstance(expected, list):
        expected = ", ".join(str(v) for v in expected)
    return template.format(field=field or "formulier", expected=expected, detail=error.message)
