"""Benchmark of the map API: response size and time for 10,000 cases and a 100,000-feature layer.

Run: ``python -m tests.benchmarks.bench_kaart`` (prints one JSON line per measurement). For each of two
zoom levels (the whole area at zoom 10, a 2 km window at zoom 15) it measures the service call that
backs ``/api/v1/kaart/zaken`` and ``/api/v1/kaart/lagen/<naam>`` (query, simplify, reproject, GeoJSON),
and the bare shapely/pyproj work on the same geometries (simplify + reproject + to_geojson), and
prints the ratio. Times are the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import functools
import json
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely

AREA_RD = (200_000.0, 430_000.0, 250_000.0, 470_000.0)  # 50 x 40 km around the demo municipality
WINDOW_RD = (225_000.0, 447_000.0, 227_000.0, 449_000.0)  # 2 x 2 km
PHASES = ["initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering"]


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _polygons(rng: np.random.Generator, n: int, size: tuple[float, float], vertices: int = 12) -> np.ndarray:
    """n irregular polygons with ``vertices`` corners, spread over AREA_RD."""
    cx = rng.uniform(AREA_RD[0], AREA_RD[2], n)
    cy = rng.uniform(AREA_RD[1], AREA_RD[3], n)
    radius = rng.uniform(size[0], size[1], n)
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    wobble = rng.uniform(0.7, 1.0, (n, vertices))
    xs = cx[:, None] + radius[:, None] * wobble * np.cos(angles)[None, :]
    ys = cy[:, None] + radius[:, None] * wobble * np.sin(angles)[None, :]
    coords = np.stack([xs, ys], axis=2)
    coords = np.concatenate([coords, coords[:, :1, :]], axis=1)
    return shapely.polygons(coords)


def _wgs84(rd_box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    from services.kaart import _transformer

    return tuple(_transformer(28992, 4326).transform_bounds(*rd_box))  # type: ignore[return-value]


def _bare(geoms: np.ndarray, zoom: int) -> list[Any]:
    """The unavoidable geometry work: simplify to a pixel, reproject, serialise."""
    from services.kaart import _transformer, pixel_metres

    out = shapely.simplify(geoms, pixel_metres(zoom), preserve_topology=True)
    out = shapely.transform(out, _transformer(28992, 4326).transform, interleaved=False)
    return list(shapely.to_geojson(out))


def _setup_cases(tmp: Path, n: int, rng: np.random.Generator) -> Any:
    from services import deployments
    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform
    from services.projections import set_geometry
    from services.store.models import Case, ProcessDefinition

    settings = Settings(instance_dir=tmp, database_url=f"sqlite:///{tmp / 'bench.db'}")
    platform = Platform.create(settings, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    model = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "kaart_status_wind.bpmn"
    deployments.deploy(platform, deployments.read_files([model]))
    geoms = _polygons(rng, n, (80.0, 600.0), vertices=24)
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        from sqlalchemy import select

        definition_id = s.scalars(select(ProcessDefinition.id)).first()
        rows = []
        for i, g in enumerate(geoms):
            kind = ("wijkuitvoeringsplan", "windpark", "omgevingsvergunning")[i % 3]
            case = Case(
                reference=f"Z-2026-{i:06d}",
                process_id=kind,
                definition_id=definition_id,
                procedure=kind,
                title=f"Zaak {i}",
                status="lopend",
                phase=PHASES[i % 6],
                tracking_code=secrets.token_urlsafe(24),
                created_at=now,
                updated_at=now,
                uiterlijke_einddatum_afdoening=date(2026, 5 + i % 6, 1),
                waiting_for="in behandeling bij Vergunningen",
            )
            set_geometry(case, g.wkt)
            rows.append(case)
        s.add_all(rows)
        uow.commit()
    return platform


def _setup_layer(n: int, rng: np.random.Generator) -> dict[str, Any]:
    import geopandas as gpd

    from gis.layers import layer_from_frame
    from gis.metadata import LayerMeta

    geoms = _polygons(rng, n, (20.0, 120.0), vertices=10)
    frame = gpd.GeoDataFrame(
        {"id": np.arange(n), "gewas": rng.choice(["grasland", "mais", "aardappel"], n)},
        geometry=geoms,
        crs="EPSG:28992",
    )
    meta = LayerMeta(
        familie="landbouw",
        bron="benchmark (gegenereerd)",
        peildatum=date(2026, 1, 1),
        licentie="CC0",
        titel="Percelen (benchmark)",
    )
    return {"bench_percelen": layer_from_frame("bench_percelen", frame, meta)}


def run(cases: int = 10_000, features: int = 100_000, repeat: int = 3) -> list[dict[str, Any]]:
    from services import kaart

    rng = np.random.default_rng(20261123)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        platform = _setup_cases(Path(tmp), cases, rng)
        layers = _setup_layer(features, rng)
        layers["bench_percelen"].tree  # noqa: B018 - build the spatial index once, as the LayerCache does
        setup = time.perf_counter() - t0
        for zoom, rd_box in ((10, AREA_RD), (15, WINDOW_RD)):
            bbox = _wgs84(rd_box)

            seconds, body = _median_time(
                functools.partial(kaart.case_features, platform, bbox=bbox, zoom=zoom), repeat
            )
            doc = json.loads(body)
            from shapely import from_wkt

            from services.store.models import Case

            with platform.uow(write=False) as uow:
                from sqlalchemy import select

                wkts = uow.session.scalars(
                    select(Case.geometry_wkt).where(
                        Case.min_x <= rd_box[2],
                        Case.max_x >= rd_box[0],
                        Case.min_y <= rd_box[3],
                        Case.max_y >= rd_box[1],
                    )
                ).all()
            geoms = from_wkt(np.array(wkts, dtype=object))
            bare, _ = _median_time(functools.partial(_bare, geoms, zoom), repeat)
            out.append(
                {
                    "meting": "zaken",
                    "zoom": zoom,
                    "bbox_km": _km(rd_box),
                    "zaken_totaal": cases,
                    "features": doc["aantal"],
                    "bytes": len(body.encode()),
                    "ms": round(seconds * 1000, 1),
                    "kaal_shapely_pyproj_ms": round(bare * 1000, 1),
                    "verhouding": round(seconds / bare, 2),
                }
            )

            seconds, body = _median_time(
                functools.partial(kaart.layer_features, layers, "bench_percelen", bbox=bbox, zoom=zoom),
                repeat,
            )
            doc = json.loads(body)
            layer = layers["bench_percelen"]
            idx = np.sort(layer.tree.query(shapely.box(*rd_box)))
            geoms = layer.geometries[idx]
            bare, _ = _median_time(functools.partial(_bare, geoms, zoom), repeat)
            out.append(
                {
                    "meting": "laag",
                    "zoom": zoom,
                    "bbox_km": _km(rd_box),
                    "laag_features": features,
                    "features": doc["aantal"],
                    "weggelaten_subpixel": doc["weggelaten"],
                    "afgekapt": doc["afgekapt"],
                    "bytes": len(body.encode()),
                    "ms": round(seconds * 1000, 1),
                    "kaal_shapely_pyproj_ms": round(bare * 1000, 1),
                    "verhouding": round(seconds / bare, 2),
                }
            )
        out.append({"meting": "opbouw", "seconden": round(setup, 1)})
        platform.close()
    return out


def _km(box: tuple[float, float, float, float]) -> str:
    return f"{(box[2] - box[0]) / 1000:g}x{(box[3] - box[1]) / 1000:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zaken", type=int, default=10_000)
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for line in run(args.zaken, args.features, args.repeat):
        print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
