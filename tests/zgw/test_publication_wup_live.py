"""Against a real Open Zaak (RUIMTEFLOW_TEST_ZGW_URL; skipped with the reason without it): a wijkuitvoeringsplan
whose raad adopted it, with the raadsbesluit registered in the Besluiten API, is ended; the besluit read back
from Open Zaak has lapsed (vervaldatum the day of the end, vervalreden ingetrokken_overheid), and the zaak is
closed after it. A resync afterwards (the lapse delivered once more) changes nothing and fails nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from services.config import Settings
from services.documents import NewDocument, upload_document
from services.documents.verzending import record_verzenddatum
from services.platform import Platform
from services.store.models import Counter, ZgwObject
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.resync import resync
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_wijkuitvoeringsplan import raadsbesluit, tot_besluitvorming
from tests.integration.test_wup_beeindigen import beeindigen
from tests.zgw.registered import outbox_errors, registered_zaak_url
from tests.zgw.test_publication_besluit_vervallen import besluitdocument
from tests.zgw.test_publication_live import drain, live  # noqa: F401 (fixture)


@pytest.fixture
def wup(live: dict[str, str], settings: Settings, clock: Any) -> Iterator[Platform]:  # noqa: F811
    platform = Platform.create(settings.with_(**live), clock, migrate=False)
    yield energie_platform(platform, WIJK_MODEL)
    platform.close()


RAAD = "Raadsbesluit vaststelling"


def test_an_ended_adopted_plan_withdraws_its_raadsbesluit_in_open_zaak(wup: Platform, clock: Any) -> None:
    with wup.uow() as uow:  # references of its own in the run's catalogus (tests/zgw/conftest.py)
        uow.session.add(Counter(name="zaak-2026", value=3000))
        uow.commit()
    ref = tot_besluitvorming(wup)
    besluitdocument(wup, ref, RAAD, date(2026, 3, 2))
    raadsbesluit(wup, ref)
    report = drain(wup)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(wup)
    zaak = registered_zaak_url(wup)
    config = zgw_config(wup.settings)
    assert config is not None
    with ZgwClient(config, timeout=60) as client:
        besluit = _raad(client, zaak)  # beside it the college's offer (its task requires its besluit too)
        assert besluit["vervaldatum"] is None and besluit["vervalreden"] == ""

        clock.set(datetime(2026, 6, 15, 9, tzinfo=UTC))
        assert beeindigen(wup, ref, "ingetrokken")["status"] == "afgerond"
        report = drain(wup)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(wup)
        besluit = _raad(client, zaak)
        assert (besluit["vervaldatum"], besluit["vervalreden"]) == ("2026-06-15", "ingetrokken_overheid")
        assert client.get(zaak)["einddatum"] is not None  # closed after the lapse

        clock.advance(hours=1)
        resync(wup, ref)  # everything once more, the lapse too: nothing fails, nothing changes
        report = drain(wup)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(wup)
        again = _raad(client, zaak)
        assert (again["vervaldatum"], again["vervalreden"]) == ("2026-06-15", "ingetrokken_overheid")


def test_a_verzenddatum_recorded_later_reaches_the_informatieobject_in_open_zaak(wup: Platform) -> None:
    """The raadsbesluit uploaded with its besluitdatum alone, sent; its verzenddatum recorded afterwards is
    added to the informatieobject (lock, PATCH, unlock, as Open Zaak 1.30 enforces them), and the besluit
    registered with it."""
    with wup.uow() as uow:  # references of its own in the run's catalogus
        uow.session.add(Counter(name="zaak-2026", value=3300))
        uow.commit()
    ref = tot_besluitvorming(wup)
    meta = NewDocument("besluit", "raad.pdf", titel=RAAD, besluitdatum=date(2026, 3, 2))
    doc = upload_document(wup, ref, "pim", io.BytesIO(pdf("raadsbesluit")), meta)
    report = drain(wup)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(wup)
    with wup.uow(write=False) as uow:
        url = str(
            uow.session.scalar(select(ZgwObject.url).where(ZgwObject.local_key == f"document:{doc['id']}"))
        )
    config = zgw_config(wup.settings)
    assert config is not None
    with ZgwClient(config, timeout=60) as client:
        assert client.get(url).get("verzenddatum") is None
        record_verzenddatum(wup, doc["id"], "pim", date(2026, 3, 2))
        report = drain(wup)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(wup)
        eio = client.get(url)
        assert (eio["verzenddatum"], eio["locked"], eio["versie"]) == ("2026-03-02", False, 2)
        assert _raad(client, registered_zaak_url(wup))["verzenddatum"] == "2026-03-02"


def _raad(client: ZgwClient, zaak: str) -> dict[str, Any]:
    """The zaak's one besluit of the raad (its adoption; the college's besluiten have their own type)."""
    [besluit] = [b for b in client.find("besluiten", "besluiten", zaak=zaak) if b["toelichting"] == RAAD]
    return dict(besluit)
