"""A permit decided within its beslistermijn is not late while its bezwaartermijn runs on past that date
(reviewer finding: the map, its ``te_laat`` filter, the side panel and the case API said "termijn
verstreken"); one decided after its uiterste beslisdatum was late and stays so. The inbox and the
dashboard count no task of a decided case as over the beslistermijn.

The permit model of bpmn/ with the scenario helpers of test_omgevingsvergunning: received on 2 March
2026, uiterste beslisdatum 28 April 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services import dashboard, inbox, kaart_panel
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.bezwaar_steps import besloten_op
from tests.integration.map_features import case_properties
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    """On SQLite and on PostgreSQL: the map's filters are queries."""
    return Omgeving(any_platform, clock, locatie)


def _lateness(z: Omgeving) -> dict[str, Any]:
    return {
        "kaart": case_properties(z)[z.ref]["weergave"],
        "filter": z.ref in case_properties(z, statuses=["te_laat"]),
        "paneel": kaart_panel.case_panel(z.p, z.ref)["weergave"],
        "api": z.zaak()["te_laat"],
    }


def test_a_permit_decided_in_time_is_not_late_in_its_bezwaartermijn(z: Omgeving) -> None:
    besloten_op(z, datetime(2026, 4, 27, 9, 0, tzinfo=UTC))  # the day before the uiterste beslisdatum
    case = z.op(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and case["fase"] == "bezwaar- en beroepstermijn"
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-04-28"
    assert _lateness(z) == {"kaart": "wacht", "filter": False, "paneel": "wacht", "api": False}

    # a bezwaar comes in: its task is not over the beslistermijn that the besluit met
    z.bericht("bezwaar", {"soort": "bezwaar"})
    [taak] = [t for t in z.taken("jet") if t["naam"].startswith("Bezwaar of beroep")]
    assert taak["wettelijke_termijn"] is None and taak["dagen_over"] is None
    late = inbox.list_tasks(z.p, "jet", deadline_within_days=-1)["taken"]
    assert [t["id"] for t in late] == []
    figures = dashboard.capacity(z.p, ["Juridisch"])
    assert figures["totaal"]["open"] == 1 and figures["totaal"]["te_laat"] == 0
    assert _lateness(z)["api"] is False
    # the bezwaar is handled in the case ('Beslissen op bezwaar'), then it closes: decided in time
    case = z.doe("jet", "Bezwaar of beroep", {"soort": "bezwaar"})
    assert case["status"] == "lopend" and case["te_laat"] is False
    assert _lateness(z)["api"] is False
    beslissing = {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": "2026-05-04"}
    case = z.doe("jet", "Beslissen op bezwaar", beslissing)
    assert case["status"] == "afgerond" and case["te_laat"] is False


def test_a_permit_decided_after_its_date_was_late(z: Omgeving) -> None:
    besloten_op(z, datetime(2026, 4, 30, 9, 0, tzinfo=UTC))  # two days after the uiterste beslisdatum
    case = z.op(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    assert case["status"] == "lopend" and case["samenvatting"]["besluit"]["datum"] == "2026-04-30"
    assert _lateness(z) == {"kaart": "te_laat", "filter": True, "paneel": "te_laat", "api": True}
    # onherroepelijk after the bezwaar term and the week for a bezwaar posted in time (Awb 6:9 lid 2)
    assert z.later(days=52)["status"] == "afgerond" and z.zaak()["te_laat"] is True
