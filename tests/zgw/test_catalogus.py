"""`zgw catalogus` offline: every request body it sends is valid for the Open Zaak 1.30 spec, a second run
changes nothing, a concept is updated with only what differs, a published type is never changed in place."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from openapi_core.validation.request.exceptions import RequestValidationError

from services.zgw.catalogus import ensure
from services.zgw.client import ZgwClient
from services.zgw.mapping import load_mapping
from services.zgw.mapping_model import ZgwMapping
from tests.zgw.contract import RecordingTransport, offline_config, validate_request
from tests.zgw.fake_catalogi import FakeCatalogi
from tests.zgw.types_today import resolve

CONFIG = offline_config()


def run(fake: FakeCatalogi, mapping: ZgwMapping | None = None) -> tuple[dict, RecordingTransport]:
    recorder = RecordingTransport(fake)
    with ZgwClient(CONFIG, transport=recorder) as client:
        report = ensure(client, mapping or load_mapping())
    return report.to_dict(), recorder


@pytest.fixture
def fake() -> FakeCatalogi:
    return FakeCatalogi(CONFIG.root("catalogi"))


def test_every_request_body_of_a_catalogus_run_is_valid_for_the_spec(
    zgw_specs: Path, fake: FakeCatalogi
) -> None:
    report, recorder = run(fake)
    writes = recorder.writes()
    assert report["aangemaakt"] == len([r for r in writes if not r.url.path.endswith("/publish")]) > 50
    resources = {r.url.path.split("/")[4] for r in writes}
    assert {
        "catalogussen",
        "zaaktypen",
        "statustypen",
        "roltypen",
        "resultaattypen",
        "besluittypen",
    } <= resources
    assert {"informatieobjecttypen", "zaaktype-informatieobjecttypen"} <= resources
    for request in writes:
        validate_request(zgw_specs, CONFIG, request)


def test_a_broken_catalogus_body_fails_the_contract(zgw_specs: Path, fake: FakeCatalogi) -> None:
    _, recorder = run(fake)
    zaaktype = next(r for r in recorder.writes() if r.url.path.endswith("/zaaktypen"))
    body = json.loads(zaaktype.content)
    del body["doorlooptijd"]
    broken = zaaktype.__class__("POST", zaaktype.url, headers=zaaktype.headers, json=body)
    with pytest.raises(RequestValidationError):
        validate_request(zgw_specs, CONFIG, broken)


def test_a_second_run_changes_nothing(fake: FakeCatalogi) -> None:
    first, _ = run(fake)
    before = copy.deepcopy(fake.objects)
    second, recorder = run(fake)
    assert first["aangemaakt"] > 0 and first["gepubliceerd"] == 3 + 5 + 11  # zaaktypen, besluittypen, iotypen
    assert (second["aangemaakt"], second["bijgewerkt"], second["gepubliceerd"]) == (0, 0, 0)
    assert second["ongewijzigd"] == first["aangemaakt"] and second["waarschuwingen"] == []
    assert recorder.writes() == [] and fake.objects == before


def test_zaaktype_terms_come_from_the_legal_terms(fake: FakeCatalogi) -> None:
    run(fake)
    zaaktype = next(o for o in fake.objects.values() if o.get("identificatie") == "RF-OMGEVINGSVERGUNNING")
    assert zaaktype["doorlooptijd"] == "P6M" and zaaktype["servicenorm"] == "P56D"
    assert zaaktype["opschortingEnAanhoudingMogelijk"] is True
    assert zaaktype["verlengingMogelijk"] is True and zaaktype["verlengingstermijn"] == "P42D"
    assert zaaktype["concept"] is False


def test_a_concept_is_updated_with_only_what_differs(fake: FakeCatalogi) -> None:
    mapping = load_mapping()
    run(fake, mapping)
    statustype = next(o for o in fake.objects.values() if o.get("omschrijving") == "Aanvraag ontvangen")
    statustype["volgnummer"] = 9  # drifted remotely; its zaaktype is published, so it is reported
    zaaktype = next(o for o in fake.objects.values() if o.get("identificatie") == "RF-WINDPARK")
    zaaktype["concept"] = True
    zaaktype["doel"] = "iets anders"
    report, recorder = run(fake, mapping)
    patches = [r for r in recorder.writes() if r.method == "PATCH"]
    assert [json.loads(p.content) for p in patches] == [{"doel": mapping.procedure("windpark").doel}]
    assert report["bijgewerkt"] == 1 and report["gepubliceerd"] == 1
    assert any("Aanvraag ontvangen" in w and "volgnummer" in w for w in report["waarschuwingen"])
    assert statustype["volgnummer"] == 9


def test_resolve_maps_local_names_to_urls(fake: FakeCatalogi) -> None:
    mapping = load_mapping()
    run(fake, mapping)
    with ZgwClient(CONFIG, transport=fake) as client:
        urls = resolve(client, mapping, "omgevingsvergunning")
    proc = mapping.procedure("omgevingsvergunning")
    obj = fake.objects
    assert obj[urls.zaaktype]["identificatie"] == "RF-OMGEVINGSVERGUNNING"
    assert obj[urls.statustypen["ter inzage"]]["omschrijving"] == "Ontwerpbesluit ter inzage"
    assert obj[urls.eindstatustype]["volgnummer"] == len(proc.statustypen)
    assert obj[urls.roltypen["aanvrager"]]["omschrijvingGeneriek"] == "initiator"
    assert obj[urls.resultaattypen["geweigerd"]]["omschrijving"] == "Geweigerd"
    assert obj[urls.informatieobjecttypen["besluit"]]["omschrijving"] == "Besluit"
    assert obj[urls.besluittypen["omgevingsvergunning"]]["informatieobjecttypen"] == [
        urls.informatieobjecttypen["besluit"]
    ]
    assert set(urls.statustypen) == {f for s in proc.statustypen for f in s.fasen}


def test_a_missing_child_of_a_published_zaaktype_is_reported_not_created(fake: FakeCatalogi) -> None:
    run(fake)
    url = next(u for u, o in fake.objects.items() if o.get("omschrijving") == "Ontwerpbesluit ter inzage")
    del fake.objects[url]
    report, recorder = run(fake)
    assert recorder.writes() == [] and report["aangemaakt"] == 0
    assert any("Ontwerpbesluit ter inzage" in w and "ontbreekt" in w for w in report["waarschuwingen"])
