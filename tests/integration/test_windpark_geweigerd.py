"""A windpark whose permit is refused ends: the transportverzoek still running is withdrawn, not kept on the
netbeheerder's waiting list for years (reviewer finding: the case stayed 'lopend', held by the netbeheerder,
with a yearly inquiry, for a park that cannot be built)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from processes.errors import Conflict
from services import cases
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import doe, elementen, publiek, taak, toestand
from tests.integration.test_windpark import participatie, start

wp = windpark.wp  # the windpark tests' fixture


def _provincie_weigert(wp: Platform, ref: str) -> dict:
    doe(wp, ref, "advies", {"advies": "negatief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "negatief", "toelichting": "Te dicht bij woningen."})
    return cases.send_message(wp, ref, "besluit_extern", {"besluit": "geweigerd", "datum": "2026-03-02"})


def test_a_refusal_by_the_provincie_withdraws_the_grid_request_on_the_waiting_list_and_ends_the_case(
    wp: Platform, clock: FixedClock
) -> None:
    ref = start(wp, 12.6, 3)["zaak"]
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 3})
    zaak = _provincie_weigert(wp, ref)
    net = zaak["samenvatting"]["netcapaciteit"]
    assert (net["status"], net["positie"], net["richting"]) == ("wordt ingetrokken", 3, "invoeding")
    # an officer withdraws the request at the netbeheerder: the platform cannot, so the case says who must
    assert zaak["status"] == "lopend" and zaak["houder"] == "Energie en Klimaat"
    intrekken = taak(wp, ref, "transportverzoek_intrekken")
    assert intrekken["kandidaatgroepen"] == ["Energie en Klimaat"]
    assert "geweigerd" in intrekken["reden"]
    assert "wachtlijst" not in " ".join(zaak["wacht_op"])
    zaak = doe(wp, ref, "transportverzoek_intrekken", {"toelichting": "Per brief ingetrokken."})
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == (
        "besluit Gedeputeerde Staten van Gelderland: geweigerd; transportverzoek ingetrokken"
    )
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "ingetrokken"
    assert any(t.startswith("Transportverzoek ingetrokken") for t in publiek(cases.get_case(wp, ref)))
    # the waiting list's yearly inquiry is gone with it, and a late netbeheerder message is refused
    voor = toestand(wp, ref)
    clock.set(clock.now() + timedelta(days=400))
    cases.fire_due_timers(wp)
    assert toestand(wp, ref) == voor
    with pytest.raises(Conflict):
        cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 1})
    assert toestand(wp, ref) == voor


def test_a_refusal_by_the_gemeente_before_the_netbeheerder_answered_withdraws_the_request(
    wp: Platform,
) -> None:
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "negatief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "beoordelen", {"besluit": "weigeren"})  # inside the called omgevingsvergunning
    assert zaak["status"] == "lopend" and "transportverzoek_intrekken" in elementen(zaak)
    assert "antwoord netbeheerder" not in " ".join(zaak["wacht_op"])
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == "omgevingsvergunning: weigeren; transportverzoek ingetrokken"


def test_a_refusal_after_the_netbeheerder_offered_capacity_releases_it(wp: Platform) -> None:
    """The grid request ended with capacity offered: on a congested grid that capacity must go back too."""
    ref = start(wp, 12.6, 3)["zaak"]
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    zaak = _provincie_weigert(wp, ref)
    assert zaak["status"] == "lopend" and elementen(zaak) == ["transportverzoek_intrekken"]
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "wordt ingetrokken"
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == (
        "besluit Gedeputeerde Staten van Gelderland: geweigerd; transportverzoek ingetrokken"
    )


def test_a_granted_permit_still_waits_for_the_grid_request(wp: Platform) -> None:
    ref = start(wp, 12.6, 3)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    zaak = cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    assert zaak["status"] == "lopend" and zaak["houder"] == "Netbeheerder"
    assert "transportverzoek_intrekken" not in elementen(zaak)
