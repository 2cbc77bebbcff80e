"""The request line ruimteflow serve's gunicorn takes (review api17, finding 3): gunicorn's default of 4094
bytes answered a longer query with its own 400 in text/html before the app could check it, while the API's
contract allows longer ones (a DELETE /documenten/{id} with a reden of 2000 characters, percent-encoded).
Read from the gunicorn configuration serve builds; no server is started."""

from __future__ import annotations

import socket
from typing import Any

from web import create_app
from web.server import RuimteflowServer, ServerOptions

#: the request line around the target: "DELETE " and " HTTP/1.1"
AROUND = len("DELETE ") + len(" HTTP/1.1")


def _cfg(settings: Any) -> Any:
    listener = socket.socket()
    try:
        options = ServerOptions("127.0.0.1", 0, workers=1, threads=1, scheduler=False)
        return RuimteflowServer(settings, options, listener).cfg
    finally:
        listener.close()


def _longest(schema: dict[str, Any]) -> int:
    """The longest value a parameter may have, in characters (a number or a choice: 25 at most)."""
    if "maxLength" in schema:
        return int(schema["maxLength"])
    assert schema.get("type") in ("integer", "number", "boolean") or "enum" in schema, schema
    return 25


def _longest_line(op: dict[str, Any], path: str) -> int:
    """Bytes of the longest request line the operation's contract allows, every character of a value
    percent-encoded (three bytes: a space, a slash or an accent's bytes one by one)."""
    length = AROUND + len("/api/v1")
    for part in path.strip("/").split("/"):
        name = part[1:-1] if part.startswith("{") else None
        params = [p for p in op.get("parameters", []) if p["in"] == "path" and p["name"] == name]
        length += 1 + (3 * _longest(params[0]["schema"]) if params else len(part))
    for p in op.get("parameters", []):
        if p["in"] == "query":
            length += 1 + len(p["name"]) + 1 + 3 * _longest(p["schema"])
    return length


def test_serve_takes_the_longest_request_line_the_api_allows(settings):
    cfg = _cfg(settings)
    assert cfg.limit_request_line == 8190  # gunicorn's maximum (web.server.REQUEST_LINE_MAX)
    assert cfg.limit_request_field_size == 8190  # headers: gunicorn's default, in the README
    with create_app(settings).test_client() as client:
        doc = client.get("/api/v1/openapi.json").get_json()
    longest = {
        f"{method.upper()} {path}": _longest_line(op, path)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert max(longest.values()) > 4094  # gunicorn's default refused it
    too_long = {where: n for where, n in longest.items() if n > cfg.limit_request_line}
    assert not too_long, too_long
