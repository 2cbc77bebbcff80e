"""The wait for the provincie's or Rijk's besluit (windpark review finding 5): the authority gets the
municipality's advice as a task in its own inbox, and the projectleider asks it about the besluit when the
wait gets long. Before, the advice never left the case (the authority had no task, no message), and the case
could wait for ever without anyone being told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services import cases, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import doe, elementen, publiek, taak
from tests.integration.test_windpark import participatie, start

wp = windpark.wp  # the windpark tests' fixture
ORGAAN = "Gedeputeerde Staten van Gelderland"
NAVRAGEN = f"Besluit van {ORGAAN} navragen"


def _advies_gegeven(wp: Platform, mw: float = 12.6, n: int = 3) -> str:
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")
    users.add_user(wp, "rijk", groups=["Rijk"], role="adviseur")
    ref = str(start(wp, mw, n)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "negatief", "toelichting": "Geluid en slagschaduw."})
    return ref


def _taken(wp: Platform, user: str) -> list[dict]:
    return list(inbox.list_tasks(wp, user)["taken"])


def test_the_authority_gets_the_municipalitys_advice_as_a_task_in_its_inbox(wp: Platform) -> None:
    ref = _advies_gegeven(wp)
    taken = _taken(wp, "piet")
    assert [t["naam"] for t in taken] == ["Advies gemeente over Windpark 12.6 MW"]
    task = inbox.get_task(wp, taken[0]["id"], "piet")
    instructie = task["instructies"]
    assert ref in instructie and "negatief" in instructie and "Geluid en slagschaduw." in instructie
    assert _taken(wp, "rijk") == []  # the Rijk does not decide this case
    zaak = cases.get_case(wp, ref)
    intern = [e["tekst"] for e in zaak["tijdlijn"] if not e["publiek"]]
    assert any("klaargezet voor " + ORGAAN in t and "geen e-mail verstuurd" in t for t in intern)
    assert f"De gemeente heeft advies gegeven aan {ORGAAN}." in publiek(zaak)
    assert "besluit_extern" in zaak["samenvatting"]["verwachte_berichten"]  # the wait itself runs on
    cases.complete_task(wp, task["id"], "piet", {"reactie": "Ontvangen, besluit volgt."})
    zaak = cases.get_case(wp, ref)
    assert f"{ORGAAN} heeft het advies van de gemeente ontvangen" in publiek(zaak)
    assert "besluit_extern" in zaak["samenvatting"]["verwachte_berichten"]
    cases.send_message(
        wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"}, actor="piet"
    )
    assert cases.get_case(wp, ref)["samenvatting"]["besluit_extern"]["besluit"] == "verleend"


def test_the_authoritys_task_goes_when_its_besluit_or_a_withdrawal_comes_first(wp: Platform) -> None:
    ref = _advies_gegeven(wp)
    assert "advies_ontvangen" in elementen(cases.get_case(wp, ref))
    zaak = cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    assert "advies_ontvangen" not in elementen(zaak) and _taken(wp, "piet") == []
    ander = _advies_gegeven(wp)
    zaak = cases.send_message(wp, ander, "intrekking", {})
    assert elementen(zaak) == ["transportverzoek_intrekken"]


def test_the_projectleider_asks_the_authority_about_its_besluit_every_eight_weeks(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _advies_gegeven(wp)
    start_dag = clock.now()
    clock.set(start_dag + timedelta(weeks=8) - timedelta(days=1))
    cases.fire_due_timers(wp)
    assert "besluit_navragen" not in elementen(cases.get_case(wp, ref))  # not before the term
    clock.set(start_dag + timedelta(weeks=8, days=3))
    cases.fire_due_timers(wp)
    navraag = taak(wp, ref, "besluit_navragen")
    assert navraag["naam"] == NAVRAGEN
    assert navraag["reden"].startswith(f"Nog geen besluit van {ORGAAN} sinds het advies van de gemeente op ")
    assert NAVRAGEN in [t["naam"] for t in _taken(wp, "pim")]
    doe(wp, ref, "besluit_navragen", {"navraag": "Gebeld met de provincie: besluit in mei."}, user="pim")
    zaak = cases.get_case(wp, ref)
    assert f"De gemeente heeft {ORGAAN} gevraagd naar de stand van het besluit" in publiek(zaak)
    assert "besluit_navragen" not in elementen(zaak)
    assert "besluit_extern" in zaak["samenvatting"]["verwachte_berichten"]  # the wait goes on
    assert "navraag_wachten" in zaak["samenvatting"]["wachtende_elementen"]  # the next term runs
    # the next term counts from the inquiry (done at 8 weeks and 3 days), not from the advice
    clock.set(start_dag + timedelta(weeks=16, days=4))
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert elementen(zaak).count("besluit_navragen") == 1  # again, once
    assert "navraag_wachten" not in zaak["samenvatting"]["wachtende_elementen"]  # none while it is open
    zaak = cases.send_message(wp, ref, "besluit_extern", {"besluit": "verleend", "datum": "2026-03-02"})
    assert "besluit_navragen" not in elementen(zaak)  # the open inquiry goes with the wait
    clock.set(start_dag + timedelta(weeks=40))  # and no inquiry comes after the besluit
    cases.fire_due_timers(wp)
    zaak = cases.get_case(wp, ref)
    assert "besluit_navragen" not in elementen(zaak)
    wachtend = zaak["samenvatting"].get("wachtende_elementen") or []
    assert "besluit_navraag" not in wachtend and "navraag_wachten" not in wachtend


@pytest.mark.parametrize("mw", [120.0])
def test_the_rijk_gets_the_advice_of_its_own_case(wp: Platform, mw: float) -> None:
    ref = _advies_gegeven(wp, mw, 12)
    assert [t["naam"] for t in _taken(wp, "rijk")] == [f"Advies gemeente over Windpark {mw:g} MW"]
    assert _taken(wp, "piet") == []
    assert cases.get_case(wp, ref)["samenvatting"]["bevoegd_gezag"] == "Rijk"


def test_an_open_inquiry_is_not_joined_by_another_and_the_next_comes_a_term_after_it_is_done(
    wp: Platform, clock: FixedClock
) -> None:
    """Tester finding: the cycle timer on the wait added a 'navragen' task every term, also while the
    previous one was still open, so the projectleider's inbox filled with identical tasks for one case."""
    ref = _advies_gegeven(wp)
    start_dag = clock.now()
    for weken in (8, 16, 24, 32):  # four terms pass while the first inquiry stays open
        clock.set(start_dag + timedelta(weeks=weken, days=3))
        cases.fire_due_timers(wp)
        zaak = cases.get_case(wp, ref)
        assert elementen(zaak).count("besluit_navragen") == 1
    assert [t["naam"] for t in _taken(wp, "pim")].count(NAVRAGEN) == 1
    assert "besluit_extern" in zaak["samenvatting"]["verwachte_berichten"]  # the outside wait goes on
    gedaan = clock.now()
    doe(wp, ref, "besluit_navragen", {"navraag": "Gemaild met de provincie."}, user="pim")
    clock.set(gedaan + timedelta(weeks=7))
    cases.fire_due_timers(wp)
    assert "besluit_navragen" not in elementen(cases.get_case(wp, ref))  # a term after it, not sooner
    clock.set(gedaan + timedelta(weeks=8, days=3))
    cases.fire_due_timers(wp)
    assert elementen(cases.get_case(wp, ref)).count("besluit_navragen") == 1
    zaak = cases.send_message(wp, ref, "intrekking", {})  # a withdrawal ends the inquiry with the wait
    assert "besluit_navragen" not in elementen(zaak)
    clock.set(gedaan + timedelta(weeks=40))
    cases.fire_due_timers(wp)
    assert "besluit_navragen" not in elementen(cases.get_case(wp, ref))
