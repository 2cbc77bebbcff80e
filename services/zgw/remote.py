"""A case's objects in the ZGW APIs: local state read, remote URLs stored, each object created once.

Every remote object gets its URL stored locally (``zgw_object``) under a local key, after it was created;
before creating, the stored URL is used, else the object is looked up remotely (the zaak by its
identificatie, a status by zaak + statustype + moment, ...). So a retry after a crash between the remote
call and the local commit never creates a second zaak, status, rol, document or besluit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any, Protocol, TypeVar

from sqlalchemy import delete, select, update

from processes.termijnen.datums import datum_nl
from services.clock import in_nl, tijdstip_nl
from services.outbox import DeliveryFailed, Postponed, deadline
from services.platform import Platform
from services.store.models import Case, ZgwObject
from services.zgw import payloads as p
from services.zgw.client import ZgwClient, ZgwRemoteError
from services.zgw.config import ZgwConfig, ZgwConfigError
from services.zgw.mapping_model import BesluitTypeMap
from services.zgw_publication import zaak_state


class Catalog(Protocol):
    """The zaaktype and its types for a procedure, as the Catalogi API and the mapping (bpmn/zgw.toml) give them."""

    def zaaktype(self, process_id: str, on: date) -> str:
        """The zaaktype version a new zaak registered on ``on`` gets (published, valid on that day)."""
        ...

    def types(self, process_id: str, zaaktype: str) -> p.TypeUrls:
        """The type URLs of version ``zaaktype``; ZgwConfigError code zgw-zaaktype-vreemd when it is no
        version of the procedure's zaaktype."""
        ...

    def resultaat_key(self, process_id: str, einde: str, besluit: str | None) -> str | None: ...

    def mapped(self, process_id: str, kind: str) -> tuple[str, ...]: ...

    def vertrouwelijkheid(self, process_id: str) -> str:
        """The vertrouwelijkheidaanduiding of the procedure's zaken (bpmn/zgw.toml)."""
        ...

    def besluittype(self, process_id: str, uitkomst: str | None, taken: list[str]) -> BesluitTypeMap | None:
        """A besluit document's besluittype as bpmn/zgw.toml gives it: its key, bestuursorgaan (college,
        raad, burgemeester), reactietermijn and publicatie_indicatie."""
        ...


class NotSent(Exception):
    """Raised by a delivery that must send nothing (a document deleted before its message was delivered):
    the message is then done, with ``reason`` kept on it for beheer."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


#: seconds after its moment in which a status found remotely counts as the one a message already set
SAME_MOMENT_SLACK = 30


#: seconds a status moment may be ahead of the wall clock and still be waited for before it is sent
AHEAD_WAIT = 5


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def wait_until(when: datetime) -> None:
    """Wait until the wall clock has reached ``when``, when it is at most AHEAD_WAIT seconds ahead: the
    Zaken API refuses a status in the future by its own clock (date-in-future, a 400), and a status a
    second after another at the same moment (``set_status``) is sent right away. The wall clock, not the
    platform's: that is the one Open Zaak compares with. Within the delivery's deadline, which ends
    a delivery that would run past it; a moment further ahead (another clock) is sent as it is."""
    ahead = (when - datetime.now(UTC)).total_seconds()
    if ahead > AHEAD_WAIT:
        return
    found = deadline.current()
    while ahead > 0:
        time.sleep(min(ahead, found.remaining()) if found else ahead)
        if found and found.passed:
            return
        ahead = (when - datetime.now(UTC)).total_seconds()


#: the codes of Open Zaak 1.30's refusal of a date or moment in the future (vng_api_common UntilNowValidator
#: and UntilTodayValidator; zaken/api/validators.py DateNotInFutureValidator)
IN_FUTURE_CODES = ("future_not_allowed", "date-in-future")

T = TypeVar("T")


def accepted_from(day: date) -> datetime:
    """The earliest moment Open Zaak 1.30 takes ``day`` in a date field it refuses in the future (a
    besluit's datum, UntilTodayValidator): it compares with the date of its server's clock in UTC
    (``timezone.now()``, TIME_ZONE "UTC", TIME_LEEWAY 0), so 00:00 UTC of that day: 01:00 Dutch time in
    winter, 02:00 in summer. Before that, the Dutch today is Open Zaak's tomorrow."""
    return datetime.combine(day, clock_time.min, tzinfo=UTC)


def refused_in_future(exc: ZgwRemoteError, field: str) -> bool:
    """Whether Open Zaak refused the call because ``field`` lies in the future by its clock."""
    if exc.status != 400:
        return False
    params = (exc.body or {}).get("invalidParams") or []
    return any(
        isinstance(p, dict) and p.get("name") == field and p.get("code") in IN_FUTURE_CODES for p in params
    )


@dataclass
class ZgwRemote:
    platform: Platform
    config: ZgwConfig
    client: ZgwClient
    catalog: Catalog

    # -- local state ---------------------------------------------------------------------------------
    def read(self, case_id: int, fn: Callable[[Any, Case], Any]) -> Any:
        with self.platform.uow(write=False) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise DeliveryFailed(f"Zaak {case_id} bestaat niet meer.", retryable=False)
            return fn(uow.session, case)

    def stored(self, case_id: int, key: str) -> str | None:
        with self.platform.uow(write=False) as uow:
            return uow.session.scalar(
                select(ZgwObject.url).where(ZgwObject.case_id == case_id, ZgwObject.local_key == key)
            )

    def store(self, case_id: int, key: str, resource: str, url: str) -> None:
        with self.platform.uow() as uow:
            exists = uow.session.scalar(
                select(ZgwObject.id).where(ZgwObject.case_id == case_id, ZgwObject.local_key == key)
            )
            if exists is None:
                uow.session.add(
                    ZgwObject(
                        case_id=case_id,
                        local_key=key,
                        resource=resource,
                        url=url,
                        created_at=self.platform.clock.now(),
                    )
                )
            uow.commit()

    def replace(self, case_id: int, key: str, url: str) -> None:
        """The value stored under ``key`` (stored before) becomes ``url``."""
        with self.platform.uow() as uow:
            uow.session.execute(
                update(ZgwObject)
                .where(ZgwObject.case_id == case_id, ZgwObject.local_key == key)
                .values(url=url)
            )
            uow.commit()

    def forget(self, case_id: int, key: str) -> None:
        with self.platform.uow() as uow:
            uow.session.execute(
                delete(ZgwObject).where(ZgwObject.case_id == case_id, ZgwObject.local_key == key)
            )
            uow.commit()

    def once(
        self,
        case_id: int,
        key: str,
        resource: str,
        lookup: Callable[[], str | None],
        create: Callable[[], str],
    ) -> str:
        """The URL of a remote object: stored, else found remotely, else created; then stored."""
        url = self.stored(case_id, key)
        if url:
            return url
        url = lookup() or create()
        self.store(case_id, key, resource, url)
        return url

    def process_id(self, case_id: int) -> str:
        return str(self.read(case_id, lambda s, case: case.process_id))

    def types(self, case_id: int) -> p.TypeUrls:
        """The type URLs of the zaaktype version of the case's zaak (registered first when it is not yet);
        ZgwConfigError when the procedure has no zaaktype in the mapping or the catalogus lacks it."""
        return self.catalog.types(self.process_id(case_id), self.zaaktype(case_id))

    def zaaktype(self, case_id: int) -> str:
        """The zaaktype (version) of the case's zaak: stored when the zaak was created or found, else read
        from the remote zaak (a zaak registered before the version was kept)."""
        url = self.stored(case_id, "zaaktype")
        if url:
            return url
        zaak = self.zaak_url(case_id)
        url = self.stored(case_id, "zaaktype")  # stored by zaak_url when it found or created the zaak
        if not url:  # a zaak registered before the version was kept: read it once from the zaak
            url = str(self.client.get(zaak)["zaaktype"])
            self.store(case_id, "zaaktype", "zaaktype", url)
        return url

    def on_date(self, day: date, field: str, what: str, send: Callable[[], T]) -> T:
        """``send`` a write whose ``field`` is ``day``, a Dutch calendar date that Open Zaak refuses in the
        future (a besluit's datum). Open Zaak's refusal of it on the day itself, before its UTC date has
        caught up (from Dutch midnight to 01:00 in winter, 02:00 in summer), postpones the delivery until
        ``accepted_from(day)`` (``Postponed``: no failure, tried again then). A refusal at or after that
        moment by the platform's clock (the outbox's; the wall clock in production) means Open Zaak's
        clock is a little behind: retried as a failure that heals by waiting. A day that has not begun in
        the Netherlands either is no matter of zones: Open Zaak's refusal stands."""
        try:
            return send()
        except ZgwRemoteError as exc:
            now = self.platform.clock.now()
            if not refused_in_future(exc, field) or day > in_nl(now).date():
                raise
            until = accepted_from(day)
            if now >= until:
                raise ZgwRemoteError(exc.status, exc.detail, exc.body, True) from exc
            raise Postponed(
                until,
                f"Uitgesteld tot {tijdstip_nl(until)} (00:00 UTC): de zaakregistratie (Open Zaak) rekent "
                f"in UTC en neemt {what} met datum {datum_nl(day)} pas vanaf dan aan. Het bericht gaat "
                "dan vanzelf.",
            ) from exc

    def identificatie(self, reference: str, suffix: str = "") -> str:
        return f"{self.config.catalogus_domein}-{reference}{suffix}"

    # -- the zaak ------------------------------------------------------------------------------------
    def zaak_facts(self, case: Case) -> p.ZaakFacts:
        state = zaak_state(case)
        received = case.received_on or in_nl(case.created_at).date()
        return p.ZaakFacts(
            identificatie=self.identificatie(case.reference),
            omschrijving=case.title or case.procedure,
            toelichting=f"{case.procedure}; {case.location_name}" if case.location_name else case.procedure,
            registratiedatum=received,
            startdatum=received,
            uiterlijke_einddatum_afdoening=case.uiterlijke_einddatum_afdoening,
            geometry=p.geometry_wgs84(case.geometry_wkt) if case.geometry_wkt else None,
            vertrouwelijkheidaanduiding=self.catalog.vertrouwelijkheid(case.process_id),
            opgeschort=state["opgeschort"],
            opschorting_reden=state["opschorting_reden"],
            verlenging_dagen=state["verlenging_dagen"],
            verlenging_reden=state["verlenging_reden"],
        )

    def zaak_url(self, case_id: int) -> str:
        """The case's zaak: stored, else found by identificatie (of any version of the procedure's
        zaaktype: a resync finds it again after a new version), else created with the version valid on
        the registratiedatum. Its zaaktype is stored with it (``zaaktype``)."""
        url = self.stored(case_id, "zaak")
        if url:
            return url
        facts = self.read(case_id, lambda s, case: self.zaak_facts(case))
        rsin, process_id = self.config.rsin, self.process_id(case_id)

        def lookup() -> str | None:
            found = self.client.find(
                "zaken", "zaken", identificatie=facts.identificatie, bronorganisatie=rsin
            )
            if not found:
                return None
            zaaktype = str(found[0].get("zaaktype"))
            try:
                self.catalog.types(process_id, zaaktype)
            except ZgwConfigError as exc:
                if exc.code != "zgw-zaaktype-vreemd":
                    raise
                raise DeliveryFailed(  # not ours: never adopt it
                    f"Identificatie {facts.identificatie} is in de zaakregistratie al in gebruik door een zaak "
                    f"van een ander zaaktype ({found[0].get('url')}).",
                    retryable=False,
                ) from exc
            self.store(case_id, "zaaktype", "zaaktype", zaaktype)
            return str(found[0]["url"])

        def create() -> str:
            zaaktype = self.catalog.zaaktype(process_id, facts.registratiedatum)
            body = p.zaak_create(facts, p.TypeUrls(zaaktype=zaaktype), rsin=rsin)
            created = str(self.client.create("zaken", "zaken", body)["url"])
            self.store(case_id, "zaaktype", "zaaktype", zaaktype)
            return created

        return self.once(case_id, "zaak", "zaak", lookup, create)

    def set_status(self, case_id: int, key: str, statustype: str, at: datetime, text: str) -> str:
        """A status on the zaak at moment ``at``. The Zaken API wants one status per moment on a zaak; two
        steps at the same moment (one clock tick) get their statuses a second apart, in their order; one
        that is thereby ahead of the wall clock waits for it (``wait_until``)."""
        zaak = self.zaak_url(case_id)
        existing: list[dict[str, Any]] = []

        def lookup() -> str | None:
            existing.extend(self.client.find("zaken", "statussen", zaak=zaak))
            for st in existing:
                shift = (moment(str(st.get("datumStatusGezet"))) - at).total_seconds()
                if st.get("statustype") == statustype and 0 <= shift < SAME_MOMENT_SLACK:
                    return str(st["url"])
            return None

        def create() -> str:
            taken = {moment(str(st.get("datumStatusGezet"))) for st in existing}
            when = at
            while when in taken:
                when += timedelta(seconds=1)
            wait_until(when)
            body = p.status_create(zaak, statustype, when, text)
            return str(self.client.create("zaken", "statussen", body)["url"])

        return self.once(case_id, key, "status", lookup, create)

    def set_begin_status(
        self, case_id: int, key: str, statustype: str, at: datetime, text: str
    ) -> str | None:
        """The zaak's first status (statustype 1, at its registration), only on a zaak with no status yet;
        None on one that has any. A zaak registered before Ruimteflow set statustype 1 has its later
        statuses, perhaps its eindstatus: Open Zaak 1.30 reopens a closed zaak for any status that is not
        its eindstatus (zaken/api/serializers/zaken.py, StatusSerializer.create sets einddatum to None), and
        a first status after the others would be no first status (``zgw resync`` of such a zaak)."""
        if not self.stored(case_id, key) and self.client.find(
            "zaken", "statussen", zaak=self.zaak_url(case_id)
        ):
            return None
        return self.set_status(case_id, key, statustype, at, text)
