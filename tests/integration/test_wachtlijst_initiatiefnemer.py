"""On the netbeheerder's waiting list the initiator learns until when and what it can do (review
projectleider13, 5: the status page and its API said only "wachtlijst netcapaciteit, positie 15", "Wat
kunt u doen?" offered only the intrekking, and the initiator's own GET /api/v1/zaken/{ref} gave no date).

The transportverzoek plans its yearly inquiry as a day (``wachtlijst_navraag[navraag_op]``, from
netcongestie.toml's navraag_dagen): its timer fires at the start of that day, its wait names it, the case
summary keeps it for the page and the API (``wachtlijst``). A case on the version before keeps its
model: no date, but the same help."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services import beheer, cases, deployments, migration_report, users
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from tests.integration.energie_fixtures import (
    ROOT,
    WIND_MODELLEN,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_windpark import start
from web import create_app

#: transportverzoek.bpmn as shipped before the inquiry's day was planned (a "P365D" timer)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "transportverzoek_voor_navraagdatum.bpmn"
COOP = {"Authorization": "Bearer t-coop"}
WACHTLIJST = {"uitkomst": "wachtlijst", "positie": 15}
MOGELIJKHEDEN = [
    "Meedoen aan congestiemanagement",
    "Flexibel transportrecht (non-firm)",
    "Cable pooling",
    "Een kleinere aansluiting",
    "Vragen wanneer er ruimte verwacht wordt",
]


def _platform(platform: Platform) -> Platform:
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(wp, "coop", groups=[], role="initiatiefnemer", token="t-coop")
    return wp


@pytest.fixture
def wp(platform: Platform) -> Platform:
    return _platform(platform)


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Platform:
    """The platform with the transportverzoek of before this change deployed (windpark calls it)."""
    lees = deployments.read_files

    def oude_bestanden(paths: list[Any]) -> list[tuple[str, str]]:
        return [
            (n, OUD.read_text(encoding="utf-8") if n == "transportverzoek.bpmn" else t)
            for n, t in lees(paths)
        ]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", oude_bestanden)
        return _platform(platform)


def _on_the_list(wp: Platform) -> tuple[str, str]:
    """A standalone transportverzoek of coop, put on the waiting list at position 15: (reference, volgcode)."""
    zaak = cases.start_case(
        wp, "transportverzoek", {"vermogen_mva": 4.0, "richting": "invoeding"}, user="coop"
    )
    cases.send_message(wp, zaak["zaak"], "netbeheerder_antwoord", WACHTLIJST)
    return zaak["zaak"], zaak["volgcode"]


def _zaak_api(wp: Platform, ref: str) -> dict[str, Any]:
    answer = create_app(wp.settings, platform=wp).test_client().get(f"/api/v1/zaken/{ref}", headers=COOP)
    assert answer.status_code == 200
    body: dict[str, Any] = answer.get_json()
    return body


def test_the_status_page_names_the_day_of_the_next_inquiry_and_the_options(wp: Platform) -> None:
    ref, code = _on_the_list(wp)  # 2 March 2026
    client = create_app(wp.settings, platform=wp).test_client()
    status = client.get(f"/api/v1/status/{code}").get_json()
    assert status["wacht_op"] == (
        "wachtlijst netcapaciteit, positie 15; de gemeente vraagt de netbeheerder op 2 maart 2027 opnieuw "
        "naar de positie"
    )
    lijst = status["wachtlijst"]
    assert (lijst["positie"], lijst["navraag_op"]) == (15, "2027-03-02")
    assert [m["titel"] for m in lijst["mogelijkheden"]] == MOGELIJKHEDEN
    assert "op volgorde van binnenkomst" in lijst["uitleg"] and "geen voorrang" in lijst["uitleg"]
    assert "beslist de netbeheerder" in lijst["uitleg"]  # no promise
    assert "aan de netbeheerder" in lijst["vragen"] and f"zaaknummer {ref}" in lijst["vragen"]
    page = client.get(f"/status/{code}").get_data(as_text=True)
    section = page.split('id="kop-acties"', 1)[1].split("</section>", 1)[0]
    assert "Wat kunt u doen?" in section
    assert "op <strong>2 maart 2027</strong> opnieuw naar uw positie (nu positie 15)" in section
    for titel in MOGELIJKHEDEN:
        assert titel in section
    assert f"zaaknummer {ref}" in section
    assert "2 maart 2027 opnieuw naar de positie" in page.split('id="status-wacht-op">', 1)[1]


def test_the_initiators_api_view_gives_the_date_the_page_gives(wp: Platform) -> None:
    ref, code = _on_the_list(wp)
    zaak = _zaak_api(wp, ref)
    assert zaak["wachtlijst"] == {"positie": 15, "navraag_op": "2027-03-02"}
    assert zaak["wachtlijst"]["navraag_op"] == view.public_status(wp, code)["wachtlijst"]["navraag_op"]
    assert zaak["volgende_timer"] is None  # the engine's next timer stays the officers'
    staff = cases.get_case(wp, ref)
    assert staff["wachtlijst"] == zaak["wachtlijst"]
    assert staff["samenvatting"]["netcapaciteit"]["navraag_op"] == "2027-03-02"


def test_the_inquiry_is_made_on_that_day_and_plans_the_next(wp: Platform, clock: FixedClock) -> None:
    ref, code = _on_the_list(wp)
    clock.set(datetime(2027, 3, 1, 22, 59, tzinfo=UTC))  # 1 March 2027, 23:59 in the Netherlands
    cases.fire_due_timers(wp)
    assert _zaak_api(wp, ref)["wachtlijst"]["navraag_op"] == "2027-03-02"
    clock.set(datetime(2027, 3, 1, 23, 1, tzinfo=UTC))  # 2 March 2027, 00:01
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert any("Jaarlijkse navraag" in e["tekst"] for e in zaak["tijdlijn"])
    assert zaak["wachtlijst"] == {"positie": 15, "navraag_op": "2028-03-01"}
    assert "op 1 maart 2028 opnieuw naar de positie" in view.public_status(wp, code)["wacht_op"]


def test_a_windpark_on_the_list_shows_it_and_off_the_list_nothing(wp: Platform) -> None:
    started = start(wp, 4.0)
    ref, code = started["zaak"], started["volgcode"]
    assert view.public_status(wp, code)["wachtlijst"] is None  # asked, not answered
    cases.send_message(wp, ref, "netbeheerder_antwoord", WACHTLIJST)
    status = view.public_status(wp, code)
    assert status["wachtlijst"]["navraag_op"] == "2027-03-02"
    assert "op 2 maart 2027 opnieuw naar de positie" in status["wacht_op"]
    assert [a["bericht"] for a in status["acties"]] == ["intrekking"]  # the intrekking stays offered


def test_a_case_on_the_version_before_keeps_its_model_and_gets_the_help(oud: Platform) -> None:
    ref, code = _on_the_list(oud)
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "transportverzoek.bpmn"]))
    status = view.public_status(oud, code)
    assert status["wacht_op"] == "wachtlijst netcapaciteit, positie 15"  # its model names no day
    assert status["wachtlijst"]["navraag_op"] is None
    assert [m["titel"] for m in status["wachtlijst"]["mogelijkheden"]] == MOGELIJKHEDEN
    assert _zaak_api(oud, ref)["wachtlijst"] == {"positie": 15, "navraag_op": None}
    nieuw, nieuw_code = _on_the_list(oud)
    assert view.public_status(oud, nieuw_code)["wachtlijst"]["navraag_op"] == "2027-03-02"
    # a case waiting on the list is not moved: the new version's timer reads the day it never planned
    users.add_user(oud, "bea", groups=["Beheer"], role="beheerder")
    voor = cases.get_case(oud, ref)
    result = beheer.migrate(oud, "transportverzoek", "bea")
    assert [r["zaak"] for r in result["geweigerd"]] == [ref] and result["gemigreerd"] == []
    assert "wachtlijst_navraag" in result["geweigerd"][0]["reden"]
    assert cases.get_case(oud, ref)["volgende_timer"] == voor["volgende_timer"]  # its year runs on


def test_migrating_a_case_on_the_list_is_refused_in_words(oud: Platform) -> None:
    """The refusal was the engine's error ("Fout in element 'wachtlijst' (Op de wachtlijst): de naam
    'wachtlijst_navraag' bestaat niet in de zaakgegevens of de toegestane functies (NameError)"), and the
    model editor's comparison, which runs the migration's checks first, did not foresee it. The reason
    says where the case waits, why it cannot move and what to do; the API's migration answers it."""
    ref, _ = _on_the_list(oud)
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "transportverzoek.bpmn"]))
    users.add_user(oud, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    with oud.uow(write=False) as uow:
        pd = deployments.latest_definition(uow.session, "transportverzoek")
        specs = deployments.specs_for(oud, uow.session, pd)
        foreseen = migration_report.refusals(oud, uow.session, "transportverzoek", specs, pd.version)
    answer = (
        create_app(oud.settings, platform=oud)
        .test_client()
        .post("/api/v1/beheer/modellen/transportverzoek/migreren", headers={"Authorization": "Bearer t-bea"})
    )
    assert answer.status_code == 200, answer.get_json()
    [refused] = answer.get_json()["geweigerd"]
    assert refused["zaak"] == ref and foreseen == [refused], (foreseen, refused)
    reason = refused["reden"]
    assert reason.startswith("Deze zaak wacht bij de stap 'Op de wachtlijst' (Netbeheerder). In versie 2 "), (
        reason
    )
    assert (
        "de termijn 'Jaar verstreken'" in reason and "gegevens die deze zaak nooit heeft gekregen" in reason
    )
    assert "Laat de zaak op haar huidige versie doorlopen" in reason, reason
    assert "niet meer bij 'Op de wachtlijst' wacht" in reason and "NameError" not in reason, reason
