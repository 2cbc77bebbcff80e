"""A question to the organisation a case names for a party is filed under that organisation, not the party.

Review finding (sessie16 extern16b, F2): a windpark naming {"Netbeheerder": "Netbeheer Oost"} got its
advice task routed to Netbeheer Oost (services/routing.py), but the wait for the Netcode answer was filed
under the model's ``houder`` "Netbeheerder": when that answer was overdue the municipality's dashboard
marked it "te laat" for "Netbeheerder", while Netbeheer Oost's own teamleider never saw it. Likewise the
wait for the provincie's besluit_extern was filed as "Extern bevoegd gezag" instead of the case's own
authority. A wait is now held by whom the case routes its ``houder`` to (``policy.authority.wait_holder``).
"""

from __future__ import annotations

from typing import Any

from services import cases, dashboard, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import WIND_MODELLEN, doe, energie_platform, locatiecheck_met
from tests.integration.test_windpark import participatie, start

wp = windpark.wp  # the windpark tests' fixture
OOST, GELDERLAND = "Netbeheer Oost", "Provincie Gelderland"


def _open_extern(platform: Platform, user: str, ref: str) -> list[tuple[str, str, str | None, bool]]:
    figures = dashboard.for_user(platform, user, None, None)["cijfers"]
    return [
        (o["organisatie"], o["vraag"], o["vervaldatum"], o["te_laat"])
        for o in figures["open_extern"]
        if o["zaak"] == ref
    ]


def test_the_overdue_netcode_answer_is_asked_of_the_netbeheerder_the_case_names(
    platform: Platform, clock: FixedClock
) -> None:
    """As in the review: the netbeheerder advised on the windpark (its own organisation's task), then
    its answer to the transportverzoek is overdue."""
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Netbeheerder"))
    users.add_user(wp, "oost", organisaties=[OOST], partij="Netbeheerder", role="adviseur")
    users.add_user(wp, "oostlead", organisaties=[OOST], role="teamleider")
    users.add_user(wp, "netlead", groups=["Netbeheerder"], role="teamleider")  # the party's generic group
    users.add_user(wp, "beheer", groups=[], role="beheerder")
    ref = str(start(wp, 8.0, 2, organisaties={"Netbeheerder": OOST})["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"}, user="oost")
    clock.set(clock.now().replace(day=17))  # the 10 working days for the answer ended on the 16th
    cases.fire_due_timers(wp)
    overdue = [r for r in _open_extern(wp, "oostlead", ref) if r[3]]
    assert [(org, due) for org, _, due, _ in overdue] == [(OOST, "2026-03-16")], _open_extern(
        wp, "oostlead", ref
    )
    assert "termijn verstreken op 16 maart 2026" in overdue[0][1]
    assert [r[0] for r in _open_extern(wp, "beheer", ref) if r[3]] == [OOST]
    assert _open_extern(wp, "netlead", ref) == []  # another netbeheerder's generic group is not asked


def test_the_wait_for_the_besluit_is_asked_of_the_provincie_the_case_names(wp: Platform) -> None:
    users.add_user(wp, "gea", organisaties=[GELDERLAND], partij="Provincie", role="adviseur")
    users.add_user(wp, "gealead", organisaties=[GELDERLAND], role="teamleider")
    ref = str(start(wp, 12.6, 3, organisaties={"Provincie": GELDERLAND})["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    asked: list[Any] = [r for r in _open_extern(wp, "gealead", ref) if r[1].startswith("besluit van")]
    assert [r[0] for r in asked] == [GELDERLAND], _open_extern(wp, "gealead", ref)
