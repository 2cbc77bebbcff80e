"""The GIS layers of the energy services come from each Platform (``Platform.layer_source``, through the
step's context), not from one process-wide source: two platforms in one process see their own layers.

Before, a module global in services.domain.energie_gis held the source; the last one set won for every
platform in the process, and a test that forgot to reset it leaked its layers into the next test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely

from services import cases
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform, laag, zet_lagen

CENTRUM = shapely.box(190_000, 445_000, 191_000, 446_000)


@pytest.fixture
def tweede(tmp_path: Path, migrated_sqlite: Path, clock: FixedClock) -> Iterator[Platform]:
    """A second platform in this process, on its own SQLite file."""
    folder = tmp_path / "tweede"
    folder.mkdir()
    copy_sqlite(migrated_sqlite, folder / "test.db")
    p = Platform.create(Settings(instance_dir=folder, database_url=f"sqlite:///{folder / 'test.db'}"), clock)
    yield p
    p.close()


def _plan_wijk_naam(platform: Platform) -> str:
    data = {"wijk_code": "WK0101", "transitievisie_alternatief": "warmtenet"}
    zaak = cases.start_case(platform, "wijkuitvoeringsplan", data, user="pim", geometry_wkt=CENTRUM.wkt)
    return str(zaak["samenvatting"]["wijk_naam"])


def test_two_platforms_in_one_process_see_their_own_layers_in_a_step(
    platform: Platform, tweede: Platform
) -> None:
    een, twee = energie_platform(platform, WIJK_MODEL), energie_platform(tweede, WIJK_MODEL)
    zet_lagen(een, {"wijken": laag([{"code": "WK0101", "naam": "Centrum"}], [CENTRUM])})
    zet_lagen(twee, {"wijken": laag([{"code": "WK0101", "naam": "Binnenstad"}], [CENTRUM])})
    assert _plan_wijk_naam(een) == "Centrum"  # the step of the first reads its layers, not the last set
    assert _plan_wijk_naam(twee) == "Binnenstad"


def test_one_platforms_layers_do_not_reach_another(platform: Platform, tweede: Platform) -> None:
    een, twee = energie_platform(platform, WIJK_MODEL), energie_platform(tweede, WIJK_MODEL)
    zet_lagen(een, {"wijken": laag([{"code": "WK0101", "naam": "Centrum"}], [CENTRUM])})
    assert _plan_wijk_naam(twee) == "WK0101"  # no wijken layer: the code stands for the name
    assert _plan_wijk_naam(een) == "Centrum"
