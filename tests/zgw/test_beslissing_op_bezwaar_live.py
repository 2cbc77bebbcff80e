"""Against a real Open Zaak (RUIMTEFLOW_TEST_ZGW_URL; skipped with the reason without it): a bezwaar against
the permit decided ongegrond is a besluit of the besluittype "Beslissing op bezwaar" on the case's zaak, with
the days the case counted, once (a resync changes nothing); so is one in a windpark case, on the windpark's
zaak with the windpark's own besluittype. A zaaktype published before zgw.toml had that
besluittype keeps lacking it: `zgw catalogus` says so, and the beslissing of a case on it is not sent, with
the reason (as for any besluittype a zaaktype version lacks)."""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.config import Settings
from services.platform import Platform
from services.store.models import Counter, OutboxMessage
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.resync import resync
from tests.integration.bezwaar_steps import bezwaar_tegen
from tests.integration.energie_fixtures import doe
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.integration.test_windpark_herroepen import bezwaar_tegen_de_vergunning
from tests.zgw.registered import outbox_errors, registered_zaak_url
from tests.zgw.test_publication import delivered_note
from tests.zgw.test_publication_beslissing_op_bezwaar import ONGEGROND
from tests.zgw.test_publication_beslissing_zonder_type import without_bezwaar_type
from tests.zgw.test_publication_live import drain, live  # noqa: F401 (fixture)
from web.cli import main

BEZWAAR_TYPE = "Beslissing op bezwaar"


def _platform(settings: Settings, clock: Any, env: dict[str, str], locatie: Any) -> Omgeving:  # noqa: F811
    return Omgeving(Platform.create(settings.with_(**env), clock, migrate=False), clock, locatie)


@pytest.fixture
def z(live: dict[str, str], settings: Settings, clock: Any, locatie: Any) -> Iterator[Omgeving]:  # noqa: F811
    z = _platform(settings, clock, live, locatie)
    with z.p.uow() as uow:  # references of its own in the run's catalogus (tests/zgw/conftest.py)
        uow.session.add(Counter(name="zaak-2026", value=2000))
        uow.commit()
    yield z
    z.p.close()


def _beslissingen(platform: Platform) -> list[dict[str, Any]]:
    """The besluiten of the besluittype "Beslissing op bezwaar" on the case's zaak, read from Open Zaak."""
    config = zgw_config(platform.settings)
    assert config is not None
    with ZgwClient(config, timeout=60) as client:
        found = client.find("besluiten", "besluiten", zaak=registered_zaak_url(platform))
        return [b for b in found if client.get(b["besluittype"])["omschrijving"] == BEZWAAR_TYPE]


def test_a_bezwaar_decided_is_a_besluit_in_open_zaak(z: Omgeving) -> None:
    bezwaar_tegen(z, "verlenen")  # the permit sent on 2 March, a bezwaar on 1 April; now 1 May
    assert z.doe("jet", TAAK, ONGEGROND)["status"] == "afgerond"
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
    [besluit] = _beslissingen(z.p)
    assert besluit["identificatie"].endswith(f"{z.ref}-BB1")
    assert (besluit["datum"], besluit["verzenddatum"], besluit["ingangsdatum"]) == (
        "2026-05-01",
        "2026-05-01",
        "2026-05-02",
    )
    assert besluit["uiterlijkeReactiedatum"] == "2026-06-12"  # six weeks for beroep (Awb 6:7)
    assert (
        besluit["toelichting"]
        == "Beslissing op bezwaar: het bezwaar is ongegrond verklaard; het besluit blijft in stand."
    )
    assert outbox_errors(z.p) == []  # no message sent nothing

    z.clock.advance(hours=1)
    resync(z.p, z.ref)  # everything once more: the beslissing is found, not registered again
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
    assert [b["url"] for b in _beslissingen(z.p)] == [besluit["url"]]


def _catalogus(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> dict[str, Any]:
    with monkeypatch.context() as mp:
        for name, value in env.items():
            mp.setenv(f"RUIMTEFLOW_{name.upper()}", value)
        capsys.readouterr()
        assert main(["zgw", "catalogus", "--json"]) == 0
        return dict(json.loads(capsys.readouterr().out))


def test_a_case_on_a_zaaktype_published_without_it_gets_the_reason(
    live: dict[str, str],  # noqa: F811
    settings: Settings,
    clock: Any,
    locatie: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    without_bezwaar_type(tmp_path)
    env = {**live, "zgw_catalogus_domein": "".join(random.choices(string.ascii_uppercase, k=5))}
    _catalogus({**env, "zgw_mapping_file": str(tmp_path / "zgw.toml")}, monkeypatch, capsys)
    report = _catalogus(env, monkeypatch, capsys)  # the shipped zgw.toml: its zaaktype is published
    assert any(
        "zaaktype RF-OMGEVINGSVERGUNNING is gepubliceerd en wijkt af in besluittypen" in w
        for w in report["waarschuwingen"]
    ), report
    assert f"aangemaakt: besluittype '{BEZWAAR_TYPE}'" in report["details"]

    z = _platform(settings, clock, env, locatie)
    try:
        bezwaar_tegen(z, "verlenen")
        assert z.doe("jet", TAAK, ONGEGROND)["status"] == "afgerond"
        report = drain(z.p)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
        with z.p.uow(write=False) as uow:
            row = uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "beslissing-op-bezwaar")
            ).one()
        assert row.status == "afgeleverd" and row.last_error is None
        assert str(delivered_note(z.p, row.id)).startswith(
            "De beslissing op bezwaar is niet geregistreerd: besluittype 'beslissing_op_bezwaar' hoort niet "
            "bij de zaaktypeversie van deze zaak"
        )
        assert _beslissingen(z.p) == []
    finally:
        z.p.close()


def test_a_windpark_decided_on_bezwaar_is_a_besluit_on_its_own_zaak_in_open_zaak(
    live: dict[str, str],  # noqa: F811
    settings: Settings,
    clock: Any,
) -> None:
    """Note24: the windpark's own besluittype "Beslissing op bezwaar" was only checked in test_mapping. The
    permit the windpark calls granted on 2 March 2026, a bezwaar on 20 March decided ongegrond on 20 April:
    the beslissing is a besluit of the windpark zaaktype's own besluittype on the windpark's zaak in the
    real Open Zaak, with the days the case counted (beroep up to and including 1 June, Awb 6:7)."""
    platform = Platform.create(settings.with_(**live), clock, migrate=False)
    with platform.uow() as uow:  # a reference of its own in the run's catalogus
        uow.session.add(Counter(name="zaak-2026", value=2300))
        uow.commit()
    wp, ref = bezwaar_tegen_de_vergunning(platform, clock)
    try:
        beslissing = {"actie": "beslissen", "beslist_op": "2026-04-20", "uitkomst": "ongegrond"}
        doe(wp, ref, "beslissen_op_bezwaar", {**beslissing, "herroepen": False}, user="jur")
        report = drain(wp)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(wp)
        assert outbox_errors(wp) == []  # no message sent nothing

        [besluit] = _beslissingen(wp)
        assert besluit["zaak"] == registered_zaak_url(wp) and besluit["identificatie"].endswith(f"{ref}-BB1")
        config = zgw_config(wp.settings)
        assert config is not None
        with ZgwClient(config, timeout=60) as client:
            zaaktype = client.get(client.get(besluit["zaak"])["zaaktype"])
        assert (
            zaaktype["identificatie"] == "RF-WINDPARK" and besluit["besluittype"] in zaaktype["besluittypen"]
        )
        assert (besluit["datum"], besluit["ingangsdatum"], besluit["uiterlijkeReactiedatum"]) == (
            "2026-04-20",
            "2026-04-21",
            "2026-06-01",
        )
    finally:
        wp.close()
