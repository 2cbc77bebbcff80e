"""A beslissing op bezwaar that herroept the besluit says what takes its place (Awb 7:11 lid 2).

Review (sessie14): a bezwaar against a refusal found gegrond with the besluit herroepen ended the case as
"Geweigerd" (resultaattype geweigerd: vernietigen after five years), no task asked for the besluit that
replaces it, and a revoked permit stayed "Verleend" (blijvend bewaren); the status page said only "Het
besluit is ... herroepen". Now the beslissing op bezwaar records what takes the besluit's place, in the
beslissing itself (common practice: the beslissing op bezwaar holds the new besluit; it is not made known
again with a bezwaartermijn of its own, for against it only beroep is open, Awb 7:1, 8:1): the permit
granted, the permit refused, or no new besluit as the aanvraag was withdrawn. The case ends at the end of
the besluit that stands, which bpmn/zgw.toml maps to its resultaattype; a herroeping without that choice
is refused in Dutch and changes nothing.

Dates: the besluit is sent on Monday 2 March 2026, the bezwaar comes in on 1 April, the beslissing op
bezwaar is sent on Friday 1 May; beroep is open up to and including Friday 12 June.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services import beheer, case_queries, deployments, users
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from tests.e2e.harness import logged_in
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import bezwaar_tegen, resultaattype_of
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie
MODEL_VOOR = (
    Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "omgevingsvergunning_voor_herroeping.bpmn"
)
GEGROND = {"actie": "beslissen", "uitkomst": "gegrond", "beslist_op": "2026-05-01", "herroepen": True}


def test_a_refusal_herroepen_and_replaced_by_a_grant_ends_verleend_and_is_kept(z: Omgeving) -> None:
    code = bezwaar_tegen(z, "weigeren")
    nieuw = z.taak("jet", TAAK)["formulier"]["properties"]["nieuw_besluit"]
    assert nieuw["enum"] == ["verlenen", "weigeren", "geen"], nieuw
    case = z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "verlenen"})
    assert case["status"] == "afgerond" and not case.get("incident"), case.get("incident")
    assert case["samenvatting"]["resultaat"] == (
        "vergunning geweigerd; beslissing op bezwaar: bezwaar gegrond, het besluit is herroepen; in de plaats "
        "daarvan is de vergunning verleend"
    )
    assert resultaattype_of(z) == ("verleend", "blijvend_bewaren")
    herroepen = case["samenvatting"]["besluit"]["herroepen"]
    assert (herroepen["op"], herroepen["in_de_plaats"]) == ("2026-05-01", "verlenen"), herroepen
    page = view.public_status(z.p, code)
    assert page["besluit"]["tekst"].startswith(
        "Op het bezwaar is het besluit op 1 mei 2026 herroepen; in de plaats daarvan is de vergunning verleend."
    ), page["besluit"]
    assert page["besluit"]["herroepen"] == {"op": "2026-05-01", "in_de_plaats": "verlenen"}
    said = page["termijn"]["toelichting"]
    assert (
        "het besluit is herroepen; in de plaats daarvan is de vergunning verleend (artikel 7:11 Awb)" in said
    )
    assert "beroep instellen bij de rechtbank: uiterlijk op vrijdag 12 juni 2026" in said, said
    tijdlijn = " ".join(str(t) for t in page["tijdlijn"])
    assert "Het besluit van 2 maart 2026 is bij de beslissing op bezwaar van 1 mei 2026 herroepen" in tijdlijn


def test_a_grant_herroepen_and_replaced_by_a_refusal_ends_geweigerd(z: Omgeving) -> None:
    code = bezwaar_tegen(z, "verlenen")
    case = z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "weigeren"})
    assert case["samenvatting"]["resultaat"].endswith("in de plaats daarvan is de vergunning geweigerd")
    assert resultaattype_of(z) == ("geweigerd", "vernietigen")
    assert (
        "in de plaats daarvan is de vergunning geweigerd" in view.public_status(z.p, code)["besluit"]["tekst"]
    )


def test_no_new_besluit_as_the_aanvraag_was_withdrawn_ends_ingetrokken(z: Omgeving) -> None:
    code = bezwaar_tegen(z, "verlenen")
    z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "geen"})
    assert resultaattype_of(z) == ("ingetrokken", "vernietigen")
    tekst = view.public_status(z.p, code)["besluit"]["tekst"]
    assert "herroepen; er komt geen nieuw besluit, omdat de aanvraag is ingetrokken." in tekst, tekst


def test_a_besluit_that_stands_keeps_its_own_resultaat(z: Omgeving) -> None:
    """Gegrond without herroeping (a better motivation): the refusal stands, as before."""
    bezwaar_tegen(z, "weigeren")
    case = z.doe("jet", TAAK, {**GEGROND, "herroepen": False})
    assert case["samenvatting"]["resultaat"].endswith("het besluit blijft in stand")
    assert resultaattype_of(z) == ("geweigerd", "vernietigen")
    assert "herroepen" not in case["samenvatting"]["besluit"]


@pytest.mark.parametrize(
    ("gegeven", "code", "woorden"),
    [
        ({**GEGROND}, "herroepen-zonder-nieuw-besluit", "kies wat ervoor in de plaats komt"),
        (
            {**GEGROND, "herroepen": False, "nieuw_besluit": "verlenen"},
            "nieuw-besluit-zonder-herroepen",
            "alleen",
        ),
    ],
)
def test_a_herroeping_without_what_replaces_it_is_refused_in_dutch(
    z: Omgeving, gegeven: dict[str, Any], code: str, woorden: str
) -> None:
    bezwaar_tegen(z, "weigeren")
    fout = z.geweigerd(code, lambda: z.doe("jet", TAAK, gegeven))
    assert fout.status == 422 and woorden in fout.detail, fout.detail
    assert "artikel 7:11 lid 2 Awb" in fout.detail
    assert z.zaak()["status"] == "lopend" and z.taak("jet", TAAK)


def test_the_case_page_says_what_stands(z: Omgeving) -> None:
    bezwaar_tegen(z, "weigeren")
    z.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "verlenen"})
    users.add_user(z.p, "jet", groups=["Juridisch"], role="adviseur", password="herroepen-2026")
    client = logged_in(create_app(z.p.settings, platform=z.p), "jet", "herroepen-2026")
    page = client.get(f"/zaken/{z.ref}")
    assert page.status_code == 200, page.text[:300]
    assert "het besluit is herroepen; in de plaats daarvan is de vergunning verleend" in page.text
    besluit = case_queries.read_case(z.p, z.ref, "jet")["samenvatting"]["besluit"]
    assert besluit["herroepen"]["in_de_plaats"] == "verlenen"


def test_a_case_at_the_task_keeps_its_version_and_one_migrated_asks_what_replaces_the_besluit(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR, monkeypatch)
    bezwaar_tegen(oud, "weigeren")
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    assert "nieuw_besluit" not in oud.taak("jet", TAAK)["formulier"]["properties"]  # its version's form
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [oud.ref], result
    assert "nieuw_besluit" in oud.taak("jet", TAAK)["formulier"]["properties"]
    oud.geweigerd("herroepen-zonder-nieuw-besluit", lambda: oud.doe("jet", TAAK, GEGROND))
    oud.doe("jet", TAAK, {**GEGROND, "nieuw_besluit": "verlenen"})
    assert resultaattype_of(oud) == ("verleend", "blijvend_bewaren")
