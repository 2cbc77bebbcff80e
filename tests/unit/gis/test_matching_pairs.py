"""Differential: every way matching_pairs picks finds exactly the pairs of exact_pairs (the former path)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.api import default_rules_path, load_rules
from gis.matching import exact_pairs, matching_pairs, subjects_for
from gis.subjects import parse_subjects
from tests.demo_subjects import random_subjects


def _pairs(subject_idx: np.ndarray, feature_idx: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(subject_idx.tolist(), feature_idx.tolist(), strict=True))


@pytest.mark.parametrize("count", [1, 40, 4000])
def test_same_pairs_as_exact_pairs_on_demo(demo_layers, count):
    rules = load_rules(default_rules_path(), demo_layers)
    subjects = parse_subjects(random_subjects(count, seed=count), rules.soorten, crs="EPSG:28992")
    coord_counts = shapely.get_num_coordinates(subjects.geometries)
    found = 0
    for rule in rules.rules:
        chosen = subjects_for(rule, subjects)
        if not len(chosen):
            continue
        layer = demo_layers[rule.laag]
        old = exact_pairs(rule, layer, subjects.geometries[chosen], coord_counts[chosen])
        new = matching_pairs(rule, layer, subjects, chosen, coord_counts)
        assert _pairs(*new) == _pairs(chosen[old[0]], old[1]), rule.id
        found += len(new[0])
    if count > 1:
        assert found > count  # the batch meets features through every path, not only empty answers
