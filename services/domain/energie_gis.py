"""Layers and geometry for the energy services: wijk lookup, wijkanalyse, municipality check, case links.

Layers come from the locatiecheck's layer source (``services.locatiecheck``) as GeoDataFrames in
EPSG:28992: the in-memory layers with SQLite, or a :class:`services.store.postgis_read.PostgisFrames` with
PostgreSQL, whose queries run in PostGIS on the step's own connection (no layer in the worker, no
second session), in one state of the layers with their catalog (a `gis load` meanwhile waits for the
step, as for the step's locatiecheck). Every function works without layers and then says so
("geen lagen beschikbaar"), so models and tests do not depend on GIS data. Tests (and tools) may set
another source on their Platform (``Platform.layer_source``), which reaches the step as
``StepContext.layer_source``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from shapely import wkt as shapely_wkt
from shapely.geometry.base import BaseGeometry

from gis.matching import lies_in
from processes import warmte
from processes.case_summary import CaseSummary
from processes.errors import RuimteflowError
from processes.nederlands import omlaag
from services.engine.context import LayerSource, StepContext

Lagen = Mapping[str, Any]  # layer name -> GeoDataFrame (EPSG:28992)
GEEN_LAGEN = "geen lagen beschikbaar"
#: Processes that compete for grid capacity per direction when their case has no transportverzoek of its own.
NETRICHTING_PROCESSEN = {"invoeding": {"windpark"}, "afname": {"wijkuitvoeringsplan", "woningbouw"}}


def lagen(ctx: StepContext | None, settings: Any = None, source: LayerSource | None = None) -> Lagen | None:
    """The layers as GeoDataFrames, or None when none are configured or they cannot be read. They come
    from ``source`` (a caller without a step passes its Platform's ``layer_source``), else from the
    step's source, else (both None) from the locatiecheck's configured layers."""
    source = source or (ctx.layer_source if ctx else None)
    if source is not None:
        return source(ctx)
    from services.config import Settings
    from services.locatiecheck import layers, uses_postgis

    settings = settings or (ctx.settings if ctx else None) or Settings()
    try:
        if uses_postgis(settings):
            return _postgis_frames(ctx, settings)
        found = layers(settings)
    except (RuimteflowError, OSError):
        return None
    return {name: getattr(layer, "frame", layer) for name, layer in found.items()}


def _postgis_frames(ctx: StepContext | None, settings: Any) -> Lagen | None:
    """The PostGIS layers: a step's on its connection, with their catalog of one state of the layers
    (services.locatiecheck.step_layers); without a step, each query a transaction of its own."""
    from services.locatiecheck import postgis_backend, postgis_catalog, step_layers
    from services.store.postgis_read import PostgisFrames, PostgisLayers

    if ctx is not None:
        backend, catalog = step_layers(settings, ctx.reads.connection())
    else:
        backend = postgis_backend(settings)
        catalog = postgis_catalog(settings, backend)
    return PostgisFrames(PostgisLayers(backend, catalog)) if catalog else None


def geometrie(wkt: str | None) -> BaseGeometry | None:
    return shapely_wkt.loads(wkt) if wkt else None


def punten(geom: BaseGeometry | None) -> list[tuple[float, float]]:
    """The point parts of a geometry (turbine locations), in order."""
    if geom is None:
        return []
    if geom.geom_type == "Point":
        return [(geom.x, geom.y)]
    if geom.geom_type in ("MultiPoint", "GeometryCollection"):
        return [p for g in geom.geoms for p in punten(g)]
    return []


def _in_postgis(lg: Lagen | None) -> bool:
    return hasattr(lg, "reader")


def _has(lg: Lagen | None, name: str) -> bool:
    """Does the layer exist and hold features (without reading it from PostGIS)?"""
    if _in_postgis(lg):
        return bool(lg.count(name))  # type: ignore[union-attr]
    frame = (lg or {}).get(name)
    return frame is not None and len(frame) > 0


def _columns(lg: Lagen, name: str) -> tuple[str, ...]:
    return lg.columns(name) if _in_postgis(lg) else tuple(lg[name].columns)  # type: ignore[attr-defined]


def _hits(lg: Lagen | None, name: str, geom: BaseGeometry) -> Any:
    """The features of a layer that intersect ``geom`` (a GeoDataFrame, index = row in the layer)."""
    if _in_postgis(lg):
        return lg.reader.frame(name, geom)  # type: ignore[union-attr]
    frame = lg[name]  # type: ignore[index]
    idx = frame.sindex.query(geom, predicate="intersects")
    return frame.iloc[sorted(set(int(i) for i in idx))]


def _ligt_in(geom: BaseGeometry, features: Sequence[BaseGeometry]) -> np.ndarray:
    """Which features the geometry lies in, as the locatiecheck's snijdt (gis.matching.lies_in): a plot
    that only borders an area is not in it, a turbine on the border of two areas is in both."""
    found = np.empty(len(features), dtype=object)
    found[:] = list(features)
    subject = np.full(len(found), geom, dtype=object)
    return shapely.intersects(subject, found) & lies_in(subject, found)


def _in(lg: Lagen | None, name: str, geom: BaseGeometry) -> Any:
    """The features of a layer that ``geom`` lies in (a GeoDataFrame, index = row in the layer)."""
    hits = _hits(lg, name, geom)
    return hits[_ligt_in(geom, list(hits.geometry))]


def _min_distance(lg: Lagen, name: str, geom: BaseGeometry) -> float:
    if _in_postgis(lg):
        return float(lg.reader.min_distance(name, geom))  # type: ignore[attr-defined]
    return float(min(lg[name].geometry.distance(geom)))


def wijk(lg: Lagen | None, code: str) -> dict[str, Any] | None:
    """A wijk (or buurt) of the ``wijken`` layer by code: {code, naam, wkt}."""
    if not _has(lg, "wijken") or "code" not in _columns(lg, "wijken"):  # type: ignore[arg-type]
        return None
    if _in_postgis(lg):
        rows = lg.reader.frame("wijken", equals=("code", code))  # type: ignore[union-attr]
    else:
        frame = lg["wijken"]  # type: ignore[index]
        rows = frame[frame["code"].astype(str) == str(code)]
    if not len(rows):
        return None
    row = rows.iloc[0]
    return {"code": str(row["code"]), "naam": str(row.get("naam") or code), "wkt": row.geometry.wkt}


def aandeel_in(geom: BaseGeometry, gebied: BaseGeometry) -> float:
    """The share of ``geom`` (by area, else by length) that lies in ``gebied``: 1.0 for a point inside."""
    binnen = geom.intersection(gebied)
    if geom.area > 0:
        return float(binnen.area / geom.area)
    if geom.length > 0:
        return float(binnen.length / geom.length)
    return 1.0 if gebied.covers(geom) else 0.0


def wijkanalyse(lg: Lagen | None, geom: BaseGeometry | None) -> dict[str, Any]:
    """Building stock, owner and label mix, heat-network potential, offtake congestion, underground conflicts."""
    if geom is None:
        return {"beschikbaar": False, "opmerking": "geen geometrie van de wijk"}
    if not lg:
        return {"beschikbaar": False, "opmerking": GEEN_LAGEN}
    out: dict[str, Any] = {"beschikbaar": True, "lagen": sorted(lg)}
    woningen = _has(lg, "woningen")
    records: list[dict[str, Any]] = []
    if woningen:
        hits = _hits(lg, "woningen", geom)
        cols = [c for c in ("eigendom", "energielabel") if c in hits.columns]
        records = hits[cols].to_dict("records") if cols else [{} for _ in range(len(hits))]
    out.update(warmte.woningvoorraad(records))
    if not woningen:
        out["opmerking"] = "laag 'woningen' ontbreekt"
    afstand = _min_distance(lg, "warmtenet", geom) if _has(lg, "warmtenet") else None
    out["warmtenet_afstand_m"] = round(afstand, 1) if afstand is not None else None
    out["warmtenet_potentie"] = warmte.warmtenet_potentie(out["aantal_woningen"], geom.area / 10_000, afstand)
    out["netcongestie_afname"] = congestie(lg, geom, "afname")
    out["ondergrond"] = ondergrond(lg, geom)
    return out


def congestie(lg: Lagen | None, geom: BaseGeometry, richting: str) -> list[dict[str, Any]]:
    """Congestion areas (capaciteitskaart) of one direction that the geometry lies in (on a border: both)."""
    if not _has(lg, "netcongestie"):
        return []
    hits = _in(lg, "netcongestie", geom)
    if "richting" in hits.columns:
        hits = hits[hits["richting"].astype(str).str.startswith(richting[:5])]
    return [
        {
            "id": str(idx),
            "naam": str(r.get("naam") or idx),
            "kleur": str(r.get("kleur") or "onbekend"),
            "richting": richting,
            "wkt": r.geometry.wkt,
        }
        for idx, r in hits.iterrows()
    ]


def ondergrond(lg: Lagen | None, geom: BaseGeometry) -> list[dict[str, Any]]:
    """Heat routes inside the wijk closer to a drinking-water main than the minimum distance.

    Only the part of a route in the wijk (plus the minimum distance, for a main just across its edge)
    is checked: a route that runs on through other wijken is not this wijk's conflict where it lies
    outside it. Both layer sources (in memory, PostGIS) get the same clipped geometry to query with.
    """
    if not _has(lg, "warmtenet") or not _has(lg, "drinkwaterleiding"):
        return []
    minimum = warmte.min_afstand_warmte_drinkwater()
    zone = geom.buffer(minimum)
    out = []
    for _, route in _hits(lg, "warmtenet", geom).iterrows():
        deel = route.geometry.intersection(zone)
        if deel.is_empty:
            continue
        for _, main in _hits(lg, "drinkwaterleiding", deel.buffer(minimum)).iterrows():
            d = float(deel.distance(main.geometry))
            if d >= minimum:  # at the minimum distance is far enough (the buffer also finds it)
                continue
            out.append(
                {
                    "warmteleiding": str(route.get("naam") or ""),
                    "drinkwaterleiding": str(main.get("naam") or ""),
                    "afstand_m": omlaag(d, 2),  # never reads as the minimum it fell short of
                    "minimum_m": minimum,
                }
            )
    return out


def percelen(lg: Lagen | None, geom: BaseGeometry) -> list[dict[str, Any]]:
    if not _has(lg, "percelen"):
        return []
    hits = _in(lg, "percelen", geom)
    ids = hits["id"] if "id" in hits.columns else hits.index
    return [{"id": str(i), "wkt": g.wkt} for i, g in zip(ids, hits.geometry, strict=True)]


def koppelingen(ctx: StepContext, lg: Lagen | None, richting: str) -> dict[str, Any]:
    """Running cases in the same congestion area or on the same parcels (read-only look at other cases)."""
    geom = geometrie(ctx.geometry_wkt)
    if geom is None:
        return {"gekoppeld": [], "opmerking": "geen locatie"}
    if not lg:
        return {"gekoppeld": [], "opmerking": GEEN_LAGEN}
    gebieden = congestie(lg, geom, richting)
    eigen_percelen = percelen(lg, geom)
    zones = [
        (f"zelfde congestiegebied ({g['richting']}, {g['kleur']}): {g['naam']}", shapely_wkt.loads(g["wkt"]))
        for g in gebieden
    ]
    grond = (
        shapely.union_all([shapely_wkt.loads(p["wkt"]) for p in eigen_percelen]) if eigen_percelen else None
    )
    found: list[dict[str, Any]] = []
    if zones or grond is not None:
        found = _andere_zaken(ctx, zones, grond, richting)
    for link in found:
        ctx.links.append({"case_id": link["id"], "reden": link["reden"]})
    return {
        "congestiegebieden": [{k: v for k, v in g.items() if k != "wkt"} for g in gebieden],
        "percelen": [p["id"] for p in eigen_percelen][:50],
        "gekoppeld": [{"zaak": f["zaak"], "reden": f["reden"]} for f in found],
    }


def _zelfde_richting(process_id: str, summary: CaseSummary, richting: str) -> bool:
    """Does another case compete for capacity in this direction (feed-in vs offtake)?"""
    net: Mapping[str, Any] = summary.netcapaciteit or {}
    if net.get("richting"):
        return bool(net["richting"] == richting)
    return process_id in NETRICHTING_PROCESSEN.get(richting, set())


def _andere_zaken(
    ctx: StepContext,
    zones: list[tuple[str, BaseGeometry]],
    grond: BaseGeometry | None,
    richting: str,
) -> list[dict[str, Any]]:
    areas = [g for _, g in zones] + ([grond] if grond is not None else [])
    minx, miny, maxx, maxy = shapely.union_all(areas).bounds
    out = []
    for other_case in ctx.reads.running_cases(exclude_id=ctx.case_id, bbox=(minx, miny, maxx, maxy)):
        case_id, reference, process_id = other_case.id, other_case.reference, other_case.process_id
        other = shapely_wkt.loads(other_case.geometry_wkt or "GEOMETRYCOLLECTION EMPTY")
        summary = other_case.summary
        if _zelfde_richting(process_id, summary, richting):
            for (reden, _), inside in zip(zones, _ligt_in(other, [z for _, z in zones]), strict=True):
                if inside:
                    out.append({"id": case_id, "zaak": reference, "reden": reden})
        if grond is not None and _ligt_in(other, [grond])[0]:
            out.append({"id": case_id, "zaak": reference, "reden": "zelfde percelen"})
    return out


def koppel_op_gebiedsnaam(ctx: StepContext, gebied: str) -> list[str]:
    """Link running cases the netbeheerder placed in the same congestion area (no layers needed).
    Two answers naming the same area link one after the other: the second waits for the first's
    commit and then reads its summary (without the lock each read only the other's old summary, and
    neither linked)."""
    ctx.reads.serialize(f"congestiegebied:{gebied}")
    rows = [(c.id, c.reference, c.summary) for c in ctx.reads.running_cases(exclude_id=ctx.case_id)]
    reden = f"zelfde congestiegebied (volgens netbeheerder): {gebied}"
    gevonden = []
    for case_id, reference, summary in rows:
        net: Mapping[str, Any] = summary.netcapaciteit or {}
        if net.get("congestiegebied") == gebied:
            ctx.links.append({"case_id": case_id, "reden": reden})
            gevonden.append(reference)
    return gevonden
