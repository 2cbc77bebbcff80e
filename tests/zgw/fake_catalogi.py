"""An in-memory Catalogi API (httpx transport) for offline tests of `zgw catalogus`.

It keeps what is POSTed, filters lists by the query parameters the catalogus code uses, merges PATCHes,
and publishes (concept -> false). It checks nothing a real Open Zaak checks: the contract tests validate
the bodies against the spec, and the live test runs against Open Zaak itself.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

CONCEPT_TYPES = ("zaaktypen", "informatieobjecttypen", "besluittypen")


class FakeCatalogi(httpx.BaseTransport):
    def __init__(self, root: str) -> None:
        self.root = root
        self.objects: dict[str, dict[str, Any]] = {}  # url -> object
        self.calls: list[tuple[str, str]] = []

    def _resource(self, url: str) -> tuple[str, str | None, str | None]:
        parts = url[len(self.root) :].strip("/").split("/")
        return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url).split("?")[0]
        self.calls.append((request.method, url))
        resource, ident, action = self._resource(url)
        if request.method == "GET" and ident is None:
            return self._list(resource, dict(request.url.params))
        body = json.loads(request.content or b"{}")
        if request.method == "POST" and ident is None:
            new = {**body, "url": f"{self.root}{resource}/{uuid.uuid4()}"}
            if resource in CONCEPT_TYPES:
                new["concept"] = True
            self.objects[new["url"]] = new
            return httpx.Response(201, json=new)
        obj = self.objects.get(f"{self.root}{resource}/{ident}")
        if obj is None:
            return httpx.Response(404, json={"title": "Niet gevonden."})
        if action == "publish":
            obj["concept"] = False
        elif request.method == "PATCH":
            obj.update(body)
        return httpx.Response(200, json=obj)

    def _list(self, resource: str, params: dict[str, str]) -> httpx.Response:
        params.pop("status", None)
        found = [
            o
            for url, o in self.objects.items()
            if url.startswith(f"{self.root}{resource}/")
            and all(str(o.get(k)) == v for k, v in params.items())
        ]
        return httpx.Response(
            200, json={"count": len(found), "next": None, "previous": None, "results": found}
        )
