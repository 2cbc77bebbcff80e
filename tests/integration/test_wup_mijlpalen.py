"""Milestones of a wijkuitvoeringsplan: what the late signals say, and that a done milestone is no longer late.

Reviewer finding (rv6 warmte 4): the model asks for one milestone at a time. While the corporation's was
late the warmtebedrijf's task did not open; when it opened (after its due date) a reminder "uiterlijk
2027-09-30" and the public notice "is niet gereed op de uiterste datum" fired, although the warmtebedrijf
then reported it done on 2027-09-15, on time; and mijlpaal_te_laat was never cleared.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    raad_en_warmtekavel,
    raadsbesluit,
    tot_besluitvorming,
    wup,
)
from tests.integration.test_wup_status import tijdlijn

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)


def test_a_milestone_done_on_time_after_a_late_one_is_not_called_late(
    wup: Platform, clock: FixedClock
) -> None:
    ref = tot_besluitvorming(wup)
    raad_en_warmtekavel(wup, ref)
    clock.advance(days=14)
    doe(wup, ref, "warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Centrum", "aangewezen_op": "2026-03-16"})
    naar(wup, ref, "uitvoering")
    mijlpalen = [
        {"naam": "Renovatie 320 woningen", "partij": "woningcorporatie", "uiterlijk": "2027-06-30"},
        {"naam": "Warmtenet fase 1", "partij": "warmtebedrijf", "uiterlijk": "2027-09-30"},
    ]
    doe(wup, ref, "planning", {"mijlpalen": mijlpalen}, user="pim")
    for dag in (datetime(2027, 6, 3, 9, tzinfo=UTC), datetime(2027, 7, 1, 9, tzinfo=UTC)):
        clock.set(dag)
        cases.fire_due_timers(wup)
    assert cases.get_case(wup, ref)["samenvatting"]["mijlpaal_te_laat"]["naam"] == "Renovatie 320 woningen"
    clock.set(datetime(2027, 12, 1, 9, tzinfo=UTC))
    doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-12-01"})  # the corporation, 154 days late
    cases.fire_due_timers(wup)
    clock.set(datetime(2027, 12, 2, 9, tzinfo=UTC))
    zaak = doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-09-15"})  # the warmtebedrijf, on time
    assert zaak["status"] == "afgerond"
    assert "mijlpaal_te_laat" not in zaak["samenvatting"]
    pagina = tijdlijn(wup, ref)
    assert not any("is niet gereed op de uiterste datum" in t for t in pagina)
    assert (
        "Mijlpaal 'Warmtenet fase 1' gereed op 15 september 2027, op tijd; de eerdere melding 'nog niet gereed gemeld' vervalt."
        in pagina
    )
    intern = [e["tekst"] for e in cases.get_case(wup, ref)["tijdlijn"]]
    assert not any("Herinnering aan Warmtebedrijf" in t for t in intern)  # not after its due date


def test_a_late_milestone_reported_done_is_no_longer_late(wup: Platform, clock: FixedClock) -> None:
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref)
    naar(wup, ref, "uitvoering")
    mijlpalen = [
        {"naam": "Eerste 100 woningen", "partij": "woningcorporatie", "uiterlijk": "2027-06-30"},
        {"naam": "Laatste 100 woningen", "partij": "woningcorporatie", "uiterlijk": "2029-06-30"},
    ]
    doe(wup, ref, "planning", {"mijlpalen": mijlpalen}, user="pim")
    clock.set(datetime(2027, 7, 1, 9, tzinfo=UTC))
    cases.fire_due_timers(wup)
    zaak = doe(wup, ref, "mijlpaal_melden", {"gereed_op": "2027-07-01"})
    assert zaak["status"] == "lopend" and "mijlpaal_te_laat" not in zaak["samenvatting"]
