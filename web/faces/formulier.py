"""Task forms: render the model's JSON Schema as HTML inputs and read a posted form back.

Validation stays server-side in services (forms.validate via cases.complete_task); here we only turn
text into the declared JSON types where that is unambiguous and leave the rest to the validator. The
validator's messages are ``services.forms.FieldError`` strings that name their field, so they are placed
at the field without reading the Dutch text.
"""

from __future__ import annotations

import math
import re
from typing import Any

from werkzeug.datastructures import MultiDict

TEXTAREA_FROM = 200


def _label(name: str, prop: dict[str, Any]) -> str:
    title = prop.get("title")
    if isinstance(title, str) and title.strip():
        return title
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _option_label(value: Any) -> str:
    """'beoordeling_gereed' -> 'Beoordeling gereed' (the stored value stays as it is)."""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def _kind(prop: dict[str, Any]) -> str:
    typ = prop.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), "string")
    if typ == "boolean":
        return "checkbox"
    if typ in ("integer", "number"):
        return "number"
    if typ == "array" and isinstance(prop.get("items"), dict) and prop["items"].get("enum"):
        return "checkboxes"
    if typ == "array":
        return "lines"  # a list of free texts: one per line
    if "enum" in prop:
        return "select"
    if prop.get("format") == "date":
        return "date"
    if prop.get("format") == "textarea" or int(prop.get("maxLength") or 0) > TEXTAREA_FROM:
        return "textarea"
    return "text"


def fields(
    schema: dict[str, Any] | None, values: dict[str, Any] | None = None, errors: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Field descriptions for the template, and the errors that belong to no field."""
    props = (schema or {}).get("properties") or {}
    required = set((schema or {}).get("required") or [])
    values = values or {}
    errors = list(errors or [])
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for message in errors:
        name = getattr(message, "field", "")  # services.forms.FieldError knows its field
        if name in props:
            by_field.setdefault(name, []).append(str(message))
        else:
            general.append(str(message))
    out = []
    for name, prop in props.items():
        if not isinstance(prop, dict):
            continue
        kind = _kind(prop)
        field: dict[str, Any] = {
            "naam": name,
            "id": f"veld-{re.sub(r'[^A-Za-z0-9_-]', '-', name)}",
            "label": _label(name, prop),
            "soort": kind,
            "verplicht": name in required,
            "uitleg": prop.get("description") or "",
            "waarde": values.get(name, prop.get("default")),
            "fouten": [m.replace(f"'{name}'", f"'{_label(name, prop)}'") for m in by_field.get(name, [])],
        }
        if kind == "select":
            labels = prop.get("enumNames") or prop.get("x-labels") or [_option_label(v) for v in prop["enum"]]
            field["opties"] = [
                {"waarde": str(v), "label": str(lab)} for v, lab in zip(prop["enum"], labels, strict=False)
            ]
        if kind == "checkboxes":
            field["opties"] = [{"waarde": str(v), "label": str(v)} for v in prop["items"]["enum"]]
            field["waarde"] = [str(v) for v in (field["waarde"] or [])]
        if kind == "number":
            field["stap"] = "1" if prop.get("type") == "integer" else "any"
            field["min"] = prop.get("minimum")
            field["max"] = prop.get("maximum")
        if kind in ("text", "textarea"):
            field["maxlengte"] = prop.get("maxLength")
        if kind == "lines":
            value = field["waarde"]
            field["waarde"] = "\n".join(str(v) for v in value) if isinstance(value, list) else (value or "")
        out.append(field)
    return out, general


def _number(text: str, integer: bool) -> Any:
    cleaned = text.strip().replace(",", ".") if not integer else text.strip()
    try:
        number = int(cleaned) if integer else float(cleaned)
    except ValueError:
        return text  # the validator reports the wrong type in Dutch
    return number if math.isfinite(number) else text  # NaN and Infinity are no numbers


def parse(schema: dict[str, Any] | None, form: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data for the service, values to show again). Empty inputs are left out, so 'required' applies."""
    props = (schema or {}).get("properties") or {}
    data: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    for name, prop in props.items():
        if not isinstance(prop, dict):
            continue
        kind = _kind(prop)
        if kind == "checkbox":
            data[name] = shown[name] = form.get(name) == "true"
            continue
        if kind == "checkboxes":
            data[name] = shown[name] = form.getlist(name)
            continue
        if kind == "lines":
            shown[name] = form.get(name, "")
            lines = [line.strip() for line in shown[name].splitlines() if line.strip()]
            if lines:
                data[name] = lines
            continue
        raw = form.get(name, "")
        shown[name] = raw
        if raw.strip() == "":
            continue
        if kind == "number":
            data[name] = _number(raw, prop.get("type") == "integer")
        elif kind == "select":
            enum = prop["enum"]
            data[name] = next((v for v in enum if str(v) == raw), raw)
        else:
            data[name] = raw
    return data, shown
