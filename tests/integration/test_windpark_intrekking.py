"""A windpark initiative withdrawn by its initiator (reviewer windpark findings 1, 3 and 7): inside the called
omgevingsvergunning, and before or beside it; the grid request is given up as on a refusal."""

from __future__ import annotations

from typing import Any

import pytest

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.energie_fixtures import (
    buiten_behandeling_stellen,
    doe,
    elementen,
    energie_platform,
    locatiecheck_met,
    publiek,
    taak,
    toestand,
)
from tests.integration.test_windpark import participatie, start
from tests.integration.test_windpark_vergunning import MODELLEN
from tests.integration.windpark_steps import permitroute, wachtend_bij


@pytest.fixture
def wp(platform: Platform) -> Platform:
    return energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))


def in_de_adviesronde(wp: Platform) -> str:
    """A gemeente case whose called permit runs its adviesronde (an embedded multi-instance subprocess)."""
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})
    assert "advies_geven" in elementen(zaak)
    return ref


def test_withdrawal_during_the_permits_adviesronde_is_accepted(wp: Platform) -> None:
    """Finding 1: the terminate end event of the called permit left the adviesronde's subprocesses behind
    without their task, and compacting the finished call activity raised TaskNotFoundException (a 500)."""
    ref = in_de_adviesronde(wp)
    zaak: dict[str, Any] = cases.send_message(wp, ref, "intrekking", {})
    assert "advies_geven" not in elementen(zaak) and "beoordelen" not in elementen(zaak)
    assert "transportverzoek_intrekken" in elementen(zaak)
    # the case loads again from its stored document, and goes on
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond"


def test_a_withdrawn_permit_application_ends_the_initiative_as_withdrawn(wp: Platform) -> None:
    """Finding 3: the windpark read the withdrawn permit as a refusal ('de vergunning is geweigerd') in the
    officer's task, on the public timeline and in the result, and ended as 'Initiatief afgewezen'."""
    ref = permitroute(wp)
    cases.send_message(wp, ref, "intrekking", {})  # the permit waits for it during its ontvankelijkheid
    intrekken = taak(wp, ref, "transportverzoek_intrekken")
    assert intrekken["reden"] == (
        "De aanvrager heeft de aanvraag om de vergunning voor Windpark 4.2 MW ingetrokken; het "
        "transportverzoek vervalt"
    )
    assert "geweigerd" not in intrekken["instructies"] and "ingetrokken" in intrekken["instructies"]
    doe(wp, ref, "transportverzoek_intrekken", {})
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == (
        "omgevingsvergunning: aanvraag ingetrokken door de aanvrager; transportverzoek ingetrokken"
    )
    assert (
        "Transportverzoek ingetrokken bij de netbeheerder: de aanvraag om de vergunning is ingetrokken."
        in (publiek(zaak))
    )
    assert not [t for t in publiek(zaak) if "geweigerd" in t]
    assert einde(wp, ref) == "einde_ingetrokken"


def test_a_permit_application_put_aside_is_told_as_buiten_behandeling(
    wp: Platform, clock: FixedClock
) -> None:
    """Finding 3: a buiten-behandeling besluit (Awb 4:5, open to bezwaar) was told as a refusal."""
    from sqlalchemy import update

    from services.store.models import Case

    ref = permitroute(wp)
    with wp.uow() as uow:  # the letter names the location
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    doe(
        wp,
        ref,
        "ontvankelijkheid",
        {"compleet": False, "ontbrekend": "akoestisch onderzoek", "aanvullingstermijn_dagen": 14},
    )
    buiten_behandeling_stellen(wp, ref, clock)
    # its bezwaartermijn and post week: then it is onherroepelijk (review archief15 F2)
    clock.advance(days=70)
    cases.fire_due_timers(wp)
    intrekken = taak(wp, ref, "transportverzoek_intrekken")
    assert intrekken["reden"].startswith(
        "De aanvraag om de vergunning voor Windpark 4.2 MW is buiten behandeling gesteld (Awb 4:5"
    )
    doe(wp, ref, "transportverzoek_intrekken", {})
    zaak = cases.get_case(wp, ref)
    assert zaak["samenvatting"]["resultaat"] == (
        "omgevingsvergunning: aanvraag buiten behandeling gesteld (Awb 4:5); transportverzoek ingetrokken"
    )
    assert (
        "Transportverzoek ingetrokken bij de netbeheerder: de aanvraag om de vergunning is buiten "
        "behandeling gesteld." in publiek(zaak)
    )
    assert not [t for t in publiek(zaak) if "geweigerd" in t]
    assert einde(wp, ref) == "einde_buiten_behandeling"
    # review sessie9b finding 2: the closed page ends in its own phase and announces none still to come
    from services.status import view

    status = view.public_status(wp, zaak["volgcode"])
    fasen = [(f["naam"], f["stand"]) for f in status["fasen"]]
    assert fasen[-2:] == [("Vergunning", "afgerond"), ("Buiten behandeling", "afgerond")], fasen
    assert {stand for _, stand in fasen} == {"afgerond"} and status["huidige_fase"] is None


def einde(wp: Platform, ref: str) -> str:
    """The end event the case ended at (the ZGW resultaat follows it)."""
    from sqlalchemy import select

    from services.store.models import Case, WorkflowState

    with wp.uow(write=False) as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == ref))
        doc = uow.session.scalar(select(WorkflowState.document).where(WorkflowState.case_id == case_id))
    ends = [
        e
        for e in ("einde_ingetrokken", "einde_buiten_behandeling", "einde_afgewezen")
        if f'"{e}"' in str(doc)
    ]
    assert len(ends) == 1, ends
    return ends[0]


@pytest.mark.parametrize(
    "stap", ["advies", "participatie", "vergunning_voorbereiden", "advies_extern", "besluit_extern"]
)
def test_the_initiative_is_withdrawn_before_the_permit_route_and_its_grid_request_stops(
    wp: Platform, clock: FixedClock, stap: str
) -> None:
    """Finding 7: outside the called permit an intrekking got 409 (the windpark had no withdrawal of its
    own), so the grid request kept its place on the waiting list for as long as the case ran."""
    from datetime import timedelta

    from processes.errors import Conflict

    ref = wachtend_bij(wp, stap)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 4})
    zaak = cases.send_message(wp, ref, "intrekking", {})
    assert elementen(zaak) == ["transportverzoek_intrekken"]  # the advice or the wait is gone with it
    intrekken = taak(wp, ref, "transportverzoek_intrekken")
    assert intrekken["reden"].startswith("De initiatiefnemer heeft Windpark ")
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "wordt ingetrokken"
    assert "wachtlijst" not in " ".join(zaak["wacht_op"])
    doe(wp, ref, "transportverzoek_intrekken", {"toelichting": "Per brief ingetrokken."})
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == (
        "initiatief ingetrokken door de initiatiefnemer; transportverzoek ingetrokken"
    )
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "ingetrokken"
    assert "Transportverzoek ingetrokken bij de netbeheerder: het initiatief is ingetrokken." in publiek(zaak)
    assert einde(wp, ref) == "einde_ingetrokken"
    voor = toestand(wp, ref)
    clock.set(clock.now() + timedelta(days=400))  # no yearly inquiry of a waiting list left behind
    cases.fire_due_timers(wp)
    assert toestand(wp, ref) == voor
    with pytest.raises(Conflict):
        cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 1})


def test_after_the_provincies_besluit_the_initiative_is_not_withdrawn(wp: Platform) -> None:
    """As the permit after its besluit: the intrekking is refused and nothing changes."""
    from processes.errors import Conflict

    ref = wachtend_bij(wp, "besluit_extern")
    cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    voor = toestand(wp, ref)
    with pytest.raises(Conflict) as refused:
        cases.send_message(wp, ref, "intrekking", {})
    assert refused.value.code == "bericht-niet-verwacht"
    assert toestand(wp, ref) == voor


def test_a_withdrawal_dated_in_the_future_is_refused_and_changes_nothing(wp: Platform) -> None:
    from processes.errors import ValidationError

    ref = wachtend_bij(wp, "participatie")
    voor = toestand(wp, ref)
    with pytest.raises(ValidationError) as refused:
        cases.send_message(wp, ref, "intrekking", {"ontvangen_op": "2026-12-31"})
    assert refused.value.code == "intrekking-datum"
    assert toestand(wp, ref) == voor
