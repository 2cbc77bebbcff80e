"""The initiator's step bar of a windpark while its called omgevingsvergunning runs (reviewer finding: the
called permit's internal phases belonged to no windpark phase, so every phase showed as afgerond and none
as current; and after the permit was onherroepelijk, while the netbeheerder had not answered, the case
still running)."""

from __future__ import annotations

from datetime import timedelta

from services import cases
from services.clock import FixedClock
from services.documents.besluit import finalise_besluit
from services.platform import Platform
from services.status import view
from tests.integration.energie_fixtures import doe
from tests.integration.windpark_steps import at_the_permits_besluit, verlenen_invoer

STAPPEN = ["Initiatief ontvangen", "Advies en netcapaciteit", "Participatie", "Vergunning"]


def _stappen(wp: Platform, ref: str) -> list[tuple[str, str]]:
    s = view.public_status(wp, cases.get_case(wp, ref)["volgcode"])
    assert [f["naam"] for f in s["fasen"]] == STAPPEN
    assert s["huidige_fase"] is None or s["huidige_fase"]["naam"] == "Vergunning"
    return [(f["naam"], f["stand"]) for f in s["fasen"]]


def test_the_vergunning_phase_stays_current_while_the_called_permit_runs_and_after_it(
    platform: Platform, clock: FixedClock
) -> None:
    wp, ref = at_the_permits_besluit(platform)
    lopend = [(naam, "afgerond") for naam in STAPPEN[:3]] + [("Vergunning", "huidig")]
    assert cases.get_case(wp, ref)["fase"] == "besluit"  # the called permit's own phase
    assert _stappen(wp, ref) == lopend
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    for _ in range(60):  # the bezwaartermijn passes; the netbeheerder does not answer
        clock.set(clock.now() + timedelta(days=1))
        cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    # the permit's end is not the case's: it waits for the netbeheerder (test_windpark_fase_netaansluiting)
    assert (zaak["status"], zaak["fase"]) == ("lopend", "netaansluiting")
    assert _stappen(wp, ref) == lopend
    s = view.public_status(wp, zaak["volgcode"])
    assert s["huidige_fase"]["sinds"] == "2026-03-02"


def test_the_called_permits_end_does_not_tell_the_initiator_the_case_is_done(
    platform: Platform, clock: FixedClock
) -> None:
    """The same review finding, its text: the permit's onherroepelijk end wrote "Uw zaak is afgerond:
    vergunning verleend" into the public timeline of a windpark that still waited for its netbeheerder."""
    wp, ref = at_the_permits_besluit(platform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    for _ in range(60):
        clock.set(clock.now() + timedelta(days=1))
        cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "lopend"
    texts = [str(line) for line in view.public_status(wp, zaak["volgcode"])["tijdlijn"]]
    assert not any("afgerond" in t for t in texts), texts
    assert any("onherroepelijk" in t for t in texts), texts
