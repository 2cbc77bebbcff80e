"""The map of project leaders: cases and locatiecheck layers as WGS84 GeoJSON for a bbox and zoom.

Reads projections only (the case row, its conflicts, open tasks and links), never workflows.
Geometries are stored in RD New (EPSG:28992); per request they are restricted to the bbox (case
bbox columns; a layer's STRtree), simplified to about one screen pixel at the requested zoom,
turned into points when smaller than a few pixels, reprojected to WGS84 and rounded to a grid
that matches the zoom. All of that is vectorised (shapely 2 arrays, one pyproj call per request).

Background tiles come from ``Settings.tile_url`` (empty = no tiles; the vector layers still work
offline). For production the PDOK BRT achtergrondkaart is a good choice:
``https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png``
(attribution: "Kaartgegevens © Kadaster").
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import shapely
from sqlalchemy import and_, case, func, or_, select

from gis.crs import transformer
from processes.errors import NotFound, ValidationError
from services.clock import today
from services.platform import Platform
from services.store.models import Case, CaseConflict, CaseLink, HumanTask

PDOK_BRT_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = "Kaartgegevens © Kadaster"
#: WGS84 window the map works in (the Netherlands with a margin); outside it RD New is meaningless.
NL_WINDOW = (2.0, 50.0, 8.5, 54.5)
ZOOM_MIN, ZOOM_MAX = 0, 22
#: Metres per pixel at zoom 0 at the latitude of the Netherlands (Web Mercator, 256 px tiles).
_M_PER_PX_Z0 = 156_543.033_92 * math.cos(math.radians(52.1))
POINT_BELOW_PX = 3.0
DEFAULT_LAYER_LIMIT = 20_000

# -- colours ----------------------------------------------------------------------------------
WIJK_FASEN = ["initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering"]
FASE_KLEUREN = {
    "initiatie": "#9ecae1",
    "wijkanalyse": "#6baed6",
    "alternatieven": "#8c6bb1",
    "participatie": "#fd8d3c",
    "besluitvorming": "#e6550d",
    "uitvoering": "#31a354",
}
STATUS_KLEUREN = {
    "in_behandeling": "#2b6cb0",
    "wacht": "#dd8a00",
    "te_laat": "#c0262d",
    "incident": "#7b3294",
    "gepauzeerd": "#6b6b6b",
    "afgerond": "#8a8a8a",
    "lopend": "#2b6cb0",
}
STATUS_LABELS = {
    "in_behandeling": "in behandeling",
    "wacht": "wacht op een ander",
    "te_laat": "termijn verstreken",
    "incident": "incident",
    "gepauzeerd": "gepauzeerd",
    "afgerond": "afgerond",
    "lopend": "lopend",
}
SOORT_LABELS = {"wijk": "Wijkuitvoeringsplan", "energie": "Energie-initiatief", "vergunning": "Vergunning"}
ENERGY_HINTS = ("wind", "zon", "transport", "energie", "net")
ERNST_RANK = {"blokkerend": 3, "waarschuwing": 2, "info": 1}

# -- layers -----------------------------------------------------------------------------------
#: Layers that hold personal or cadastral data per address: never on the map.
HIDDEN_LAYERS = frozenset({"woningen", "panden", "percelen"})
#: Columns never sent to the browser, whatever the layer.
HIDDEN_COLUMNS = frozenset(
    {"postcode", "huisnummer", "eigendom", "eigenaar", "bsn", "kvk", "email", "telefoon"}
)
#: Display hints per known layer: visible by default, fill/line colour, colour by attribute.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "netcongestie": {
        "aan": True,
        "kleur": "#d7191c",
        "kleur_veld": "kleur",
        "streep_veld": "richting",
        "kleuren": {"rood": "#d7191c", "oranje": "#f28e2b", "geel": "#e8c30a"},
        "strepen": {"invoeding": "6 4"},
        "vulling": 0.18,
    },
    "natura2000": {"aan": True, "kleur": "#1a9850", "vulling": 0.25},
    "gewaspercelen": {"aan": False, "kleur": "#a6761d", "vulling": 0.2},
    "woningbouwlocaties": {"aan": True, "kleur": "#e7298a", "vulling": 0.3},
    "windzone": {"aan": True, "kleur": "#4575b4", "vulling": 0.15},
    "windturbines": {"aan": False, "kleur": "#313695"},
    "res_zoekgebied": {"aan": False, "kleur": "#74add1", "vulling": 0.1},
    "zonneparken": {"aan": False, "kleur": "#fdb863", "vulling": 0.4},
    "warmtenet": {"aan": False, "kleur": "#b2182b"},
    "onderstations": {"aan": False, "kleur": "#542788"},
    "wijken": {"aan": False, "kleur": "#555555", "vulling": 0.0},
    "gemeente": {"aan": False, "kleur": "#222222", "vulling": 0.0},
    "gemeentegrens": {"aan": False, "kleur": "#222222"},
    "drinkwaterleiding": {"aan": False, "kleur": "#2c7fb8"},
    "bevi": {"aan": False, "kleur": "#67001f"},
    "bevi_contour": {"aan": False, "kleur": "#67001f", "vulling": 0.1},
}


# -- request parameters ---------------------------------------------------------------------------
def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` (WGS84) or None when absent."""
    if text is None or text == "":
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValidationError(
            "bbox moet vier getallen zijn: minlon,minlat,maxlon,maxlat (WGS84).", code="bbox-ongeldig"
        )
    minlon, minlat, maxlon, maxlat = values
    if not (-180 <= minlon < maxlon <= 180 and -90 <= minlat < maxlat <= 90):
        raise ValidationError(
            "bbox klopt niet: minlon < maxlon en minlat < maxlat, in graden (WGS84).", code="bbox-ongeldig"
        )
    return minlon, minlat, maxlon, maxlat


def parse_zoom(text: str | None, default: int = 12) -> int:
    if text is None or text == "":
        return default
    try:
        zoom = int(float(text))
    except ValueError:
        raise ValidationError("zoom moet een geheel getal zijn.", code="zoom-ongeldig") from None
    if not ZOOM_MIN <= zoom <= ZOOM_MAX:
        raise ValidationError(f"zoom moet tussen {ZOOM_MIN} en {ZOOM_MAX} liggen.", code="zoom-ongeldig")
    return zoom


def parse_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def parse_date(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{name} moet een datum zijn (JJJJ-MM-DD).", code="datum-ongeldig") from None


def rd_window(bbox: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    """The bbox clipped to the Netherlands window, in RD New; None when it lies outside."""
    if bbox is None:
        bbox = NL_WINDOW
    minlon, minlat = max(bbox[0], NL_WINDOW[0]), max(bbox[1], NL_WINDOW[1])
    maxlon, maxlat = min(bbox[2], NL_WINDOW[2]), min(bbox[3], NL_WINDOW[3])
    if minlon >= maxlon or minlat >= maxlat:
        return None
    return tuple(transformer(4326, 28992).transform_bounds(minlon, minlat, maxlon, maxlat, densify_pts=5))  # type: ignore[return-value]


# -- geometry to web GeoJSON ------------------------------------------------------------------------
def pixel_metres(zoom: int) -> float:
    return _M_PER_PX_Z0 / (2**zoom)


def grid_degrees(zoom: int) -> float:
    """Coordinate rounding: about a tenth of a pixel, never finer than 1e-6 degrees (~0.1 m)."""
    metres = pixel_metres(zoom) / 10
    degrees = metres / 111_320
    return max(1e-6, 10 ** math.floor(math.log10(degrees)))


def web_geometries(
    geoms: np.ndarray, zoom: int, *, point_below_px: float = POINT_BELOW_PX
) -> list[str | None]:
    """RD geometries -> GeoJSON geometry strings in WGS84, simplified and rounded for ``zoom``."""
    if len(geoms) == 0:
        return []
    px = pixel_metres(zoom)
    out = shapely.simplify(geoms, px, preserve_topology=False)
    if point_below_px > 0:
        bounds = shapely.bounds(geoms)
        extent = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        small = (extent < point_below_px * px) & (shapely.get_dimensions(geoms) > 0)
        if small.any():
            out = out.copy()
            out[small] = shapely.point_on_surface(geoms[small])
    tf = transformer(28992, 4326)
    out = shapely.transform(out, tf.transform, interleaved=False)
    out = shapely.set_precision(out, grid_degrees(zoom), mode="pointwise")
    return list(shapely.to_geojson(out))


def feature_collection(
    ids: Sequence[Any],
    geometries: Sequence[str | None],
    properties: Sequence[Mapping[str, Any]],
    **members: Any,
) -> str:
    """Assemble a GeoJSON FeatureCollection from pre-serialised geometries (fast for many features)."""
    dumps = json.JSONEncoder(ensure_ascii=False, default=str, allow_nan=False).encode
    parts = [
        f'{{"type":"Feature","id":{dumps(i)},"geometry":{g or "null"},"properties":{dumps(p)}}}'
        for i, g, p in zip(ids, geometries, properties, strict=True)
    ]
    extra = "".join(f",{dumps(k)}:{dumps(v)}" for k, v in members.items())
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]" + extra + "}"


# -- cases ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def case_kind(process_id: str, procedure: str | None) -> str:
    text = f"{process_id} {procedure or ''}".lower()
    if "wijk" in text:
        return "wijk"
    if any(h in text for h in ENERGY_HINTS):
        return "energie"
    return "vergunning"


def display_status(status: str, waiting_for: str | None, overdue: bool) -> str:
    if status in ("afgerond", "incident", "gepauzeerd"):
        return status
    if overdue:
        return "te_laat"
    if waiting_for and not waiting_for.startswith("in behandeling"):
        return "wacht"
    return "in_behandeling"


def colour(kind: str, phase: str | None, shown_status: str) -> str:
    if kind == "wijk" and phase in FASE_KLEUREN and shown_status not in ("afgerond", "incident"):
        return FASE_KLEUREN[phase]
    return STATUS_KLEUREN.get(shown_status, "#2b6cb0")


def next_milestone(
    deadline: date | None, timer: datetime | None, day: date
) -> tuple[date | None, str | None]:
    options: list[tuple[date, str]] = []
    if deadline and deadline >= day:
        options.append((deadline, "uiterste beslisdatum"))
    if timer is not None:
        moment = timer if timer.tzinfo else timer.replace(tzinfo=UTC)
        if moment.date() >= day:
            options.append((moment.date(), "volgende termijn"))
    if not options:
        return None, None
    return min(options)


def _case_filters(
    procedures: Iterable[str],
    phases: Iterable[str],
    statuses: Iterable[str],
    mijlpaal_van: date | None,
    mijlpaal_tot: date | None,
) -> list[Any]:
    where: list[Any] = []
    procedures, phases, statuses = list(procedures), list(phases), list(statuses)
    if procedures:
        where.append(or_(Case.process_id.in_(procedures), Case.procedure.in_(procedures)))
    if phases:
        where.append(Case.phase.in_(phases))
    if statuses:
        plain = [s for s in statuses if s != "te_laat"]
        options: list[Any] = [Case.status.in_(plain)] if plain else []
        if "te_laat" in statuses:
            options.append(and_(Case.overdue.is_(True), Case.status == "lopend"))
        where.append(or_(*options))
    if mijlpaal_van or mijlpaal_tot:
        van = mijlpaal_van or date(1900, 1, 1)
        tot = mijlpaal_tot or date(9999, 12, 30)
        start = datetime.combine(van, time(0), UTC)
        end = datetime.combine(tot + timedelta(days=1), time(0), UTC)
        where.append(
            or_(
                Case.uiterlijke_einddatum_afdoening.between(van, tot),
                and_(Case.next_timer_at >= start, Case.next_timer_at < end),
            )
        )
    return where


def _severity_subquery() -> Any:
    rank = case((CaseConflict.ernst == "blokkerend", 3), (CaseConflict.ernst == "waarschuwing", 2), else_=1)
    return (
        select(CaseConflict.case_id, func.max(rank).label("rank"), func.count().label("aantal"))
        .where(CaseConflict.overschreven.is_(False))
        .group_by(CaseConflict.case_id)
        .subquery()
    )


def case_features(
    platform: Platform,
    *,
    bbox: tuple[float, float, float, float] | None,
    zoom: int,
    procedures: Iterable[str] = (),
    phases: Iterable[str] = (),
    statuses: Iterable[str] = (),
    mijlpaal_van: date | None = None,
    mijlpaal_tot: date | None = None,
) -> str:
    """Cases with a geometry inside ``bbox`` (WGS84) as a GeoJSON FeatureCollection string."""
    window = rd_window(bbox)
    day = today(platform.clock)
    if window is None:
        return feature_collection([], [], [], aantal=0, zoom=zoom)
    minx, miny, maxx, maxy = window
    sev = _severity_subquery()
    q = (
        select(
            Case.id,
            Case.reference,
            Case.title,
            Case.process_id,
            Case.procedure,
            Case.phase,
            Case.status,
            Case.waiting_for,
            Case.overdue,
            Case.uiterlijke_einddatum_afdoening,
            Case.next_timer_at,
            Case.location_name,
            Case.geometry_wkt,
            sev.c.rank,
            sev.c.aantal,
        )
        .outerjoin(sev, sev.c.case_id == Case.id)
        .where(
            Case.geometry_wkt.is_not(None),
            Case.min_x <= maxx,
            Case.max_x >= minx,
            Case.min_y <= maxy,
            Case.max_y >= miny,
            *_case_filters(procedures, phases, statuses, mijlpaal_van, mijlpaal_tot),
        )
        .order_by(Case.id)
    )
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(q).all()
    geoms = shapely.from_wkt(np.array([r.geometry_wkt for r in rows], dtype=object), on_invalid="ignore")
    props = []
    names = {v: k for k, v in ERNST_RANK.items()}
    for r in rows:
        kind = case_kind(r.process_id, r.procedure)
        shown = display_status(r.status, r.waiting_for, bool(r.overdue))
        milestone, _ = next_milestone(r.uiterlijke_einddatum_afdoening, r.next_timer_at, day)
        props.append(
            {
                "zaak": r.reference,
                "titel": r.title,
                "proces": r.process_id,
                "soort": kind,
                "fase": r.phase,
                "status": r.status,
                "weergave": shown,
                "kleur": colour(kind, r.phase, shown),
                "mijlpaal": milestone.isoformat() if milestone else None,
                "ernst": names.get(r.rank) if r.rank else None,
                "conflicten": int(r.aantal or 0),
            }
        )
    return feature_collection(
        [r.reference for r in rows], web_geometries(geoms, zoom), props, aantal=len(rows), zoom=zoom
    )


def filter_options(platform: Platform) -> dict[str, Any]:
    """Values for the filter lists: procedures (process id and name), phases and statuses in use."""
    with platform.uow(write=False) as uow:
        s = uow.session
        procs = s.execute(
            select(Case.process_id, func.min(Case.procedure))
            .group_by(Case.process_id)
            .order_by(Case.process_id)
        ).all()
        phases = [p for p in s.scalars(select(Case.phase).distinct()).all() if p]
        statuses = [p for p in s.scalars(select(Case.status).distinct()).all() if p]
    order = {f: i for i, f in enumerate(WIJK_FASEN)}
    return {
        "procedures": [{"proces": pid, "naam": name, "soort": case_kind(pid, name)} for pid, name in procs],
        "fasen": sorted(phases, key=lambda p: (order.get(p, 99), p)),
        "statussen": sorted(set(statuses) | {"te_laat"}),
    }


def legend() -> dict[str, Any]:
    return {
        "fasen": [{"fase": f, "kleur": FASE_KLEUREN[f]} for f in WIJK_FASEN],
        "statussen": [
            {"status": k, "label": STATUS_LABELS[k], "kleur": STATUS_KLEUREN[k]}
            for k in ("in_behandeling", "wacht", "te_laat", "incident", "gepauzeerd", "afgerond")
        ],
        "soorten": SOORT_LABELS,
        "ernst": {"blokkerend": "#c0262d", "waarschuwing": "#f28e2b", "info": "#3182bd"},
    }


def case_panel(platform: Platform, reference: str) -> dict[str, Any]:
    """What the side panel shows for one case: phase, milestones, open tasks, conflicts, links."""
    day = today(platform.clock)
    with platform.uow(write=False) as uow:
        s = uow.session
        c = s.scalars(select(Case).where(Case.reference == reference)).first()
        if c is None:
            raise NotFound(f"Zaak '{reference}' bestaat niet.", code="zaak-onbekend")
        tasks = s.scalars(
            select(HumanTask)
            .where(HumanTask.case_id == c.id, HumanTask.state == "open")
            .order_by(HumanTask.id)
        ).all()
        conflicts = s.scalars(
            select(CaseConflict).where(CaseConflict.case_id == c.id).order_by(CaseConflict.id)
        ).all()
        links = s.execute(
            select(CaseLink.reason, Case.reference, Case.title, Case.phase, Case.status)
            .join(Case, Case.id == CaseLink.other_case_id)
            .where(CaseLink.case_id == c.id)
            .order_by(CaseLink.id)
        ).all()
        kind = case_kind(c.process_id, c.procedure)
        shown = display_status(c.status, c.waiting_for, c.overdue)
        milestones = []
        if c.uiterlijke_einddatum_afdoening:
            milestones.append(
                {"datum": c.uiterlijke_einddatum_afdoening.isoformat(), "wat": "uiterste beslisdatum"}
            )
        if c.next_timer_at:
            milestones.append(
                {"datum": c.next_timer_at.date().isoformat(), "wat": "volgende termijn (timer)"}
            )
        for t in tasks:
            if t.due_on:
                milestones.append({"datum": t.due_on.isoformat(), "wat": f"taak '{t.name}' gereed"})
        milestones.sort(key=lambda m: m["datum"])
        upcoming = [m for m in milestones if m["datum"] >= day.isoformat()]
        bbox = None
        if c.min_x is not None:
            bounds = (c.min_x, c.min_y, c.max_x, c.max_y)  # the four are set together
            bbox = list(transformer(28992, 4326).transform_bounds(*bounds))  # type: ignore[arg-type]
        return {
            "zaak": c.reference,
            "titel": c.title,
            "proces": c.process_id,
            "procedure": c.procedure,
            "soort": kind,
            "soort_label": SOORT_LABELS[kind],
            "fase": c.phase,
            "status": c.status,
            "weergave": shown,
            "weergave_label": STATUS_LABELS.get(shown, shown),
            "kleur": colour(kind, c.phase, shown),
            "locatie": c.location_name,
            "houder": c.holder,
            "wacht_op": c.waiting_for,
            "uiterlijke_einddatum_afdoening": c.uiterlijke_einddatum_afdoening.isoformat()
            if c.uiterlijke_einddatum_afdoening
            else None,
            "volgende_mijlpaal": upcoming[0] if upcoming else None,
            "mijlpalen": milestones,
            "open_taken": [
                {
                    "naam": t.name,
                    "groepen": t.candidate_groups,
                    "toegewezen_aan": t.assignee,
                    "vervaldatum": t.due_on.isoformat() if t.due_on else None,
                }
                for t in tasks
            ],
            "conflicten": [
                {
                    "regel": k.regel,
                    "laag": k.laag,
                    "feature_id": k.feature_id,
                    "ernst": k.ernst,
                    "afdeling": k.afdeling,
                    "beschrijving": k.beschrijving,
                    "bron": k.bron,
                    "intern": k.intern,
                    "overschreven": k.overschreven,
                }
                for k in conflicts
            ],
            "gekoppelde_zaken": [
                {
                    "zaak": ref,
                    "titel": title,
                    "reden": reason,
                    "fase": phase,
                    "status": status,
                    "url": f"/zaken/{ref}",
                }
                for reason, ref, title, phase, status in links
            ],
            "url": f"/zaken/{c.reference}",
            "bbox": bbox,
        }


# -- layers -----------------------------------------------------------------------------------------
def map_layers(layers: Mapping[str, Any]) -> dict[str, Any]:
    return {name: layer for name, layer in layers.items() if name not in HIDDEN_LAYERS}


def layer_catalog(layers: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, layer in map_layers(layers).items():
        style = LAYER_STYLES.get(name, {"aan": False, "kleur": "#555555", "vulling": 0.1})
        meta = layer.meta
        kinds = sorted({str(t) for t in layer.frame.geom_type.dropna().unique().tolist()})
        out.append(
            {
                "naam": name,
                "titel": meta.titel or name,
                "familie": meta.familie,
                "bron": meta.bron,
                "peildatum": meta.peildatum.isoformat(),
                "aantal": len(layer),
                "geometrie": kinds,
                "stijl": style,
                "url": f"/api/v1/kaart/lagen/{name}",
            }
        )
    return out


def _layer_columns(layer: Any) -> list[str]:
    return [c for c in layer.columns if c not in HIDDEN_COLUMNS and c != "id"]


def _records(frame: Any, columns: list[str], idx: np.ndarray) -> list[dict[str, Any]]:
    if not columns or len(idx) == 0:
        return [{} for _ in range(len(idx))]
    return json.loads(
        frame[columns].iloc[idx].to_json(orient="records", date_format="iso", force_ascii=False)
    )


def layer_features(
    layers: Mapping[str, Any],
    name: str,
    *,
    bbox: tuple[float, float, float, float] | None,
    zoom: int,
    limit: int = DEFAULT_LAYER_LIMIT,
) -> str:
    """Features of one layer inside ``bbox`` as GeoJSON; sub-pixel polygons are left out at low zoom."""
    layer = map_layers(layers).get(name)
    if layer is None:
        raise NotFound(f"Kaartlaag '{name}' bestaat niet.", code="laag-onbekend")
    window = rd_window(bbox)
    if window is None or len(layer) == 0:
        return feature_collection([], [], [], laag=name, aantal=0, weggelaten=0, afgekapt=False, zoom=zoom)
    idx = np.sort(layer.tree.query(shapely.box(*window)))
    geoms = layer.geometries[idx]
    dropped = 0
    if len(idx):
        bounds = shapely.bounds(geoms)
        extent = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        visible = (extent >= 0.5 * pixel_metres(zoom)) | (shapely.get_dimensions(geoms) < 2)
        dropped = int((~visible).sum())
        idx, geoms = idx[visible], geoms[visible]
    cut = len(idx) > limit
    if cut:
        idx, geoms = idx[:limit], geoms[:limit]
    ids = [layer.feature_ids[i] for i in idx.tolist()]
    props = _records(layer.frame, _layer_columns(layer), idx)
    return feature_collection(
        ids,
        web_geometries(geoms, zoom),
        props,
        laag=name,
        aantal=len(ids),
        weggelaten=dropped,
        afgekapt=cut,
        zoom=zoom,
    )


def start_view(layers: Mapping[str, Any]) -> list[float]:
    """The WGS84 bbox a map opens on: the municipality layer, else the Netherlands."""
    layer = layers.get("gemeente")
    if layer is not None and len(layer):
        minx, miny, maxx, maxy = layer.frame.total_bounds
        return [round(v, 5) for v in transformer(28992, 4326).transform_bounds(minx, miny, maxx, maxy)]
    return [3.3, 50.75, 7.23, 53.55]


def configured_layers(platform: Platform) -> dict[str, Any]:
    """The layers of the locatiecheck as configured for this platform (cached per process)."""
    from services import locatiecheck

    return locatiecheck.layers(platform.settings)
