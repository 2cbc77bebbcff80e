"""Register-like demo tables: woningen (BAG), panden, percelen (BRK), gewaspercelen (BRP).

Column conventions follow the real registers; values are fictional. Everything is vectorised so
the benchmark scale (1,000,000+ features) generates in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from gis.crs import RD_EPSG
from gis.demo_geometry import clustered_points, jittered_grid, points_in

LABELS = np.array(list("ABCDEFG"))
EIGENDOM = np.array(["koop", "sociale_huur", "particuliere_huur"])
EIGENDOM_SHARE = [0.57, 0.29, 0.14]
LETTERS = np.array(list("ABCDEFGHJKLMNPRSTVWXZ"))
# (gewascode, gewas, category) as in the BRP gewaspercelen
CROPS = [
    (265, "Grasland, blijvend", "Grasland"),
    (266, "Grasland, tijdelijk", "Grasland"),
    (259, "Maïs, snij-", "Bouwland"),
    (233, "Tarwe, winter-", "Bouwland"),
    (2014, "Aardappelen, consumptie", "Bouwland"),
    (256, "Bieten, suiker-", "Bouwland"),
    (236, "Gerst, zomer-", "Bouwland"),
    (331, "Grasland, natuurlijk. Hoofdfunctie landbouw.", "Grasland"),
]
CROP_SHARE = [0.38, 0.12, 0.22, 0.08, 0.06, 0.05, 0.04, 0.05]


@dataclass(frozen=True)
class Wijk:
    code: str
    naam: str
    polygon: shapely.Geometry
    bouwjaar: tuple[int, int]
    postcode: int
    woningen: int


def woningen(
    rng: np.random.Generator, wijken: list[Wijk], *, gemeentecode: str, id_start: int = 1
) -> gpd.GeoDataFrame:
    """BAG-like address points (woonfunctie), clustered along 'streets' inside each wijk."""
    parts = []
    for wijk in wijken:
        if wijk.woningen <= 0:
            continue
        clusters = max(3, wijk.woningen // 60)
        if wijk.naam == "Buitengebied":
            xy = points_in(rng, wijk.polygon, wijk.woningen)
        else:
            xy = clustered_points(rng, wijk.polygon, wijk.woningen, clusters=clusters, spread=70.0)
        n = len(xy)
        bouwjaar = rng.integers(wijk.bouwjaar[0], wijk.bouwjaar[1] + 1, n)
        parts.append((xy, bouwjaar, np.full(n, wijk.code, dtype=object), np.full(n, wijk.postcode)))
    xy = np.vstack([p[0] for p in parts])
    bouwjaar = np.concatenate([p[1] for p in parts])
    wijk_code = np.concatenate([p[2] for p in parts])
    pc4 = np.concatenate([p[3] for p in parts])
    n = len(xy)
    ids = np.arange(id_start, id_start + n, dtype=np.int64)
    # newer homes have better labels; a quarter has no registered label
    label_index = np.clip(((2025 - bouwjaar) / 22.0 + rng.normal(0, 0.9, n)).round().astype(int), 0, 6)
    label = LABELS[label_index].astype(object)
    label[rng.random(n) < 0.25] = None
    letters = LETTERS[rng.integers(0, len(LETTERS), (n, 2))]
    postcode = [f"{p}{a}{b}" for p, a, b in zip(pc4.tolist(), letters[:, 0], letters[:, 1], strict=True)]
    code4 = gemeentecode[-4:]
    return gpd.GeoDataFrame(
        {
            "id": ids,
            "identificatie": [f"{code4}01{i:010d}" for i in ids.tolist()],
            "postcode": postcode,
            "huisnummer": rng.integers(1, 180, n),
            "bouwjaar": bouwjaar,
            "energielabel": label,
            "eigendom": EIGENDOM[rng.choice(3, n, p=EIGENDOM_SHARE)],
            "wijk_code": wijk_code,
        },
        geometry=shapely.points(xy),
        crs=RD_EPSG,
    )


def panden(homes: gpd.GeoDataFrame, rng: np.random.Generator, *, gemeentecode: str) -> gpd.GeoDataFrame:
    """A building footprint around every home (BAG pand-like)."""
    x = shapely.get_x(homes.geometry.values)
    y = shapely.get_y(homes.geometry.values)
    half_w = rng.uniform(4.0, 7.0, len(homes))
    half_h = rng.uniform(3.5, 6.0, len(homes))
    code4 = gemeentecode[-4:]
    return gpd.GeoDataFrame(
        {
            "id": homes["id"].to_numpy(),
            "identificatie": [f"{code4}10{i:010d}" for i in homes["id"].tolist()],
            "oorspronkelijkbouwjaar": homes["bouwjaar"].to_numpy(),
            "status": "Pand in gebruik",
        },
        geometry=shapely.box(x - half_w, y - half_h, x + half_w, y + half_h),
        crs=RD_EPSG,
    )


def percelen(
    rng: np.random.Generator,
    bbox: tuple[float, float, float, float],
    cell: float,
    *,
    kadastrale_gemeente: str,
    within: shapely.Geometry | None = None,
    id_start: int = 1,
) -> gpd.GeoDataFrame:
    """Cadastral parcels tiling ``bbox`` (optionally only those centred in ``within``)."""
    geoms = jittered_grid(rng, *bbox, cell)
    if within is not None:
        centres = shapely.centroid(geoms)
        shapely.prepare(within)
        geoms = geoms[shapely.contains(within, centres)]
    n = len(geoms)
    centres_x = shapely.get_x(shapely.centroid(geoms))
    # a section letter per 2 km band, numbers counting up within the section
    band = ((centres_x - bbox[0]) // 2000).astype(int)
    sectie = np.array(list("ABCDEFGHIKLMNOPQRSTUVWXYZ"))[np.clip(band, 0, 24)]
    order = np.argsort(band, kind="stable")
    nummer = np.empty(n, dtype=np.int64)
    for letter in np.unique(sectie):
        members = order[sectie[order] == letter]
        nummer[members] = np.arange(1, len(members) + 1)
    areas = shapely.area(geoms)
    return gpd.GeoDataFrame(
        {
            "id": np.arange(id_start, id_start + n, dtype=np.int64),
            "identificatie": [
                f"{kadastrale_gemeente}-{s}-{k}"
                for s, k in zip(sectie.tolist(), nummer.tolist(), strict=True)
            ],
            "kadastrale_gemeente": kadastrale_gemeente,
            "sectie": sectie,
            "perceelnummer": nummer,
            "kadastrale_grootte_m2": np.round(areas).astype(np.int64),
        },
        geometry=geoms,
        crs=RD_EPSG,
    )


def gewaspercelen(
    rng: np.random.Generator,
    bbox: tuple[float, float, float, float],
    cell: float,
    *,
    outside: shapely.Geometry | None = None,
    within: shapely.Geometry | None = None,
    jaar: int = 2025,
    id_start: int = 1,
) -> gpd.GeoDataFrame:
    """BRP-like crop parcels: a coarser grid, not aligned with the cadastre, away from towns/nature."""
    geoms = jittered_grid(rng, *bbox, cell, jitter=0.22)
    centres = shapely.centroid(geoms)
    keep = np.ones(len(geoms), dtype=bool)
    if within is not None:
        shapely.prepare(within)
        keep &= shapely.contains(within, centres)
    if outside is not None:
        shapely.prepare(outside)
        keep &= ~shapely.intersects(outside, geoms)
    # leave out some cells (farm yards, woods, roads)
    keep &= rng.random(len(geoms)) > 0.12
    geoms = geoms[keep]
    n = len(geoms)
    # shrink a little so parcels do not share edges, like real field boundaries with ditches
    geoms = shapely.buffer(geoms, -2.0, join_style="mitre")
    crop = rng.choice(len(CROPS), n, p=CROP_SHARE)
    codes = np.array([c[0] for c in CROPS])[crop]
    return gpd.GeoDataFrame(
        {
            "id": np.arange(id_start, id_start + n, dtype=np.int64),
            "gewas": np.array([c[1] for c in CROPS], dtype=object)[crop],
            "gewascode": codes,
            "category": np.array([c[2] for c in CROPS], dtype=object)[crop],
            "jaar": jaar,
            "status": "Definitief",
        },
        geometry=geoms,
        crs=RD_EPSG,
    )
