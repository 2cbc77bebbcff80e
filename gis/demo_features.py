"""Thematic demo layers of gemeente Ruimtedal: borders, nature, energy, grid, safety, plans.

Positions are offsets in metres from the municipality's centre, chosen so the shipped rules produce
a few conflicts of every kind (a housing site overlapping the wind zone, a planned heat route next to a
drinking-water main, a housing site in a red offtake congestion area, ...). All names are fictional.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from gis.crs import RD_EPSG
from gis.demo_geometry import blob, jittered_grid, offset_line, rectangle

NEIGHBOURS = [
    ("GM9902", "Noorderbroek (fictief)"),
    ("GM9903", "Oosterhoeve (fictief)"),
    ("GM9904", "Zuiderwaard (fictief)"),
    ("GM9905", "Westervelde (fictief)"),
]
WIJK_NAMES = [
    "Westerkamp",
    "Oude Dorp",
    "Centrum",
    "Molenbuurt",
    "Beekdal",
    "De Esch",
    "Het Veld",
    "Oostrand",
]
WIJK_ERAS = [
    (1965, 1985),
    (1890, 1940),
    (1900, 1960),
    (1950, 1975),
    (1975, 1995),
    (1995, 2010),
    (2005, 2024),
    (1985, 2005),
]
NETBEHEERDER = "Netbeheerder Oost (fictief)"


def frame(rows: list[dict[str, Any]], geometries: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    data: dict[str, Any] = {"id": list(range(1, len(rows) + 1))}
    data.update({key: [row[key] for row in rows] for key in rows[0]})
    return gpd.GeoDataFrame(data, geometry=geometries, crs=RD_EPSG)


def municipality(rng: np.random.Generator, cx: float, cy: float) -> tuple[shapely.Polygon, shapely.Polygon]:
    """(municipality polygon, town polygon)."""
    gemeente = blob(rng, cx, cy, 5500.0, 4500.0, wobble=0.08, vertices=96)
    town = blob(rng, cx, cy, 1600.0, 1250.0, wobble=0.10, vertices=64)
    return gemeente, town


def town_wijken(rng: np.random.Generator, town: shapely.Polygon) -> list[tuple[str, shapely.Geometry]]:
    """Eight wijken tiling the town (a jittered 4 x 2 grid clipped to the town), west to east."""
    x0, y0, x1, y1 = town.bounds
    cells = jittered_grid(rng, x0 - 1, y0 - 1, x1 + 1, y1 + 1, 0.0, jitter=0.15, counts=(4, 2))
    parts = shapely.intersection(cells, town)
    return list(zip(WIJK_NAMES, parts, strict=True))


def border_lines(
    gemeente: shapely.Polygon, cx: float, cy: float, gemeentecode: str, naam: str
) -> gpd.GeoDataFrame:
    """The municipal border split into one line per neighbour (north, east, south, west)."""
    ring = np.asarray(gemeente.exterior.coords)[:-1]
    angle = np.degrees(np.arctan2(ring[:, 1] - cy, ring[:, 0] - cx)) % 360
    sector = (((angle + 45) % 360) // 90).astype(int)  # 0 east, 1 north, 2 west, 3 south
    order = {1: 0, 0: 1, 3: 2, 2: 3}  # neighbour index per sector
    rows, geoms = [], []
    n = len(ring)
    for s in (1, 0, 3, 2):
        idx = np.flatnonzero(sector == s)
        # walk the ring from the first vertex of this sector, one vertex into the next sector
        start = next(i for i in idx if sector[(i - 1) % n] != s)
        coords = [ring[(start + k) % n] for k in range(len(idx) + 1)]
        code, buur = NEIGHBOURS[order[s]]
        rows.append(
            {
                "gemeentecode": gemeentecode,
                "gemeentenaam": naam,
                "buurgemeentecode": code,
                "buurgemeente": buur,
            }
        )
        geoms.append(shapely.LineString(coords))
    return frame(rows, geoms)


def nature(rng: np.random.Generator, cx: float, cy: float) -> gpd.GeoDataFrame:
    area = blob(rng, cx - 5000, cy + 3800, 2200.0, 1600.0, wobble=0.15, vertices=120, rotation=0.4)
    return frame(
        [
            {
                "naam": "Ruimtedalse Heide (fictief)",
                "n2k_nummer": 999,
                "richtlijn": "Habitatrichtlijn",
                "stikstofgevoelig": True,
                "area_ha": round(area.area / 10_000, 1),
            }
        ],
        [area],
    )


def wind(cx: float, cy: float) -> dict[str, gpd.GeoDataFrame]:
    zone = rectangle(cx + 3300, cy - 3000, 2600, 1400, rotation=0.3)
    axis = np.array([np.cos(0.3), np.sin(0.3)])
    turbines = [
        shapely.Point(cx + 3300 + t * axis[0], cy - 3000 + t * axis[1]) for t in (-900, -300, 300, 900)
    ]
    return {
        "windzone": frame([{"naam": "Windzone De Kamp", "status": "vastgesteld"}], [zone]),
        "windturbines": frame(
            [
                {
                    "naam": f"WT De Kamp {i}",
                    "ashoogte_m": 120,
                    "rotordiameter_m": 136,
                    "vermogen_mw": 4.2,
                    "status": "in bedrijf",
                }
                for i in range(1, 5)
            ],
            turbines,
        ),
        "res_zoekgebied": frame(
            [
                {
                    "naam": "Zoekgebied wind De Kamp",
                    "res_regio": "RES-regio Ruimtedal (fictief)",
                    "type": "wind",
                },
                {
                    "naam": "Zoekgebied zon Westveld",
                    "res_regio": "RES-regio Ruimtedal (fictief)",
                    "type": "zon",
                },
            ],
            [zone.buffer(600.0), rectangle(cx - 3500, cy - 2500, 2400, 1600, rotation=-0.2)],
        ),
    }


def solar(cx: float, cy: float) -> gpd.GeoDataFrame:
    rows = [
        {"naam": "Zonnepark Westveld", "vermogen_mwp": 14.5, "status": "in bedrijf"},
        {"naam": "Zonnepark Hooiland", "vermogen_mwp": 6.0, "status": "vergund"},
        {"naam": "Zonnepark Beekweide", "vermogen_mwp": 3.2, "status": "in bedrijf"},
    ]
    geoms = [
        rectangle(cx - 3600, cy - 2400, 600, 400, 0.1),
        rectangle(cx + 1000, cy + 3300, 500, 300, -0.2),
        rectangle(cx - 2600, cy + 1900, 350, 250, 0.0),
    ]
    for row, geom in zip(rows, geoms, strict=True):
        row["oppervlakte_ha"] = round(geom.area / 10_000, 1)
    return frame(rows, geoms)


def housing_sites(cx: float, cy: float) -> gpd.GeoDataFrame:
    rows = [
        {"naam": "Kampse Velden", "plancapaciteit": 420, "fase": "zacht", "opleverjaar": 2031},
        {"naam": "Oostrand", "plancapaciteit": 180, "fase": "hard", "opleverjaar": 2028},
        {"naam": "Noorderhof", "plancapaciteit": 95, "fase": "hard", "opleverjaar": 2027},
        {"naam": "Westerkamp-Zuid", "plancapaciteit": 140, "fase": "zacht", "opleverjaar": 2030},
        {"naam": "Stationskwartier", "plancapaciteit": 260, "fase": "hard", "opleverjaar": 2029},
    ]
    geoms = [
        rectangle(cx + 2200, cy - 2450, 900, 600, 0.3),
        rectangle(cx + 1900, cy + 300, 500, 400, 0.0),
        rectangle(cx - 400, cy + 1500, 400, 300, 0.1),
        rectangle(cx - 1900, cy - 600, 450, 350, -0.1),
        rectangle(cx + 300, cy - 400, 250, 200, 0.0),
    ]
    return frame(rows, geoms)


def congestion(cx: float, cy: float) -> gpd.GeoDataFrame:
    east = shapely.box(cx + 200, cy - 7000, cx + 9000, cy + 7000)
    west = shapely.box(cx - 9000, cy - 7000, cx + 200, cy + 7000)
    south = shapely.box(cx - 9000, cy - 7000, cx + 9000, cy - 500)
    north = shapely.box(cx - 9000, cy - 500, cx + 9000, cy + 7000)
    rows = [
        {"naam": "Ruimtedal-Oost", "richting": "afname", "kleur": "rood", "wachtrij": 37},
        {"naam": "Ruimtedal-West", "richting": "afname", "kleur": "geel", "wachtrij": 0},
        {"naam": "Buitengebied-Zuid", "richting": "invoeding", "kleur": "rood", "wachtrij": 52},
        {"naam": "Buitengebied-Noord", "richting": "invoeding", "kleur": "oranje", "wachtrij": 11},
    ]
    for row in rows:
        row["netbeheerder"] = NETBEHEERDER
    return frame(rows, [east, west, south, north])


def networks(cx: float, cy: float) -> dict[str, gpd.GeoDataFrame]:
    main = shapely.LineString([(cx - 1200, cy - 100), (cx - 300, cy - 50), (cx + 900, cy + 200)])
    east = shapely.LineString([(cx + 900, cy + 200), (cx + 1900, cy + 300), (cx + 2100, cy - 300)])
    north = shapely.LineString([(cx, cy + 60), (cx + 100, cy + 1100)])
    trunk = shapely.LineString(
        [(cx + 500, cy + 5200), (cx + 450, cy + 1500), (cx + 380, cy - 1500), (cx + 420, cy - 5200)]
    )
    beside_east = offset_line(east, 1.0)
    ring = shapely.LineString(
        [(cx - 900, cy + 700), (cx - 900, cy - 700), (cx - 200, cy - 800), (cx - 200, cy - 300)]
    )
    return {
        "warmtenet": frame(
            [
                {"naam": "Hoofdleiding Centrum", "status": "bestaand", "diameter_mm": 300},
                {"naam": "Tracé Oost", "status": "gepland", "diameter_mm": 200},
                {"naam": "Tracé Noord", "status": "gepland", "diameter_mm": 150},
            ],
            [main, east, north],
        ).assign(warmtebedrijf="Warmtebedrijf Ruimtedal (fictief)"),
        "drinkwaterleiding": frame(
            [
                {"naam": "Transportleiding Noord-Zuid", "diameter_mm": 400, "materiaal": "gietijzer"},
                {"naam": "Distributieleiding Oost", "diameter_mm": 160, "materiaal": "PVC"},
                {"naam": "Distributieleiding West", "diameter_mm": 110, "materiaal": "PE"},
            ],
            [trunk, beside_east, ring],
        ).assign(beheerder="Waterbedrijf Ruimtedal (fictief)"),
    }


def safety(cx: float, cy: float) -> dict[str, gpd.GeoDataFrame]:
    rows = [
        {
            "naam": "LPG-tankstation De Rotonde",
            "categorie": "Bevi",
            "type": "LPG-tankstation",
            "risicocontour_m": 150,
        },
        {
            "naam": "Ruimtedal Chemie (fictief)",
            "categorie": "Brzo",
            "type": "chemische industrie",
            "risicocontour_m": 450,
        },
        {
            "naam": "Gasontvangstation Beekdal",
            "categorie": "Bevi",
            "type": "gasontvangstation",
            "risicocontour_m": 60,
        },
    ]
    points = [
        shapely.Point(cx + 1300, cy - 900),
        shapely.Point(cx + 2600, cy + 800),
        shapely.Point(cx - 1700, cy - 1500),
    ]
    contours = [p.buffer(r["risicocontour_m"], quad_segs=16) for p, r in zip(points, rows, strict=True)]
    return {"bevi": frame(rows, points), "bevi_contour": frame([dict(r) for r in rows], contours)}


def substations(cx: float, cy: float) -> gpd.GeoDataFrame:
    return frame(
        [
            {"naam": "Onderstation Ruimtedal", "spanning_kv": 150, "netbeheerder": NETBEHEERDER},
            {"naam": "Schakelstation Westveld", "spanning_kv": 10, "netbeheerder": NETBEHEERDER},
        ],
        [shapely.Point(cx + 2800, cy - 800), shapely.Point(cx - 3200, cy - 1800)],
    )
