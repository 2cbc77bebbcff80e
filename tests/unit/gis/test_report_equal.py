"""Differential: the columnar report builder gives exactly the conflicts of the row-by-row one it replaced.

The reference below is the former build_report's row construction (lists per column, one dict per
conflict from the rule's fields and the pair's values), run on the same raw matches of a demo batch.
The comparison includes key order, because the JSON answer shows the keys in that order.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gis.api import default_rules_path, load_rules
from gis.matching import MemoryBackend
from gis.report import CONFLICT_KEYS, _conflict_order, _order_by, _rounded, build_report
from gis.rules import SEVERITY_RANK
from gis.subjects import parse_subjects
from processes.nederlands import AFRONDRUIS
from tests.demo_subjects import random_subjects


def reference_distance(rule, distance):
    """The distance a conflict of ``rule`` reports: measured only for binnen_afstand; a rule the subject
    lies in (snijdt, overlap_aandeel) gives none, not the 0 m the backends match it with."""
    return distance if rule.predicaat == "binnen_afstand" else None


def _reference_rows(raw, subjects, ordered_rules):
    order = _conflict_order(raw, ordered_rules)
    afstand = np.round(np.floor(raw.afstand[order] * 100 + AFRONDRUIS) / 100, 2).tolist()  # rounded down
    overlap = np.round(raw.overlap[order], 2).tolist()
    subject_idx = raw.subject[order]
    areal = subjects.areal[subject_idx]
    share = np.divide(raw.overlap[order], subjects.areas[subject_idx], out=np.zeros(len(order)), where=areal)
    shares = [v if a else None for v, a in zip(np.round(share, 4).tolist(), areal.tolist(), strict=True)]
    constant = [
        {
            "regel": r.id,
            "laag": r.laag,
            "ernst": r.ernst,
            "afdeling": r.afdeling,
            "beschrijving": r.beschrijving,
            "bron": r.bron,
            "intern": r.intern,
        }
        for r in ordered_rules
    ]
    fids = [raw.feature_id[i] for i in order.tolist()]
    names = [raw.feature_naam[i] for i in order.tolist()]
    return [
        {
            **constant[r],
            "feature_id": fid,
            "feature_naam": naam,
            "onderwerp_index": s,
            "soort": soort,
            "afstand_m": reference_distance(ordered_rules[r], d),
            "overlap_m2": o,
            "overlap_aandeel": a,
            "overschreven": False,
        }
        for r, s, fid, naam, soort, d, o, a in zip(
            raw.rule[order].tolist(),
            subject_idx.tolist(),
            fids,
            names,
            subjects.soorten[subject_idx].tolist(),
            afstand,
            overlap,
            shares,
            strict=True,
        )
    ]


def test_demo_batch_rows_equal_reference(demo_layers):
    rules = load_rules(default_rules_path(), demo_layers)
    subjects = parse_subjects(random_subjects(3000, seed=21), rules.soorten, crs="EPSG:28992")
    raw = MemoryBackend(demo_layers).find_conflicts(subjects, rules)
    assert len(raw) > 1000
    expected = _reference_rows(raw, subjects, rules.rules)
    got = build_report(raw, subjects, rules)["conflicten"]
    assert json.dumps(got) == json.dumps(expected)  # same values, same key order
    assert any(c["overlap_aandeel"] is None for c in got) and any(c["overlap_aandeel"] for c in got)
    assert any(c["feature_naam"] for c in got)
    assert any(c["afstand_m"] is None for c in got) and any(c["afstand_m"] for c in got)


def lexsort_order(raw, ordered_rules):
    """The former conflict order: numpy's lexsort over subject, severity, rule (id, laag) and rank."""
    rule_rank = np.empty(len(ordered_rules), dtype=np.int64)
    rule_rank[
        sorted(range(len(ordered_rules)), key=lambda i: (ordered_rules[i].id, ordered_rules[i].laag))
    ] = np.arange(len(ordered_rules))
    severity = np.array([SEVERITY_RANK[r.ernst] for r in ordered_rules], dtype=np.int64)
    return np.lexsort((raw.rank, rule_rank[raw.rule], severity[raw.rule], raw.subject))


def test_demo_batch_order_equals_the_former_lexsort(demo_layers):
    rules = load_rules(default_rules_path(), demo_layers)
    subjects = parse_subjects(random_subjects(3000, seed=22), rules.soorten, crs="EPSG:28992")
    raw = MemoryBackend(demo_layers).find_conflicts(subjects, rules)
    assert np.array_equal(_conflict_order(raw, rules.rules), lexsort_order(raw, rules.rules))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_packed_order_equals_lexsort_with_ties(seed):
    rng = np.random.default_rng(seed)
    n = 5000
    keys = (rng.integers(0, 50, n), rng.integers(0, 7, n), rng.integers(0, 300, n))  # many full ties
    assert np.array_equal(_order_by(keys), np.lexsort(keys))


def test_packed_order_falls_back_to_lexsort_beyond_63_bits_or_below_zero():
    rng = np.random.default_rng(4)
    wide = (rng.integers(0, 2**40, 100), rng.integers(0, 2**40, 100))
    negative = (rng.integers(-5, 5, 100), rng.integers(0, 3, 100))
    for keys in (wide, negative):
        assert np.array_equal(_order_by(keys), np.lexsort(keys))


def _former_template_rows(raw, subjects, ordered_rules):
    """The row builder this replaced: a copy of the rule's template dict per conflict, values filled in."""
    order = _conflict_order(raw, ordered_rules)
    rows = []
    for row in _reference_rows(raw, subjects, ordered_rules):
        copied = dict.fromkeys(CONFLICT_KEYS)
        copied.update(row)
        rows.append(copied)
    assert len(rows) == len(order)
    return rows


def test_rows_are_plain_independent_dicts_in_key_order(demo_layers):
    rules = load_rules(default_rules_path(), demo_layers)
    subjects = parse_subjects(random_subjects(800, seed=23), rules.soorten, crs="EPSG:28992")
    raw = MemoryBackend(demo_layers).find_conflicts(subjects, rules)
    got = build_report(raw, subjects, rules)["conflicten"]
    assert len(got) > 50
    assert all(type(row) is dict and tuple(row) == CONFLICT_KEYS for row in got)
    assert got == _former_template_rows(raw, subjects, rules.rules)
    first, second = got[0], got[1]
    first["overschreven"] = True
    first["extra"] = 1  # a caller may add keys: the other rows do not change
    assert second["overschreven"] is False and "extra" not in second
    assert json.loads(json.dumps(second)) == second


def test_rounded_columns_equal_numpy_round_with_signs_and_nan():
    values = np.array([0.0, -0.0, 0.004, -0.004, 1.23456, np.nan, 2.675, 1e-300, 12345.675])
    for digits in (2, 4):
        got = _rounded(values, digits).tolist()
        expected = np.round(values, digits).tolist()
        assert [type(v) for v in got] == [float] * len(values)
        assert json.dumps(got) == json.dumps(expected)  # same values, -0.0 and NaN included
        assert [math.copysign(1, v) for v in got] == [math.copysign(1, v) for v in expected]
