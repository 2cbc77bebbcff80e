"""Publication of a permit case through the outbox, against an in-memory ZGW stand-in: every request body
is validated against the Open Zaak 1.30 specs (zgwcat's contract validator), the order per case holds, and
a retried delivery creates nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from services import cases, outbox
from services.channels import blob_reader
from services.outbox import beheer as outbox_beheer
from services.platform import Platform
from services.store.models import OutboxMessage, ZgwObject
from services.zgw.client import ZgwClient
from services.zgw.config import APIS, zgw_config
from services.zgw.delivery import ZgwHandler
from services.zgw.mapping import mapping_for
from services.zgw.remote import ZgwRemote, moment
from services.zgw_publication_documents import sweep_documents
from tests.integration.core_helpers import setup_klein
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import SPEC_HOST, RecordingTransport, validate_request
from tests.zgw.fake_zgw import FakeCatalog, FakeZgw
from tests.zgw.permit_publication import import_document_as, permit_case

ZGW_ROOTS = {f"zgw_{api}_url": f"{SPEC_HOST}/{api}/api/v1/" for api in APIS}


@pytest.fixture
def zplatform(settings, clock):
    zsettings = settings.with_(
        zgw_client_id="ruimteflow", zgw_secret="geheim-voor-publicatietests-0123456789", **ZGW_ROOTS
    )
    p = Platform.create(zsettings, clock, migrate=False)
    yield p
    p.close()


def delivered_note(platform: Platform, message_id: int) -> str | None:
    """Beheer's note on a message delivered without sending anything (``notitie``: the handler's reason,
    kept in the case's internal history; its ``last_error`` stays empty)."""
    rows = outbox_beheer.deliveries(platform, status="afgeleverd", limit=1000)["afleveringen"]
    return next((r["notitie"] for r in rows if r["id"] == message_id), None)


def message_notes(
    platform: Platform, kind: str, channel: str | None = None
) -> list[tuple[str, str | None, str | None]]:
    """Status, error and beheer's note (``delivered_note``) of each outbox message of ``kind`` (of
    ``channel``), by id; beheer's list of delivered messages is read once."""
    query = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    with platform.uow(write=False) as uow:
        found = [(m.id, m.status, m.last_error) for m in uow.session.scalars(query)]
    delivered = outbox_beheer.deliveries(platform, status="afgeleverd", limit=1000)["afleveringen"]
    notes = {r["id"]: r["notitie"] for r in delivered}
    return [(status, error, notes.get(id_)) for id_, status, error in found]


class Zgw:
    """A handler for the "zgw" channel over a recording transport on the in-memory stand-in."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.config = zgw_config(platform.settings)
        assert self.config is not None
        self.server = FakeZgw()
        self.recorder = RecordingTransport(inner=self.server)
        client = ZgwClient(self.config, transport=self.recorder)
        catalog = FakeCatalog(mapping_for(platform.settings))
        self.handler = ZgwHandler(ZgwRemote(platform, self.config, client, catalog), blob_reader(platform))

    def drain(self) -> outbox.DeliveryReport:
        sweep_documents(self.platform)  # as the worker's pass: uploads outside a step are queued first
        return outbox.deliver_due(self.platform, handlers={"zgw": self.handler})

    def writes(self) -> list[tuple[str, str]]:
        return [(r.method, str(r.url).split("/api/v1/")[1].split("/")[0]) for r in self.recorder.writes()]


@pytest.fixture
def z(zplatform, clock, locatie):  # noqa: F811
    return Omgeving(zplatform, clock, locatie)


def test_a_permit_case_is_registered_in_order_with_valid_bodies(z: Omgeving, zgw_specs) -> None:
    zgw = Zgw(z.p)
    suspended, ended = permit_case(z, zgw)
    for request in zgw.recorder.writes():
        validate_request(zgw_specs, zgw.config, request)  # raises on a body the spec refuses
    writes = zgw.writes()
    assert writes[0] == ("POST", "zaken") and writes.count(("POST", "zaken")) == 1
    [zaak] = zgw.server.collection("zaken")
    assert zaak["identificatie"] == f"RFLOW-{z.ref}" and zaak["zaakgeometrie"]["type"] == "Polygon"
    # opschorting and deadline in step with the deadline engine: on while the aanvulling is awaited, then off
    assert (
        suspended["opschorting"]["indicatie"] is True and "bouwtekening" in suspended["opschorting"]["reden"]
    )
    assert suspended["uiterlijkeEinddatumAfdoening"] == "2026-05-11"
    assert zaak["opschorting"]["indicatie"] is False and zaak == ended
    # the aanvulling came 5 days after the request: the term stood still 4 days (Awb 4:15: "tot" that day)
    assert zaak["uiterlijkeEinddatumAfdoening"] == z.zaak()["uiterlijkeEinddatumAfdoening"] == "2026-05-01"
    rollen = {(r["roltype"].rsplit("/", 1)[-1], r["roltoelichting"]) for r in zgw.server.collection("rollen")}
    assert rollen == {
        ("aanvrager", "aanvrager: J. Jansen"),
        ("behandelaar", "behandelaar: anna"),
        ("behandelaar", "behandelaar: tom"),
        ("adviseur", "adviseur: Milieu"),
        ("adviseur", "adviseur: Energie en Klimaat"),
    }
    statussen = [s["statustype"].rsplit("/", 1)[-1] for s in zgw.server.collection("statussen")]
    assert statussen == [
        "aanvraag-ontvangen",  # review zgw14 (4): statustype 1, at the registration
        "ontvankelijkheid-beoordelen",
        "aanvulling-gevraagd",
        "ontvankelijkheid-beoordelen",
        "advies-en-beoordeling",
        "besluitvorming",  # the phase that decides (06a858b: was "Besluit genomen")
        "bezwaar--en-beroepstermijn",
        "afgerond",
    ]
    [resultaat] = zgw.server.collection("resultaten")
    assert resultaat["resultaattype"].endswith(
        "/verleend"
    )  # end event einde_onherroepelijk + besluit verlenen
    # the bijlage, the two advice reports the advice tasks require (issue 13) and the besluit letter made
    # in the task (before, the test imported a besluit PDF after the task: the case had none)
    titles = sorted(d["bestandsnaam"] for d in zgw.server.collection("enkelvoudiginformatieobjecten"))
    assert len(titles) == 4 and "bijlage.pdf" in titles and f"besluit-{z.ref}.pdf" in titles
    assert len(zgw.server.collection("zaakinformatieobjecten")) == 4
    [besluit] = zgw.server.collection("besluiten")
    assert besluit["zaak"] == zaak["url"] and len(zgw.server.collection("besluitinformatieobjecten")) == 1
    # the resultaat comes before the closing status, and that is the very last call
    assert writes.index(("POST", "resultaten")) < len(writes) - 1 and writes[-1] == ("POST", "statussen")


def test_the_zaak_begins_with_statustype_1_at_its_registration(z: Omgeving) -> None:
    """Review zgw14 (4): "Aanvraag ontvangen" (volgnummer 1) was never set: the start step passes the
    reception within one step, and only the phase it ends in was sent, so every permit zaak's history began
    at "Ontvankelijkheid beoordelen". The zaak gets statustype 1 at the moment it was registered, before
    the phase the step ends in (a second later: the Zaken API wants one status per moment)."""
    z.start()
    registered = z.zaak()["gestart_op"]
    zgw = Zgw(z.p)
    zgw.drain()
    statussen = [
        (s["statustype"].rsplit("/", 1)[-1], moment(s["datumStatusGezet"]))
        for s in zgw.server.collection("statussen")
    ]
    assert [naam for naam, _ in statussen] == ["aanvraag-ontvangen", "ontvankelijkheid-beoordelen"]
    assert statussen[0][1] == moment(registered)
    assert statussen[1][1] == statussen[0][1] + timedelta(seconds=1)


def test_the_start_steps_statuses_at_the_wall_clocks_now_are_all_accepted(z: Omgeving) -> None:
    """fd8a66f (bench zgw): with the real clock the worker delivers right after the start step, so the
    phase's status, a second after the zaak's first one, was ahead of the wall clock and Open Zaak refused
    it for good (400 date-in-future; the fake refuses it as well). set_status waits for its moment: both
    statuses are accepted at once, in their order, a second apart. The platform's clock stands at the wall
    clock's now, the one Open Zaak (and the fake) compare with."""
    z.clock.set(datetime.now(UTC))
    z.start()
    zgw = Zgw(z.p)
    report = zgw.drain()
    with z.p.uow(write=False) as uow:
        errors = list(
            uow.session.scalars(select(OutboxMessage.last_error).where(OutboxMessage.last_error.is_not(None)))
        )
    assert (report.mislukt, report.dood, errors) == (0, 0, [])
    statussen = [
        (s["statustype"].rsplit("/", 1)[-1], moment(s["datumStatusGezet"]))
        for s in zgw.server.collection("statussen")
    ]
    assert [naam for naam, _ in statussen] == ["aanvraag-ontvangen", "ontvankelijkheid-beoordelen"]
    assert statussen[1][1] == statussen[0][1] + timedelta(seconds=1)


def test_a_retry_creates_nothing_twice_even_without_the_stored_urls(z: Omgeving) -> None:
    z.start()
    import_document_as(z, "anna", "bijlage", "Bouwtekening")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    zgw = Zgw(z.p)
    zgw.drain()
    created = len(zgw.server.objects)
    with z.p.uow() as uow:  # every message again, as after a crash; and the local URLs lost as well
        uow.session.execute(update(OutboxMessage).values(status="wachtend", next_attempt_at=None))
        uow.session.query(ZgwObject).delete()
        uow.commit()
    zgw.drain()
    assert len(zgw.server.objects) == created and len(zgw.server.collection("zaken")) == 1
    with z.p.uow(write=False) as uow:
        keys = set(uow.session.scalars(select(ZgwObject.local_key)))
    assert {"zaak", "rol:aanvrager:J. Jansen", "rol:behandelaar:anna"} <= keys


def test_an_outage_queues_the_calls_and_the_officer_steps_succeed(z: Omgeving) -> None:
    zgw = Zgw(z.p)
    zgw.server.down = True
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    report = zgw.drain()
    assert report.afgeleverd == 0 and report.mislukt == 1  # only the head of the case was tried
    with z.p.uow(write=False) as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.seq)))
    assert rows[0].status == "mislukt" and "Geen verbinding" in (rows[0].last_error or "")
    assert {r.status for r in rows[1:]} == {"wachtend"}
    zgw.server.down = False
    z.clock.advance(hours=1)
    assert zgw.drain().afgeleverd == len(rows)
    assert len(zgw.server.collection("zaken")) == 1


def test_nothing_is_queued_without_zgw_settings(platform, clock, locatie) -> None:  # noqa: F811
    z = Omgeving(platform, clock, locatie)
    z.start()
    with platform.uow(write=False) as uow:
        assert uow.session.scalars(select(OutboxMessage)).first() is None


def test_a_procedure_without_zaaktype_is_given_up_at_once_with_the_reason(zplatform) -> None:
    setup_klein(zplatform)  # vergunning_klein has no zaaktype in bpmn/zgw.toml
    cases.start_case(zplatform, "vergunning_klein", {}, user="anna")
    report = Zgw(zplatform).drain()
    assert report.dood == 1 and report.mislukt == 0
    with zplatform.uow(write=False) as uow:
        [dead] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "dood"))
    assert "Geen ZGW-zaaktype voor procedure 'vergunning_klein'" in str(dead.last_error)


def test_a_zaak_of_another_zaaktype_with_the_same_identificatie_is_never_adopted(z: Omgeving) -> None:
    z.start()
    zgw = Zgw(z.p)
    foreign = {"identificatie": f"RFLOW-{z.ref}", "bronorganisatie": "002564440", "zaaktype": "elders"}
    zgw.server.objects["http://zgw.test/zaken/api/v1/zaken/vreemd"] = {
        **foreign,
        "url": "http://zgw.test/zaken/api/v1/zaken/vreemd",
    }
    assert zgw.drain().dood == 1
    with z.p.uow(write=False) as uow:
        [dead] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "dood"))
    assert "al in gebruik door een zaak van een ander zaaktype" in str(dead.last_error)
    assert len(zgw.server.collection("zaken")) == 1  # nothing created next to it
