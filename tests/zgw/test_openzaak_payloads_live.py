"""The request bodies of payloads.py accepted by a real Open Zaak: a permit zaak with geometry, suspended
and extended, its rollen, a document, a besluit, the resultaat and the closing status; read back.

Skipped with the reason without RUIMTEFLOW_TEST_ZGW_URL. (The publication of real cases is zgwout's.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.config import Settings
from services.zgw import payloads as p
from services.zgw import rollen
from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.mapping import mapping_for
from tests.zgw.conftest import live_catalogus
from tests.zgw.contract import RecordingTransport, validate_request
from tests.zgw.types_today import resolve


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ZgwClient, p.TypeUrls, RecordingTransport]]:
    # the run's catalogus (tests/zgw/conftest.py), ensured once more: its zaak's identificatie is its own
    settings = Settings(instance_dir=tmp_path_factory.mktemp("oz"), **live_catalogus(tmp_path_factory))
    config = zgw_config(settings)
    assert config is not None
    mapping = mapping_for(settings)
    recorder = RecordingTransport(httpx.HTTPTransport())
    with ZgwClient(config, transport=recorder, timeout=60) as client:
        assert ensure(client, mapping).warnings == []
        yield client, resolve(client, mapping, "omgevingsvergunning"), recorder


def test_a_permit_zaak_from_intake_to_its_end(live: Any, zgw_specs: Path) -> None:
    client, types, recorder = live
    rsin = client.config.rsin
    start = len(recorder.writes())
    facts = p.ZaakFacts(
        identificatie="RF-TEST-" + datetime.now(UTC).strftime("%H%M%S%f"),
        omschrijving="Dakkapel Dorpsstraat 1",
        registratiedatum=date(2026, 3, 2),
        startdatum=date(2026, 3, 2),
        uiterlijke_einddatum_afdoening=date(2026, 4, 27),
        geometry=p.geometry_wgs84("POLYGON ((155000 463000, 155020 463000, 155020 463020, 155000 463000))"),
    )
    zaak = client.create("zaken", "zaken", p.zaak_create(facts, types, rsin=rsin))
    suspended = p.ZaakFacts(
        **{
            **facts.__dict__,
            "opgeschort": True,
            "opschorting_reden": "Aanvulling gevraagd",
            "verlenging_dagen": 42,
        }
    )
    client.patch(zaak["url"], p.zaak_update(suspended))
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    client.create("zaken", "statussen", p.status_create(zaak["url"], types.statustypen["ontvangst"], moment))
    aanvrager = rollen.RolFacts(
        "niet_natuurlijk_persoon", "Aanvrager", rollen.niet_natuurlijk_persoon("Bouw BV")
    )
    client.create("zaken", "rollen", rollen.rol_create(zaak["url"], types.roltypen["aanvrager"], aanvrager))
    behandelaar = rollen.RolFacts("medewerker", "Behandelaar", rollen.medewerker("jansen", "Jansen"))
    client.create(
        "zaken", "rollen", rollen.rol_create(zaak["url"], types.roltypen["behandelaar"], behandelaar)
    )
    doc = p.DocumentFacts(
        "Besluit", "besluit.pdf", "application/pdf", b"%PDF-1.7 test", date(2026, 4, 20), "Gemeente"
    )
    eio = client.create(
        "documenten",
        "enkelvoudiginformatieobjecten",
        p.eio_create(doc, types.informatieobjecttypen["besluit"], rsin=rsin),
    )
    client.create("zaken", "zaakinformatieobjecten", p.zio_create(zaak["url"], eio["url"], "Besluit"))
    besluit_facts = p.BesluitFacts(
        datum=date(2026, 4, 20), ingangsdatum=date(2026, 4, 21), toelichting="Verleend"
    )
    besluit = client.create(
        "besluiten",
        "besluiten",
        p.besluit_create(
            besluit_facts, types.besluittypen["omgevingsvergunning"], zaak_url=zaak["url"], rsin=rsin
        ),
    )
    client.create("besluiten", "besluitinformatieobjecten", p.bio_create(besluit["url"], eio["url"]))
    client.create(
        "zaken", "resultaten", p.resultaat_create(zaak["url"], types.resultaattypen["verleend"], "Verleend")
    )
    end = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)
    client.create("zaken", "statussen", p.status_create(zaak["url"], types.eindstatustype, end, "Afgerond"))

    for request in recorder.writes()[start:]:
        validate_request(zgw_specs, client.config, request)
    back = client.get(zaak["url"])
    assert back["opschorting"]["indicatie"] is True and back["verlenging"]["duur"] == "P42D"
    assert back["uiterlijkeEinddatumAfdoening"] == "2026-04-27" and back["einddatum"] == "2026-04-21"
    assert back["zaakgeometrie"]["type"] == "Polygon" and back["resultaat"]
    assert len(back["rollen"]) == 2 and len(back["zaakinformatieobjecten"]) == 1
    statuses = client.find("zaken", "statussen", zaak=zaak["url"])
    assert {s["statustype"] for s in statuses} == {types.statustypen["ontvangst"], types.eindstatustype}
    assert client.find("besluiten", "besluiten", zaak=zaak["url"])[0]["url"] == besluit["url"]
