"""The windpark's public phases in the order they happen (review sessie9b findings 2 and 3): a withdrawn
initiative's closed status page announced phases as still to come and called the case "besloten"; and for a
provincie or Rijk windpark the step bar, and the ZGW statuses, went back from Participatie to the advice
when the gemeente wrote its advice to the bevoegd gezag."""

from __future__ import annotations

from typing import Any

import pytest

from services import cases
from services.platform import Platform
from services.status import view
from services.zgw.mapping import load_mapping
from tests.integration.energie_fixtures import doe
from tests.integration.test_windpark import participatie, start
from tests.integration.test_windpark_intrekking import wp
from tests.integration.windpark_steps import status_volgnummers, wachtend_bij

__all__ = ["wp"]  # the windpark tests' fixture (the platform with the permit)


def _status(platform: Platform, ref: str) -> dict[str, Any]:
    return view.public_status(platform, cases.get_case(platform, ref)["volgcode"])


def _bar(status: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["naam"], f["stand"]) for f in status["fasen"]]


@pytest.mark.parametrize(
    ("stap", "bereikt"),
    [
        ("advies", ["Initiatief ontvangen", "Advies en netcapaciteit"]),
        ("besluit_extern", ["Initiatief ontvangen", "Advies en netcapaciteit", "Participatie", "Vergunning"]),
    ],
)
def test_a_withdrawn_initiative_announces_no_coming_phase_and_no_besluit(
    wp: Platform, stap: str, bereikt: list[str]
) -> None:
    """Finding 2: after a withdrawal during the advice the closed page showed Participatie and Vergunning
    as "komend", no current phase, and a term block saying "besloten" beside "geen definitief besluit"."""
    ref = wachtend_bij(wp, stap)
    cases.send_message(wp, ref, "intrekking", {})
    s = _status(wp, ref)  # the gemeente still withdraws the transportverzoek: that is the current step
    assert _bar(s) == [(naam, "afgerond") for naam in bereikt] + [("Ingetrokken", "huidig")]
    doe(wp, ref, "transportverzoek_intrekken", {})
    s = _status(wp, ref)
    assert (s["status"], s["fase"]) == ("afgerond", "ingetrokken")
    assert _bar(s) == [(naam, "afgerond") for naam in bereikt + ["Ingetrokken"]]
    assert s["huidige_fase"] is None
    assert s["besluit"]["genomen"] is False
    assert s["termijn"]["besloten"] is False and s["termijn"]["uiterste_beslisdatum"] is None


def test_a_permit_application_withdrawn_inside_the_windpark_ends_in_the_phase_ingetrokken(
    wp: Platform,
) -> None:
    ref = wachtend_bij(wp, "vergunning_voorbereiden")
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    cases.send_message(wp, ref, "intrekking", {})  # the called permit waits for it
    doe(wp, ref, "transportverzoek_intrekken", {})
    s = _status(wp, ref)
    assert s["fase"] == "ingetrokken" and s["huidige_fase"] is None
    assert [naam for naam, stand in _bar(s) if stand != "afgerond"] == []
    assert _bar(s)[-2:] == [("Vergunning", "afgerond"), ("Ingetrokken", "afgerond")]
    assert s["termijn"]["besloten"] is False


def _provincie_na_participatie(platform: Platform) -> str:
    ref = start(platform, 12.6, 3)["zaak"]
    doe(platform, ref, "advies", {"advies": "positief"})
    participatie(platform, ref)
    assert cases.get_case(platform, ref)["fase"] == "advies bevoegd gezag"
    return ref


def test_after_participation_the_step_bar_of_a_provincie_windpark_moves_on(wp: Platform) -> None:
    """Finding 3: the gemeente's advice to the provincie (``advies_extern``, after the participation) was
    under "Advies en netcapaciteit": the bar showed that phase current and Participatie coming again."""
    ref = _provincie_na_participatie(wp)
    assert _bar(_status(wp, ref)) == [
        ("Initiatief ontvangen", "afgerond"),
        ("Advies en netcapaciteit", "afgerond"),
        ("Participatie", "afgerond"),
        ("Vergunning", "huidig"),
    ]
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    assert _status(wp, ref)["huidige_fase"]["naam"] == "Vergunning"


def test_the_zgw_statuses_of_a_provincie_windpark_never_go_back(wp: Platform) -> None:
    """Finding 3, its ZGW side: zgw.toml mapped the advice to the provincie to the statustype "Advies", so
    the zaak got "Advies" again after "Participatie". Publication has no guard against a status that goes
    back (the permit legitimately returns from "Aanvulling gevraagd" to its ontvankelijkheid), so the
    mapping itself must follow the model's order."""
    wp.settings = wp.settings.with_(zgw_zaken_url="http://zgw.test/zaken/api/v1/")  # queue, never deliver
    ref = _provincie_na_participatie(wp)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    sent = status_volgnummers(wp, ref)
    assert len(set(sent)) >= 4, sent  # advies, participatie, the advice to the provincie, its besluit
    assert sent == sorted(sent), f"a status went back: {sent}"


def test_the_windpark_statustypen_follow_the_order_of_its_public_phases() -> None:
    """Every internal phase of a later public phase maps to the same or a later statustype."""
    from services.public_phases import public_phases

    proc = load_mapping().procedure("windpark")
    per_phase = [
        [t.volgnummer for name in phase.intern if (t := proc.statustype_for(name)) is not None]
        for phase in public_phases().of("windpark")
    ]
    for i, later in enumerate(per_phase):
        for earlier in per_phase[:i]:
            assert not earlier or not later or max(earlier) <= min(later), per_phase
