"""Benchmark of the map API: bytes on the wire and time for 10,000 cases and a 100,000-feature layer.

Run: ``python -m tests.benchmarks.bench_kaart`` (prints JSON lines). For two zoom levels (the whole
area at zoom 10: ``kaart_zoom10``; a 2 km window at zoom 15) it requests ``/api/v1/kaart/zaken`` and
``/api/v1/kaart/lagen/<naam>`` over the WSGI app with ``Accept-Encoding: gzip`` (bytes = the gzipped
body) and, interleaved in the same rounds, lets the bare libraries do the same work on the same
geometries (read, simplify, reproject, to_geojson, gzip). ``--repeat`` rounds; median and spread
(min, max); the load average is printed. Goal at zoom 10: <= 500 KB on the wire and <= 300 ms.
``--postgres``: the cases in the PostgreSQL database of RUIMTEFLOW_TEST_DATABASE_URL (its Ruimteflow
tables are emptied first) and the layer in its PostGIS, as a scaled-out web worker reads them.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import secrets
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely

AREA_RD = (200_000.0, 430_000.0, 250_000.0, 470_000.0)  # 50 x 40 km around the demo municipality
WINDOW_RD = (225_000.0, 447_000.0, 227_000.0, 449_000.0)  # 2 x 2 km
PHASES = ["initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering"]


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
    from gis.crs import transformer as _transformer

    return tuple(_transformer(28992, 4326).transform_bounds(*rd_box))  # type: ignore[return-value]


def _bare(geoms: np.ndarray, zoom: int) -> list[Any]:
    """The unavoidable geometry work: simplify to a pixel, reproject, serialise."""
    from gis.crs import transformer as _transformer
    from gis.webmap import pixel_metres

    out = shapely.simplify(geoms, pixel_metres(zoom), preserve_topology=True)
    out = shapely.transform(out, _transformer(28992, 4326).transform, interleaved=False)
    return list(shapely.to_geojson(out))


def _setup_cases(tmp: Path, n: int, rng: np.random.Generator, url: str | None = None) -> Any:
    """``url``: a PostgreSQL database whose Ruimteflow tables are emptied first; else a new SQLite file."""
    from services import deployments
    from services.clock import FixedClock
    from services.config import Settings
    from services.platform import Platform
    from services.projections import set_geometry
    from services.store import db
    from services.store.models import Case, ProcessDefinition

    if url is not None:
        engine = db.make_engine(url)
        db.reset(engine)
        engine.dispose()
    settings = Settings(instance_dir=tmp, database_url=url or f"sqlite:///{tmp / 'bench.db'}")
    platform = Platform.create(settings, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    shipped = Path(__file__).resolve().parents[2] / "bpmn"  # the three procedures the map shows
    deployments.deploy(
        platform, deployments.read_files(sorted(shipped.glob("*.bpmn")) + sorted(shipped.glob("*.dmn")))
    )
    geoms = _polygons(rng, n, (80.0, 600.0), vertices=24)
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        from sqlalchemy import select

        definitions = {
            process_id: id_
            for process_id, id_ in s.execute(select(ProcessDefinition.process_id, ProcessDefinition.id))
        }
        rows = []
        for i, g in enumerate(geoms):
            kind = ("wijkuitvoeringsplan", "windpark", "omgevingsvergunning")[i % 3]
            case = Case(
                reference=f"Z-2026-{i:06d}",
                process_id=kind,
                definition_id=definitions[kind],
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


def _app(platform: Any, layers: dict[str, Any]) -> Any:
    """The web app over the benchmark platform, with the benchmark layer as the configured layers (on
    PostgreSQL: loaded into its PostGIS, which the map then reads)."""
    from services import kaart, locatiecheck, users
    from web import create_app

    # a project leader whose groups are named in the lanes of the three procedures: the policy lets it
    # see every benchmark case (a user who sees none would measure an empty map)
    groups = ["Projectleider warmtetransitie", "Energie en Klimaat", "Vergunningen"]
    users.add_user(platform, "bench", groups=groups, role="projectleider", token="token-bench")
    if platform.is_postgres:
        locatiecheck.postgis_backend(platform.settings, platform.engine).sync(layers)
    else:
        kaart.configured_layers = lambda _platform: layers  # type: ignore[assignment]
    return create_app(platform.settings, platform=platform)


def _bare_cases(platform: Any, rd_box: tuple[float, ...], zoom: int) -> bytes:
    """The bare libraries doing the same work: read the geometries, simplify, reproject, serialise, gzip."""
    from sqlalchemy import select

    from services.store.models import Case

    with platform.uow(write=False) as uow:
        wkts = (
            uow.session.connection()
            .execute(
                select(Case.geometry_wkt).where(
                    Case.min_x <= rd_box[2],
                    Case.max_x >= rd_box[0],
                    Case.min_y <= rd_box[3],
                    Case.max_y >= rd_box[1],
                )
            )
            .scalars()
            .all()
        )
    return gzip.compress(",".join(_bare(shapely.from_wkt(np.array(wkts, dtype=object)), zoom)).encode(), 5)


def _bare_layer(layer: Any, rd_box: tuple[float, ...], zoom: int) -> bytes:
    idx = np.sort(layer.tree.query(shapely.box(*rd_box)))
    return gzip.compress(",".join(_bare(layer.geometries[idx], zoom)).encode(), 5)


def _spread(samples: list[float]) -> list[float]:
    return [round(min(samples), 1), round(max(samples), 1)]


def run(
    cases: int = 10_000, features: int = 100_000, repeat: int = 3, url: str | None = None
) -> list[dict[str, Any]]:
    """Interleaved A/B rounds: the map API over HTTP (gzip) and the bare libraries on the same geometries
    (``url``: the cases and the layer in that PostgreSQL database; the bare libraries read the same)."""
    rng = np.random.default_rng(20261123)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        platform = _setup_cases(Path(tmp), cases, rng, url)
        layers = _setup_layer(features, rng)
        layer = layers["bench_percelen"]
        layer.tree  # noqa: B018 - build the spatial index once, as the LayerCache does
        client = _app(platform, layers).test_client()
        headers = {"Authorization": "Bearer token-bench", "Accept-Encoding": "gzip"}
        out.append({"bench": "kaart_setup", "seconds": round(time.perf_counter() - t0, 1)})
        for zoom, rd_box in ((10, AREA_RD), (15, WINDOW_RD)):
            bbox = ",".join(f"{v:.5f}" for v in _wgs84(rd_box))
            urls = {
                "zaken": f"/api/v1/kaart/zaken?bbox={bbox}&zoom={zoom}",
                "laag": f"/api/v1/kaart/lagen/bench_percelen?bbox={bbox}&zoom={zoom}",
            }
            bare = {
                "zaken": functools.partial(_bare_cases, platform, rd_box, zoom),
                "laag": functools.partial(_bare_layer, layer, rd_box, zoom),
            }
            samples: dict[str, list[float]] = {f"{k}_{w}": [] for k in urls for w in ("api", "kaal")}
            wire: dict[str, Any] = {}
            for name in urls:  # warm up (lazy caches, bounds per layer)
                client.get(urls[name], headers=headers)
            for _ in range(repeat):  # interleaved: A then B, per round
                for name, url in urls.items():
                    t1 = time.perf_counter()
                    resp = client.get(url, headers=headers)
                    samples[f"{name}_api"].append((time.perf_counter() - t1) * 1000)
                    wire[name] = resp
                    t1 = time.perf_counter()
                    bare[name]()
                    samples[f"{name}_kaal"].append((time.perf_counter() - t1) * 1000)
            out.append(
                {**_line(zoom, rd_box, cases, features, samples, wire), "database": platform.engine.name}
            )
        platform.close()
    return out


def _line(
    zoom: int,
    rd_box: tuple[float, ...],
    cases: int,
    features: int,
    samples: dict[str, list[float]],
    wire: dict[str, Any],
) -> dict[str, Any]:
    line: dict[str, Any] = {
        "bench": f"kaart_zoom{zoom}",
        "bbox_km": _km(rd_box),  # type: ignore[arg-type]
        "zaken_totaal": cases,
        "laag_features": features,
    }
    total_bytes, total_ms = 0, 0.0
    for name, resp in wire.items():
        doc = (
            json.loads(gzip.decompress(resp.data))
            if resp.headers.get("Content-Encoding") == "gzip"
            else resp.json
        )
        if resp.status_code != 200 or not doc["aantal"]:
            raise RuntimeError(
                f"kaart {name}: {resp.status_code}, {doc.get('aantal')} in beeld: nothing measured"
            )
        api = statistics.median(samples[f"{name}_api"])
        kaal = statistics.median(samples[f"{name}_kaal"])
        total_bytes += len(resp.data)
        total_ms += api
        line[name] = {
            "features": len(doc["features"]),
            "clusters": doc.get("clusters", 0),
            "aantal": doc["aantal"],
            "bytes_gzip": len(resp.data),
            "bytes_json": len(gzip.decompress(resp.data))
            if resp.headers.get("Content-Encoding")
            else len(resp.data),
            "ms_median": round(api, 1),
            "ms_spread": _spread(samples[f"{name}_api"]),
            "kaal_ms_median": round(kaal, 1),
            "kaal_ms_spread": _spread(samples[f"{name}_kaal"]),
            "ratio": round(api / kaal, 2),
        }
    line.update(
        bytes_gzip_samen=total_bytes,
        ms_samen=round(total_ms, 1),
        doel_bytes=500_000,
        doel_ms=300,
        gehaald=all(line[n]["bytes_gzip"] <= 500_000 and line[n]["ms_median"] <= 300 for n in wire),
        load=[round(v, 2) for v in os.getloadavg()],
    )
    return line


def _km(box: tuple[float, float, float, float]) -> str:
    return f"{(box[2] - box[0]) / 1000:g}x{(box[3] - box[1]) / 1000:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    print(json.dumps({"bench": "kaart_load", "load": [round(v, 2) for v in os.getloadavg()]}), flush=True)
    parser.add_argument("--zaken", type=int, default=10_000)
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--postgres", action="store_true", help="cases and layer in RUIMTEFLOW_TEST_DATABASE_URL"
    )
    args = parser.parse_args()
    url = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL") if args.postgres else None
    if args.postgres and not (url or "").startswith("postgresql"):
        parser.error("--postgres vraagt RUIMTEFLOW_TEST_DATABASE_URL (PostgreSQL met PostGIS)")
    for line in run(args.zaken, args.features, args.repeat, url):
        print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
