"""Input of a wijkuitvoeringsplan that outlives a rework or exceeds any wijk.

Reviewer findings (rv6 warmte 8 and 9): after a rework made all_electric the preferred option, an earlier
opt-out to all_electric (no opt-out any more, and refused when entered again) stayed in the register and
the count; a wijkanalyse correction of 10**400 homes failed with "OverflowError: int too large to
convert to float", and 10**20 homes were accepted (costs of 2.19e24 euro).
"""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    alternatieven_opnieuw,
    naar,
    start,
    tot_alternatieven,
    wup,
)

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

OPT_OUT = {"gebouw": "0200010000123456", "alternatief": "all_electric"}


def test_an_opt_out_that_became_the_choice_lapses(wup) -> None:
    ref = tot_alternatieven(wup)  # voorkeur warmtenet
    naar(wup, ref, "participatie")
    zaak = doe(
        wup,
        ref,
        "participatie_bijwerken",
        {"activiteit": None, "opt_outs": [OPT_OUT], "participatie_afgerond": True},
    )
    assert zaak["samenvatting"]["participatie"]["opt_outs"] == 1
    naar(wup, ref, "alternatieven", "opnieuw")
    alternatieven_opnieuw(wup, ref, "all_electric")
    naar(wup, ref, "participatie")
    zaak = doe(
        wup,
        ref,
        "participatie_bijwerken",
        {"activiteit": None, "opt_outs": [], "participatie_afgerond": True},
    )
    assert zaak["samenvatting"]["participatie"]["opt_outs"] == 0
    assert zaak["samenvatting"]["gegevens"]["participatie"]["opt_outs"] == []


@pytest.mark.parametrize("aantal", [10**20, 10**400])
def test_a_home_count_beyond_any_wijk_is_refused(wup, aantal: int) -> None:
    ref = start(wup)["zaak"]
    doe(wup, ref, "uitgangspunten", {"uitgangspunten": "Start"})
    naar(wup, ref, "wijkanalyse")
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        doe(
            wup,
            ref,
            "analyse_beoordelen",
            {"conclusie": "Telling.", "correcties": {"aantal_woningen": aantal}},
        )
    assert "aantal_woningen" in err.value.detail and "100000" in err.value.detail
    assert snapshot(wup) == before


def test_the_cost_step_refuses_a_home_count_beyond_any_wijk(wup) -> None:
    """The service's own bound (data that did not come through the form)."""
    from services.domain.energie_warmte import _verdeling

    with pytest.raises(ValidationError) as err:
        _verdeling({}, {"aantal_woningen": 10**400, "aandeel_koop": 100})
    assert err.value.code == "wijk-aantal-woningen" and "100000" in err.value.detail
