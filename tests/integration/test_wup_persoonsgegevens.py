"""No personal data in a wijkuitvoeringsplan, whichever task or message it comes with.

Reviewer finding (rv9 warmte2 3): the guard ran only in the start, the participatie service and two
messages, and a form keeps undeclared fields nested in declared ones; so the planning task stored a
milestone with ``bewoners: [{naam, telefoonnummer, adres, wmo_indicatie}]`` in the case data all staff
see, and the wijkanalyse's ``correcties`` took the same. Now the process has one input check (registered
with its services) that runs on every input of its cases: start data, task data and message payloads.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from processes.errors import ValidationError
from services.platform import Platform
from services.registry import build_registry
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    raadsbesluit,
    start,
    tot_besluitvorming,
    wup,
)

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

PERSOON = {
    "naam": "J. Jansen",
    "telefoonnummer": "0612345678",
    "adres": "Dorpsstraat 1",
    "wmo_indicatie": True,
}


def _tot_wijkanalyse(platform: Platform) -> str:
    ref = start(platform)["zaak"]
    doe(platform, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij in 2032"})
    naar(platform, ref, "wijkanalyse")
    return ref


def _tot_uitvoering(platform: Platform) -> str:
    ref = tot_besluitvorming(platform)
    raadsbesluit(platform, ref)
    naar(platform, ref, "uitvoering")
    return ref


def _tot_participatie(platform: Platform) -> str:
    ref = tot_besluitvorming(platform)
    raadsbesluit(platform, ref, vastgesteld=False, gekozen_alternatief=None)
    naar(platform, ref, "participatie", "opnieuw")
    return ref


CASES: list[tuple[Callable[[Platform], str], str, dict, str]] = [
    (
        _tot_uitvoering,
        "planning",
        {
            "mijlpalen": [
                {
                    "naam": "Corporatiewoningen",
                    "partij": "woningcorporatie",
                    "uiterlijk": "2027-06-30",
                    "aantal_woningen": 120,
                    "bewoners": [PERSOON],
                }
            ]
        },  # fmt: skip
        "mijlpalen.bewoners",
    ),
    (
        _tot_wijkanalyse,
        "analyse_beoordelen",
        {"conclusie": "Veel huur.", "correcties": {"aantal_woningen": 10, "bewoners": [PERSOON]}},
        "correcties.bewoners",
    ),
    (
        _tot_participatie,
        "participatie_bijwerken",
        {
            "activiteit": {"soort": "spreekuur", "datum": "2026-03-02", "telefoonnummer": "0612345678"},
            "opt_outs": [],
            "participatie_afgerond": False,
        },  # fmt: skip
        "activiteit.telefoonnummer",
    ),
]


@pytest.mark.parametrize(("tot", "element", "data", "veld"), CASES, ids=[c[1] for c in CASES])
def test_nested_personal_data_on_any_task_is_refused_and_not_stored(
    wup: Platform, tot: Callable[[Platform], str], element: str, data: dict, veld: str
) -> None:
    ref = tot(wup)
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        doe(wup, ref, element, data, user="alle" if element == "analyse_beoordelen" else "pim")
    assert err.value.code == "persoonsgegevens"
    assert f"Veld '{veld}' bevat persoonsgegevens" in str(err.value)
    assert snapshot(wup) == before
    assert "0612345678" not in str(before)


def test_the_check_is_the_process_s_not_a_services() -> None:
    """A new task of the model is covered without a call in its service: the check is the process's."""
    checks = build_registry().input_checks["wijkuitvoeringsplan"]
    assert len(checks) == 1
    with pytest.raises(ValidationError):
        checks[0][0]({"nieuw_veld": [{"telefoonnummer": "0612345678"}]})
