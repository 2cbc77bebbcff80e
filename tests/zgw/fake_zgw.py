"""An in-memory stand-in of the ZGW APIs for publication tests: it keeps what was created, answers list
queries by field equality (so look-ups before a create work as on Open Zaak) and can be switched off."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from services.zgw import payloads as p
from services.zgw.delivery import MappingCatalog
from services.zgw.mapping import ZgwMapping
from tests.zgw.contract import SPEC_HOST

CAT = f"{SPEC_HOST}/catalogi/api/v1/"


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


class FakeCatalog(MappingCatalog):
    """The real mapping (bpmn/zgw.toml) with made-up Catalogi URLs: ``.../statustypen/<omschrijving>``."""

    def __init__(self, mapping: ZgwMapping) -> None:
        super().__init__(client=None, mapping=mapping)  # type: ignore[arg-type]  # no Catalogi API needed

    def types(self, process_id: str) -> p.TypeUrls:
        proc = self.mapping.procedure(process_id)
        return p.TypeUrls(
            zaaktype=CAT + f"zaaktypen/{_slug(proc.identificatie)}",
            statustypen={
                f: CAT + f"statustypen/{_slug(s.omschrijving)}" for s in proc.statustypen for f in s.fasen
            },
            eindstatustype=CAT + f"statustypen/{_slug(proc.eindstatus.omschrijving)}",
            roltypen={r: CAT + f"roltypen/{r}" for r in proc.roltypen},
            resultaattypen={k: CAT + f"resultaattypen/{k}" for k in proc.resultaattypen},
            informatieobjecttypen={k: CAT + f"informatieobjecttypen/{k}" for k in proc.informatieobjecttypen},
            besluittypen={k: CAT + f"besluittypen/{k}" for k in proc.besluittypen},
        )


class FakeZgw(httpx.BaseTransport):
    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}  # url -> object
        self.down = False

    def collection(self, resource: str) -> list[dict[str, Any]]:
        return [o for url, o in self.objects.items() if url.rsplit("/", 2)[-2] == resource]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("Connection refused", request=request)
        url = str(request.url).split("?")[0].rstrip("/")
        if request.method == "POST":
            obj = {**json.loads(request.content or b"{}"), "url": f"{url}/{uuid.uuid4()}"}
            self.objects[obj["url"]] = obj
            return httpx.Response(201, json=obj)
        if request.method == "DELETE":
            if self.objects.pop(url, None) is None:
                return httpx.Response(404, json={"detail": "Niet gevonden."})
            return httpx.Response(204)
        if request.method == "PATCH":
            self.objects[url].update(json.loads(request.content or b"{}"))
            return httpx.Response(200, json=self.objects[url])
        if url in self.objects:
            return httpx.Response(200, json=self.objects[url])
        params = dict(request.url.params)
        found = [
            o
            for o in self.collection(url.rsplit("/", 1)[-1])
            if all(str(o.get(k)) == v for k, v in params.items())
        ]
        return httpx.Response(
            200, json={"count": len(found), "next": None, "previous": None, "results": found}
        )
