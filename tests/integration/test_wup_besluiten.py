"""The council's decisions on a wijkuitvoeringsplan: a revised plan needs a new decision, a plan not
adopted sets no gas-off date, and no decision is dated in the future.

Reviewer findings: after the raad adopted the plan (all_electric), the plan went back to
'alternatieven', the new preferred option became hybride, the college declined it, and uitvoering still
began on the old raadsbesluit; a 'niet vastgesteld' raadsbesluit still recorded aardgasvrij_op and told
residents the date; college and raad decisions dated in 2029 were accepted and uitvoering began.
"""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services import cases
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import doe, publiek
from tests.integration.test_wijkuitvoeringsplan import (
    _lagen,
    naar,
    tot_alternatieven,
    tot_besluitvorming,
    wup,
)

__all__ = ["_lagen", "wup"]  # the fixtures of the wijkuitvoeringsplan tests (no layers; the model)


def naar_besluitvorming(wup, ref: str) -> None:
    """From alternatieven through a finished participatie to besluitvorming."""
    naar(wup, ref, "participatie")
    doe(
        wup,
        ref,
        "participatie_bijwerken",
        {"activiteit": None, "opt_outs": [], "participatie_afgerond": True},
    )
    naar(wup, ref, "besluitvorming")


RAAD_JA = {
    "raadsbesluit_op": "2026-03-02",
    "vastgesteld": True,
    "gekozen_alternatief": "all_electric",
    "omgevingsplanwijziging": False,
}


def test_a_plan_taken_back_needs_a_new_council_decision_before_uitvoering(wup):
    ref = tot_besluitvorming(wup)
    met_datum = {**RAAD_JA, "omgevingsplanwijziging": True, "aardgasvrij_op": "2034-01-01"}
    assert doe(wup, ref, "raadsbesluit", met_datum)["samenvatting"]["aardgasvrij_op"] == "2034-01-01"
    terug = naar(wup, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    # the lapsed decisions' gas-off date and chosen alternative no longer stand on the case
    assert terug["samenvatting"].get("aardgasvrij_op") is None
    assert terug["samenvatting"].get("warmte_bestemming") != "all_electric"
    for element, data in [
        ("inbreng_corporatie", {"inbreng": "x"}),
        ("netimpact", {"netimpact": "congestie"}),
        ("aanbod_warmtebedrijf", {"interesse": False}),
        ("aquathermie", {"potentie": "geen"}),
        ("voorkeur_kiezen", {"voorkeursalternatief": "hybride", "motivatie": "goedkoper"}),
    ]:
        doe(wup, ref, element, data)
    naar_besluitvorming(wup, ref)
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": False})
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        naar(wup, ref, "uitvoering")
    assert err.value.code == "fase-zonder-raadsbesluit"
    assert snapshot(wup) == before
    assert any("vervallen" in t for t in publiek(cases.get_case(wup, ref)))


def test_a_plan_not_adopted_gets_no_gas_off_date(wup):
    ref = tot_besluitvorming(wup)
    before = snapshot(wup)
    niet = {**RAAD_JA, "vastgesteld": False, "omgevingsplanwijziging": True, "aardgasvrij_op": "2030-01-01"}
    with pytest.raises(ValidationError) as err:
        doe(wup, ref, "raadsbesluit", niet)
    assert err.value.code == "aardgasvrij-zonder-plan" and "vastgesteld" in err.value.detail
    assert snapshot(wup) == before


@pytest.mark.parametrize(
    ("element", "data", "what"),
    [
        ("collegebesluit", {"collegebesluit_op": "2029-06-01", "college_akkoord": True}, "collegebesluit"),
        ("raadsbesluit", {**RAAD_JA, "raadsbesluit_op": "2029-07-01"}, "raadsbesluit"),
    ],
)
def test_a_decision_dated_in_the_future_is_refused(wup, element, data, what):
    ref = tot_alternatieven(wup)
    naar_besluitvorming(wup, ref)
    if element == "raadsbesluit":
        doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": True})
    before = snapshot(wup)
    with pytest.raises(ValidationError) as err:
        doe(wup, ref, element, data)
    assert err.value.code == "besluit-in-toekomst" and what in err.value.detail
    assert snapshot(wup) == before
