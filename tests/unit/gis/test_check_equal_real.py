"""Differential on real data (../shared/geodata): the whole check with this round's fast paths gives
exactly the JSON of the former paths (the GEOS parse of the subjects, lexsort order, rows copied from
a template dict). These few pairs take GEOS overlay; the vectorised clipping has its own bit-for-bit
tests on real parcels in test_clipping_equal."""

from __future__ import annotations

import json

import numpy as np
import pyogrio

import gis.clipping
import gis.report
import gis.subjects
from gis.api import check, default_rules_path, load_layer, load_rules, parse_rules
from gis.report import CONFLICT_KEYS
from processes.nederlands import AFRONDRUIS
from tests.demo_subjects import random_subjects
from tests.unit.gis.clipping_cases import reference_inside_lengths
from tests.unit.gis.real_data import shared_geodata, subjects_json
from tests.unit.gis.test_real_data import BGT_META, N2K_META, RULES
from tests.unit.gis.test_report_equal import lexsort_order, reference_distance


def _former_rows(raw, subjects, ordered_rules, order):
    subject_idx = raw.subject[order]
    overlap = raw.overlap[order]
    areal = subjects.areal[subject_idx]
    share = np.divide(overlap, subjects.areas[subject_idx], out=np.zeros(len(order)), where=areal)
    shares = np.round(share, 4).astype(object)
    shares[~areal] = None
    templates = [
        dict(
            zip(
                CONFLICT_KEYS,
                (r.id, r.laag, r.ernst, r.afdeling, r.beschrijving, r.bron, r.intern),
                strict=False,
            )
        )
        | dict.fromkeys(CONFLICT_KEYS[7:-1])
        | {"overschreven": False}
        for r in ordered_rules
    ]
    rows = []
    for r, s, fid, naam, soort, d, o, a in zip(
        raw.rule[order].tolist(),
        subject_idx.tolist(),
        np.asarray(raw.feature_id, dtype=object)[order].tolist(),
        np.asarray(raw.feature_naam, dtype=object)[order].tolist(),
        subjects.soorten[subject_idx].tolist(),
        np.round(np.floor(raw.afstand[order] * 100 + AFRONDRUIS) / 100, 2).tolist(),  # rounded down
        np.round(overlap, 2).tolist(),
        shares.tolist(),
        strict=True,
    ):
        row = templates[r].copy()
        row.update(feature_id=fid, feature_naam=naam, onderwerp_index=s, soort=soort)
        row.update(afstand_m=reference_distance(ordered_rules[r], d), overlap_m2=o, overlap_aandeel=a)
        rows.append(row)
    return rows


def _spying(used: set[str]):
    def spy(name, function):
        def called(*args, **kwargs):
            used.add(name)
            return function(*args, **kwargs)

        return called

    return spy


def _check_on_former_paths(monkeypatch, body, layers, rules, *, clipping=False):
    """The check with the former parse, order and rows (and, with ``clipping``, the former clipping
    chunks), and the names of the former paths that ran."""
    used: set[str] = set()
    spy = _spying(used)
    with monkeypatch.context() as former:
        former.setattr(gis.subjects, "geometries_from_coordinates", spy("parse", lambda columns: None))
        former.setattr(gis.report, "_conflict_order", spy("order", lexsort_order))
        former.setattr(gis.report, "_conflict_rows", spy("rows", _former_rows))
        if clipping:
            former.setattr(gis.clipping, "_QUAD_CHUNK", (1 << 20) // 16)
            former.setattr(gis.clipping, "_inside_lengths", spy("clip", reference_inside_lengths))
        return check(body, layers, rules, crs="EPSG:28992"), used


def test_otterlo_check_equals_the_former_paths(request, monkeypatch):
    natura2000 = load_layer(
        shared_geodata(request, "natura2000/natura2000_nl.gpkg"),
        name="natura2000",
        meta=N2K_META,
        sublayer="natura2000",
    )
    bgt = load_layer(
        shared_geodata(request, "otterlo/bgt_pand_otterlo.gpkg"),
        name="bgt_pand",
        meta=BGT_META,
        sublayer="bgt_pand",
    )
    parcels = pyogrio.read_dataframe(
        shared_geodata(request, "otterlo/brk_perceel_otterlo.gpkg"), layer="perceel"
    )
    layers = {"natura2000": natura2000, "bgt_pand": bgt}
    rules = parse_rules(RULES, layers)
    parcel_features = json.loads(subjects_json(parcels, "perceel"))["features"]
    building_features = json.loads(subjects_json(bgt.frame, "bouwwerk"))["features"]
    body = json.dumps({"type": "FeatureCollection", "features": parcel_features + building_features})

    current = check(body, layers, rules, crs="EPSG:28992")
    assert len(current["conflicten"]) >= 30 and any(c["overlap_m2"] for c in current["conflicten"])

    before, used = _check_on_former_paths(monkeypatch, body, layers, rules)
    assert used == {"parse", "order", "rows"}
    assert json.dumps(current) == json.dumps(before)


def test_demo_batch_check_equals_the_former_paths_with_clipping(demo_layers, monkeypatch):
    rules = load_rules(default_rules_path(), demo_layers)
    body = json.dumps(random_subjects(3000, seed=31))
    current = check(body, demo_layers, rules, crs="EPSG:28992")
    assert any(c["overlap_m2"] for c in current["conflicten"])
    before, used = _check_on_former_paths(monkeypatch, body, demo_layers, rules, clipping=True)
    assert used == {"parse", "order", "rows", "clip"}
    assert json.dumps(current) == json.dumps(before)
