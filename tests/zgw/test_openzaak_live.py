"""Against a real Open Zaak (RUIMTEFLOW_TEST_ZGW_URL; skipped with the reason without it): `zgw catalogus`
on an empty catalogus, every body it sent valid for the spec, a second run through the CLI that changes
nothing remotely, and the zaaktype read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.config import Settings
from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.config import ZgwConfig, zgw_config
from services.zgw.mapping import mapping_for
from tests.zgw.conftest import settings_env
from tests.zgw.contract import RecordingTransport, validate_request
from tests.zgw.types_today import resolve
from web.cli import main


def canon(value: Any) -> Any:
    """Lists of URLs in a stable order (Open Zaak does not promise the order of a relation list)."""
    if isinstance(value, dict):
        return {k: canon(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canon(v) for v in value]
        return sorted(items) if all(isinstance(i, str) for i in items) else items
    return value


def snapshot(client: ZgwClient, config: ZgwConfig) -> dict[str, Any]:
    """Every object of the catalogus, by URL."""
    cats = client.find("catalogi", "catalogussen", domein=config.catalogus_domein, rsin=config.rsin)
    out: dict[str, Any] = {c["url"]: c for c in cats}
    for resource in ("informatieobjecttypen", "besluittypen", "zaaktypen"):
        for obj in client.find("catalogi", resource, catalogus=cats[0]["url"], status="alles"):
            out[obj["url"]] = obj
    for zt in [o for o in out.values() if "identificatie" in o and "doorlooptijd" in o]:
        for resource in ("statustypen", "roltypen", "resultaattypen", "zaaktype-informatieobjecttypen"):
            for obj in client.find("catalogi", resource, zaaktype=zt["url"], status="alles"):
                out[obj["url"]] = obj
    return canon(out)


def test_catalogus_on_an_empty_open_zaak_is_idempotent_and_reads_back(
    openzaak_settings: Settings,
    zgw_specs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = zgw_config(openzaak_settings)
    assert config is not None
    mapping = mapping_for(openzaak_settings)
    recorder = RecordingTransport(httpx.HTTPTransport())
    with ZgwClient(config, transport=recorder, timeout=60) as client:
        first = ensure(client, mapping).to_dict()
        for request in recorder.writes():
            validate_request(zgw_specs, config, request)
        before = snapshot(client, config)

        for key, value in settings_env(openzaak_settings).items():
            monkeypatch.setenv(key, value)
        assert main(["zgw", "catalogus", "--json"]) == 0
        second = json.loads(capsys.readouterr().out)
        after = snapshot(client, config)

        urls = resolve(client, mapping, "omgevingsvergunning")
        zaaktype = client.get(urls.zaaktype)

    publishable = {
        io.omschrijving for p in mapping.procedures.values() for io in p.informatieobjecttypen.values()
    }
    publishable |= {b.omschrijving for p in mapping.procedures.values() for b in p.besluittypen.values()}
    assert first["waarschuwingen"] == [] and first["aangemaakt"] == len(before)
    assert first["gepubliceerd"] == len(publishable) + len(mapping.procedures)
    assert (second["aangemaakt"], second["bijgewerkt"], second["gepubliceerd"]) == (0, 0, 0)
    assert second["ongewijzigd"] == len(before) and before == after

    proc = mapping.procedure("omgevingsvergunning")
    assert zaaktype["identificatie"] == proc.identificatie and zaaktype["concept"] is False
    assert zaaktype["opschortingEnAanhoudingMogelijk"] is True and zaaktype["verlengingMogelijk"] is True
    assert {zaaktype["doorlooptijd"], zaaktype["servicenorm"], zaaktype["verlengingstermijn"]} <= {
        proc.doorlooptijd,
        proc.servicenorm,
        proc.verlengingstermijn,
        "P8W",
        "P6W",
    }
    assert zaaktype["selectielijstProcestype"] == proc.procestype_url
    assert sorted(zaaktype["statustypen"]) == sorted(set(urls.statustypen.values()))
    assert len(zaaktype["resultaattypen"]) == len(proc.resultaattypen)
    assert sorted(zaaktype["roltypen"]) == sorted(urls.roltypen.values())
    assert sorted(zaaktype["besluittypen"]) == sorted(urls.besluittypen.values())
    assert len(zaaktype["informatieobjecttypen"]) == len(proc.informatieobjecttypen)
