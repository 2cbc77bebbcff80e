"""The map panel's open tasks say who holds each and why it was routed, as the case page does (review
projectleider13, smaller: the panel gave name, groups and due day only).

The permit model of bpmn/ with the scenario helpers of test_omgevingsvergunning: the advice tasks are
routed by advies-routering.dmn with a reason; one is claimed.
"""

from __future__ import annotations

from typing import Any

import pytest

from services import case_queries, inbox, kaart_panel
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

locatie = ov.locatie


@pytest.fixture
def z(platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    return Omgeving(platform, clock, locatie)


def test_the_panel_names_the_holder_and_the_reason_of_each_open_task(z: Omgeving) -> None:
    z.tot_beoordeling()
    claimed = z.taak("eva", "Advies Energie")
    inbox.claim(z.p, claimed["id"], "eva")
    page = {t["naam"]: t for t in case_queries.case_file(z.p, z.ref, "anna")["open_taken"]}
    panel = {t["naam"]: t for t in kaart_panel.case_panel(z.p, z.ref, "anna")["open_taken"]}
    assert set(panel) == set(page) and len(panel) >= 2
    for name, t in panel.items():
        assert (t["houder"], t["reden"]) == (page[name]["houder"], page[name]["reden"]), name
    held = panel[claimed["naam"]]
    assert held["toegewezen_aan"] == "eva" and held["houder"] == page[claimed["naam"]]["houder"] is not None
    assert held["reden"] and all(t["reden"] for t in panel.values() if t["naam"].startswith("Advies"))
    assert [t["houder"] for n, t in panel.items() if n != claimed["naam"]] == [None] * (len(panel) - 1)
