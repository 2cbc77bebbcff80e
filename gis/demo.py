"""Deterministic demo layers for the fictional municipality "gemeente Ruimtedal" (Gelderland, Achterhoek).

The municipality lies at real RD coordinates around x=226000, y=448000, a rural area with no real
Natura 2000 site within 3 km, so demo and real layers never confuse each other; its own Natura 2000
area is "Ruimtedalse Heide (fictief)". Layers are written as GeoPackages with a ``lagen.toml``
(familie, bron "gegenereerd, demo", peildatum, licentie). Same seed, same data.

``scale`` > 1 adds ``scale - 1`` tiles of 12 x 10 km around the municipality with extra woningen,
percelen and gewaspercelen (about 20,000 features per tile; scale 52 gives more than 1,000,000
features), for benchmarks. Generated files are never committed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from gis import demo_features as features
from gis import demo_registers as registers
from gis.crs import RD_EPSG
from gis.demo_geometry import blob
from gis.metadata import DIRECTORY_FILE, LayerMeta

GEMEENTE_NAAM = "Ruimtedal"
GEMEENTECODE = "GM9901"
KADASTRALE_GEMEENTE = "RDL00"
DEMO_CENTRE_RD = (226_000.0, 448_000.0)
DEMO_BBOX_RD = (220_000.0, 443_000.0, 232_000.0, 453_000.0)
DEMO_SEED = 20261123
DEMO_PEILDATUM = dt.date(2026, 1, 1)
GENERATOR_VERSION = 2  # 2: lagen.toml declares gemeentegrens' naamkolom
TILE_SIZE = (12_000.0, 10_000.0)
TOWN_HOMES = 3000
RURAL_HOMES = 350
MARKER = ".gegenereerd"

SOURCE = "gegenereerd, demo (gis.demo, fictief)"
LICENCE = "CC0 1.0 (gegenereerde demodata)"
FAMILIES = {
    "woningen": ("wonen", "Woningen (BAG-verblijfsobjecten met woonfunctie)"),
    "panden": ("wonen", "Panden (BAG)"),
    "woningbouwlocaties": ("wonen", "Geplande woningbouwlocaties"),
    "percelen": ("bestuur", "Kadastrale percelen (BRK)"),
    "wijken": ("bestuur", "Wijken (CBS)"),
    "gemeente": ("bestuur", "Gemeentegebied"),
    "gemeentegrens": ("bestuur", "Gemeentegrens per buurgemeente"),
    "gewaspercelen": ("landbouw", "Gewaspercelen (BRP)"),
    "natura2000": ("natuur", "Natura 2000-gebieden"),
    "netcongestie": ("energie", "Capaciteitskaart netcongestie (afname en invoeding)"),
    "windzone": ("energie", "Windzones"),
    "windturbines": ("energie", "Bestaande windturbines"),
    "res_zoekgebied": ("energie", "RES-zoekgebieden"),
    "zonneparken": ("energie", "Zonneparken"),
    "warmtenet": ("energie", "Warmtenet (bestaand en gepland)"),
    "onderstations": ("energie", "Onderstations"),
    "drinkwaterleiding": ("veiligheid", "Drinkwaterleidingen"),
    "bevi": ("veiligheid", "Risicovolle inrichtingen (Bevi/Brzo)"),
    "bevi_contour": ("veiligheid", "Risicocontouren van Bevi/Brzo-inrichtingen"),
}
#: the column that names a feature where it is not ``naam``: a border conflict names the neighbour
NAME_COLUMNS = {"gemeentegrens": "buurgemeente"}


def demo_bbox_wgs84() -> tuple[float, float, float, float]:
    """The municipality's bounding box in WGS84 (lon_min, lat_min, lon_max, lat_max)."""
    from gis.crs import transformer

    return tuple(transformer(RD_EPSG, 4326).transform_bounds(*DEMO_BBOX_RD))  # type: ignore[return-value]


def _rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stream])


def _wijken(seed: int, gemeente: Any, town: Any) -> list[registers.Wijk]:
    """The town's wijken (homes spread by area) and the rural rest of the municipality as one wijk."""
    town_parts = features.town_wijken(_rng(seed, 2), town)
    areas = np.array([geom.area for _, geom in town_parts])
    homes_per_wijk = np.floor(TOWN_HOMES * areas / areas.sum()).astype(int)
    code4 = GEMEENTECODE[-4:]
    wijken = [
        registers.Wijk(f"WK{code4}{i:02d}", naam, geom, features.WIJK_ERAS[i], 7390 + i, int(homes))
        for i, ((naam, geom), homes) in enumerate(zip(town_parts, homes_per_wijk, strict=True))
    ]
    wijken.append(
        registers.Wijk(
            f"WK{code4}{len(wijken):02d}",
            "Buitengebied",
            gemeente.difference(town),
            (1880, 2020),
            7399,
            RURAL_HOMES,
        )
    )
    return wijken


def _wijken_frame(wijken: list[registers.Wijk], counts: pd.Series) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": list(range(1, len(wijken) + 1)),
            "code": [w.code for w in wijken],
            "naam": [w.naam for w in wijken],
            "gemeentecode": GEMEENTECODE,
            "aantal_woningen": [int(counts.get(w.code, 0)) for w in wijken],
        },
        geometry=[w.polygon for w in wijken],
        crs=RD_EPSG,
    )


def _base_layers(seed: int) -> dict[str, gpd.GeoDataFrame]:
    cx, cy = DEMO_CENTRE_RD
    gemeente, town = features.municipality(_rng(seed, 1), cx, cy)
    wijken = _wijken(seed, gemeente, town)
    woningen = registers.woningen(_rng(seed, 3), wijken, gemeentecode=GEMEENTECODE)
    counts = woningen["wijk_code"].value_counts()
    nature = features.nature(_rng(seed, 6), cx, cy)
    layers: dict[str, gpd.GeoDataFrame] = {
        "gemeente": features.frame(
            [
                {
                    "gemeentecode": GEMEENTECODE,
                    "gemeentenaam": GEMEENTE_NAAM,
                    "provincie": "Gelderland",
                    "buurgemeenten": ", ".join(name for _, name in features.NEIGHBOURS),
                }
            ],
            [gemeente],
        ),
        "gemeentegrens": features.border_lines(gemeente, cx, cy, GEMEENTECODE, GEMEENTE_NAAM),
        "wijken": _wijken_frame(wijken, counts),
        "woningen": woningen,
        "panden": registers.panden(woningen, _rng(seed, 4), gemeentecode=GEMEENTECODE),
        "percelen": registers.percelen(
            _rng(seed, 5), DEMO_BBOX_RD, 100.0, kadastrale_gemeente=KADASTRALE_GEMEENTE, within=gemeente
        ),
        "gewaspercelen": registers.gewaspercelen(
            _rng(seed, 7),
            DEMO_BBOX_RD,
            150.0,
            within=gemeente,
            outside=shapely.union_all([town.buffer(100.0), nature.geometry.iloc[0]]),
        ),
        "natura2000": nature,
        "netcongestie": features.congestion(cx, cy),
        "woningbouwlocaties": features.housing_sites(cx, cy),
        "zonneparken": features.solar(cx, cy),
        "onderstations": features.substations(cx, cy),
    }
    layers.update(features.wind(cx, cy))
    layers.update(features.networks(cx, cy))
    layers.update(features.safety(cx, cy))
    return layers


def _tile_offsets(count: int) -> list[tuple[int, int]]:
    """Tile positions around the municipality, nearest first (deterministic)."""
    radius = 1
    while (2 * radius + 1) ** 2 - 1 < count:
        radius += 1
    cells = [
        (i, j) for i in range(-radius, radius + 1) for j in range(-radius, radius + 1) if (i, j) != (0, 0)
    ]
    cells.sort(key=lambda c: (c[0] ** 2 + c[1] ** 2, np.arctan2(c[1], c[0])))
    return cells[:count]


def _extra_tiles(seed: int, scale: int, start_ids: dict[str, int]) -> dict[str, list[gpd.GeoDataFrame]]:
    extra: dict[str, list[gpd.GeoDataFrame]] = {"woningen": [], "percelen": [], "gewaspercelen": []}
    next_id = dict(start_ids)
    for tile, (i, j) in enumerate(_tile_offsets(scale - 1), start=1):
        x0 = DEMO_BBOX_RD[0] + i * TILE_SIZE[0]
        y0 = DEMO_BBOX_RD[1] + j * TILE_SIZE[1]
        bbox = (x0, y0, x0 + TILE_SIZE[0], y0 + TILE_SIZE[1])
        rng = _rng(seed, 100 + tile)
        villages = [
            blob(rng, x0 + rng.uniform(2500, 9500), y0 + rng.uniform(2000, 8000), 900.0, 700.0, wobble=0.15)
            for _ in range(3)
        ]
        code4 = f"98{tile % 100:02d}"
        wijken = [
            registers.Wijk(f"WK{code4}{k:02d}", f"Dorp {tile}-{k}", v, (1900, 2024), 6000 + tile % 1000, 1100)
            for k, v in enumerate(villages)
        ]
        homes = registers.woningen(rng, wijken, gemeentecode=f"GM{code4}", id_start=next_id["woningen"])
        parcels = registers.percelen(
            rng, bbox, 100.0, kadastrale_gemeente=f"RDX{tile:02d}", id_start=next_id["percelen"]
        )
        crops = registers.gewaspercelen(
            rng, bbox, 150.0, outside=shapely.union_all(villages), id_start=next_id["gewaspercelen"]
        )
        for name, frame in (("woningen", homes), ("percelen", parcels), ("gewaspercelen", crops)):
            extra[name].append(frame)
            next_id[name] += len(frame)
    return extra


def build_demo_frames(*, scale: int = 1, seed: int = DEMO_SEED) -> dict[str, gpd.GeoDataFrame]:
    """All demo layers in memory (EPSG:28992), keyed by layer name."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    layers = _base_layers(seed)
    if scale > 1:
        starts = {
            name: int(layers[name]["id"].max()) + 1 for name in ("woningen", "percelen", "gewaspercelen")
        }
        for name, parts in _extra_tiles(seed, scale, starts).items():
            layers[name] = gpd.GeoDataFrame(pd.concat([layers[name], *parts], ignore_index=True), crs=RD_EPSG)
    return dict(sorted(layers.items()))


def _metadata(name: str) -> LayerMeta:
    familie, titel = FAMILIES[name]
    return LayerMeta(
        familie=familie,
        bron=SOURCE,
        peildatum=DEMO_PEILDATUM,
        licentie=LICENCE,
        titel=titel,
        naamkolom=NAME_COLUMNS.get(name),
    )


def generate_demo_layers(out_dir: Path, *, scale: int = 1, seed: int = DEMO_SEED) -> list[Path]:
    """Write every demo layer as ``<out_dir>/<name>.gpkg`` plus ``lagen.toml``; returns the layer files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    tables = []
    for name, frame in build_demo_frames(scale=scale, seed=seed).items():
        path = out_dir / f"{name}.gpkg"
        if path.exists():
            path.unlink()
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
        paths.append(path)
        tables.append(f"[{name}]\n{_metadata(name).to_toml()}")
    header = f"# Gegenereerd door gis.demo (versie {GENERATOR_VERSION}, seed {seed}, scale {scale}); niet bewerken.\n\n"
    (out_dir / DIRECTORY_FILE).write_text(header + "\n".join(tables), encoding="utf-8")
    return paths


def _marker_text(scale: int, seed: int) -> str:
    return f"versie={GENERATOR_VERSION} seed={seed} scale={scale}\n"


def generated_dir(
    target: Path,
    *,
    scale: int = 1,
    seed: int = DEMO_SEED,
    generate: Callable[..., list[Path]] = generate_demo_layers,
) -> Path:
    """Generate into ``target`` unless it already holds this version/seed/scale (atomic, race-safe)."""
    marker = target / MARKER
    expected = _marker_text(scale, seed)
    if marker.is_file() and marker.read_text(encoding="utf-8") == expected:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        generate(staging, scale=scale, seed=seed)
        (staging / MARKER).write_text(expected, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(staging, target)
        except OSError:
            if not (marker.is_file() and marker.read_text(encoding="utf-8") == expected):
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def demo_layers_dir(instance_dir: Path) -> Path:
    """``<instance_dir>/gis/demo-lagen``, generated on first use; cheap to call again."""
    return generated_dir(Path(instance_dir) / "gis" / "demo-lagen")
