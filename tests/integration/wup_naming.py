"""A wijkuitvoeringsplan whose projectleider is about to name an organisation for a party: the step, for the
race tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services import cases, users
from services.platform import Platform
from tests.integration.energie_fixtures import taak
from tests.integration.test_wijkuitvoeringsplan import start
from tests.integration.test_wup_organisaties import A


def naming_step(platform: Platform) -> tuple[str, Callable[[], Any]]:
    """A plan whose projectleider is about to name A for Warmtebedrijf: the step, not run yet."""
    users.add_user(platform, "anna", organisaties=[A], partij="Warmtebedrijf")
    ref = str(start(platform)["zaak"])
    task = taak(platform, ref, "uitgangspunten")["id"]
    data = {"uitgangspunten": "Aardgasvrij", "organisaties": {"Warmtebedrijf": A}}
    return ref, lambda: cases.complete_task(platform, task, "alle", data)
