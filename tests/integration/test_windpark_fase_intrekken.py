"""The windpark's internal fase while its transportverzoek is withdrawn after the permit ended (review
sessie11, wind11 finding 1): after the called omgevingsvergunning was refused or put buiten behandeling the
case's fase was the permit's own "afgerond" (on the provincie route the stale "besluit extern") while
'Transportverzoek intrekken bij netbeheerder' was still open, so the staff views (case page, kaart
filters, dashboard) called the case done. The public page was right (Vergunning, in behandeling) and
stays so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from services import beheer, cases, deployments, kaart
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.store.models import Case
from tests.integration.energie_fixtures import (
    ROOT,
    WIND_MODELLEN,
    buiten_behandeling_stellen,
    doe,
    elementen,
    energie_platform,
    locatiecheck_met,
    taak,
)
from tests.integration.test_windpark import participatie, start
from tests.integration.test_windpark_intrekking_migratie import met_oud_windpark
from tests.integration.test_windpark_statuspagina import asked_for_a_drawing
from tests.integration.test_windpark_vergunning import MODELLEN

INTREKKEN = "transportverzoek intrekken"
#: windpark.bpmn as shipped before this fase (git show b11812e:bpmn/windpark.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "windpark_voor_fase_intrekken.bpmn"


def _buiten_behandeling(wp: Platform, ref: str, clock: FixedClock) -> None:
    with wp.uow() as uow:  # the letter names the location
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    buiten_behandeling_stellen(wp, ref, clock)


def _gemeente_weigert(platform: Platform) -> tuple[Platform, str]:
    """With the permit stub (its own fase "advies en beoordeling" was the case's while the request was withdrawn)."""
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "negatief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    doe(wp, ref, "beoordelen", {"besluit": "weigeren"})  # inside the called (stub) omgevingsvergunning
    return wp, ref


def _provincie_tot_besluit(wp: Platform) -> str:
    ref = start(wp, 12.6, 3)["zaak"]
    doe(wp, ref, "advies", {"advies": "negatief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "negatief", "toelichting": "Te dicht bij woningen."})
    return ref


def _provincie_weigert(wp: Platform) -> str:
    ref = _provincie_tot_besluit(wp)
    cases.send_message(wp, ref, "besluit_extern", {"besluit": "geweigerd", "datum": "2026-03-02"})
    return ref


def _assert_withdrawing(wp: Platform, ref: str) -> None:
    """The case at 'Transportverzoek intrekken': its fase says so, in all staff views; the public page
    keeps it in the windpark's Vergunning phase."""
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "lopend" and elementen(zaak) == ["transportverzoek_intrekken"]
    assert zaak["fase"] == INTREKKEN
    assert taak(wp, ref, "transportverzoek_intrekken")["fase"] == INTREKKEN  # the inbox row
    assert "afgerond" not in kaart.filter_options(wp)["fasen"]
    page = view.public_status(wp, zaak["volgcode"])
    assert (page["status"], page["huidige_fase"]["naam"]) == ("lopend", "Vergunning")


def test_a_permit_put_buiten_behandeling_is_not_called_done_while_the_request_is_withdrawn(
    platform: Platform, clock: FixedClock
) -> None:
    wp, ref, _ = asked_for_a_drawing(platform)
    _buiten_behandeling(wp, ref, clock)
    # its bezwaartermijn and post week: then it is onherroepelijk (review archief15 F2)
    clock.advance(days=70)
    cases.fire_due_timers(wp)
    _assert_withdrawing(wp, ref)
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert (zaak["status"], zaak["fase"]) == ("afgerond", "aanvraag buiten behandeling")


def test_the_grid_request_stays_on_the_waiting_list_while_the_buitenbehandelingstelling_is_open_to_bezwaar(
    platform: Platform, clock: FixedClock
) -> None:
    """Review archief15 F2: the permit now waits for the bezwaartermijn of its buitenbehandelingstelling (a
    bezwaar may yet revive the aanvraag); the windpark keeps its place on the waiting list until then, and
    says what it waits for, as after any besluit on the permit."""
    wp, ref, code = asked_for_a_drawing(platform)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 14})
    _buiten_behandeling(wp, ref, clock)
    clock.advance(days=30)
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert (zaak["status"], zaak["fase"], elementen(zaak)) == ("lopend", "buiten behandeling gesteld", [])
    assert zaak["wacht_op"].startswith(
        "bezwaartermijn loopt tot en met 28 april 2026; wachtlijst netcapaciteit"
    )
    net = zaak["samenvatting"]["netcapaciteit"]
    assert (net["status"], net["positie"]) == ("wachtlijst", 14)
    page = view.public_status(wp, code)
    assert (page["status"], page["huidige_fase"]["naam"]) == ("lopend", "Vergunning")
    clock.advance(days=40)  # past the post week
    cases.fire_due_timers(wp)
    _assert_withdrawing(wp, ref)
    assert cases.get_case(wp, ref)["samenvatting"]["netcapaciteit"]["status"] == "wordt ingetrokken"


@pytest.mark.parametrize("gezag", ["gemeente", "provincie"])
def test_a_refused_permit_is_not_called_done_while_the_request_is_withdrawn(
    platform: Platform, gezag: str
) -> None:
    if gezag == "gemeente":
        wp, ref = _gemeente_weigert(platform)
    else:
        wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
        ref = _provincie_weigert(wp)
    _assert_withdrawing(wp, ref)
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert (zaak["status"], zaak["fase"]) == ("afgerond", "afgerond")  # not left at the withdrawal
    assert view.public_status(wp, zaak["volgcode"])["huidige_fase"] is None


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    yield met_oud_windpark(platform, monkeypatch, OUD)


def test_running_cases_of_the_version_before_migrate_and_end_in_a_true_fase(oud: Platform) -> None:
    """The new version only adds fase properties: a case waiting for the provincie's besluit and one
    already withdrawing its request both migrate. The one withdrawing keeps the fase it had until its
    task is done (the migration completes nothing); the other gets the new fase at the refusal."""
    wachtend = _provincie_tot_besluit(oud)
    intrekkend = _provincie_weigert(oud)
    assert cases.get_case(oud, intrekkend)["fase"] == "besluit extern"  # the old version's stale fase
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "windpark.bpmn"]), user="bea")

    result = beheer.migrate(oud, "windpark", "bea")
    assert sorted(result["gemigreerd"]) == sorted([wachtend, intrekkend]), result["geweigerd"]

    cases.send_message(oud, wachtend, "besluit_extern", {"besluit": "geweigerd", "datum": "2026-03-02"})
    _assert_withdrawing(oud, wachtend)
    for ref in (wachtend, intrekkend):
        zaak = doe(oud, ref, "transportverzoek_intrekken", {})
        assert (zaak["status"], zaak["fase"]) == ("afgerond", "afgerond")
        assert zaak["samenvatting"]["resultaat"] == (
            "besluit Gedeputeerde Staten van Gelderland: geweigerd; transportverzoek ingetrokken"
        )
