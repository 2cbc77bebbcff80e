"""A windpark initiative withdrawn by its initiator (reviewer windpark findings 1, 3 and 7): inside the called
omgevingsvergunning, and before or beside it; the grid request is given up as on a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services import cases
from services.platform import Platform
from tests.integration.energie_fixtures import (
    BPMN,
    doe,
    elementen,
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


@pytest.fixture
def wp(platform: Platform) -> Platform:
    return energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))


def in_de_adviesronde(wp: Platform) -> str:
    """A gemeente case whose called permit runs its adviesronde (an embedded multi-instance subprocess)."""
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    zaak = doe(wp, ref, "ontvankelijkheid", {"compleet": True})
    assert "advies_geven" in elementen(zaak)
    return ref


def test_withdrawal_during_the_permits_adviesronde_is_accepted(wp: Platform) -> None:
    """Finding 1: the terminate end event of the called permit left the adviesronde's subprocesses behind
    without their task, and compacting the finished call activity raised TaskNotFoundException (a 500)."""
    ref = in_de_adviesronde(wp)
    zaak: dict[str, Any] = cases.send_message(wp, ref, "intrekking", {})
    assert "advies_geven" not in elementen(zaak) and "beoordelen" not in elementen(zaak)
    assert "transportverzoek_intrekken" in elementen(zaak)
    # the case loads again from its stored document, and goes on
    zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond"
