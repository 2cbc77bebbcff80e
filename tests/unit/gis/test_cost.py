"""The cost bounds of a check (gis.cost): counted on the index before any exact predicate runs, every
conflict among the candidates counted, and each bound refused with a Dutch 413 that names the field."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.api import check, parse
from gis.cost import CostCaps, covered_area
from gis.errors import CheckTooCostly
from gis.matching import MemoryBackend
from tests.unit.gis.conftest import box, collection, feature, point
from tests.unit.gis.test_check_bound import _many, asked

__all__ = ["asked"]  # the fixture that spies on the parts matched


def test_every_conflict_is_one_of_the_candidates(tiny_layers, tiny_rules) -> None:
    body = _many(300)
    counts = MemoryBackend(tiny_layers).candidate_counts(
        parse(body, tiny_rules.soorten, "EPSG:28992"), tiny_rules
    )
    found = np.bincount(
        [c["onderwerp_index"] for c in check(body, tiny_layers, tiny_rules, crs="EPSG:28992")["conflicten"]],
        minlength=300,
    )
    assert found.sum() > 300 and (found <= counts).all()


def test_the_bounds_are_refused_before_any_match(tiny_layers, tiny_rules, asked) -> None:
    body = _many(300)
    subjects = parse(body, tiny_rules.soorten, "EPSG:28992")
    counts = MemoryBackend(tiny_layers).candidate_counts(subjects, tiny_rules)
    candidates = int(counts.sum())
    work = int((counts * shapely.get_num_coordinates(subjects.geometries)).sum())
    area = covered_area(subjects)
    exact = CostCaps(max_area_m2=area, max_candidates=candidates, max_work=work)
    whole = check(body, tiny_layers, tiny_rules, crs="EPSG:28992")
    assert check(body, tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=10**6, caps=exact) == whole
    asked.clear()
    for caps, code in (
        (CostCaps(max_area_m2=area - 1, wie=" van een initiatiefnemer"), "gis-gebied-te-groot"),
        (CostCaps(max_candidates=candidates - 1), "gis-te-veel-kaartobjecten"),
        (CostCaps(max_work=work - 1), "gis-te-veel-rekenwerk"),
    ):
        with pytest.raises(CheckTooCostly) as refused:
            check(body, tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=10**6, caps=caps)
        assert refused.value.status == 413 and refused.value.code == code
        assert refused.value.extra["veld"] == "features"
    assert asked == []  # nothing was matched


def test_the_area_refusal_says_how_much_in_dutch(tiny_layers, tiny_rules) -> None:
    body = collection(
        feature(box(0, 0, 3_000, 2_000), "bouwwerk"), feature(box(0, 0, 1_000, 1_000), "bouwwerk")
    )
    with pytest.raises(CheckTooCostly) as refused:
        check(
            body,
            tiny_layers,
            tiny_rules,
            crs="EPSG:28992",
            max_conflicts=100,
            caps=CostCaps(max_area_m2=5e6, wie=" van een initiatiefnemer of externe partij"),
        )
    assert refused.value.detail.startswith(
        "Een locatiecheck van een initiatiefnemer of externe partij beslaat ten hoogste 5 km²; de objecten van "
        "dit verzoek beslaan samen 7,0 km²."
    ), refused.value.detail


def test_a_line_or_a_point_covers_no_area(tiny_layers, tiny_rules) -> None:
    """The area bound reads the objects' own areas, not their envelopes: a long diagonal line (the
    municipality to the Dam, review gis18) has an envelope of thousands of km2 and no area."""
    line = shapely.LineString([point(0, 0), point(100_000, 40_000)])
    body = collection(feature(line, "windturbine"), feature(point(10, 50), "bouwwerk"))
    caps = CostCaps(max_area_m2=1.0)
    result = check(body, tiny_layers, tiny_rules, crs="EPSG:28992", max_conflicts=10**6, caps=caps)
    assert result == check(body, tiny_layers, tiny_rules, crs="EPSG:28992")
