"""The netbeheerder's answer term as the public timeline words it.

Tester finding (review initiator11, 6): a 12 MVA grid request showed "antwoord uiterlijk 30 april 2026
(40 werkdagen)", a municipal target worded as a legal deadline (processes/data/netcongestie.toml: above
10 MVA the Netcode's 10 working days do not apply; 40 working days is a gemeentelijke streeftermijn),
and the reminder gave ISO dates ("uiterlijk 2026-04-30", "Escalatie op 2026-05-08").
"""

from __future__ import annotations

import pytest

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    energie_platform,
    publiek,
    start_transportverzoek,
)


@pytest.fixture
def wp(platform: Platform) -> Platform:
    return energie_platform(platform, WIND_MODELLEN)


def test_above_ten_mva_the_answer_date_is_the_municipalitys_target_not_a_legal_term(
    wp: Platform, clock: FixedClock
) -> None:
    ref = start_transportverzoek(wp, 30)
    [line] = [t for t in publiek(cases.get_case(wp, ref)) if t.startswith("Transportverzoek")]
    assert line.endswith(
        "naar de netbeheerder; streefdatum voor het antwoord 30 april 2026 (40 werkdagen: een "
        "streeftermijn van de gemeente, geen wettelijke termijn)."
    ), line
    assert "uiterlijk" not in line
    clock.set(clock.now().replace(month=5, day=1))
    cases.fire_due_timers(wp)
    [reminder] = [t for t in publiek(cases.get_case(wp, ref)) if "herinnering verstuurd" in t]
    assert reminder.startswith(
        "De netbeheerder heeft niet vóór de streefdatum van de gemeente geantwoord (30 april 2026)"
    ), reminder
    assert "wettelijke" not in reminder and "2026-" not in reminder, reminder


def test_up_to_ten_mva_the_legal_term_is_named_as_such(wp: Platform, clock: FixedClock) -> None:
    ref = start_transportverzoek(wp, 2.5)
    [line] = [t for t in publiek(cases.get_case(wp, ref)) if t.startswith("Transportverzoek")]
    assert line.endswith("antwoord uiterlijk 16 maart 2026 (wettelijke termijn van 10 werkdagen)."), line
    clock.set(clock.now().replace(day=17))
    cases.fire_due_timers(wp)
    [reminder] = [t for t in publiek(cases.get_case(wp, ref)) if "herinnering verstuurd" in t]
    assert reminder == (
        "De netbeheerder heeft niet binnen de wettelijke termijn geantwoord (uiterlijk 16 maart 2026); "
        "herinnering verstuurd. Escalatie op 24 maart 2026."
    ), reminder
