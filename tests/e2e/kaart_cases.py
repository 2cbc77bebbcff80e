"""Many cases on the map at once, spread over the demo municipality, for the clustering tests."""

from __future__ import annotations

import random
from typing import Any

from gis.demo import demo_bbox_wgs84
from tests.e2e import kaart_status_fixtures as fx


def many_map_cases(app: Any, n: int, bbox: tuple[float, float, float, float] | None = None) -> list[str]:
    """``n`` permit cases at random points of the demo area (or of ``bbox``, WGS84; the first with a blocking
    conflict): their references."""
    w, s, e, nn = bbox or demo_bbox_wgs84()
    rnd = random.Random(5)
    rows = [
        {
            "zaak": f"Z-2026-8{i:05d}",
            "proces": "omgevingsvergunning",
            "titel": f"Zaak {i}",
            "geometrie": {"type": "Point", "coordinates": [rnd.uniform(w, e), rnd.uniform(s, nn)]},
            "conflicten": [
                {
                    "regel": "r",
                    "laag": "l",
                    "feature_id": "1",
                    "ernst": "blokkerend",
                    "afdeling": "Milieu",
                    "beschrijving": "b",
                }
            ]
            if i == 0
            else [],
        }
        for i in range(n)
    ]
    return fx.insert_map_cases(app.extensions["ruimteflow"], rows)
