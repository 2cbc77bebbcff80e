"""Each provincie sees and decides only its own windparks, not every provincie's.

Tester finding (kavel2, 3): ``[bevoegd_gezag] provincie = "Provincie"`` is one group for every provincie.
An account of a second provincie (Utrecht) in that group saw the windpark Gelderland decides (the case,
its search, the advice shared with the provincie) and could record its besluit_extern. Now the case may
name its own provincie for party "Provincie" in ``organisaties`` (as for every outside party, README
"Autorisatie"): then that organisation's group, and not the generic group, is the case's authority.
"""

from __future__ import annotations

import pytest

from processes.errors import Forbidden, NotFound
from services import case_queries, cases, users
from services.platform import Platform
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
    toestand,
)
from tests.integration.test_windpark import participatie, start

GELDERLAND, UTRECHT = "Provincie Gelderland", "Provincie Utrecht"
BESLUIT = {"besluit": "verleend", "datum": "2026-03-02"}


def _at_besluit_extern(wp: Platform, **extra: object) -> str:
    ref = str(start(wp, 12.6, 3, **extra)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    return ref


def test_a_provincie_sees_and_decides_only_the_windpark_that_names_it(any_platform: Platform) -> None:
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(wp, "gea", organisaties=[GELDERLAND], partij="Provincie", role="adviseur")
    users.add_user(wp, "uta", organisaties=[UTRECHT], partij="Provincie", role="adviseur")
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")  # the generic group
    ref = _at_besluit_extern(wp, organisaties={"Provincie": GELDERLAND})
    generic = _at_besluit_extern(wp)  # a case that names no provincie: the generic group, as before
    assert case_queries.read_case(wp, ref, "gea")["zaak"] == ref
    for other in ("uta", "piet"):
        with pytest.raises(NotFound):
            case_queries.read_case(wp, ref, other)
        assert ref not in {z["zaak"] for z in case_queries.search_cases(wp, other)["zaken"]}
    assert {z["zaak"] for z in case_queries.search_cases(wp, "gea")["zaken"]} == {ref}
    assert {z["zaak"] for z in case_queries.search_cases(wp, "piet")["zaken"]} == {generic}
    voor = toestand(wp, ref)
    for other in ("uta", "piet"):
        with pytest.raises(Forbidden) as refused:
            cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor=other)
        assert refused.value.code == "bericht-geen-recht" and toestand(wp, ref) == voor
    zaak = cases.send_message(wp, ref, "besluit_extern", BESLUIT, actor="gea")
    assert zaak["samenvatting"]["besluit_extern"]["besluit"] == "verleend"
    with pytest.raises(Forbidden):  # Gelderland does not decide the case that names none
        cases.send_message(wp, generic, "besluit_extern", BESLUIT, actor="gea")
    assert cases.send_message(wp, generic, "besluit_extern", BESLUIT, actor="piet")["status"]
