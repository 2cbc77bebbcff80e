"""The in-memory ZGW stand-ins with checks Open Zaak 1.30 makes on the relation between a zaak and its types,
and Open Zaak's "Nieuwe versie toevoegen" of a zaaktype.

Checks (Open Zaak 1.30 source), after FakeZgw's of a date in the future: a zaak's zaaktype must be
published (zaken serializer, PublishValidator: not-published); a status, rol or resultaat must have a type
of the zaak's zaaktype (zaken/validators.py CorrectZaaktypeValidator: zaaktype-mismatch); a besluit's
besluittype must belong to the zaak's zaaktype (besluiten/api/validators.py BesluittypeZaaktypeValidator:
zaaktype-mismatch); a zaakinformatieobject's document must have an informatieobjecttype of the zaak's
zaaktype (utils/validators.py ObjecttypeInformatieobjecttypeRelationValidator).

Fields Open Zaak 1.30 derives on the zaak (``_derive``): ``resultaat``, the URL of the resultaat created for
it; ``einddatum``, the date part of the eindstatus's datumStatusGezet as sent (the eindstatus: the statustype
of the zaaktype with the highest volgnummer), None again after any other status (zaken serializers,
StatusSerializer.create). Before, the zaak kept both empty whatever was sent: a zaak closed with its
resultaat read as open without one. At the eindstatus the archive fields (``_archive``, zaken/archiving.py
calculate_archiving_data with brondatum.py BrondatumCalculator): archiefnominatie of the resultaattype and,
for afleidingswijze afgehandeld, startdatumBewaartermijn (the brondatum: the one the zaak holds, else the
UTC date of datumStatusGezet, not the date as sent) and archiefactiedatum (brondatum + archiefactietermijn);
another status after it empties all three, as Open Zaak reopens the zaak.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
from dateutil.relativedelta import relativedelta

from tests.zgw.fake_catalogi import FakeCatalogi
from tests.zgw.fake_zgw import FakeZgw, invalid_answer

MISMATCH = "De referentie hoort niet bij het zaaktype van de zaak."
TYPED = {"statussen": "statustype", "rollen": "roltype", "resultaten": "resultaattype"}


class StrictZgw(FakeZgw):
    def __init__(self, catalogi: FakeCatalogi) -> None:
        super().__init__()
        self.catalogi = catalogi

    def refused(self, method: str, url: str, body: dict[str, Any]) -> httpx.Response | None:
        """After FakeZgw's field checks, as Open Zaak validates a field before the object's relations."""
        refused = super().refused(method, url, body)
        if refused is None and method == "POST":
            return self._check(url, body)
        return refused

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == "POST" and response.status_code == 201:
            self._derive(str(request.url).split("?")[0].rstrip("/").rsplit("/", 1)[-1], response.json())
        return response

    def _derive(self, resource: str, created: dict[str, Any]) -> None:
        zaak = self.objects.get(str(created.get("zaak")))
        if zaak is None:
            return
        if resource == "resultaten":
            zaak["resultaat"] = created["url"]
        if resource == "statussen":
            cat = self.catalogi.objects
            volgnummers = [
                int(o.get("volgnummer") or 0)
                for o in cat.values()
                if "/statustypen/" in o["url"] and o.get("zaaktype") == zaak["zaaktype"]
            ]
            eind = int(cat[created["statustype"]].get("volgnummer") or 0) == max(volgnummers)
            if eind:
                self._archive(zaak, created)
            elif zaak.get("einddatum"):
                zaak.update(archiefnominatie=None, archiefactiedatum=None, startdatumBewaartermijn=None)
            zaak["einddatum"] = str(created["datumStatusGezet"])[:10] if eind else None

    def _archive(self, zaak: dict[str, Any], eindstatus: dict[str, Any]) -> None:
        """The archive fields Open Zaak 1.30 computes at the eindstatus (module docstring)."""
        resultaat = self.objects.get(str(zaak.get("resultaat")))
        if resultaat is None:
            return
        rt = self.catalogi.objects[resultaat["resultaattype"]]
        zaak["archiefnominatie"] = rt.get("archiefnominatie")
        if (rt.get("brondatumArchiefprocedure") or {}).get("afleidingswijze") != "afgehandeld":
            return
        moment = datetime.fromisoformat(str(eindstatus["datumStatusGezet"]).replace("Z", "+00:00"))
        bron = zaak.get("startdatumBewaartermijn") or moment.astimezone(UTC).date().isoformat()
        parts = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", rt["archiefactietermijn"])
        assert parts is not None, rt["archiefactietermijn"]
        years, months, weeks, days = (int(n or 0) for n in parts.groups())
        term = relativedelta(years=years, months=months, weeks=weeks, days=days)
        zaak["startdatumBewaartermijn"] = bron
        zaak["archiefactiedatum"] = (date.fromisoformat(bron) + term).isoformat()

    def _check(self, url: str, body: dict[str, Any]) -> httpx.Response | None:
        resource, cat = url.rsplit("/", 1)[-1], self.catalogi.objects
        if resource == "zaken" and cat[body["zaaktype"]].get("concept"):
            return invalid_answer("zaaktype", "not-published", "The resource is not published.")
        zaak = self.objects.get(str(body.get("zaak")))
        if zaak is None:
            return None
        zaaktype = cat[zaak["zaaktype"]]
        if resource in TYPED and cat[body[TYPED[resource]]]["zaaktype"] != zaaktype["url"]:
            return invalid_answer("nonFieldErrors", "zaaktype-mismatch", MISMATCH)
        if resource == "besluiten" and body["besluittype"] not in zaaktype.get("besluittypen", []):
            return invalid_answer("nonFieldErrors", "zaaktype-mismatch", MISMATCH)
        if resource == "zaakinformatieobjecten":
            iotype = self.objects[body["informatieobject"]]["informatieobjecttype"]
            linked = [
                o
                for o in cat.values()
                if o.get("zaaktype") == zaaktype["url"] and o.get("informatieobjecttype") == iotype
            ]
            if not linked:
                return invalid_answer(
                    "nonFieldErrors",
                    "missing-zaaktype-informatieobjecttype-relation",
                    "Het informatieobjecttype hoort niet bij het zaaktype van de zaak.",
                )
        return None


class Both(httpx.BaseTransport):
    """The Catalogi stand-in and the other APIs behind one transport."""

    def __init__(self, catalogi: FakeCatalogi, zgw: FakeZgw) -> None:
        self.catalogi, self.zgw = catalogi, zgw

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return (self.catalogi if "/catalogi/" in str(request.url) else self.zgw).handle_request(request)


def new_version(cat: FakeCatalogi, identificatie: str, einde: str, begin: str) -> str:
    """Open Zaak's admin "Nieuwe versie toevoegen" (catalogi/admin/side_effects.py create_new_version): a
    concept copy with its statustypen, roltypen, resultaattypen and zaaktype-informatieobjecttypen; the
    current version gets ``einde`` (Open Zaak refuses overlapping published versions). Returns its URL."""
    old = next(
        o
        for o in cat.objects.values()
        if o.get("identificatie") == identificatie and not o.get("eindeGeldigheid")
    )
    old["eindeGeldigheid"] = einde
    new = {
        **old,
        "url": cat.root + f"zaaktypen/{uuid.uuid4()}",
        "concept": True,
        "eindeGeldigheid": None,
        "beginGeldigheid": begin,
        "versiedatum": begin,
    }
    cat.objects[new["url"]] = new
    for child in list(cat.objects.values()):
        if child.get("zaaktype") == old["url"]:
            copy = {
                **child,
                "zaaktype": new["url"],
                "url": child["url"].rsplit("/", 1)[0] + f"/{uuid.uuid4()}",
            }
            cat.objects[copy["url"]] = copy
    return str(new["url"])


def publish(cat: FakeCatalogi, url: str) -> None:
    cat.objects[url]["concept"] = False
