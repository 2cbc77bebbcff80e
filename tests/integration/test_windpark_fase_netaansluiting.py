"""The windpark's internal fase while a granted initiative still waits for the netbeheerder (review sessie11,
wind12): after the omgevingsvergunning was granted (the gemeente's own permit, or the provincie's or the
Rijk's besluit) the case waited for the netbeheerder's answer on its transportverzoek, or on the waiting
list, while its fase was the permit's "afgerond" (the stub permit's "vergunning", on the provincie and Rijk
route the stale "besluit extern"), so the staff views (case page, inbox, kaart filters, dashboard) called
it done or still deciding; a granted case that ended also kept that stale fase. Its fase is now
"netaansluiting", the name a standalone transportverzoek has for the same wait, and a granted initiative
ends in "afgerond". The public page keeps the case in the windpark's Vergunning phase."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from services import beheer, cases, deployments, kaart
from services.clock import FixedClock
from services.documents.besluit import finalise_besluit
from services.platform import Platform
from services.status import view
from tests.integration.energie_fixtures import (
    ROOT,
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
    taak,
)
from tests.integration.test_windpark import participatie, start
from tests.integration.test_windpark_intrekking_migratie import met_oud_windpark
from tests.integration.test_windpark_vergunning import MODELLEN
from tests.integration.windpark_steps import at_the_permits_besluit, status_volgnummers, verlenen_invoer

NET = "netaansluiting"
#: windpark.bpmn as shipped before this fase (git show 53fec64:bpmn/windpark.bpmn)
OUD = ROOT / "tests" / "fixtures" / "bpmn" / "windpark_voor_fase_netaansluiting.bpmn"
BESLUIT_BEVOEGD_GEZAG, AFGEHANDELD = 6, 7  # the windpark's statustypen (volgnummer, bpmn/zgw.toml)
#: start(platform, mw, turbines) per bevoegd gezag (test_windpark: the beslistabel)
GEZAG = {"provincie": (12.6, 3), "Rijk": (120, 12)}


def _extern_tot_besluit(wp: Platform, gezag: str) -> str:
    ref = start(wp, *GEZAG[gezag])["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    return ref


def _extern_verleent(wp: Platform, ref: str) -> dict:
    return cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})


def _assert_waiting_for_the_grid(wp: Platform, ref: str) -> None:
    """The granted case waits for the netbeheerder: its fase says so in all staff views; the public page
    keeps it in the windpark's Vergunning phase, in behandeling."""
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "lopend" and zaak["houder"] == "Netbeheerder", zaak["houder"]
    assert zaak["fase"] == NET
    assert "afgerond" not in kaart.filter_options(wp)["fasen"]
    page = view.public_status(wp, zaak["volgcode"])
    assert (page["status"], page["huidige_fase"]["naam"]) == ("lopend", "Vergunning")


def _net_antwoordt(wp: Platform, ref: str) -> dict:
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert (zaak["status"], zaak["fase"]) == ("afgerond", "afgerond")  # not left at the wait
    assert view.public_status(wp, zaak["volgcode"])["huidige_fase"] is None
    return zaak


def test_a_permit_granted_by_the_gemeente_is_not_called_done_while_the_netbeheerder_has_not_answered(
    platform: Platform, clock: FixedClock
) -> None:
    """The real permit: its "afgerond" (onherroepelijk) was the windpark's fase."""
    wp, ref = at_the_permits_besluit(platform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    for _ in range(60):  # the bezwaartermijn passes; the netbeheerder does not answer
        clock.set(clock.now() + timedelta(days=1))
        cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert [t["element"] for t in zaak["open_taken"]] == ["escaleren"]
    assert (zaak["status"], zaak["fase"]) == ("lopend", NET)
    assert taak(wp, ref, "escaleren")["fase"] == NET  # the inbox row
    assert "afgerond" not in kaart.filter_options(wp)["fasen"]
    zaak = _net_antwoordt(wp, ref)
    assert zaak["samenvatting"]["resultaat"].endswith("netcapaciteit: capaciteit")


def test_a_permit_granted_by_the_gemeente_stub_is_not_left_in_the_fase_vergunning(platform: Platform) -> None:
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    doe(wp, ref, "beoordelen", {"besluit": "verlenen"})  # inside the called (stub) omgevingsvergunning
    _assert_waiting_for_the_grid(wp, ref)
    _net_antwoordt(wp, ref)


@pytest.mark.parametrize("gezag", ["provincie", "Rijk"])
def test_a_besluit_granted_by_the_provincie_or_the_rijk_is_not_left_in_the_fase_besluit_extern(
    platform: Platform, gezag: str
) -> None:
    """The ZGW status moves on past the besluit, to "Afgehandeld" only when the case is."""
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    wp.settings = wp.settings.with_(zgw_zaken_url="http://zgw.test/zaken/api/v1/")  # queue, never deliver
    ref = _extern_tot_besluit(wp, gezag)
    _extern_verleent(wp, ref)
    _assert_waiting_for_the_grid(wp, ref)
    assert status_volgnummers(wp, ref)[-1] == BESLUIT_BEVOEGD_GEZAG
    _net_antwoordt(wp, ref)
    sent = status_volgnummers(wp, ref)
    assert sent == sorted(sent) and sent[-1] == AFGEHANDELD, sent


def test_a_granted_case_whose_netbeheerder_answered_first_ends_in_afgerond(platform: Platform) -> None:
    """It ended at once in the stale "besluit extern"; it never shows the wait it did not have."""
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    ref = _extern_tot_besluit(wp, "provincie")
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert cases.get_case(wp, ref)["fase"] == "besluit extern"  # still deciding
    zaak = _extern_verleent(wp, ref)
    assert (zaak["status"], zaak["fase"]) == ("afgerond", "afgerond")


@pytest.fixture
def oud(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    yield met_oud_windpark(platform, monkeypatch, OUD)


def test_running_cases_of_the_version_before_migrate_and_end_in_a_true_fase(oud: Platform) -> None:
    """The new version only adds fase properties ('Besluit beoordelen', the end 'Initiatief afgehandeld'):
    a case waiting for the provincie's besluit and one already granted and waiting for the netbeheerder
    both migrate and go on (a new element before the join left the waiting one stuck: its join waited for
    the new element). The one waiting keeps the fase it had until the netbeheerder answers (the migration
    completes nothing); the other gets the new fase at its besluit; both end in "afgerond"."""
    wachtend = _extern_tot_besluit(oud, "provincie")
    verleend = _extern_tot_besluit(oud, "provincie")
    _extern_verleent(oud, verleend)
    assert cases.get_case(oud, verleend)["fase"] == "besluit extern"  # the old version's stale fase
    deployments.deploy(oud, deployments.read_files([ROOT / "bpmn" / "windpark.bpmn"]), user="bea")

    result = beheer.migrate(oud, "windpark", "bea")
    assert sorted(result["gemigreerd"]) == sorted([wachtend, verleend]), result["geweigerd"]

    _extern_verleent(oud, wachtend)
    _assert_waiting_for_the_grid(oud, wachtend)
    for ref in (wachtend, verleend):
        zaak = _net_antwoordt(oud, ref)
        assert zaak["samenvatting"]["resultaat"] == (
            "besluit Gedeputeerde Staten van Gelderland: verleend; netcapaciteit: capaciteit"
        )
