"""Benchmark of the location check at >= 1,000,000 layer features, in memory and in PostGIS.

Run from the repository root: ``python -m tests.benchmarks.bench_gis [--scale 52] [--single 300]``.
Not collected by pytest (bench_*.py). Demo layers are generated once into ``.bench/`` (git-ignored).
Prints one JSON object per line, with the load average (os.getloadavg). Rounds are interleaved A/B
(the check, then the bare library doing the same work), ``--rounds`` of them; median and spread, in
wall time and in process CPU time (``cpu_ratio``: less disturbed by other work on a shared machine).

- ``gis_check_vs_bare_strtree``: a 10,000-subject batch through ``gis.api.check`` (parse, match,
  report) against the bare STRtree bulk query with the same predicates (no measures, no output).
  Goal: ratio <= 3.
- ``gis_postgis``: the same single and batch checks in PostGIS next to in memory, and the resident
  memory (RSS) of one web worker per backend after a check. Needs RUIMTEFLOW_TEST_DATABASE_URL or
  DATABASE_URL (PostgreSQL with PostGIS); skipped with the reason printed otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gis.api import check, default_rules_path, load_layers, load_rules
from gis.demo import generated_dir
from gis.matching import MemoryBackend, query_pairs, subjects_for
from gis.subjects import parse_subjects
from tests.demo_subjects import random_subjects

ROOT = Path(__file__).resolve().parents[2]


def emit(**values: Any) -> None:
    print(
        json.dumps({**values, "load": [round(v, 2) for v in os.getloadavg()]}, ensure_ascii=False), flush=True
    )


def _single_bodies(count: int) -> list[str]:
    collection = random_subjects(count, seed=7)
    return [json.dumps({"type": "FeatureCollection", "features": [f]}) for f in collection["features"]]


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _stats(samples: list[float], scale: float = 1.0, digits: int = 3) -> dict[str, Any]:
    return {
        "median": round(statistics.median(samples) * scale, digits),
        "spread": [round(min(samples) * scale, digits), round(max(samples) * scale, digits)],
    }


def bare_query_seconds(subjects, layers, rules) -> float:
    start = time.perf_counter()
    for rule in rules.rules:
        chosen = subjects_for(rule, subjects)
        if len(chosen):
            query_pairs(rule, layers[rule.laag], subjects.geometries[chosen])
    return time.perf_counter() - start


def interleaved_singles(variants: dict[str, Callable[[str], Any]], bodies: list[str]) -> dict[str, Any]:
    """Per body, every variant in turn (A/B interleaved): median and p95 in ms per variant."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for body in bodies:
        for name, fn in variants.items():
            times[name].append(_timed(lambda fn=fn, body=body: fn(body)) * 1000)
    out = {}
    for name, samples in times.items():
        samples.sort()
        out[name] = {
            "median_ms": round(statistics.median(samples), 3),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        }
    return out


def _both(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, process CPU) seconds of one call: the machine may be shared, CPU time is less noisy."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def batch_vs_bare(batch: str, layers, rules, rounds: int) -> dict[str, Any]:
    subjects = parse_subjects(batch, rules.soorten, crs="EPSG:28992")
    backend = MemoryBackend(layers)
    parts: dict[str, Callable[[], Any]] = {
        "check": lambda: check(batch, layers, rules, crs="EPSG:28992"),
        "bare": lambda: bare_query_seconds(subjects, layers, rules),
        "parse": lambda: parse_subjects(batch, rules.soorten, crs="EPSG:28992"),
        "match": lambda: backend.find_conflicts(subjects, rules),
    }
    wall: dict[str, list[float]] = {name: [] for name in parts}
    cpu: dict[str, list[float]] = {name: [] for name in parts}
    parts["check"]()  # warm up
    for _ in range(rounds):  # interleaved rounds: A (check) then B (bare), then the parts
        for name, fn in parts.items():
            w, c = _both(fn)
            wall[name].append(w)
            cpu[name].append(c)
    med = {k: statistics.median(v) for k, v in wall.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    return {
        "check_s": _stats(wall["check"]),
        "bare_query_s": _stats(wall["bare"]),
        "parse_s": _stats(wall["parse"]),
        "match_s": _stats(wall["match"]),
        "ratio": round(med["check"] / med["bare"], 2),
        "ratio_spread": [
            round(min(c / b for c, b in zip(wall["check"], wall["bare"], strict=True)), 2),
            round(max(c / b for c, b in zip(wall["check"], wall["bare"], strict=True)), 2),
        ],
        "ratio_matching": round(med["match"] / med["bare"], 2),
        "cpu_s": {k: round(v, 3) for k, v in cpu_med.items()},
        "cpu_ratio": round(cpu_med["check"] / cpu_med["bare"], 2),
        "cpu_ratio_matching": round(cpu_med["match"] / cpu_med["bare"], 2),
        "target_ratio": 3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=52, help="demo tiles (52 gives > 1,000,000 features)")
    parser.add_argument("--single", type=int, default=300, help="number of single-subject checks")
    parser.add_argument("--batch", type=int, default=10_000, help="subjects in the batch check")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved A/B rounds of the batch")
    parser.add_argument("--worker-rss", choices=["memory", "postgis"], help=argparse.SUPPRESS)
    parser.add_argument("--layers", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_rss:
        worker_rss(args.worker_rss, Path(args.layers))
        return
    emit(bench="gis_start", scale=args.scale)
    start = time.perf_counter()
    directory = generated_dir(ROOT / ".bench" / f"gis-demo-scale{args.scale}", scale=args.scale)
    emit(bench="gis_generate_or_reuse", seconds=round(time.perf_counter() - start, 1), dir=str(directory))

    start = time.perf_counter()
    layers = load_layers(directory)
    total = sum(len(layer) for layer in layers.values())
    rules = load_rules(default_rules_path(), layers)
    emit(bench="gis_load_layers", seconds=round(time.perf_counter() - start, 1), layers_features=total)
    start = time.perf_counter()
    for layer in layers.values():
        _ = layer.tree
    emit(bench="gis_build_strtrees", seconds=round(time.perf_counter() - start, 2))

    bodies = _single_bodies(args.single)
    for body in bodies[:20]:  # warm up (lazy caches, prepared geometries)
        check(body, layers, rules, crs="EPSG:28992")
    single = interleaved_singles({"memory": lambda b: check(b, layers, rules, crs="EPSG:28992")}, bodies)
    emit(bench="gis_check_single", backend="memory", **single["memory"], runs=len(bodies), target_ms=5)

    batch = json.dumps(random_subjects(args.batch, seed=11))  # as the API receives it
    emit(
        bench="gis_check_vs_bare_strtree",
        subjects=args.batch,
        layers_features=total,
        rounds=args.rounds,
        **batch_vs_bare(batch, layers, rules, args.rounds),
    )
    url = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        emit(
            bench="gis_postgis",
            skipped="geen PostgreSQL-URL: zet RUIMTEFLOW_TEST_DATABASE_URL of DATABASE_URL (PostgreSQL met PostGIS)",
        )
        return
    postgis_benchmarks(url, directory, layers, rules, bodies, batch, args.rounds)


def postgis_benchmarks(url: str, directory: Path, layers, rules, bodies, batch: str, rounds: int) -> None:
    from services import locatiecheck
    from services.config import Settings

    settings = Settings(database_url=url, gis_layers_dir=str(directory))
    start = time.perf_counter()
    loaded = locatiecheck.load_into_postgis(settings, directory)
    emit(bench="gis_postgis_load", seconds=round(time.perf_counter() - start, 1), layers_loaded=len(loaded))
    backend = locatiecheck.postgis_backend(settings)
    pg_rules = load_rules(default_rules_path(), backend.catalog())
    for body in bodies[:20]:
        check(body, backend, pg_rules, crs="EPSG:28992")
    single = interleaved_singles(
        {
            "memory": lambda b: check(b, layers, rules, crs="EPSG:28992"),
            "postgis": lambda b: check(b, backend, pg_rules, crs="EPSG:28992"),
        },
        bodies,
    )
    emit(bench="gis_postgis", kind="single", runs=len(bodies), **single)
    samples: dict[str, list[float]] = {"memory": [], "postgis": []}
    counts = {}
    for _ in range(rounds):
        for name, source, ruleset in (("memory", layers, rules), ("postgis", backend, pg_rules)):
            start = time.perf_counter()
            counts[name] = len(check(batch, source, ruleset, crs="EPSG:28992")["conflicten"])
            samples[name].append(time.perf_counter() - start)
    emit(
        bench="gis_postgis",
        kind="batch",
        subjects=json.loads(batch)["features"].__len__(),
        memory_s=_stats(samples["memory"]),
        postgis_s=_stats(samples["postgis"]),
        conflicts=counts,
        same_count=counts["memory"] == counts["postgis"],
    )
    rss = {name: _worker(name, directory, url) for name in ("memory", "postgis")}
    emit(bench="gis_postgis", kind="rss_per_web_worker", **rss)


def _worker(backend: str, directory: Path, url: str) -> dict[str, Any]:
    """One fresh web-worker process per backend: RSS after start and after a check and a map request."""
    env = {**os.environ, "DATABASE_URL": url if backend == "postgis" else ""}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.bench_gis",
            "--worker-rss",
            backend,
            "--layers",
            str(directory),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def worker_rss(backend: str, directory: Path) -> None:
    """Inside the child: build the web app like a worker does, then one locatiecheck and one map layer."""
    from services import kaart, locatiecheck
    from services.clock import today
    from services.config import Settings
    from web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/worker.db"
        settings = Settings(instance_dir=Path(tmp), database_url=url, gis_layers_dir=str(directory))
        app = create_app(settings)
        platform = app.extensions["ruimteflow"]
        started = _rss_mb()
        body = _single_bodies(1)[0]
        t0 = time.perf_counter()
        locatiecheck.check_document(settings, body, crs="EPSG:28992", peildatum=today(platform.clock))
        first_check = time.perf_counter() - t0
        kaart.layer_features(kaart.configured_layers(platform), "natura2000", bbox=None, zoom=10)
        after = _rss_mb()
        cached = locatiecheck._layer_cache is not None and bool(locatiecheck._layer_cache._entries)
        platform.close()
    print(
        json.dumps(
            {
                "rss_start_mb": started,
                "rss_after_check_mb": after,
                "extra_mb": round(after - started, 1),
                "first_check_s": round(first_check, 3),
                "layers_in_memory": cached,
            }
        )
    )


if __name__ == "__main__":
    main()
