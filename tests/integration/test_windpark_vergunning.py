"""Windpark calling the real omgevingsvergunning (not the stub) on the gemeente path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.platform import Platform
from tests.integration.energie_fixtures import (
    BPMN,
    doe,
    energie_platform,
    locatiecheck_met,
    zonder_lagen,
)
from tests.integration.test_windpark import participatie, start

MODELLEN: list[str | Path] = [
    BPMN / "transportverzoek.bpmn",
    BPMN / "bevoegd-gezag.dmn",
    BPMN / "procedurekeuze.dmn",
    BPMN / "advies-routering.dmn",
    BPMN / "omgevingsvergunning.bpmn",
    BPMN / "windpark.bpmn",
]


@pytest.fixture(autouse=True)
def _lagen() -> Iterator[None]:
    yield from zonder_lagen()


def test_gemeente_bevoegd_met_advies_bereikt_adviesronde_van_de_vergunning(platform: Platform) -> None:
    """The windpark's own advice item ``adviseur`` must not break the permit's multi-instance."""
    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})  # inside the called omgevingsvergunning
    assert zaak["status"] == "lopend", zaak.get("incident")
    open_ = {t["element"]: t["kandidaatgroepen"] for t in zaak["open_taken"]}
    # the buitenplanse omgevingsplanactiviteit is routed to Ruimtelijke Ordening (advies-routering.dmn)
    assert open_ == {"advies_geven": ["Ruimtelijke Ordening"], "beoordelen": ["Vergunningen"]}
