"""A type missing from the catalogus never lets a message pass as delivered: it fails visibly, and heals
once `zgw catalogus` has run (in another process: the worker's cached lookup must not hide it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from services import outbox
from services.channels import blob_reader
from services.documents import NewDocument
from services.documents.service import import_document
from services.platform import Platform
from services.store.models import OutboxMessage
from services.zgw import payloads as p
from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.delivery import ZgwHandler
from services.zgw.lookup import _CACHE, MappingCatalog
from services.zgw.mapping import mapping_for
from services.zgw.remote import ZgwRemote
from services.zgw_publication_documents import sweep_documents
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.fake_catalogi import FakeCatalogi
from tests.zgw.fake_zgw import FakeZgw
from tests.zgw.test_publication import ZGW_ROOTS, Zgw, z, zplatform  # noqa: F401 (fixtures)

WELSTAND = """
[standaard.welstandsadvies]
omschrijving = "Welstandsadvies"
vertrouwelijkheid = "zaakvertrouwelijk"
max_mb = 20
mime = ["application/pdf"]
uploaders = ["behandelaar"]
"""


def _states(platform: Platform, kind: str) -> list[tuple[str, str | None]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
        return [(m.status, m.last_error) for m in rows]


def test_a_document_type_added_after_the_catalogus_run_fails_until_zgw_catalogus_ran(
    settings,
    clock,
    locatie,  # noqa: F811
    tmp_path: Path,
) -> None:
    documenttypen = tmp_path / "documenttypen.toml"
    documenttypen.write_text(Path("bpmn/documenttypen.toml").read_text() + WELSTAND)
    zs = settings.with_(
        zgw_client_id="ruimteflow", zgw_secret="geheim-voor-publicatietests-0123456789", **ZGW_ROOTS
    )
    config = zgw_config(zs)
    assert config is not None
    catalogi, zgw = FakeCatalogi(config.root("catalogi")), FakeZgw()

    class Both(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            request.read()
            return (catalogi if "/catalogi/" in str(request.url) else zgw).handle_request(request)

    with ZgwClient(config, transport=Both()) as c:
        ensure(c, mapping_for(zs))  # the catalogus as it was before the municipality added the type
    platform = Platform.create(zs.with_(documenttypen_file=str(documenttypen)), clock, migrate=False)
    om = Omgeving(platform, clock, locatie)
    om.start()
    client = ZgwClient(config, transport=Both())
    mapping = mapping_for(platform.settings)
    handler = ZgwHandler(
        ZgwRemote(platform, config, client, MappingCatalog(client, mapping)), blob_reader(platform)
    )
    meta = NewDocument(informatieobjecttype="welstandsadvies", bestandsnaam="w.pdf", titel="Welstandsadvies")
    import_document(platform, om.ref, pdf("welstand"), meta)
    sweep_documents(platform)
    outbox.deliver_due(platform, handlers={"zgw": handler})
    [(status, error)] = _states(platform, "document")
    assert status == "mislukt" and "'welstandsadvies'" in str(error)
    assert "ontbreekt in de ZGW-catalogus" in str(error) and "ruimteflow zgw catalogus" in str(error)
    assert zgw.collection("enkelvoudiginformatieobjecten") == []
    cached = dict(_CACHE)
    with ZgwClient(config, transport=Both()) as c:  # beheer runs `zgw catalogus`, in another process
        ensure(c, mapping)
    _CACHE.update(cached)  # ... which does not clear the worker's cache
    clock.advance(hours=2)
    outbox.deliver_due(platform, handlers={"zgw": handler})
    assert _states(platform, "document") == [("afgeleverd", None)]
    assert [e["titel"] for e in zgw.collection("enkelvoudiginformatieobjecten")] == ["Welstandsadvies"]
    client.close()
    platform.close()


class Lacking:
    """The stand-in catalog without one type, until ``heal``."""

    def __init__(self, inner: Any, kind: str, key: str) -> None:
        self.inner, self.kind, self.key, self.healed = inner, kind, key, False

    def types(self, process_id: str, zaaktype: str) -> p.TypeUrls:
        urls = self.inner.types(process_id, zaaktype)
        if self.healed:
            return urls
        found = {k: v for k, v in getattr(urls, self.kind).items() if k != self.key}
        return dataclasses.replace(urls, **{self.kind: found})

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_missing_roltype_fails_the_rol_visibly_and_it_is_registered_once_present(z: Omgeving) -> None:  # noqa: F811
    zgw = Zgw(z.p)
    lacking = Lacking(zgw.handler.remote.catalog, "roltypen", "aanvrager")
    zgw.handler.remote.catalog = lacking
    z.start()
    zgw.drain()
    [(status, error)] = _states(z.p, "rol")
    assert status == "mislukt" and "Roltype 'aanvrager'" in str(error)
    assert zgw.server.collection("rollen") == []
    lacking.healed = True
    z.clock.advance(hours=1)
    zgw.drain()
    assert _states(z.p, "rol") == [("afgeleverd", None)] and len(zgw.server.collection("rollen")) == 1


def _granted_and_final(z: Omgeving) -> None:  # noqa: F811
    """A permit case granted, its besluit uploaded, and 60 days on: past the bezwaartermijn and its week
    for a posted bezwaar (Awb 6:9 lid 2), so the case has ended."""
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    meta = NewDocument(informatieobjecttype="besluit", bestandsnaam="b.pdf", titel="Besluit")
    import_document(z.p, z.ref, pdf("besluit"), meta)
    z.later(days=60)


def test_a_missing_resultaattype_fails_the_end_and_sends_no_eindstatus(z: Omgeving) -> None:  # noqa: F811
    zgw = Zgw(z.p)
    zgw.handler.remote.catalog = Lacking(zgw.handler.remote.catalog, "resultaattypen", "verleend")
    _granted_and_final(z)
    assert z.zaak()["status"] == "afgerond"
    zgw.drain()
    [(status, error)] = _states(z.p, "resultaat")
    assert status == "mislukt" and "Resultaattype 'verleend'" in str(error)
    assert zgw.server.collection("resultaten") == []
    assert not [s for s in zgw.server.collection("statussen") if s["statustype"].endswith("/afgerond")]


class RenamedEnd:
    """The stand-in catalog of a zaaktype version whose eindstatus zgw.toml has renamed since (F4)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def types(self, process_id: str, zaaktype: str) -> p.TypeUrls:
        urls = self.inner.types(process_id, zaaktype)
        kept = {f: u for f, u in urls.statustypen.items() if u != urls.eindstatustype}
        return dataclasses.replace(
            urls, statustypen=kept, eindstatustype="", ontbrekend={p.EIND: "Zaak klaar"}
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_an_eindstatus_the_zaaks_version_lacks_fails_the_end_before_the_resultaat(z: Omgeving) -> None:  # noqa: F811
    zgw = Zgw(z.p)
    zgw.handler.remote.catalog = RenamedEnd(zgw.handler.remote.catalog)
    _granted_and_final(z)
    assert z.zaak()["status"] == "afgerond"
    zgw.drain()
    [(status, error)] = _states(z.p, "resultaat")
    assert status == "dood" and "Statustype 'Zaak klaar' (de eindstatus)" in str(error)
    assert zgw.server.collection("resultaten") == []
