"""A new version of a zaaktype while cases run (review finding 1): a zaak keeps the types of the version it
was created with, a new zaak takes the published version valid on its registratiedatum (never a concept),
and `zgw resync` repairs a case. Against the stand-ins with Open Zaak's relation checks (strict_zgw)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from services import outbox
from services.channels import blob_reader
from services.outbox.beheer import retry
from services.platform import Platform
from services.store.models import OutboxMessage, ZgwObject
from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.delivery import ZgwHandler
from services.zgw.lookup import MappingCatalog, clear_cache
from services.zgw.mapping import mapping_for
from services.zgw.remote import ZgwRemote
from services.zgw.resync import resync
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.fake_catalogi import FakeCatalogi
from tests.zgw.strict_zgw import Both, StrictZgw, new_version, publish
from tests.zgw.test_publication import ZGW_ROOTS

PERMIT = "RF-OMGEVINGSVERGUNNING"


@dataclass
class World:
    platform: Platform
    catalogi: FakeCatalogi
    zgw: StrictZgw
    handler: ZgwHandler

    def deliver(self) -> None:
        outbox.deliver_due(self.platform, handlers={"zgw": self.handler})

    def states(self) -> list[tuple[str, str, str | None]]:
        with self.platform.uow(write=False) as uow:
            rows = uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.channel == "zgw").order_by(OutboxMessage.id)
            )
            return [(m.kind, m.status, m.last_error) for m in rows]

    def zaak(self, reference: str) -> dict[str, Any]:
        [found] = [z for z in self.zgw.collection("zaken") if z["identificatie"].endswith(reference)]
        return found

    def own_types(self, reference: str) -> None:
        """Every status, rol and resultaat of the zaak has a type of the zaak's own zaaktype."""
        zaak = self.zaak(reference)
        for resource, field in (
            ("statussen", "statustype"),
            ("rollen", "roltype"),
            ("resultaten", "resultaattype"),
        ):
            for obj in self.zgw.collection(resource):
                if obj["zaak"] == zaak["url"]:
                    assert self.catalogi.objects[obj[field]]["zaaktype"] == zaak["zaaktype"]


@contextmanager
def strict_world(settings: Any, clock: Any, wrap: Callable[[Any], Any] = lambda t: t) -> Iterator[World]:
    """A platform with a ZGW handler on the strict stand-ins (a catalogus published as zgw.toml maps it);
    ``wrap`` gives the handler's transport (a recorder, say) around the stand-ins."""
    zs = settings.with_(
        zgw_client_id="ruimteflow", zgw_secret="geheim-voor-publicatietests-0123456789", **ZGW_ROOTS
    )
    config = zgw_config(zs)
    assert config is not None
    catalogi = FakeCatalogi(config.root("catalogi"))
    zgw = StrictZgw(catalogi)
    with ZgwClient(config, transport=Both(catalogi, zgw)) as c:
        ensure(c, mapping_for(zs))
    platform = Platform.create(zs, clock, migrate=False)
    client = ZgwClient(config, transport=wrap(Both(catalogi, zgw)))
    remote = ZgwRemote(platform, config, client, MappingCatalog(client, mapping_for(zs)))
    try:
        yield World(platform, catalogi, zgw, ZgwHandler(remote, blob_reader(platform)))
    finally:
        client.close()
        platform.close()


@pytest.fixture
def world(settings, clock) -> Iterator[World]:
    with strict_world(settings, clock) as w:
        yield w


def test_running_cases_keep_their_version_and_new_zaken_take_the_valid_published_one(
    world: World,
    clock,
    locatie,  # noqa: F811
) -> None:
    first = Omgeving(world.platform, clock, locatie)
    first.start()
    world.deliver()
    v1 = world.zaak(first.ref)["zaaktype"]
    with world.platform.uow() as uow:  # a zaak registered before the zaaktype version was kept locally
        uow.session.execute(delete(ZgwObject).where(ZgwObject.local_key == "zaaktype"))
        uow.commit()
    # the beheerder adds a version: v1 valid until 31 March, v2 a concept from 1 April
    v2 = new_version(world.catalogi, PERMIT, einde="2026-03-31", begin="2026-04-01")
    clear_cache()  # a new worker process
    clock.advance(hours=1)
    first.doe("anna", "Ontvankelijkheid", {"compleet": True})
    second = Omgeving(world.platform, clock, locatie)
    second.start()  # the same day: v1 (v2 is a concept, and not valid yet)
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    assert world.zaak(second.ref)["zaaktype"] == v1
    publish(world.catalogi, v2)
    clock.advance(days=31)  # 2 April: v2 is the valid version now
    third = Omgeving(world.platform, clock, locatie)
    third.start()
    first.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    assert world.zaak(third.ref)["zaaktype"] == v2
    assert world.zaak(first.ref)["zaaktype"] == v1
    for case in (first, second, third):
        world.own_types(case.ref)


def test_resync_repairs_a_case_after_a_new_version(world: World, clock, locatie) -> None:  # noqa: F811
    case = Omgeving(world.platform, clock, locatie)
    case.start()
    world.deliver()
    new_version(world.catalogi, PERMIT, einde="2026-03-31", begin="2026-04-01")  # a concept
    clear_cache()
    clock.advance(hours=1)
    case.doe("anna", "Ontvankelijkheid", {"compleet": True})
    with world.platform.uow() as uow:  # as the old code left it: the status given up, the rest waiting
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.kind == "status", OutboxMessage.status == "wachtend")
            .values(status="dood", last_error="400: zaaktype-mismatch")
        )
        uow.commit()
    result = resync(world.platform, case.ref)
    assert result["opnieuw_aangeboden"] == 1
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    assert len(world.zgw.collection("zaken")) == 1
    world.own_types(case.ref)


def _renamed(catalog: MappingCatalog, old: str, new: str) -> Any:
    """The catalog's mapping with statustype ``old`` of the permit renamed to ``new`` (zgw.toml edited)."""
    proc = catalog.mapping.procedure("omgevingsvergunning")
    statustypen = tuple(
        dataclasses.replace(s, omschrijving=new) if s.omschrijving == old else s for s in proc.statustypen
    )
    procedures = {
        **catalog.mapping.procedures,
        proc.process_id: dataclasses.replace(proc, statustypen=statustypen),
    }
    return dataclasses.replace(catalog.mapping, procedures=procedures)


def test_a_statustype_renamed_in_zgw_toml_fails_the_status_the_zaaks_version_lacks(
    world: World,
    clock,
    locatie,  # noqa: F811
) -> None:
    """Review zgw17 F4: the informatiebeheerder renames a statustype in zgw.toml while the published zaaktype
    keeps the old name. A running zaak's status of that phase is no silent "afgeleverd": it fails, naming the
    statustype and the zaaktype version, and is delivered once zgw.toml names the version's statustype."""
    case = Omgeving(world.platform, clock, locatie)
    case.start()
    world.deliver()
    catalog = world.handler.remote.catalog
    assert isinstance(catalog, MappingCatalog)
    shipped = catalog.mapping
    catalog.mapping = _renamed(catalog, "Advies en beoordeling", "Inhoudelijke beoordeling")
    clear_cache()  # the worker restarted with the edited zgw.toml
    clock.advance(hours=1)
    case.doe("anna", "Ontvankelijkheid", {"compleet": True})
    world.deliver()
    failed = [s for s in world.states() if s[1] not in ("afgeleverd", "wachtend")]
    [(kind, status, error)] = failed
    assert (kind, status) == ("status", "dood")
    assert "Statustype 'Inhoudelijke beoordeling'" in str(error) and "'advies en beoordeling'" in str(error)
    assert "zaaktype RF-OMGEVINGSVERGUNNING" in str(error) and "versie" in str(error)
    assert "bpmn/zgw.toml" in str(error)
    zaak = world.zaak(case.ref)["url"]
    names = {
        o["url"]: o["omschrijving"] for o in world.catalogi.objects.values() if "statustypen/" in o["url"]
    }
    given = [names[s["statustype"]] for s in world.zgw.collection("statussen") if s["zaak"] == zaak]
    assert "Advies en beoordeling" not in given
    catalog.mapping = shipped  # zgw.toml names the statustype of the zaak's version again
    clear_cache()
    with world.platform.uow(write=False) as uow:
        [dead] = uow.session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == "dood"))
    retry(world.platform, dead, "beheer")
    world.deliver()
    assert [s for s in world.states() if s[1] != "afgeleverd"] == []
    given = [names[s["statustype"]] for s in world.zgw.collection("statussen") if s["zaak"] == zaak]
    assert given[-1] == "Advies en beoordeling"
