"""The summary counted per rule with numpy equals the summary counted over the conflict dicts."""

from __future__ import annotations

import numpy as np

from gis.api import check, default_rules_path, load_layers, load_rules
from gis.report import summarise
from tests.demo_subjects import random_subjects


def test_fast_summary_equals_the_summary_over_the_conflicts(demo_dir):
    layers = load_layers(demo_dir)  # the demo layers generated once per run (tests/unit/gis/conftest.py)
    rules = load_rules(default_rules_path(), layers)
    result = check(random_subjects(300, seed=3), layers, rules, crs="EPSG:28992")
    assert result["samenvatting"]["aantal"] > 50
    assert result["samenvatting"] == summarise(result["conflicten"], 300)
    none = check(random_subjects(1, seed=3), layers, rules, crs="EPSG:28992")
    assert none["samenvatting"] == summarise(none["conflicten"], 1)
    assert np.sum(list(result["samenvatting"]["per_ernst"].values())) == len(result["conflicten"])
