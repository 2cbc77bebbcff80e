"""A withdrawal while a dwangsom runs (left in the last notes as a documented gap).

Once an ingebrekestelling had started the dwangsom clock, the permit answered an ``intrekking`` with 409
bericht-niet-verwacht: the applicant could not withdraw a late application at all. Withdrawing ends the
duty to decide, so the dwangsom stops: what was forfeited up to the day before the withdrawal stays due
(ABRvS 17 September 2025, ECLI:NL:RVS:2025:4412) and is set by beschikking (Awb 4:18). Dates as in
test_omgevingsvergunning: the beslistermijn ends on 28 April 2026; an ingebrekestelling received on
29 April starts the dwangsom on 13 May (Awb 4:17 lid 3), EUR 23 a day for the first 14 days.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from processes.errors import RuimteflowError
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie

INGETROKKEN = "aanvraag ingetrokken door de aanvrager"


def _dwangsom_loopt(z: Omgeving, tot: datetime) -> dict[str, Any]:
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    return z.op(tot)


def _public(case: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]


def test_a_withdrawal_while_the_dwangsom_runs_ends_the_case_and_sets_the_dwangsom(z: Omgeving) -> None:
    case = _dwangsom_loopt(z, datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    assert case["samenvatting"]["dwangsom"]["status"] == "loopt"
    assert case["samenvatting"]["dwangsom"]["bedrag_euro"] == 161  # 13..19 May
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond" and ended["open_taken"] == []
    assert ended["samenvatting"]["resultaat"] == INGETROKKEN
    dwangsom = ended["samenvatting"]["dwangsom"]
    # due up to 18 May, the day before the withdrawal: 6 days x EUR 23
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 6 and dwangsom["bedrag_euro"] == 138
    assert ended["volgende_timer"] is None
    public = _public(z.zaak())
    assert "De aanvrager heeft de aanvraag op 19 mei 2026 ingetrokken." in public
    assert any("ingetrokken op 19 mei 2026" in t and "€ 138" in t and "Awb 4:18" in t for t in public), public


def test_a_withdrawal_in_the_waiting_fortnight_sets_no_dwangsom(z: Omgeving) -> None:
    case = _dwangsom_loopt(z, datetime(2026, 5, 5, 9, 0, tzinfo=UTC))
    assert case["samenvatting"]["dwangsom"]["status"] == "wachttijd"
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond" and ended["samenvatting"]["resultaat"] == INGETROKKEN
    dwangsom = ended["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 0 and dwangsom["bedrag_euro"] == 0
    assert (
        "Aanvraag ingetrokken op 5 mei 2026, binnen twee weken na de ingebrekestelling: er is geen dwangsom "
        "verschuldigd (€ 0, 0 dagen; Awb 4:17 lid 3)." in _public(z.zaak())
    )


def test_a_letter_of_withdrawal_received_the_day_of_the_ingebrekestelling(z: Omgeving) -> None:
    """A behandelaar registers the letter with its day of receipt; the same day as the ingebrekestelling
    ends the dwangsom before it began (and is no error about a day before the ingebrekestelling)."""
    _dwangsom_loopt(z, datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    ended = z.bericht("intrekking", {"ontvangen_op": "2026-04-29"})
    assert ended["samenvatting"]["dwangsom"]["bedrag_euro"] == 0 and ended["status"] == "afgerond"


def test_a_withdrawal_after_the_maximum_sets_the_full_dwangsom(z: Omgeving) -> None:
    case = _dwangsom_loopt(z, datetime(2026, 7, 15, 9, 0, tzinfo=UTC))
    # set the day after its 42nd day, 23 June (Awb 4:18), not left at "maximum" until a besluit
    assert case["samenvatting"]["dwangsom"]["status"] == "vastgesteld"
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond" and ended["samenvatting"]["resultaat"] == INGETROKKEN
    dwangsom = ended["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 42 and dwangsom["bedrag_euro"] == 1442


def test_a_withdrawal_dated_in_the_future_is_refused_and_changes_nothing(z: Omgeving) -> None:
    _dwangsom_loopt(z, datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    refused = z.geweigerd("intrekking-datum", lambda: z.bericht("intrekking", {"ontvangen_op": "2026-05-20"}))
    assert "20 mei 2026" in refused.detail
    assert z.zaak()["samenvatting"]["dwangsom"]["status"] == "loopt"


def test_after_the_besluit_the_dwangsom_is_set_and_a_withdrawal_is_refused(z: Omgeving) -> None:
    _dwangsom_loopt(z, datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Alsnog verleend."})
    with pytest.raises(RuimteflowError) as refused:
        z.bericht("intrekking", {})
    assert refused.value.code in ("bericht-niet-verwacht", "intrekking-na-besluit")
    assert z.zaak()["samenvatting"]["dwangsom"]["bedrag_euro"] == 138
