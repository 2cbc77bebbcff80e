"""A small inline-SVG map of a case location and its conflicting features (RD New metres, no tiles)."""

from __future__ import annotations

from typing import Any

MIN_EXTENT = 60.0
NICE = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000]


def _geom(wkt: str | None) -> Any:
    if not wkt:
        return None
    from shapely import wkt as shapely_wkt

    try:
        g = shapely_wkt.loads(wkt)
    except Exception:  # noqa: BLE001 - a bad stored geometry must not break the case page
        return None
    return None if g.is_empty else g


def _shape(kind: str, label: str, g: Any, ox: float, oy: float) -> dict[str, Any]:
    """One geometry as SVG path data and circles, in coordinates from the top-left corner (ox, oy)."""

    def pt(x: float, y: float) -> str:
        return f"{x - ox:.1f} {oy - y:.1f}"

    paths, circles = [], []
    for part in getattr(g, "geoms", [g]):
        gt = part.geom_type
        if gt == "Polygon":
            for ring in [part.exterior, *part.interiors]:
                paths.append("M " + " L ".join(pt(x, y) for x, y in ring.coords[:-1]) + " Z")
        elif gt in ("LineString", "LinearRing"):
            paths.append("M " + " L ".join(pt(x, y) for x, y in part.coords))
        elif gt == "Point":
            circles.append({"x": round(part.x - ox, 1), "y": round(oy - part.y, 1)})
        elif hasattr(part, "geoms"):
            for sub in part.geoms:
                c = sub.centroid
                circles.append({"x": round(c.x - ox, 1), "y": round(oy - c.y, 1)})
    return {"soort": kind, "label": label, "pad": " ".join(paths), "punten": circles}


def build(
    case_wkt: str | None, conflicts: list[dict[str, Any]], geometries: dict[Any, str]
) -> dict[str, Any] | None:
    """The SVG parts (viewBox, paths, circles, scale bar), or None when the case has no geometry."""
    case_geom = _geom(case_wkt)
    if case_geom is None:
        return None
    layers: list[tuple[str, str, Any]] = []
    for c in conflicts:
        g = _geom(geometries.get(c["id"]) or geometries.get(str(c["id"])))
        if g is not None:
            layers.append((f"conflict {c['ernst']}", f"{c['laag']} {c['feature_id']}", g))
    layers.append(("zaak", "locatie van de zaak", case_geom))
    minx, miny, maxx, maxy = case_geom.bounds
    for _, _, g in layers:
        bx = g.bounds
        minx, miny, maxx, maxy = min(minx, bx[0]), min(miny, bx[1]), max(maxx, bx[2]), max(maxy, bx[3])
    w, h = maxx - minx, maxy - miny
    extent = max(w, h, MIN_EXTENT)
    pad = extent * 0.12
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w, half_h = max(w, extent * 0.75) / 2 + pad, max(h, extent * 0.5) / 2 + pad
    ox, oy = cx - half_w, cy + half_h
    width, height = 2 * half_w, 2 * half_h

    shapes = [_shape(kind, label, g, ox, oy) for kind, label, g in layers]
    bar = next((n for n in NICE if n >= width / 5), NICE[-1])
    return {
        "viewbox": f"0 0 {width:.1f} {height:.1f}",
        "breedte": round(width, 1),
        "hoogte": round(height, 1),
        "vormen": shapes,
        "straal": round(extent / 40, 1),
        "lijn": round(extent / 150, 2),
        "schaal": {
            "lengte": bar,
            "tekst": f"{bar} m" if bar < 1000 else f"{bar // 1000} km",
            "x": round(width * 0.04, 1),
            "y": round(height * 0.94, 1),
        },
        "tekstgrootte": round(width / 28, 1),
        "getekende_conflicten": len(layers) - 1,
    }
