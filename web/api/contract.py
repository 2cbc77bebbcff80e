"""The API contract: one declaration per route, used both to validate requests and to write OpenAPI.

A view declares its parameters, body and responses as JSON Schema (2020-12, the dialect of OpenAPI 3.1)::

    @bp.get("/taken/<int:task_id>")
    @contract(path={"task_id": ID}, response=TASK, errors=(403, 404))
    def get_task(task_id): ...

Routes of other blueprints under /api/v1 (kaart, status) are declared in ``EXTERNAL`` by endpoint name.
``validate_request`` (a before-request hook of the API blueprint) checks the path, the query string and
the JSON body against exactly these schemas with ``jsonschema`` and refuses a mismatch with a Dutch
problem+json naming the field; web/api/openapi.py publishes the same dicts. The query string takes only
the parameters its operation declares: another one (``?stauts=``, ``?pagina=``) is refused by name, not
ignored, and a ``format`` of a query parameter (``date-time``) is checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from processes.errors import UnsupportedMediaType, ValidationError

EXTERNAL: dict[str, Contract] = {}
TYPE_NL = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "object": "een JSON-object",
    "array": "een lijst",
    "null": "leeg (null)",
}


@dataclass(frozen=True)
class Contract:
    """What one operation accepts and answers. ``errors`` lists the extra 4xx statuses it can give."""

    response: dict[str, Any] | None = None
    status: int = 200
    #: the media type of the answer; several when it is one of them (a stored document's own type)
    media: str | tuple[str, ...] = "application/json"
    path: dict[str, dict[str, Any]] = field(default_factory=dict)
    query: dict[str, dict[str, Any]] = field(default_factory=dict)
    required_query: tuple[str, ...] = ()
    #: optional request headers (name -> schema), checked like the query and published as parameters
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    body_required: bool = True
    body_media: tuple[str, ...] = ("application/json",)
    multipart: dict[str, Any] | None = None
    errors: tuple[int, ...] = ()
    public: bool = False
    summary: str = ""
    #: asked with the path parameters after they are checked and before the query and body are: refuses
    #: whoever may not reach the resource, so a body error tells nobody that it exists
    access: Callable[[dict[str, Any]], None] | None = None

    def statuses(self) -> list[int]:
        """Every status this operation can answer (documented, and checked by Schemathesis)."""
        found = {self.status, 400, *self.errors}
        if not self.public:
            found.add(401)
        if self.path:
            found.add(404)
        if self.body is not None or self.multipart is not None:
            found.update((413, 415))
        return sorted(found)


def contract(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Attach a ``Contract`` to a view function (put it below the route decorator)."""

    def attach(view: Callable[..., Any]) -> Callable[..., Any]:
        summary = kwargs.pop("summary", "") or (view.__doc__ or view.__name__).strip().splitlines()[0]
        view.__contract__ = Contract(summary=summary, **kwargs)  # type: ignore[attr-defined]
        return view

    return attach


def contract_of(endpoint: str | None) -> Contract | None:
    if not endpoint:
        return None
    view = current_app.view_functions.get(endpoint)
    found = getattr(view, "__contract__", None)
    return found if isinstance(found, Contract) else EXTERNAL.get(endpoint)


# -- Dutch messages for schema errors ---------------------------------------------------------------
def _where(error: SchemaError, kind: str) -> str:
    return f"{kind} '{'.'.join(_field(error)) or 'inhoud'}'"


def _field(error: SchemaError) -> list[str]:
    """The path of the wrong field: for a missing or an unknown one its own name, not its object's."""
    parts = [str(p) for p in error.absolute_path]
    validator: Any = error.validator
    value: Any = error.validator_value
    schema: Any = error.schema
    if validator == "required":
        instance: Any = error.instance or {}
        missing = [p for p in value if p not in instance]
        parts.append(str(missing[0]) if missing else "?")
    elif validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set((schema.get("properties") or {}).keys())
        extra = [k for k in error.instance if k not in known]
        parts.append(str(extra[0]) if extra else "?")
    return parts


def _reason(error: SchemaError) -> str:
    v: Any = error.validator
    value: Any = error.validator_value
    schema: Any = error.schema
    if v == "type":
        types = value if isinstance(value, list) else [value]
        return "moet " + " of ".join(TYPE_NL.get(str(t), str(t)) for t in types) + " zijn"
    texts = {
        "required": "is verplicht",
        "additionalProperties": schema.get("x-uitleg") or "is onbekend",
        "minimum": f"moet ten minste {value} zijn",
        "exclusiveMinimum": f"moet groter dan {value} zijn",
        "maximum": f"mag ten hoogste {value} zijn",
        "exclusiveMaximum": f"moet kleiner dan {value} zijn",
        "minLength": f"moet ten minste {value} teken(s) hebben",
        "maxLength": f"mag ten hoogste {value} tekens hebben",
        "minItems": f"moet ten minste {value} element(en) hebben",
        "maxItems": f"mag ten hoogste {value} elementen hebben",
        "maxProperties": f"mag ten hoogste {value} velden hebben",
        "pattern": schema.get("x-uitleg") or "heeft niet de juiste vorm",
        "enum": "moet een van "
        + ", ".join(repr(x) for x in (value if isinstance(value, list) else []))
        + " zijn",
        "const": f"moet {value!r} zijn",
        "not": schema.get("x-uitleg") or "is hier niet toegestaan",
        "format": schema.get("x-uitleg") or "heeft niet de juiste vorm",
    }
    return texts.get(str(v), "is ongeldig")


def _leaf(error: SchemaError) -> SchemaError:
    """For alternatives (anyOf, nullable): the deepest failing alternative that is not null."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        branches = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        if not branches:
            break
        error = max(branches, key=lambda e: len(e.absolute_path))
    return error


def check(instance: Any, schema: dict[str, Any], kind: str, code: str) -> None:
    """Validate ``instance``; raise a Dutch ValidationError naming the first wrong field."""
    _check_with(Draft202012Validator(schema), instance, kind, code)


def _check_with(validator: Draft202012Validator, instance: Any, kind: str, code: str) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: (len(e.path), str(e.path)))
    if errors:
        error = _leaf(errors[0])
        own: Any = error.schema
        raise ValidationError(
            f"{_where(error, kind)} {_reason(error)}.",
            code=str(own.get("x-code") or code) if isinstance(own, dict) else code,
            veld=".".join(_field(error)) or None,
        )


# -- request validation -----------------------------------------------------------------------------
_INT = re.compile(r"^-?[0-9]+$")
_NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


#: digits of a query integer read as they are; a longer one is beyond every bound (and past 4,300 digits
#: Python refuses to read it at all: that was a 500)
_INT_DIGITS = 30


def _integer(raw: str) -> int:
    """``raw`` (digits after an optional minus) as an int; one of more than ``_INT_DIGITS`` significant
    digits as 10**30 with its sign: its exact size changes no answer (every maximum is far below)."""
    sign = -1 if raw.startswith("-") else 1
    digits = raw.lstrip("-").lstrip("0") or "0"
    return sign * (int(digits) if len(digits) <= _INT_DIGITS else 10**_INT_DIGITS)


def _coerce(raw: str, schema: dict[str, Any]) -> Any:
    """A query string value as the type its schema asks for (left as text when it does not parse)."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds and _INT.match(raw):
        return _integer(raw)
    if "number" in kinds and _NUM.match(raw):
        number = float(raw)
        return number if number == number and abs(number) != float("inf") else raw
    if "boolean" in kinds and raw in ("true", "false"):
        return raw == "true"
    return raw


def _object(props: dict[str, dict[str, Any]], required: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(required)}


def _query_object(spec: Contract) -> dict[str, Any]:
    """The query string as an object closed to the parameters the operation does not declare."""
    known = ", ".join(spec.query) or "geen parameters"
    return {
        **_object(spec.query, spec.required_query),
        "additionalProperties": False,
        "x-uitleg": f"is onbekend; deze bewerking kent {known}",
    }


@dataclass(frozen=True)
class _Validators:
    path: Draft202012Validator | None
    query: Draft202012Validator
    body: Draft202012Validator | None
    form: Draft202012Validator | None = None
    headers: Draft202012Validator | None = None


def _is_file(schema: Any) -> bool:
    item = schema.get("items", schema) if isinstance(schema, dict) else {}
    return isinstance(item, dict) and "contentMediaType" in item


def _form_fields(schema: dict[str, Any]) -> dict[str, Any]:
    """A multipart schema with its file parts unchecked and without its required list: the handler checks
    the files (present, readable, of an allowed type) and what is missing, with its own codes; the text
    fields that are sent are checked here like a JSON body (lengths, counts, patterns, unknown fields; a
    file part's name sent as text is no unknown field, the handler tells it is no file)."""
    props = {k: ({} if _is_file(v) else v) for k, v in (schema.get("properties") or {}).items()}
    return {**schema, "properties": props, "required": []}


def _form_values(schema: Any) -> dict[str, Any]:
    """The text fields of a multipart request, arrays as lists (empty entries left out, as the handlers do)."""
    props = schema.get("properties") or {}
    values: dict[str, Any] = {}
    for key in request.form:
        if (props.get(key) or {}).get("type") == "array":
            values[key] = [v for v in request.form.getlist(key) if v]
        else:
            values[key] = request.form.get(key)
    return values


#: validators built once per contract (contracts live as long as the process), not on every request
_COMPILED: dict[int, tuple[Contract, _Validators]] = {}


def _validators(spec: Contract) -> _Validators:
    hit = _COMPILED.get(id(spec))
    if hit is None or hit[0] is not spec:
        built = _Validators(
            path=Draft202012Validator(_object(spec.path, list(spec.path))) if spec.path else None,
            query=Draft202012Validator(
                _query_object(spec), format_checker=Draft202012Validator.FORMAT_CHECKER
            ),
            body=Draft202012Validator(spec.body) if spec.body is not None else None,
            form=Draft202012Validator(_form_fields(spec.multipart)) if spec.multipart is not None else None,
            headers=Draft202012Validator(_object(spec.headers, ())) if spec.headers else None,
        )
        hit = _COMPILED[id(spec)] = (spec, built)
    return hit[1]


def _has_body() -> bool:
    if request.content_length:
        return True
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):  # parsed already
        return bool(request.form or request.files)
    return bool(request.get_data(cache=True))


def _only_csrf_token() -> bool:
    """A form holding nothing but the faces' CSRF token: how a browser session proves a write is from our
    page (web.faces.security.check_csrf, like the X-CSRF-Token header), no content of the request."""
    return (
        request.mimetype == "application/x-www-form-urlencoded"
        and list(request.form) == ["csrf_token"]
        and not request.files
    )


def _check_media(spec: Contract) -> None:
    """A body must be of a media type the operation takes (``body_media``, any charset; README: other
    media types get 415): ``application/json`` where it declares a body (the locatiecheck also
    ``application/geo+json``), multipart/form-data where it declares an upload. A body without a
    Content-Type, or of another JSON flavour (``application/merge-patch+json``, whose rules are not
    these), is refused, not read as plain JSON. An operation that declares neither takes no body at all:
    one sent (``{"gebruiker": "tom"}`` to a claim, text, XML) is refused, not ignored."""
    if not _has_body():
        return
    if spec.body is None and spec.multipart is None:
        if _only_csrf_token():
            return
        raise ValidationError(
            "Deze bewerking neemt geen inhoud aan; stuur het verzoek zonder inhoud (body).",
            code="inhoud-niet-verwacht",
        )
    media = request.mimetype
    if spec.body is not None and media in spec.body_media:
        return
    if spec.multipart is not None and media == "multipart/form-data":
        return
    takes = list(spec.body_media) if spec.body is not None else []
    takes += ["multipart/form-data"] if spec.multipart is not None else []
    sent = (
        f"Het mediatype '{media}' wordt hier niet ondersteund" if media else "De inhoud heeft geen mediatype"
    )
    raise UnsupportedMediaType(
        f"{sent}; stuur {' of '.join(takes)} (met de kop Content-Type).", veld="Content-Type"
    )


def validate_request() -> None:
    """Before-request hook for /api/v1: path, the route's access (``Contract.access``), media type, query
    and body against the route's contract."""
    spec = contract_of(request.endpoint)
    if spec is None:
        return
    if not spec.public:  # who is asking comes first: an anonymous caller learns nothing from validation
        from web.api.common import current_user

        current_user()
    compiled = _validators(spec)
    if compiled.path is not None:
        _check_with(compiled.path, dict(request.view_args or {}), "Parameter", "parameter-ongeldig")
    if spec.access is not None:
        spec.access(dict(request.view_args or {}))
    _check_media(spec)
    for k in request.args:  # no operation declares a repeatable parameter: a second value is no silent drop
        if len(request.args.getlist(k)) > 1:
            raise ValidationError(
                f"Parameter '{k}' is meer dan één keer gegeven; geef hem één keer.",
                code="parameter-ongeldig",
                veld=k,
            )
    query = {k: _coerce(request.args[k], spec.query.get(k, {})) for k in request.args}
    _check_with(compiled.query, query, "Parameter", "parameter-ongeldig")
    if compiled.headers is not None:
        headers = {k: request.headers[k] for k in spec.headers if k in request.headers}
        _check_with(compiled.headers, headers, "Header", "header-ongeldig")
    if compiled.form is not None and request.mimetype == "multipart/form-data":
        _check_with(compiled.form, _form_values(compiled.form.schema), "Veld", "veld-ongeldig")
    if compiled.body is not None and request.mimetype not in ("multipart/form-data",):
        if "json_body" not in g:  # no JSON sent; a JSON null was, and is checked as the value it is
            if spec.body_required:
                raise ValidationError("Het verzoek heeft geen JSON-inhoud.", code="json-ontbreekt")
            body = {}
        else:
            body = g.json_body
        _check_with(compiled.body, body, "Veld", "veld-ongeldig")
