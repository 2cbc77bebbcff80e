"""An outside organisation answers a message for the case that names it, not for its whole party.

Tester finding (kavel2): ``netbeheerder_antwoord = ["groep:Netbeheerder"]`` matched the generic group
only. A case that names its own netbeheerder (``organisaties``: {"Netbeheerder": "Netbeheerder Liander"})
could be answered by any account in "Netbeheerder" (a case it cannot see, of another netbeheerder), and
not at all by the account of the netbeheerder the case names. Now ``groep:X`` means the case's own
organisation for party X when it names one (else group X); the windpark's transportverzoek (a called
process) waits for the answer, so the case's organisations are read from the case's summary, which the
projection keeps from the process data (also inside the called process).
"""

from __future__ import annotations

import pytest

from processes.errors import Forbidden, ValidationError
from services import cases, users
from services.platform import Platform
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    aantal_zaken,
    energie_platform,
    locatiecheck_met,
    toestand,
)
from tests.integration.test_windpark import start

LIANDER = "Netbeheerder Liander"
ANTWOORD = {"uitkomst": "capaciteit"}


@pytest.fixture
def wp(platform: Platform) -> Platform:
    wp = energie_platform(platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(wp, "nina", groups=["Netbeheerder"], role="adviseur")  # the party's generic group
    users.add_user(
        wp, "lars", organisaties=[LIANDER], partij="Netbeheerder", role="adviseur"
    )  # one netbeheerder's own group
    return wp


def _waits_for_answer(zaak: dict[str, object]) -> bool:
    return "netbeheerder_antwoord" in (zaak["samenvatting"].get("verwachte_berichten") or [])  # type: ignore[attr-defined]


def test_only_the_netbeheerder_the_case_names_answers_its_transportverzoek(wp: Platform) -> None:
    zaak = start(wp, 3.0, organisaties={"Netbeheerder": LIANDER})
    ref = str(zaak["zaak"])
    assert _waits_for_answer(zaak)  # inside the called transportverzoek
    voor = toestand(wp, ref)
    with pytest.raises(Forbidden) as refused:  # another netbeheerder's account, in the generic group
        cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="nina")
    assert refused.value.code == "bericht-geen-recht" and toestand(wp, ref) == voor
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="lars")
    assert not _waits_for_answer(zaak)
    assert zaak["samenvatting"]["organisaties"] == {"Netbeheerder": LIANDER}  # where the policy reads it


def test_without_a_named_netbeheerder_the_generic_group_answers(wp: Platform) -> None:
    ref = str(start(wp, 3.0)["zaak"])
    voor = toestand(wp, ref)
    with pytest.raises(Forbidden):  # an organisation's own group is not the party's group
        cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="lars")
    assert toestand(wp, ref) == voor
    assert not _waits_for_answer(cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="nina"))


def test_a_department_is_never_named_as_the_netbeheerder(wp: Platform) -> None:
    """A case that names a department of the municipality for an outside party is refused when it names
    it, also for a party without a task (its members would answer, and merge their answer as staff)."""
    with pytest.raises(ValidationError) as refused:
        start(wp, 3.0, organisaties={"Netbeheerder": "Milieu"})
    assert refused.value.code == "organisatie-is-afdeling"
    assert aantal_zaken(wp) == 0
