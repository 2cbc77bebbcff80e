"""The map layer of cases (services.kaart) as the tests read it: the properties of each case in view."""

from __future__ import annotations

import json
from typing import Any

from services import kaart
from tests.integration.test_omgevingsvergunning import Omgeving

WORLD = (3.0, 50.0, 8.0, 54.0)  # WGS84, around the permit's parcel


def case_properties(z: Omgeving, **filters: Any) -> dict[str, dict[str, Any]]:
    """The properties of each case on the map around the permit's parcel (at zoom 14), by id."""
    fc = json.loads(kaart.case_features(z.p, bbox=WORLD, zoom=14, **filters))
    return {f["id"]: f["properties"] for f in fc["features"]}
