"""RUIMTEFLOW_ATW_OP_UITGEBREID reaches a case's beslistermijn (review20, 8): the installation's setting, not
the packaged processes/data/termijnen.toml, decides whether the Atw moves the end of the uitgebreide term.
Received Sunday 22 February 2026: six months later is Saturday 22 August; with the Atw Monday 24 August."""

from __future__ import annotations

import pytest

from services.config import Settings
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z

__all__ = ["locatie", "z"]  # the permit scenario's fixtures

UITGEBREID = {
    "activiteiten": ["technische_bouwactiviteit", "milieubelastende_activiteit"],
    "mer_plichtig": True,
}


@pytest.fixture(params=[None, False, True], ids=["niet-gezet", "nee", "ja"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    return settings.with_(atw_op_uitgebreid=request.param)


def test_the_installation_chooses_whether_the_atw_moves_the_uitgebreide_term(z: Omgeving) -> None:
    case = z.start(ontvangen="2026-02-22", **UITGEBREID)
    assert case["termijn_uitleg"]["procedure"] == "uitgebreid"
    verwacht = "2026-08-22" if z.p.settings.atw_op_uitgebreid is False else "2026-08-24"
    assert case["uiterlijke_einddatum_afdoening"] == verwacht
