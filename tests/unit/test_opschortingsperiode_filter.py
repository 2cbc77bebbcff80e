"""The case page's suspension periods name the last day the term stood still (review termijn16, F1).

Awb 4:15 lid 1 suspends from the day after the request up to, not including, the day of the aanvulling:
a request on 2 March answered on 7 March stood still 3 t/m 6 March, not "3 maart 2026 – 7 maart 2026".
"""

from __future__ import annotations

from web.faces.filters import opschortingsperiode


def test_a_period_reads_through_its_last_suspended_day() -> None:
    assert opschortingsperiode("2026-03-02", "2026-03-07", "2026-03-06") == "3 maart 2026 t/m 6 maart 2026"
    # one answered the day after stood still no day
    assert opschortingsperiode("2026-03-02", "2026-03-03", "2026-03-02") == (
        "geen opschorting (verzoek op 2 maart 2026, aanvulling op 3 maart 2026)"
    )
    # a case shown before laatste_dag existed counted through tot
    assert opschortingsperiode("2026-03-02", "2026-03-07") == "3 maart 2026 t/m 7 maart 2026"
    assert opschortingsperiode("2026-03-02", None) == "3 maart 2026 – nog lopend"
