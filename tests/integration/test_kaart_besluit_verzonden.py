"""The map shows a case as the gemeente's ("in behandeling") in the days between its besluit and the day
its bezwaartermijn begins, and as waiting for another only from then: its dot, its Status filter and its
side panel follow derive's rule (``derive.SENDING``, the holder interval that runs now), as "Ligt bij"
does, where they read the stored wait of the besluit step ("bezwaartermijn loopt ...": "wacht") from
that step on (review, noticed and left alone).

The scenario of test_waits_besluit_verzonden: 'Besluit nemen' done on Monday 20 April 2026, the letter
sent on Friday 24 April, the bezwaartermijn from 25 April. On SQLite and on PostgreSQL: the filter is a
query.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services import kaart_panel
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.map_features import case_properties
from tests.integration.test_ingebrekestelling_na_besluit import besloten_na_de_termijn
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie

GENOMEN, VERZONDEN = date(2026, 4, 20), date(2026, 4, 24)


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    return Omgeving(any_platform, clock, locatie)


def _shown(z: Omgeving, day: date) -> dict[str, Any]:
    """How the map shows the case on ``day``: its dot, the Status filters that find it, its panel."""
    z.op(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))
    return {
        "kaart": case_properties(z)[z.ref]["weergave"],
        "filters": [
            s for s in ("in_behandeling", "wacht", "te_laat") if z.ref in case_properties(z, statuses=[s])
        ],
        "paneel": kaart_panel.case_panel(z.p, z.ref)["weergave"],
    }


def test_the_map_shows_the_gemeentes_case_until_the_bezwaartermijn_begins(z: Omgeving) -> None:
    besloten_na_de_termijn(z, VERZONDEN, taak_op=GENOMEN)
    held = {"kaart": "in_behandeling", "filters": ["in_behandeling"], "paneel": "in_behandeling"}
    assert _shown(z, date(2026, 4, 22)) == held
    assert _shown(z, VERZONDEN) == held  # the day of sending is still the gemeente's

    waits = {"kaart": "wacht", "filters": ["wacht"], "paneel": "wacht"}
    assert _shown(z, date(2026, 4, 25)) == waits  # the term's first day
    assert _shown(z, date(2026, 5, 4)) == waits
