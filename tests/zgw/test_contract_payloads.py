"""Contract tests: every body payloads.py builds is valid for its operation in the Open Zaak 1.30 specs.

The bodies go through ZgwClient over a recording transport, so the headers the client sends (Content-Crs
on the Zaken API, Content-Type) are checked too. No Open Zaak is needed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openapi_core.validation.request.exceptions import RequestValidationError

from services.zgw import payloads as p
from services.zgw import rollen
from tests.zgw.contract import validate_body

CAT = "http://zgw.test/catalogi/api/v1/"
ZAAK = "http://zgw.test/zaken/api/v1/zaken/8c2f6a44-9b5a-4f4e-9d0e-2b7f0f6c8a11"
EIO = "http://zgw.test/documenten/api/v1/enkelvoudiginformatieobjecten/0f3c1c3e-8f1e-4a55-a7a5-2a1b9c3d4e5f"
BESLUIT = "http://zgw.test/besluiten/api/v1/besluiten/5d7e0a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
TYPES = p.TypeUrls(zaaktype=CAT + "zaaktypen/1")
RSIN = "002564440"

FACTS = p.ZaakFacts(
    identificatie="OV-2026-0001",
    omschrijving="Omgevingsvergunning: bouwen van een dakkapel aan de Dorpsstraat 1 in Ruimtedal",
    toelichting="Aanvraag via het omgevingsloket",
    registratiedatum=date(2026, 3, 2),
    startdatum=date(2026, 3, 2),
    uiterlijke_einddatum_afdoening=date(2026, 4, 27),
    geometry=p.geometry_wgs84("POLYGON ((155000 463000, 155020 463000, 155020 463020, 155000 463000))"),
)
SUSPENDED = p.ZaakFacts(
    **{
        **FACTS.__dict__,
        "opgeschort": True,
        "opschorting_reden": "Aanvulling gevraagd (Awb 4:15)",
        "verlenging_dagen": 42,
        "verlenging_reden": "Verdaging (Ow 16.64 lid 2)",
    }
)
DOC = p.DocumentFacts(
    titel="Bouwtekening",
    bestandsnaam="tekening.pdf",
    formaat="application/pdf",
    inhoud=b"%PDF-1.7\n...",
    creatiedatum=date(2026, 3, 2),
    auteur="Initiatiefnemer",
    definitief=True,
)
BESLUIT_FACTS = p.BesluitFacts(
    datum=date(2026, 4, 20),
    ingangsdatum=date(2026, 4, 21),
    toelichting="Vergunning verleend",
    identificatie="OV-2026-0001-B1",
    bestuursorgaan="college van B&W",
    verzenddatum=date(2026, 4, 20),
)
MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

VALID: list[tuple[str, str, str, dict[str, Any]]] = [
    ("zaken", "zaken", "POST", p.zaak_create(FACTS, TYPES, rsin=RSIN)),
    ("zaken", "zaken", "POST", p.zaak_create(SUSPENDED, TYPES, rsin=RSIN)),
    ("zaken", "zaken/8c2f6a44-9b5a-4f4e-9d0e-2b7f0f6c8a11", "PATCH", p.zaak_update(SUSPENDED)),
    ("zaken", "zaken/8c2f6a44-9b5a-4f4e-9d0e-2b7f0f6c8a11", "PATCH", p.zaak_update(FACTS)),
    (
        "zaken",
        "statussen",
        "POST",
        p.status_create(ZAAK, CAT + "statustypen/1", MOMENT, "Aanvraag ontvangen"),
    ),
    (
        "zaken",
        "rollen",
        "POST",
        rollen.rol_create(
            ZAAK,
            CAT + "roltypen/1",
            rollen.RolFacts(
                "niet_natuurlijk_persoon", "Aanvrager", rollen.niet_natuurlijk_persoon("Bouw BV", "12345678")
            ),
        ),
    ),
    (
        "zaken",
        "rollen",
        "POST",
        rollen.rol_create(
            ZAAK,
            CAT + "roltypen/2",
            rollen.RolFacts("medewerker", "Behandelaar", rollen.medewerker("jansen", "Jansen", "J.")),
        ),
    ),
    (
        "zaken",
        "rollen",
        "POST",
        rollen.rol_create(
            ZAAK,
            CAT + "roltypen/3",
            rollen.RolFacts(
                "organisatorische_eenheid",
                "Adviseur",
                rollen.organisatorische_eenheid("welstand", "Welstandscommissie"),
            ),
        ),
    ),
    (
        "documenten",
        "enkelvoudiginformatieobjecten",
        "POST",
        p.eio_create(DOC, CAT + "informatieobjecttypen/1", rsin=RSIN),
    ),
    (  # a received document (its ontvangstdatum) and a sent letter (its verzenddatum)
        "documenten",
        "enkelvoudiginformatieobjecten",
        "POST",
        p.eio_create(
            replace(DOC, definitief=False, ontvangstdatum=date(2026, 3, 2)),
            CAT + "informatieobjecttypen/1",
            rsin=RSIN,
        ),
    ),
    (
        "documenten",
        "enkelvoudiginformatieobjecten",
        "POST",
        p.eio_create(replace(DOC, verzenddatum=date(2026, 3, 2)), CAT + "informatieobjecttypen/1", rsin=RSIN),
    ),
    ("zaken", "zaakinformatieobjecten", "POST", p.zio_create(ZAAK, EIO, "Bouwtekening")),
    (
        "besluiten",
        "besluiten",
        "POST",
        p.besluit_create(BESLUIT_FACTS, CAT + "besluittypen/1", zaak_url=ZAAK, rsin=RSIN),
    ),
    ("besluiten", "besluitinformatieobjecten", "POST", p.bio_create(BESLUIT, EIO)),
    (
        "zaken",
        "resultaten",
        "POST",
        p.resultaat_create(ZAAK, CAT + "resultaattypen/1", "Vergunning verleend"),
    ),
]


@pytest.mark.parametrize(("api", "resource", "method", "body"), VALID, ids=[f"{v[2]} {v[1]}" for v in VALID])
def test_payload_is_valid_for_its_operation(
    zgw_specs: Path, api: str, resource: str, method: str, body: dict[str, Any]
) -> None:
    validate_body(zgw_specs, api, resource, body, method)


def _without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


BROKEN: list[tuple[str, str, str, dict[str, Any]]] = [
    ("zaak without zaaktype", "zaken", "zaken", _without(VALID[0][3], "zaaktype")),
    ("omschrijving over 80", "zaken", "zaken", {**VALID[0][3], "omschrijving": "x" * 81}),
    (
        "geometry type unknown",
        "zaken",
        "zaken",
        {**VALID[0][3], "zaakgeometrie": {"type": "Circle", "coordinates": [5, 52]}},
    ),
    ("status moment no date-time", "zaken", "statussen", {**VALID[4][3], "datumStatusGezet": "gisteren"}),
    ("rol betrokkeneType unknown", "zaken", "rollen", {**VALID[5][3], "betrokkeneType": "burger"}),
    ("document without titel", "documenten", "enkelvoudiginformatieobjecten", _without(VALID[8][3], "titel")),
    (
        "besluit bronorganisatie too long",
        "besluiten",
        "besluiten",
        {**VALID[10][3], "verantwoordelijkeOrganisatie": "1234567890"},
    ),
    ("resultaat type no uri", "zaken", "resultaten", {**VALID[12][3], "resultaattype": 12}),
]


@pytest.mark.parametrize(("why", "api", "resource", "body"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_body_that_breaks_the_schema_fails(
    zgw_specs: Path, why: str, api: str, resource: str, body: dict[str, Any]
) -> None:
    with pytest.raises(RequestValidationError):
        validate_body(zgw_specs, api, resource, body)


def test_geometry_is_wgs84_lon_lat() -> None:
    geo = p.geometry_wgs84("POINT (155000 463000)")  # Amersfoort, the origin of RD
    lon, lat = geo["coordinates"]
    assert geo["type"] == "Point"
    assert lon == pytest.approx(5.387, abs=0.001) and lat == pytest.approx(52.155, abs=0.001)


def test_a_status_moment_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        p.status_create(ZAAK, CAT + "statustypen/1", datetime(2026, 3, 2, 9, 30))


def test_a_status_moment_is_sent_on_the_dutch_clock() -> None:
    # Open Zaak 1.30 sets zaak.einddatum to the date part of the eindstatus's datumStatusGezet as sent:
    # a case closed at 00:00:30 Dutch time (22:00:30 UTC the day before) ends on the Dutch day
    body = p.status_create(ZAAK, CAT + "statustypen/1", datetime(2026, 4, 13, 22, 0, 30, tzinfo=UTC))
    assert body["datumStatusGezet"] == "2026-04-14T00:00:30+02:00"
    winter = p.status_create(ZAAK, CAT + "statustypen/1", datetime(2026, 1, 5, 23, 15, tzinfo=UTC))
    assert winter["datumStatusGezet"] == "2026-01-06T00:15:00+01:00"


def test_document_content_is_base64_with_its_size() -> None:
    body = p.eio_create(DOC, CAT + "informatieobjecttypen/1", rsin=RSIN)
    import base64

    assert base64.b64decode(body["inhoud"]) == DOC.inhoud and body["bestandsomvang"] == len(DOC.inhoud)
