"""The cost bounds of a check (gis.cost) in both backends: PostGIS counts the candidates of a check as the
in-memory backend does, so the same caps refuse the same requests and answer the others alike. Needs
RUIMTEFLOW_TEST_DATABASE_URL (PostgreSQL with PostGIS); skipped with a reason otherwise."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.api import check, default_rules_path, load_rules, parse
from gis.cost import CostCaps
from gis.demo import DEMO_CENTRE_RD
from gis.errors import CheckTooCostly
from tests.demo_subjects import random_subjects
from tests.integration.test_gis_postgis import assert_same, demo, engine

__all__ = ["demo", "engine"]  # the differential test's fixtures

pytestmark = pytest.mark.postgres


def _body(*geometries: tuple[str, shapely.Geometry]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"soort": soort}, "geometry": shapely.geometry.mapping(g)}
            for soort, g in geometries
        ],
    }


def test_both_backends_count_the_same_candidates(demo):
    layers, backend = demo
    rules = load_rules(default_rules_path(), backend.catalog())
    from gis.matching import MemoryBackend

    for body in (random_subjects(300), _body(("windturbine", shapely.Point(*DEMO_CENTRE_RD)))):
        subjects = parse(body, rules.soorten, "EPSG:28992")
        for ruleset in (rules, rules.public()):
            memory = MemoryBackend(layers).candidate_counts(subjects, ruleset)
            assert memory.sum() > 0
            np.testing.assert_array_equal(memory, backend.candidate_counts(subjects, ruleset))


def test_the_same_caps_refuse_alike_and_answer_alike(demo):
    layers, backend = demo
    rules = load_rules(default_rules_path(), backend.catalog())
    x, y = DEMO_CENTRE_RD
    circle = shapely.Point(x, y).buffer(2_500, quad_segs=2_000)  # 8,000 vertices over 19.6 km2
    plot = shapely.box(x, y, x + 40, y + 30)
    caps = CostCaps(max_area_m2=50e6, max_candidates=10_000, max_work=2_000_000)
    for body, code in (
        (_body(("woningbouw", circle)), "gis-te-veel-rekenwerk"),
        (_body(*[("windturbine", shapely.Point(x, y + i)) for i in range(60)]), "gis-te-veel-kaartobjecten"),
        (
            _body(("woningbouw", shapely.box(x - 4_000, y - 4_000, x + 4_000, y + 4_000))),
            "gis-gebied-te-groot",
        ),
    ):
        for source in (layers, backend):
            with pytest.raises(CheckTooCostly) as refused:
                check(body, source, rules, crs="EPSG:28992", max_conflicts=25_000, caps=caps)
            assert refused.value.code == code
    body = _body(("woningbouw", plot), ("zonnepark", shapely.box(x, y, x + 500, y + 300)))
    memory = check(body, layers, rules, crs="EPSG:28992", max_conflicts=25_000, caps=caps)
    assert_same(memory, check(body, backend, rules, crs="EPSG:28992", max_conflicts=25_000, caps=caps))
