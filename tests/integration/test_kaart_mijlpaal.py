"""The next milestone of a case is one date: the map shows it, its Mijlpaal filter selects on it and the
side panel names it (reviewer finding: the filter matched past and closed dates, the map ignored the
open tasks' due dates the panel named, and a decided case still had its uiterste beslisdatum ahead).

The permit model of bpmn/ with the scenario helpers of test_omgevingsvergunning: received on 2 March
2026, advice due on 16 March, the warning timer on 14 April, uiterste beslisdatum 28 April.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services import kaart_panel
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


MARCH, APRIL, MAY = (
    (date(2026, 3, 1), date(2026, 3, 31)),
    (date(2026, 4, 1), date(2026, 4, 30)),
    (
        date(2026, 5, 1),
        date(2026, 5, 31),
    ),
)


def _shown(z: Omgeving) -> dict[str, Any]:
    panel = kaart_panel.case_panel(z.p, z.ref)
    nxt = panel["volgende_mijlpaal"]
    return {
        "kaart": case_properties(z)[z.ref]["mijlpaal"],
        "paneel": nxt and nxt["datum"],
        "wat": nxt and nxt["wat"],
        "filter": [
            m
            for m, (van, tot) in (("maart", MARCH), ("april", APRIL), ("mei", MAY))
            if z.ref in case_properties(z, mijlpaal_van=van, mijlpaal_tot=tot)
        ],
    }


def test_an_open_task_due_first_is_the_next_milestone_everywhere(z: Omgeving) -> None:
    z.tot_beoordeling()
    assert _shown(z) == {
        "kaart": "2026-03-16",
        "paneel": "2026-03-16",
        "wat": "taak 'Advies Energie en Klimaat' gereed",
        "filter": ["maart"],
    }
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    # the assessment is due on 28 April; the warning timer fires at the start of 14 April (Dutch day),
    # named after its element (the deadline watch's gateway waits for nothing the model words)
    assert _shown(z) == {
        "kaart": "2026-04-14",
        "paneel": "2026-04-14",
        "wat": "Bewakingsmoment",
        "filter": ["april"],
    }


def test_a_decided_case_has_its_beslisdatum_behind_it(z: Omgeving) -> None:
    besloten_op(z, datetime(2026, 4, 27, 9, 0, tzinfo=UTC))  # the day before the uiterste beslisdatum
    shown = _shown(z)
    # the bezwaartermijn's last day, named after its wait (its timer fires at 00:00 on 9 June)
    assert shown["wat"] == "bezwaartermijn loopt tot en met 8 juni 2026"
    assert shown["kaart"] == shown["paneel"] == "2026-06-08"
    assert shown["filter"] == []  # not April: the uiterste beslisdatum is no milestone of a decided case
    panel = kaart_panel.case_panel(z.p, z.ref)
    assert "uiterste beslisdatum" not in [m["wat"] for m in panel["mijlpalen"]]

    z.later(days=60)  # the bezwaartermijn ended: the case closed, with no milestone left
    assert z.zaak()["status"] == "afgerond"
    assert _shown(z) == {"kaart": None, "paneel": None, "wat": None, "filter": []}
    assert z.ref not in case_properties(z, mijlpaal_van=date(2020, 1, 1), mijlpaal_tot=date(2030, 12, 31))


def test_a_date_that_passed_is_no_milestone(z: Omgeving) -> None:
    z.start()
    z.clock.set(datetime(2026, 5, 4, 9, tzinfo=UTC))  # past the warning timer and the uiterste beslisdatum
    assert _shown(z) == {"kaart": None, "paneel": None, "wat": None, "filter": []}
