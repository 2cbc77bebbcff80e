"""Contract checks: request bodies against the OpenAPI documents Open Zaak 1.30 serves (openapi-core).

``RecordingTransport`` sits under ``ZgwClient`` (httpx transport) and keeps every request; with an
``inner`` transport it passes them on to a real server, without one it answers like a ZGW API would
(201 with a ``url``, or an empty list). ``validate_request`` checks one recorded request against the
spec of its API: path, method, headers (Content-Crs, ...) and body.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from werkzeug.test import EnvironBuilder

from services.zgw.config import APIS, ZgwConfig

SPEC_HOST = "http://zgw.test"


def _local_refs(node: Any) -> Any:
    """Replace references to documents on the internet (only the ``_expand`` parts of responses in
    zaken.yaml and documenten.yaml point at the Catalogi API on GitHub) by an open object: offline,
    and no request body uses them."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(("http://", "https://")):
            return {"type": "object"}
        return {k: _local_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node


@cache
def openapi(spec_dir: Path, api: str) -> OpenAPI:
    with (spec_dir / f"{api}.yaml").open(encoding="utf-8") as fh:
        spec = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return OpenAPI.from_dict(_local_refs(spec))


def offline_config(base: str = SPEC_HOST) -> ZgwConfig:
    roots = {f"{api}_url": f"{base}/{api}/api/v1/" for api in APIS}
    return ZgwConfig(client_id="ruimteflow", secret="geheim-voor-contracttests-0123456789", **roots)


class RecordingTransport(httpx.BaseTransport):
    """Records every request; passes it to ``inner`` or, without one, answers it like a ZGW API."""

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self.inner is not None:
            return self.inner.handle_request(request)
        if request.method == "GET":
            return httpx.Response(200, json={"count": 0, "next": None, "previous": None, "results": []})
        body = json.loads(request.content or b"{}")
        url = str(request.url).rstrip("/") + f"/{uuid.uuid4()}"
        return httpx.Response(201, json={**body, "url": url})

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()

    def writes(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method in ("POST", "PUT", "PATCH")]


def validate_request(spec_dir: Path, config: ZgwConfig, request: httpx.Request) -> None:
    """Raise an openapi-core validation error when ``request`` breaks the spec of its API."""
    url = str(request.url).split("?")[0]
    api = next((a for a, root in config.roots().items() if url.startswith(root)), None)
    if api is None:
        raise AssertionError(f"{url} is under no configured ZGW root")
    rest = url[len(config.root(api)) :]
    builder = EnvironBuilder(
        path=f"/{api}/api/v1/{rest}",
        base_url=SPEC_HOST,
        method=request.method,
        headers={k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")},
        data=request.content,
        query_string=request.url.query.decode() if request.url.query else None,
    )
    openapi(spec_dir, api).validate_request(WerkzeugOpenAPIRequest(builder.get_request()))


def validate_body(
    spec_dir: Path, api: str, resource: str, body: dict[str, Any], method: str = "POST"
) -> None:
    """Validate ``body`` as the client would send it to ``resource`` of ``api`` (with the client's headers)."""
    from services.zgw.client import ZgwClient

    config = offline_config()
    recorder = RecordingTransport()
    with ZgwClient(config, transport=recorder) as client:
        if method == "POST":
            client.create(api, resource, body)
        elif method == "PATCH":
            client.patch(client.url(api, resource), body)
        else:
            client.put(client.url(api, resource), body)
    validate_request(spec_dir, config, recorder.requests[-1])
