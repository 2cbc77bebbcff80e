"""An adopted wijkuitvoeringsplan that is ended later is kept for good, not destroyed after five years.

Records manager's review (archief15, F1): the raad adopts the plan (its signed raadsbesluit, Selectielijst
2020 3.1.1, blijvend bewaren), the projectleider later ends it (replaced by a new plan, or withdrawn). The
case closed on end event ``beeindigd``, which bpmn/zgw.toml mapped to 3.2 "Niet vastgesteld" (vernietigen,
P5Y) whatever the raad had decided: five years later `zaken opschonen` destroyed it with its raadsbesluit.
Now the besluit the case recorded (processes.zaakbesluit) picks resultaattype ``beeindigd_vastgesteld``
(3.1.1, P20Y to the archiefbewaarplaats); a plan never adopted keeps 3.2.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from services import cases
from services.bewaren import vernietigen
from services.bewaren.termijn import Vervallen, resultaattype_in, vervallen
from services.engine import stored
from services.platform import Platform
from services.store.models import Case
from services.zgw.mapping import mapping_for
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (  # noqa: F401 (fixtures)
    alternatieven_opnieuw,
    naar,
    naar_besluitvorming,
    raadsbesluit,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_beeindigen import beeindigen

KLASSE_3_1_1 = "resultaten/3ca9aa40-9766-4705-8939-035aea0642d8"
KLASSE_3_2 = "resultaten/6543c9bb-05b8-43c3-a440-6e7c3336b265"


def regel(platform: Platform, ref: str, dag: date) -> Vervallen | None:
    """The case's line in a dry run of `zaken opschonen` on ``dag`` (None: its term still runs)."""
    return next((v for v in vervallen(platform, dag) if v.zaak == ref), None)


def resultaattype(platform: Platform, ref: str) -> tuple[str, str]:
    """The key and Selectielijst class of the case's resultaattype, as the register takes it."""
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        found = resultaattype_in(
            mapping_for(platform.settings), case.process_id, stored.parse(case.workflow.document)
        )
    assert found is not None
    return found.key, found.klasse_url


@pytest.mark.parametrize("reden", ["vervangen door een nieuw plan", "ingetrokken"])
def test_an_adopted_plan_ended_later_is_kept_for_good(wup: Platform, reden: str) -> None:  # noqa: F811
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref)  # adopted on 2 March 2026
    assert beeindigen(wup, ref, reden)["status"] == "afgerond"
    key, klasse = resultaattype(wup, ref)
    assert key == "beeindigd_vastgesteld" and klasse.endswith(KLASSE_3_1_1)

    assert regel(wup, ref, date(2031, 3, 2)) is None  # was: destroyed five years after closing
    line = regel(wup, ref, date(2046, 3, 2))
    assert line is not None and line.termijn == "P20Y"
    assert (line.bewaren_tot, line.overbrengen_op) == (None, date(2046, 3, 2))
    assert vernietigen.vernietig(wup, line).uitkomst == "uitgesteld"
    assert cases.get_case(wup, ref)["status"] == "afgerond"  # kept, with its raadsbesluit


def test_a_plan_the_raad_did_not_adopt_keeps_the_shorter_term(wup: Platform) -> None:  # noqa: F811
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)
    beeindigen(wup, ref, "niet vastgesteld door de raad")
    key, klasse = resultaattype(wup, ref)
    assert key == "beeindigd" and klasse.endswith(KLASSE_3_2)
    line = regel(wup, ref, date(2031, 3, 2))
    assert line is not None and (line.termijn, line.bewaren_tot) == ("P5Y", date(2031, 3, 2))


def test_an_adoption_withdrawn_on_a_rework_keeps_the_plan_for_good(wup: Platform) -> None:  # noqa: F811
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref)  # adopted, then sent back: the adoption lapses
    naar(wup, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    alternatieven_opnieuw(wup, ref, "hybride")
    naar_besluitvorming(wup, ref)
    doe(wup, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": True})
    raadsbesluit(wup, ref, vastgesteld=False, gekozen_alternatief=None)  # the new round is not adopted
    beeindigen(wup, ref, "niet vastgesteld door de raad")
    assert resultaattype(wup, ref)[0] == "beeindigd_vastgesteld"
    assert regel(wup, ref, date(2031, 3, 2)) is None
