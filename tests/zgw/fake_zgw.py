"""An in-memory stand-in of the ZGW APIs for publication tests: it keeps what was created, answers list
queries by field equality (so look-ups before a create work as on Open Zaak) and can be switched off.
An enkelvoudiginformatieobject changes as in Open Zaak 1.30: only under the lock of ``.../lock`` (a PATCH
without it, or with another one, is a 400), each PATCH makes the next ``versie``, ``locked`` tells; an
unlock without a lock value is a forced one (``force_unlock``). A
zaak's opschorting.eerdereOpschorting is Open Zaak's (read-only; models/zaken.py Zaak.save): true from
the first save with indicatie true on, never false again; a sent value is ignored.

A moment or date in the future is refused as Open Zaak 1.30 refuses it (``NOT_IN_FUTURE``), against
Open Zaak's own notion of now: its server's wall clock, ``timezone.now()`` in UTC (TIME_ZONE "UTC",
USE_TZ) plus TIME_LEEWAY, which is 0 (its default; .ci's Open Zaak sets none). A date field is compared
with the UTC date of that moment, not the Dutch one. That is ``wall_clock``, not the platform's clock,
which tests keep in the past; a test may replace it to stand at a chosen moment."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx

from services.zgw import payloads as p
from services.zgw.config import ZgwConfigError
from services.zgw.lookup import MappingCatalog
from services.zgw.mapping_model import ZgwMapping
from tests.zgw.contract import SPEC_HOST

CAT = f"{SPEC_HOST}/catalogi/api/v1/"

#: zaken/api/validators.py DateNotInFutureValidator
DATE_IN_FUTURE = ("date-in-future", "Deze datum mag niet in de toekomst zijn")
#: vng_api_common/validators.py UntilNowValidator and UntilTodayValidator (in Open Zaak's Dutch)
FUTURE_NOT_ALLOWED = ("future_not_allowed", "Deze waarde mag niet in de toekomst liggen.")
#: the fields Open Zaak 1.30 refuses in the future on a POST, PUT or PATCH, by resource: zaken serializers
#: (ZaakSerializer laatst_geopend and laatste_betaaldatum, StatusSerializer datum_status_gezet,
#: SubStatusSerializer tijdstip, KlantContactSerializer datumtijd) and besluiten/models.py Besluit.datum.
#: Nothing else Ruimteflow sends has such a check: not a zaak's registratiedatum or startdatum, a besluit's
#: ingangsdatum or verzenddatum, nor an enkelvoudiginformatieobject's creatiedatum, ontvangstdatum or
#: verzenddatum.
NOT_IN_FUTURE = {
    "zaken": {"laatstGeopend": DATE_IN_FUTURE, "laatsteBetaaldatum": FUTURE_NOT_ALLOWED},
    "statussen": {"datumStatusGezet": DATE_IN_FUTURE},
    "substatussen": {"tijdstip": DATE_IN_FUTURE},
    "klantcontacten": {"datumtijd": DATE_IN_FUTURE},
    "besluiten": {"datum": FUTURE_NOT_ALLOWED},
}


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


class FakeCatalog(MappingCatalog):
    """The real mapping (bpmn/zgw.toml) with made-up Catalogi URLs: ``.../statustypen/<omschrijving>``."""

    def __init__(self, mapping: ZgwMapping) -> None:
        super().__init__(client=None, mapping=mapping)  # type: ignore[arg-type]  # no Catalogi API needed

    def zaaktype(self, process_id: str, on: date) -> str:
        return CAT + f"zaaktypen/{_slug(self.mapping.procedure(process_id).identificatie)}"

    def types(self, process_id: str, zaaktype: str) -> p.TypeUrls:
        proc = self.mapping.procedure(process_id)
        if zaaktype != self.zaaktype(process_id, date.today()):
            raise ZgwConfigError(
                f"{zaaktype} is geen versie van {proc.identificatie}.", code="zgw-zaaktype-vreemd"
            )
        return p.TypeUrls(
            zaaktype=zaaktype,
            statustypen={
                f: CAT + f"statustypen/{_slug(s.omschrijving)}" for s in proc.statustypen for f in s.fasen
            },
            beginstatustype=CAT + f"statustypen/{_slug(proc.beginstatus.omschrijving)}",
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
        self.locks: dict[str, str] = {}  # eio url -> its lock value
        #: an unlock without a lock value unlocks (the client has documenten.geforceerd-unlock, as the CI's
        #: Open Zaak client with heeft_alle_autorisaties); else it is refused as one with a wrong value
        self.force_unlock = True
        #: Open Zaak's now (module docstring)
        self.wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def collection(self, resource: str) -> list[dict[str, Any]]:
        return [o for url, o in self.objects.items() if url.rsplit("/", 2)[-2] == resource]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("Connection refused", request=request)
        url = str(request.url).split("?")[0].rstrip("/")
        if request.method in ("POST", "PUT", "PATCH"):
            refused = self.refused(request.method, url, json.loads(request.content or b"{}"))
            if refused is not None:
                return refused
        if request.method == "POST" and url.endswith(("/lock", "/unlock")):
            return self._lock(request, *url.rsplit("/", 1))
        if request.method == "PATCH" and "/enkelvoudiginformatieobjecten/" in url:
            return self._new_version(url, json.loads(request.content or b"{}"))
        if request.method == "POST" and url.endswith("/enkelvoudiginformatieobjecten"):
            body = {**json.loads(request.content or b"{}"), "versie": 1, "locked": False}
            obj = {**body, "url": f"{url}/{uuid.uuid4()}"}
            self.objects[obj["url"]] = obj
            return httpx.Response(201, json=obj)
        if request.method == "POST":
            obj = {**json.loads(request.content or b"{}"), "url": f"{url}/{uuid.uuid4()}"}
            self.objects[obj["url"]] = obj
            _eerdere_opschorting(obj, url, False)
            return httpx.Response(201, json=obj)
        if request.method == "DELETE":
            if self.objects.pop(url, None) is None:
                return httpx.Response(404, json={"detail": "Niet gevonden."})
            return httpx.Response(204)
        if request.method == "PATCH":
            before = bool((self.objects[url].get("opschorting") or {}).get("eerdereOpschorting"))
            self.objects[url].update(json.loads(request.content or b"{}"))
            _eerdere_opschorting(self.objects[url], url, before)
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

    def refused(self, method: str, url: str, body: dict[str, Any]) -> httpx.Response | None:
        """The 400 Open Zaak 1.30 answers to this write, or None when it takes it."""
        resource = url.split("/api/v1/", 1)[-1].split("/", 1)[0]
        for name, (code, reason) in NOT_IN_FUTURE.get(resource, {}).items():
            if body.get(name) is not None and _in_future(str(body[name]), self.wall_clock()):
                return invalid_answer(name, code, reason)
        return None

    # -- the lock of an enkelvoudiginformatieobject (Documenten API) ---------------------------------------
    def _lock(self, request: httpx.Request, url: str, action: str) -> httpx.Response:
        locks = self.locks
        if url not in self.objects:
            return httpx.Response(404, json={"detail": "Niet gevonden."})
        if action == "lock":
            if url in locks:
                return invalid_answer("nonFieldErrors", "existing-lock", "The document is already locked")
            locks[url] = uuid.uuid4().hex
            self.objects[url]["locked"] = True
            return httpx.Response(200, json={"lock": locks[url]})
        given = json.loads(request.content or b"{}").get("lock")
        if given != locks.get(url) and not (given is None and self.force_unlock):
            return invalid_answer("nonFieldErrors", "incorrect-lock-id", "Lock id is not correct")
        locks.pop(url, None)
        self.objects[url]["locked"] = False
        return httpx.Response(204)

    def _new_version(self, url: str, body: dict[str, Any]) -> httpx.Response:
        locks = self.locks
        if url not in locks:
            return invalid_answer("nonFieldErrors", "unlocked", "Unlocked document can't be modified")
        if body.pop("lock", None) != locks[url]:
            return invalid_answer("nonFieldErrors", "incorrect-lock-id", "Lock id is not correct")
        obj = self.objects[url]
        obj.update(body)
        obj["versie"] = int(obj.get("versie") or 1) + 1
        return httpx.Response(200, json=obj)


def _eerdere_opschorting(obj: dict[str, Any], url: str, before: bool) -> None:
    """opschorting.eerdereOpschorting of a zaak as Open Zaak 1.30 keeps it (module docstring)."""
    opschorting = obj.get("opschorting")
    if "/zaken/api/v1/zaken" not in url or not isinstance(opschorting, dict):
        return
    opschorting["eerdereOpschorting"] = before or bool(opschorting.get("indicatie"))


def _in_future(value: str, now: datetime) -> bool:
    """Whether Open Zaak takes ``value`` (an ISO date or moment) to be in the future at ``now``: a date
    after the UTC date of now, a moment after now (a moment without a zone is UTC, Open Zaak's zone)."""
    if "T" not in value:
        return date.fromisoformat(value) > now.astimezone(UTC).date()
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)) > now


def invalid_answer(name: str, code: str, reason: str) -> httpx.Response:
    """A 400 as Open Zaak 1.30 words it (ValidatieFout; the problem document as a live one answers)."""
    param = {"name": name, "code": code, "reason": reason}
    problem = {
        "type": f"{SPEC_HOST}/ref/fouten/ValidationError/",
        "code": "invalid",
        "title": "Ongeldige invoer.",
        "status": 400,
        "detail": "Ongeldige invoer.",
        "instance": f"urn:uuid:{uuid.uuid4()}",
        "invalidParams": [param],
    }
    return httpx.Response(400, json=problem)
