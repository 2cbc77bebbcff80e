"""`ruimteflow zgw resync ZAAK`: the zaakregistratie lost part of a case; a resync rebuilds it from the local
case, and what is still there is found again instead of created twice."""

from __future__ import annotations

import json

from sqlalchemy import select

from services.store.models import OutboxMessage
from services.zgw.remote import moment
from services.zgw.resync import resync
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.permit_publication import import_document_as, permit_case
from tests.zgw.test_publication import ZGW_ROOTS, Zgw, z, zplatform  # noqa: F401 (fixtures)
from web.cli import main


def test_resync_recreates_what_the_zaakregistratie_lost_without_duplicates(z: Omgeving) -> None:  # noqa: F811
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    import_document_as(z, "anna", "bijlage", "Bouwtekening")
    zgw = Zgw(z.p)
    zgw.drain()
    complete = {
        resource: len(zgw.server.collection(resource))
        for resource in (
            "zaken",
            "statussen",
            "rollen",
            "enkelvoudiginformatieobjecten",
            "zaakinformatieobjecten",
        )
    }
    lost = [url for url, o in zgw.server.objects.items() if "/statussen/" in url or "/rollen/" in url]
    for url in lost:  # Open Zaak lost the statuses and rollen (e.g. restored from an older backup)
        del zgw.server.objects[url]

    result = resync(z.p, z.ref)
    assert result["zaak"] == z.ref and result["in_wachtrij"] >= 6
    assert zgw.drain().dood == 0
    after = {resource: len(zgw.server.collection(resource)) for resource in complete}
    assert after == complete  # rebuilt, and nothing twice
    statussen = [s["statustype"].rsplit("/", 1)[-1] for s in zgw.server.collection("statussen")]
    # statustype 1 at the registration, rebuilt too (review zgw14 (4): it was never set)
    assert statussen == ["aanvraag-ontvangen", "ontvankelijkheid-beoordelen", "advies-en-beoordeling"]


def test_resync_of_a_closed_zaak_without_its_begin_status_does_not_reopen_it(z: Omgeving) -> None:  # noqa: F811
    """Review sessie14b (3): a zaak registered and closed before statustype 1 was set has no "Aanvraag
    ontvangen". A resync POSTed it (at the registration) onto the closed zaak after its eindstatus, and Open
    Zaak 1.30 sets zaak.einddatum to None for any status that is not the eindstatus
    (zaken/api/serializers/zaken.py, StatusSerializer.create): the zaak was reopened. The begin status is set
    only on a zaak that has no status yet."""
    zgw = Zgw(z.p)
    permit_case(z, zgw)
    for url, o in list(zgw.server.objects.items()):  # as a release before statustype 1 left the zaak
        if "/statussen/" in url and o["statustype"].endswith("/aanvraag-ontvangen"):
            del zgw.server.objects[url]
    before = sorted(
        (moment(s["datumStatusGezet"]), s["statustype"]) for s in zgw.server.collection("statussen")
    )
    assert before[-1][1].endswith("/afgerond")
    written = len(zgw.recorder.writes())

    resync(z.p, z.ref)
    assert zgw.drain().dood == 0
    posted = [str(r.url) for r in zgw.recorder.writes()[written:] if r.method == "POST"]
    assert not [url for url in posted if url.endswith("/statussen")]  # no status after the eindstatus
    after = sorted(
        (moment(s["datumStatusGezet"]), s["statustype"]) for s in zgw.server.collection("statussen")
    )
    assert after == before


def test_resync_offers_failed_messages_again(z: Omgeving) -> None:  # noqa: F811
    z.start()
    zgw = Zgw(z.p)
    zgw.server.down = True
    zgw.drain()
    with z.p.uow(write=False) as uow:
        assert "mislukt" in set(uow.session.scalars(select(OutboxMessage.status)))
    zgw.server.down = False
    assert resync(z.p, z.ref)["opnieuw_aangeboden"] == 1
    zgw.drain()  # due at once: no waiting for the backoff
    assert len(zgw.server.collection("zaken")) == 1


def test_the_cli_queues_the_rebuild_and_refuses_without_settings(z: Omgeving, monkeypatch, capsys) -> None:  # noqa: F811
    z.start()
    database = z.p.settings.database_url
    assert main(["zgw", "resync", z.ref, "--database", database, "--json"]) == 2  # no ZGW settings in the env
    assert "ZGW is niet ingesteld" in capsys.readouterr().err
    for name, value in ZGW_ROOTS.items():
        monkeypatch.setenv(f"RUIMTEFLOW_{name.upper()}", value)
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CLIENT_ID", "ruimteflow")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_SECRET", "geheim-voor-publicatietests-0123456789")
    assert main(["zgw", "resync", z.ref, "--database", database, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["zaak"] == z.ref and out["in_wachtrij"] >= 3
    assert main(["zgw", "resync", "Z-2026-999999", "--database", database, "--json"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_the_cli_refuses_a_half_filled_configuration_naming_what_is_missing(
    z: Omgeving,  # noqa: F811
    monkeypatch,
    capsys,
) -> None:
    """Review zgw finding 6: with only RUIMTEFLOW_ZGW_URL, resync queued the case (exit 0), and with --nu
    delivered nothing without an error."""
    z.start()
    database = z.p.settings.database_url
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", "http://127.0.0.1:9")

    def queued() -> list[tuple[str, str]]:
        with z.p.uow(write=False) as uow:
            rows = uow.session.execute(select(OutboxMessage.kind, OutboxMessage.status))
            return [(str(kind), str(status)) for kind, status in rows]

    before = queued()
    for extra in ([], ["--nu"]):
        assert main(["zgw", "resync", z.ref, "--database", database, "--json", *extra]) == 2
        assert "RUIMTEFLOW_ZGW_CLIENT_ID en RUIMTEFLOW_ZGW_SECRET ontbreken" in capsys.readouterr().err
    assert queued() == before  # nothing queued, nothing delivered


def test_the_cli_lists_the_deliveries_and_offers_the_dead_ones_again(z: Omgeving, capsys) -> None:  # noqa: F811
    z.start()
    zgw = Zgw(z.p)
    zgw.server.down = True
    z.p.settings = z.p.settings.with_(outbox_max_attempts=1)
    zgw.drain()
    database = z.p.settings.database_url
    assert main(["zgw", "afleveringen", "--database", database, "--json", "--status", "dood"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["aantallen"]["dood"] == 1 and "Geen verbinding" in listed["afleveringen"][0]["fout"]
    assert main(["zgw", "afleveringen", "--database", database, "--json", "--opnieuw"]) == 0
    assert json.loads(capsys.readouterr().out) == {"opnieuw": 1}
    assert main(["zgw", "afleveringen", "--database", database, "--status", "weg"]) == 2
