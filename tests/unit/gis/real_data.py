"""The real geodata of ../shared/geodata (skipped when it is not beside the repository) and subjects made
from it."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely


def shared_geodata(request, relative: str):
    """The file ``relative`` of the shared geodata; the test is skipped without it."""
    from tests.unit.gis.conftest import GEODATA

    path = GEODATA / relative
    if not path.is_file():
        pytest.skip(f"echte geodata ontbreekt: {path} (../shared/geodata staat niet naast de repository)")
    return path


def subjects_json(frame: gpd.GeoDataFrame, soort: str) -> str:
    """The geometries of ``frame`` as a GeoJSON FeatureCollection of subjects of ``soort``."""
    features = [
        {"type": "Feature", "properties": {"soort": soort}, "geometry": json.loads(g)}
        for g in shapely.to_geojson(np.asarray(frame.geometry.array)).tolist()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})
