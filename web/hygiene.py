"""Input hygiene for every request (faces, public forms and API), before any view runs.

- text in the path, the query string, form fields and JSON bodies may not hold control characters
  (NUL and friends; tab, newline and carriage return stay allowed in form and JSON text) nor lone
  UTF-16 surrogates (a JSON escape such as ``\udc00``, which no database can store);
- integers in the path are ASCII digits (``AsciiIntegerConverter``); they and those in the query string
  must fit the database's id columns (INTEGER: at most 2**31 - 1 on PostgreSQL; a larger number can
  name nothing and would overflow the query), except a query parameter the API contract bounds itself
  (``_bounded_by_contract``: ``limiet`` at most 500, with its field);
- JSON is parsed strictly (processes.strikte_json): NaN and Infinity are not JSON and are refused, and
  so is nesting deeper than ``strikte_json.MAX_DEPTH``.

Everything is refused with a Dutch ``ValidationError`` (400), which web/errors.py renders as
problem+json for the API and as an error page for the faces. Nothing reaches a service or the database.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from processes import strikte_json
from processes.errors import ValidationError
from processes.getallen import ID_MAX
from services.clock import iso_utc

#: control characters refused everywhere (tab, LF and CR are allowed in multi-line text)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: in a path segment also tab, LF and CR make no sense
CONTROL_STRICT = re.compile(r"[\x00-\x1f\x7f]")
#: a lone UTF-16 surrogate (a JSON escape such as "\\udc00"): no character, and no database stores it
SURROGATE = re.compile("[\ud800-\udfff]")
#: what refuse_control refuses, in one pattern each
REFUSED = re.compile(f"{CONTROL.pattern}|{SURROGATE.pattern}")
REFUSED_STRICT = re.compile(f"{CONTROL_STRICT.pattern}|{SURROGATE.pattern}")
DIGITS = re.compile(r"^[+-]?[0-9]{10,4300}$")
#: the Dutch word for a route's variable in the messages that refuse it (``veld`` keeps the route's name,
#: as the OpenAPI description of the path names it); a variable not listed is Dutch already (``zaak``)
PATH_WORDS = {
    "case_ref": "zaak",
    "case_key": "zaak",
    "task_id": "taak",
    "process_id": "proces",
    "document_id": "document",
    "conflict_id": "conflict",
    "message_id": "bericht",
    "code": "volgcode",
    "filename": "bestandsnaam",
}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json_default(value: Any) -> Any:
    """A moment as ISO 8601 in UTC with its offset and a date as YYYY-MM-DD, not Flask's HTTP date
    (which drops the time of a date and reads a naive moment without saying so)."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return DefaultJSONProvider.default(value)


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, refusing NaN and Infinity when reading (and never writing them);
    moments and dates are written in ISO 8601 (``_json_default``)."""

    default = staticmethod(_json_default)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return json.loads(s, **{**strikte_json.HOOKS, **kwargs})

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("allow_nan", False)
        return super().dumps(obj, **kwargs)


def refuse_control(value: str, where: str, *, strict: bool = False) -> None:
    found = (REFUSED_STRICT if strict else REFUSED).search(value)  # one scan per text on the way in
    if found is None:
        return
    where = SURROGATE.sub("\ufffd", where)  # the message names the field; it must encode itself
    if SURROGATE.match(found.group()):
        raise ValidationError(
            f"{where} bevat een ongeldig teken (een losse surrogaat, geen echt teken); dat is niet toegestaan.",
            code="tekens-ongeldig",
        )
    raise ValidationError(
        f"{where} bevat een stuurteken (zoals NUL); dat is niet toegestaan.",
        code="tekens-ongeldig",
    )


def parse_json(raw: bytes | str) -> Any:
    """Strict JSON (processes.strikte_json): a Dutch 400 for NaN/Infinity or invalid text. The depth
    limit is checked by ``check_json_text``, which walks the document anyway: one walk per body."""
    return strikte_json.parse(raw, "De inhoud")


def check_json_text(doc: Any, what: str = "De inhoud") -> None:
    """Walk a parsed JSON document (without recursion): refuse control characters in keys and strings,
    and nesting deeper than ``strikte_json.MAX_DEPTH``. A first walk builds no field paths (a 14 MB list
    took 15 s with them); only a document it finds wrong is walked again to name the field."""
    if _is_clean(doc):
        return
    _refuse_at_field(doc, what)


def _is_clean(doc: Any) -> bool:
    """Does ``doc`` hold no refused character and no nesting deeper than ``strikte_json.MAX_DEPTH``?
    The texts of one object or list are searched at once (each refused character is one character, so
    their concatenation holds one exactly when one of them does), and a list is only looked into for
    the kinds of value it holds."""
    search, deepest = REFUSED.search, strikte_json.MAX_DEPTH
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, str):
            if search(value):
                return False
            continue
        if not isinstance(value, dict | list):
            continue
        if level > deepest:
            return False
        if isinstance(value, dict):
            if search("".join(map(str, value))):  # the keys
                return False
            value = list(value.values())
        kinds = set(map(type, value))
        if str in kinds and search("".join(item for item in value if type(item) is str)):
            return False
        if dict in kinds or list in kinds:
            stack.extend((item, level + 1) for item in value if type(item) in (dict, list))
    return True


def _refuse_at_field(doc: Any, what: str) -> None:
    """The walk of ``check_json_text`` that names the field of the first refused text or nesting."""
    stack: list[tuple[str, Any, int]] = [("", doc, 1)]
    while stack:
        path, value, level = stack.pop()
        if isinstance(value, str):
            refuse_control(value, f"Het veld '{path or 'inhoud'}'")
            continue
        if isinstance(value, dict | list) and level > strikte_json.MAX_DEPTH:
            raise ValidationError(f"{what} is {strikte_json.TOO_DEEP}.", code="json-te-diep")
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                refuse_control(str(key), f"De veldnaam '{child}'")
                stack.append((child, item, level + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, level + 1) for i, item in enumerate(value))


def _bounded_by_contract(key: str) -> bool:
    """Does the route's API contract (web.api.contract, checked right after this hook) declare the query
    parameter ``key`` with bounds of its own: as text, or as a number with a maximum within ID_MAX? Then
    the contract refuses a number that is too large with the real bound and the field (``limiet`` at
    most 500, ``vanaf`` at most 1,000,000), and a text of digits (a search) is no id to refuse."""
    from web.api.contract import contract_of

    spec = contract_of(request.endpoint)
    schema = spec.query.get(key) if spec is not None else None
    if schema is None:
        return False
    kinds = schema.get("type")
    if not {"integer", "number"} & set(kinds if isinstance(kinds, list) else [kinds]):
        return True
    return bool(schema.get("maximum", ID_MAX + 1) <= ID_MAX)


def _too_large(name: str, word: str | None = None) -> ValidationError:
    """``word``: what the message calls the parameter (a route's variable: ``PATH_WORDS``)."""
    return ValidationError(
        f"Parameter '{word or name}' mag ten hoogste {ID_MAX} zijn.", code="parameter-ongeldig", veld=name
    )


def _check_path_and_query() -> None:
    for name, value in (request.view_args or {}).items():
        word = PATH_WORDS.get(name, name)
        if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= ID_MAX:
            raise _too_large(name, word)
        if isinstance(value, str):
            refuse_control(value, f"Parameter '{word}'", strict=True)
    for key, values in request.args.lists():
        refuse_control(key, f"De parameternaam '{key}'")
        for value in values:
            refuse_control(value, f"Parameter '{key}'")
            # no query number is that large; one the contract bounds, it refuses itself
            if DIGITS.match(value) and abs(int(value)) > ID_MAX and not _bounded_by_contract(key):
                raise _too_large(key)


def _is_json_request() -> bool:
    # a body without a Content-Type is no JSON either (web.api.contract answers 415 where the operation
    # takes a body)
    return request.is_json


def check_request() -> None:
    """The before-request hook: refuse bad text and numbers; keep a strictly parsed JSON body in g."""
    _check_path_and_query()
    if request.mimetype in FORM_TYPES:
        for key, values in request.form.lists():
            refuse_control(str(key or ""), f"De veldnaam '{key}'")
            for value in values:
                if isinstance(value, str):
                    refuse_control(value, f"Het veld '{key}'")
    elif _is_json_request():
        raw = request.get_data(cache=True)
        if raw.strip():
            doc = parse_json(raw)
            check_json_text(doc)
            g.json_body = doc


class AsciiIntegerConverter(IntegerConverter):
    """``<int:...>`` with ASCII digits only: werkzeug's ``\\d+`` also matches other scripts' digits
    (Arabic-Indic ``٩٥``, mathematical ``𝟏``), which ``int()`` reads as an id; such a path names nothing."""

    regex = r"[0-9]+"


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = AsciiIntegerConverter  # before any route is added
    app.json = StrictJSONProvider(app)
    app.before_request(check_request)  # before every hook registered after it (create_app's order)
