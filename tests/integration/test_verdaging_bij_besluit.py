"""The teamleider may defer the beslistermijn in 'Besluit nemen' while it runs (review20 F5).

The warning "Beslistermijn verloopt binnenkort" told the teamleider "Zorg dat er tijdig besloten wordt, of
dat er vóór die datum wordt verdaagd" while the case sat at 'Besluit nemen', which offered no verdaging:
only 'Aanvraag inhoudelijk beoordelen' did, although Ow 16.64 lid 2 allows it until the term ends. Now
'Besluit nemen' offers `actie` 'verdagen' by the same rule (``verdaging_mogelijk``) and runs the same
service (`verdaging`), and the warning names both tasks. A case at 'Besluit nemen' on the model version
before gets the choice when migrated.

Dates (test_omgevingsvergunning): received Monday 2 March 2026, the term ends Tuesday 28 April 2026, the
warning comes on 14 April.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services import cases
from services.clock import FixedClock
from services.documents import service
from services.platform import Platform
from tests.e2e.harness import logged_in
from tests.e2e.kaart_status_fixtures import csrf_from
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.besluit_steps import PASSWORD, TAAK, app_with_tom, besluit_acties, bij_het_besluit
from tests.integration.core_helpers import snapshot
from tests.integration.test_migration_postweek import met_oud_model
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.integration.test_verdaging_keuzes import MODEL_VOOR_TERMIJNEINDE, gemigreerd
from tests.integration.test_wup_velden import at_field

z, locatie = ov.z, ov.locatie
VERDAGEN = {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "advies Milieu moet worden gewogen"}


def test_the_teamleider_defers_the_term_in_besluit_nemen_after_the_warning(z: Omgeving) -> None:
    bij_het_besluit(z)
    z.later(days=43)  # 14 April: two weeks before 28 April
    [warning] = z.waarschuwingen()
    assert (
        "Is de termijn nog niet verdaagd, dan kan dat uiterlijk op die datum eenmaal, met ten hoogste 6 weken: "
        "met de keuze 'Verdagen' in de taak 'Aanvraag inhoudelijk beoordelen' of 'Besluit nemen'."
    ) in warning["instructies"]
    assert besluit_acties(z) == ["besluiten", "verdagen"]
    assert "tot en met 28 april 2026" in z.taak("tom", TAAK)["instructies"]
    z.geweigerd("formulier-ongeldig", lambda: z.doe("tom", TAAK, {"actie": "verdagen"}))  # weeks and reason

    case = z.doe("tom", TAAK, VERDAGEN)
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    assert case["verlenging"] == {
        "duur_weken": 3,
        "reden": "advies Milieu moet worden gewogen",
        "besloten_op": "2026-04-14",
    }
    assert ov.namen(case["open_taken"]) == [TAAK]  # back, with the new term; the warning lapsed
    assert z.taak("tom", TAAK)["vervaldatum"] == "2026-05-18"
    assert z.waarschuwingen() == []
    assert case["volgende_timer"] == "2026-05-03T22:00:00+00:00"  # the new warning on 4 May
    assert any(
        "Beslistermijn verdaagd met 3 weken" in e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]
    )
    assert besluit_acties(z) == ["besluiten"]  # once
    z.geweigerd("formulier-ongeldig", lambda: z.doe("tom", TAAK, VERDAGEN))
    formulier = z.taak("tom", TAAK)["formulier"]  # without the fields of 'verdagen'; the besluit's stay
    assert not {"verdaging_weken", "verdaging_reden"} & set(formulier["properties"])
    assert formulier["allOf"] == [{"required": ["besluit", "motivering"]}]

    case = z.doe("tom", TAAK, {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."})
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen"


def test_besluit_nemen_offers_no_verdaging_once_the_term_has_ended(z: Omgeving) -> None:
    bij_het_besluit(z)
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert besluit_acties(z) == ["besluiten"]
    z.geweigerd("formulier-ongeldig", lambda: z.doe("tom", TAAK, VERDAGEN))


def test_a_case_at_besluit_nemen_on_the_previous_version_may_defer_once_migrated(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    oud = met_oud_model(platform, clock, locatie, MODEL_VOOR_TERMIJNEINDE, monkeypatch)
    bij_het_besluit(oud)
    assert "actie" not in oud.taak("tom", TAAK)["formulier"]["properties"]
    gemigreerd(oud)
    assert besluit_acties(oud) == ["besluiten", "verdagen"]
    case = oud.doe("tom", TAAK, VERDAGEN)
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    case = oud.doe("tom", TAAK, {"besluit": "weigeren", "motivering": "Past niet."})
    assert case["samenvatting"]["besluit"]["besluit"] == "weigeren"


# -- no verdaging once the besluit letter is final (review S20 F1) --------------------------------------
#
# On 14 April the teamleider made the letter 'verlenen' final in 'Besluit nemen' and then chose 'Verdagen':
# it was accepted (term to 18 May, told publicly), the task came back and took a second final letter
# 'weigeren': two sent besluiten with opposite outcomes. The verdaging is refused now, at the choice. Since
# the letter also takes 'Verdagen' out of the form (the last test), these tests hold back the reread of the
# choices (``task_choices.reread_choices``): a form read before the letter, as in the moment between the letter's commit
# and that reread, or when the reread could not run; the refusal guards it.

TOKEN = {"Authorization": "Bearer token-tom"}
VERLENEN = {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."}


def _letter_made_on_14_april(z: Omgeving, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """At 'Besluit nemen' on 14 April with the final letter 'verlenen' made in it, its form still as read
    before the letter (with 'Verdagen'); the task's data."""
    bij_het_besluit(z)
    z.later(days=43)  # 14 April
    monkeypatch.setattr(service, "reread_choices", lambda *_: None)  # what the upload of a letter runs
    data = z.brief("tom", VERLENEN)
    assert besluit_acties(z) == ["besluiten", "verdagen"]
    return data


def test_no_verdaging_once_the_besluit_letter_is_final(z: Omgeving, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _letter_made_on_14_april(z, monkeypatch)
    task = z.taak("tom", TAAK)["id"]
    fout = z.geweigerd("verdaging-na-besluit", lambda: cases.complete_task(z.p, task, "tom", VERDAGEN))
    assert fout.status == 422 and fout.extra["veld"] == "actie"
    assert fout.detail.startswith(
        "Het besluit ('verlenen') is al definitief gemaakt, met de besluitbrief van 14 april 2026; verdagen "
        "kan dan niet meer."
    ), fout.detail
    case = z.zaak()
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-04-28" and not case["verlenging"]
    assert not any("verdaagd" in e["tekst"] for e in case["tijdlijn"])
    z.geweigerd(
        "besluit-al-definitief", lambda: z.brief("tom", {"besluit": "weigeren", "motivering": "Nee."})
    )
    case = cases.complete_task(z.p, task, "tom", data)  # the task ends with the letter it made
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen"


def test_the_api_refuses_a_verdaging_after_the_final_letter_as_a_422_at_the_choice(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    _letter_made_on_14_april(z, monkeypatch)
    app, task = app_with_tom(z), z.taak("tom", TAAK)["id"]
    before = snapshot(z.p)
    resp = app.test_client().post(
        f"/api/v1/taken/{task}/voltooien", headers=TOKEN, json={"gegevens": VERDAGEN}
    )
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json", resp.get_json()
    problem = resp.get_json()
    assert problem["code"] == "verdaging-na-besluit" and problem["veld"] == "actie", problem
    assert "14 april 2026" in problem["detail"]
    assert snapshot(z.p) == before


def test_the_task_page_shows_a_verdaging_after_the_final_letter_at_the_choice(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    _letter_made_on_14_april(z, monkeypatch)
    client, task = logged_in(app_with_tom(z), "tom", PASSWORD), z.taak("tom", TAAK)["id"]
    form = {"actie": "verdagen", "verdaging_weken": "3", "verdaging_reden": "Advies Milieu wegen."}
    token = csrf_from(client.get(f"/taken/{task}").text)
    resp = client.post(f"/taken/{task}", data={**form, "csrf_token": token})
    assert resp.status_code == 422
    assert "is al definitief gemaakt, met de besluitbrief van 14 april 2026" in at_field(
        resp.text, "veld-actie"
    )
    assert z.zaak()["uiterlijkeEinddatumAfdoening"] == "2026-04-28"


def test_verdagen_is_no_longer_offered_once_the_besluit_letter_is_final(z: Omgeving) -> None:
    """The refusal followed the letter, the offer did not: after 'Definitief maken' the task form still
    listed 'Verdagen', and choosing it was refused with verdaging-na-besluit. Its ``keuzes`` ask
    ``verdaging_mogelijk``, which now asks the rule the refusal gives with the case's final letter, and
    making the letter final reads the open task's choices again."""
    bij_het_besluit(z)
    z.later(days=43)  # 14 April: the term runs until 28 April
    assert besluit_acties(z) == ["besluiten", "verdagen"]
    data = z.brief("tom", VERLENEN)
    assert besluit_acties(z) == ["besluiten"]
    client, task = logged_in(app_with_tom(z), "tom", PASSWORD), z.taak("tom", TAAK)["id"]
    page = client.get(f"/taken/{task}").text
    assert '<option value="besluiten"' in page and '<option value="verdagen"' not in page
    assert "Verdagen met (weken)" not in page and "Reden van de verdaging" not in page  # its fields went too
    fout = z.geweigerd("formulier-ongeldig", lambda: cases.complete_task(z.p, task, "tom", VERDAGEN))
    assert "Veld 'actie' moet een van deze waarden hebben: besluiten (Besluit nemen)." in fout.detail
    assert z.zaak()["uiterlijkeEinddatumAfdoening"] == "2026-04-28"
    case = cases.complete_task(z.p, task, "tom", data)
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen"
