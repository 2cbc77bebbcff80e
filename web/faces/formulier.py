"""Task forms: render the model's JSON Schema as HTML inputs and read a posted form back.

Validation stays server-side in services (forms.validate via cases.complete_task); here we only turn
text into the declared JSON types where that is unambiguous and leave the rest to the validator. The
validator's messages are ``services.forms.FieldError`` strings that know their path, so they are placed
at the field (or the field of a row or group) without reading the Dutch text.

Besides plain inputs a form may hold a group of fields (``type: object``: one fieldset, posted as
``activiteit.soort``) and a list of such groups (an array of objects: a fieldset per row, posted as
``opt_outs.0.gebouw``; empty rows are left out, and a button adds rows without JavaScript). A required
yes/no question is two radio buttons without a default, so an unanswered one is refused as missing.
"""

from __future__ import annotations

import math
import re
from typing import Any

from werkzeug.datastructures import MultiDict

from processes.errors import RuimteflowError
from services.forms import TEXTAREA_FROM, FieldError, option_labels

#: empty rows under the filled ones of a list of groups
EMPTY_ROWS = 2
#: the button that adds a row to a list of groups (its value: the list's name) instead of completing
MORE = "_regel_erbij"
_ROW_INDEX = re.compile(r"[0-9]{1,4}")

Path = tuple[str | int, ...]


def _label(name: str, prop: dict[str, Any]) -> str:
    title = prop.get("title")
    if isinstance(title, str) and title.strip():
        return title
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _types(prop: dict[str, Any]) -> tuple[str | None, bool]:
    """(the declared type other than null, whether null is allowed)."""
    typ = prop.get("type")
    if isinstance(typ, list):
        return next((t for t in typ if t != "null"), "string"), "null" in typ
    return typ, False


def _has_fields(prop: Any) -> bool:
    return isinstance(prop, dict) and isinstance(prop.get("properties"), dict) and bool(prop["properties"])


def _kind(prop: dict[str, Any], required: bool = False) -> str:
    typ, _ = _types(prop)
    if typ == "boolean":
        return "janee" if required else "checkbox"  # a required yes/no must be answered, not assumed
    if typ in ("integer", "number"):
        return "number"
    if typ == "object" and _has_fields(prop):
        return "groep"
    if typ == "array" and _has_fields(prop.get("items")) and _types(prop["items"])[0] == "object":
        return "regels"  # a list of groups of fields: one fieldset per row
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


def at_field(exc: RuimteflowError) -> FieldError:
    """A refusal of the process (a service of the model) as a message at the field of the form it names
    (``veld``: the aanvullingsverzoek's date, the verdaging's weeks; dotted for a field of a group or a row:
    ``activiteit.datum``, ``organisaties.Warmtebedrijf``), else of the form as a whole."""
    veld = str(exc.extra.get("veld") or "")
    path = tuple(int(p) if _ROW_INDEX.fullmatch(p) else p for p in veld.split(".")) if veld else ()
    return FieldError(exc.detail, path=path)


def _where(message: Any) -> Path:
    """Where an error belongs: a services.forms.FieldError knows its path; any other text, nowhere."""
    return tuple(getattr(message, "path", ()))


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


def _id(path: Path) -> str:
    return f"veld-{re.sub(r'[^A-Za-z0-9_-]', '-', _dotted(path))}"


def _shown(message: Any) -> str:
    """A message as the page shows it: a FieldError's ``shown`` (a choice by its labels), any other as is."""
    return message.shown if isinstance(message, FieldError) else str(message)


def _human(base: str, extra: Path) -> str:
    return ", ".join([base, *(f"regel {p + 1}" if isinstance(p, int) else str(p) for p in extra)])


def _take(pending: dict[Path, list[Any]], path: Path, human: str, deeper: bool) -> list[str]:
    """The messages at ``path`` (and, for an input that shows a whole list, at its items), with the
    dotted path they quote replaced by the words of the form."""
    keys = [k for k in pending if k == path or (deeper and k[: len(path)] == path)]
    out = []
    for key in keys:
        words = _human(human, key[len(path) :])
        out += [_shown(m).replace(f"'{_dotted(key)}'", f"'{words}'") for m in pending.pop(key)]
    return out


def _field(
    path: Path,
    prop: dict[str, Any],
    required: bool,
    value: Any,
    pending: dict[Path, list[Any]],
    human: str,
    conditional: bool = False,
) -> dict[str, Any]:
    name = str(path[-1])
    soort = _kind(prop, required)
    naam = _dotted(path)
    field: dict[str, Any] = {
        "naam": naam,
        "id": _id(path),
        "label": _label(name, prop),
        "soort": soort,
        "verplicht": required,
        "voorwaardelijk": conditional,  # required only once its row or group is used
        "mens": human,  # the name in messages: 'Nieuwe bijeenkomsten, regel 1, Datum'
        "uitleg": prop.get("description") or "",
        "waarde": value if value is not None else prop.get("default"),
    }
    field["fouten"] = _take(pending, path, human, deeper=soort not in ("groep", "regels"))
    if soort == "select":
        labels = option_labels(prop)
        field["opties"] = [
            {"waarde": str(v), "label": str(lab)} for v, lab in zip(prop["enum"], labels, strict=False)
        ]
    elif soort == "checkboxes":
        items = prop["items"]
        labels = option_labels(items, plain=True)
        field["opties"] = [
            {"waarde": str(v), "label": str(lab)} for v, lab in zip(items["enum"], labels, strict=False)
        ]
        field["waarde"] = [str(v) for v in (field["waarde"] or [])]
    elif soort == "number":
        field["stap"] = "1" if _types(prop)[0] == "integer" else "any"
        field["min"] = prop.get("minimum")
        field["max"] = prop.get("maximum")
    elif soort in ("text", "textarea"):
        field["maxlengte"] = prop.get("maxLength")
    elif soort == "lines":
        value = field["waarde"]
        field["waarde"] = "\n".join(str(v) for v in value) if isinstance(value, list) else (value or "")
    elif soort == "groep":
        field["leeg_mag"] = _types(prop)[1]
        whole = required and not field["leeg_mag"]  # else its own required fields apply only when used
        field["velden"] = _group(path, prop, field["waarde"], pending, human, conditional=not whole)
    elif soort == "regels":
        field["verplicht"] = int(prop.get("minItems") or 0) > 0  # the form always sends the list
        field["regels"] = _rows(path, prop["items"], field["waarde"], pending, human)
    return field


def _group(
    path: Path,
    prop: dict[str, Any],
    value: Any,
    pending: dict[Path, list[Any]],
    human: str,
    *,
    conditional: bool,
) -> list[dict[str, Any]]:
    values = value if isinstance(value, dict) else {}
    required = set(prop.get("required") or [])
    return [
        _field(
            (*path, sub),
            p,
            sub in required,
            values.get(sub),
            pending,
            f"{human}, {_label(sub, p)}" if human else _label(sub, p),
            conditional,
        )
        for sub, p in (prop.get("properties") or {}).items()
        if isinstance(p, dict)
    ]


def _rows(
    path: Path, item: dict[str, Any], value: Any, pending: dict[Path, list[Any]], human: str
) -> list[dict[str, Any]]:
    """The filled rows (and those added with the button), then EMPTY_ROWS empty ones."""
    filled = [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []
    rows = []
    for i, row in enumerate([*filled, *([{}] * EMPTY_ROWS)]):
        where, words = (*path, i), f"{human}, regel {i + 1}"
        rows.append(
            {
                "nummer": i + 1,
                "id": _id(where),
                "fouten": _take(pending, where, words, deeper=False),
                "velden": _group(where, item, row, pending, words, conditional=True),
            }
        )
    return rows


def fields(
    schema: dict[str, Any] | None, values: dict[str, Any] | None = None, errors: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Field descriptions for the template, and the errors that belong to no field."""
    props = (schema or {}).get("properties") or {}
    pending: dict[Path, list[Any]] = {}
    general: list[str] = []
    for message in errors or []:
        where = _where(message)
        if where and where[0] in props:
            pending.setdefault(where, []).append(message)
        else:
            general.append(_shown(message))
    out = _group((), schema or {}, values, pending, "", conditional=False)
    general += [_shown(m) for messages in pending.values() for m in messages]  # at no field shown
    return out, general


def _walk(velden: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every field and row, depth first (a row has no 'soort')."""
    out: list[dict[str, Any]] = []
    for v in velden:
        out.append(v)
        out += _walk(v.get("velden") or [])
        for row in v.get("regels") or []:
            out += [row, *_walk(row["velden"])]
    return out


def overview(velden: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The errors of the form in its order, each with the id of the input (or fieldset) it is about."""
    return [{"id": v["id"], "tekst": f} for v in _walk(velden) for f in v.get("fouten") or []]


def unsaved(velden: list[dict[str, Any]]) -> list[dict[str, str]]:
    """What the user typed, as label and text: shown when the form itself can no longer be sent."""
    out = []
    for v in _walk(velden):
        soort, value = v.get("soort"), v.get("waarde")
        if (
            soort in (None, "groep", "regels")
            or value in (None, "", [])
            or (soort == "checkbox" and not value)
        ):
            continue
        if isinstance(value, bool):
            value = "ja" if value else "nee"
        text = ", ".join(value) if isinstance(value, list) else str(value)
        if text.strip():
            out.append({"label": v["mens"], "tekst": text})
    return out


def _read(prop: dict[str, Any], required: bool, form: MultiDict[str, str], key: str) -> tuple[bool, Any, Any]:
    """(given, the typed value for the service, the value to show again) of one input."""
    soort = _kind(prop, required)
    if soort == "checkbox":
        # ticked, the box sends "true"; unticked, nothing. Any other value is passed on as text, which the
        # validator refuses at the field in Dutch, not stored as "no" (review wup17)
        raw = form.get(key)
        return True, True if raw == "true" else False if raw in (None, "") else raw, raw == "true"
    if soort == "janee":
        answer = {"true": True, "false": False}.get(form.get(key, ""))
        return answer is not None, answer, answer
    if soort == "checkboxes":
        return True, form.getlist(key), form.getlist(key)
    if soort == "lines":
        raw = form.get(key, "")
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        return bool(lines), lines, raw
    if soort == "groep":
        filled, group, inputs = _read_group(prop, form, key)
        # all empty: null where the model allows it
        return filled or _types(prop)[1], group if filled else None, inputs
    if soort == "regels":
        rows, shown = _read_rows(prop["items"], form, key)
        return True, rows, shown  # no rows filled: an empty list
    raw = form.get(key, "")
    if raw.strip() == "":
        return False, None, raw
    if soort == "number":
        return True, _number(raw, _types(prop)[0] == "integer"), raw
    if soort == "select":
        return True, next((v for v in prop["enum"] if str(v) == raw), raw), raw
    return True, raw, raw


def _read_group(
    prop: dict[str, Any], form: MultiDict[str, str], key: str
) -> tuple[bool, Any, dict[str, Any]]:
    """A group of fields: given when any of its inputs is filled in."""
    required = set(prop.get("required") or [])
    data: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    filled = False
    for sub, p in (prop.get("properties") or {}).items():
        if not isinstance(p, dict):
            continue
        given, value, shown[sub] = _read(p, sub in required, form, f"{key}.{sub}" if key else sub)
        if given:
            data[sub] = value
            # an unticked box or an empty list is no answer; 0 is one (0 == False in Python)
            filled = filled or not (value is None or value is False or value == [])
    return filled, data, shown


def _read_rows(item: dict[str, Any], form: MultiDict[str, str], key: str) -> tuple[list[Any], list[Any]]:
    """The filled rows of a list of groups, in order; empty rows are left out, of the data and of the rows
    shown again alike, so a refusal naming row i of the data (``opt_outs.1.alternatief``) stands at the row
    that shows its values. The 'add a row' button shows one empty row more than were posted (the template
    adds EMPTY_ROWS to the rows shown)."""
    prefix = f"{key}."
    heads = (k[len(prefix) :].split(".", 1)[0] for k in form if k.startswith(prefix))
    data: list[Any] = []
    shown: list[Any] = []
    empty = 0
    for i in sorted({int(h) for h in heads if _ROW_INDEX.fullmatch(h)}):
        filled, value, row = _read_group(item, form, f"{prefix}{i}")
        if filled:
            data.append(value)
            shown.append(row)
        else:
            empty += 1
    if form.get(MORE) == key:
        shown += [{}] * max(empty + 1 - EMPTY_ROWS, 0)
    return data, shown


def _number(text: str, integer: bool) -> Any:
    cleaned = text.strip().replace(",", ".") if not integer else text.strip()
    try:
        number = int(cleaned) if integer else float(cleaned)
    except ValueError:
        return text  # the validator reports the wrong type in Dutch
    return number if math.isfinite(number) else text  # NaN and Infinity are no numbers


def parse(schema: dict[str, Any] | None, form: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data for the service, values to show again). Empty inputs are left out, so 'required' applies."""
    _, data, shown = _read_group(schema or {}, form, "")
    return data, shown
