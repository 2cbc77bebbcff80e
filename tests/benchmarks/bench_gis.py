"""Benchmark of the location check at >= 1,000,000 layer features.

Run from the repository root: ``python -m tests.benchmarks.bench_gis [--scale 52] [--single 300]``.
Not collected by pytest (bench_*.py). Demo layers are generated once into ``.bench/`` (git-ignored).
Prints one JSON object per line. Targets: single subject < 5 ms in memory; a 10,000-subject batch at
most 3x a bare STRtree bulk query with the same predicates (no measures, no output).
With RUIMTEFLOW_TEST_DATABASE_URL set, PostGIS figures are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from gis.api import check, default_rules_path, load_layers, load_rules
from gis.demo import generated_dir
from gis.demo_subjects import random_subjects
from gis.matching import MemoryBackend, query_pairs, subjects_for
from gis.subjects import parse_subjects

ROOT = Path(__file__).resolve().parents[2]


def emit(**values: Any) -> None:
    print(json.dumps(values, ensure_ascii=False), flush=True)


def _single_bodies(count: int) -> list[str]:
    collection = random_subjects(count, seed=7)
    return [json.dumps({"type": "FeatureCollection", "features": [f]}) for f in collection["features"]]


def _median_ms(fn, bodies: list[str]) -> tuple[float, float]:
    times = []
    for body in bodies:
        start = time.perf_counter()
        fn(body)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_query_seconds(subjects, layers, rules) -> float:
    start = time.perf_counter()
    for rule in rules.rules:
        chosen = subjects_for(rule, subjects)
        if len(chosen):
            query_pairs(rule, layers[rule.laag], subjects.geometries[chosen])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=52, help="demo tiles (52 gives > 1,000,000 features)")
    parser.add_argument("--single", type=int, default=300, help="number of single-subject checks")
    parser.add_argument("--batch", type=int, default=10_000, help="subjects in the batch check")
    args = parser.parse_args()

    start = time.perf_counter()
    directory = generated_dir(ROOT / ".bench" / f"gis-demo-scale{args.scale}", scale=args.scale)
    emit(bench="gis_generate_or_reuse", seconds=round(time.perf_counter() - start, 1), dir=str(directory))

    start = time.perf_counter()
    layers = load_layers(directory)
    total = sum(len(layer) for layer in layers.values())
    rules = load_rules(default_rules_path(), layers)
    emit(
        bench="gis_load_layers",
        seconds=round(time.perf_counter() - start, 1),
        layers=len(layers),
        layers_features=total,
    )
    start = time.perf_counter()
    for layer in layers.values():
        _ = layer.tree
    emit(bench="gis_build_strtrees", seconds=round(time.perf_counter() - start, 2))

    bodies = _single_bodies(args.single)
    for body in bodies[:20]:  # warm up (lazy caches, prepared geometries)
        check(body, layers, rules, crs="EPSG:28992")
    median, p95 = _median_ms(lambda b: check(b, layers, rules, crs="EPSG:28992"), bodies)
    emit(
        bench="gis_check_single",
        backend="memory",
        median_ms=round(median, 3),
        p95_ms=round(p95, 3),
        runs=len(bodies),
        rules=len(rules),
        layers_features=total,
        target_ms=5,
    )

    batch = json.dumps(random_subjects(args.batch, seed=11))  # as the API receives it
    parse_s = min(_timed(lambda: parse_subjects(batch, rules.soorten, crs="EPSG:28992")) for _ in range(3))
    subjects = parse_subjects(batch, rules.soorten, crs="EPSG:28992")
    check_s = min(_timed(lambda: check(batch, layers, rules, crs="EPSG:28992")) for _ in range(3))
    result = check(batch, layers, rules, crs="EPSG:28992")
    backend = MemoryBackend(layers)
    match_s = min(_timed(lambda: backend.find_conflicts(subjects, rules)) for _ in range(3))
    bare_s = min(bare_query_seconds(subjects, layers, rules) for _ in range(3))
    emit(
        bench="gis_check_batch",
        backend="memory",
        subjects=args.batch,
        total_s=round(check_s, 3),
        per_subject_ms=round(check_s / args.batch * 1000, 4),
        conflicts=len(result["conflicten"]),
        layers_features=total,
    )
    emit(
        bench="gis_check_vs_bare_strtree",
        subjects=args.batch,
        check_s=round(check_s, 3),
        bare_query_s=round(bare_s, 3),
        parse_s=round(parse_s, 3),
        ratio=round(check_s / bare_s, 2),
        match_s=round(match_s, 3),
        ratio_matching=round(match_s / bare_s, 2),
        target_ratio=3,
    )

    url = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")
    if not url:
        emit(bench="gis_postgis", skipped="RUIMTEFLOW_TEST_DATABASE_URL is niet gezet")
        return
    from sqlalchemy import create_engine

    from services.store.postgis import PostgisBackend

    engine = create_engine(url)
    backend = PostgisBackend(engine, prefix="gis_bench_")
    start = time.perf_counter()
    loaded = backend.sync(layers)
    emit(bench="gis_postgis_sync", seconds=round(time.perf_counter() - start, 1), layers_loaded=len(loaded))
    for body in bodies[:20]:
        check(body, backend, rules, crs="EPSG:28992")
    median, p95 = _median_ms(lambda b: check(b, backend, rules, crs="EPSG:28992"), bodies)
    emit(
        bench="gis_check_single",
        backend="postgis",
        median_ms=round(median, 3),
        p95_ms=round(p95, 3),
        runs=len(bodies),
        layers_features=total,
    )
    start = time.perf_counter()
    pg_result = check(batch, backend, rules, crs="EPSG:28992")
    pg_s = time.perf_counter() - start
    same = len(pg_result["conflicten"]) == len(result["conflicten"])
    emit(
        bench="gis_check_batch",
        backend="postgis",
        subjects=args.batch,
        total_s=round(pg_s, 3),
        per_subject_ms=round(pg_s / args.batch * 1000, 4),
        conflicts=len(pg_result["conflicten"]),
        same_count_as_memory=same,
    )
    engine.dispose()


if __name__ == "__main__":
    main()
