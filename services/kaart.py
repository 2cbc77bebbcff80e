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
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import shapely
from sqlalchemy import and_, case, func, or_, select

from gis.crs import transformer
from processes.errors import NotFound, ValidationError
from services import kaart_cluster, policy
from services.clock import today
from services.kaart_geometry import (  # noqa: F401  (re-exported for the faces and services.kaart_layers)
    DEFAULT_LAYER_LIMIT,
    HIDDEN_COLUMNS,
    HIDDEN_LAYERS,
    LAYER_STYLES,
    NL_WINDOW,
    POINT_BELOW_PX,
    ZOOM_MAX,
    ZOOM_MIN,
    feature_collection,
    grid_degrees,
    pixel_metres,
    rd_window,
    web_geometries,
)
from services.platform import Platform
from services.store.models import Case, CaseConflict, CaseLink, HumanTask

PDOK_BRT_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = "Kaartgegevens © Kadaster"
#: WGS84 window the map works in (the Netherlands with a margin); outside it RD New is meaningless.

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
    username: str | None = None,
) -> str:
    """Cases with a geometry inside ``bbox`` (WGS84) as a GeoJSON FeatureCollection string.

    Zoomed out with many cases in view, cases close together come as counted clusters (see
    services.kaart_cluster); ``aantal`` is always the number of cases in view.
    ``username``: only the cases the policy lets this user see (None: every case, for internal use).
    """
    window = rd_window(bbox)
    if window is None:
        return feature_collection([], [], [], aantal=0, zoom=zoom)
    minx, miny, maxx, maxy = window
    sev = _severity_subquery()
    # in the bbox index (a case with a bbox has a geometry: both are set together)
    in_view = [
        Case.min_x <= maxx,
        Case.max_x >= minx,
        Case.min_y <= maxy,
        Case.max_y >= miny,
        *_case_filters(procedures, phases, statuses, mijlpaal_van, mijlpaal_tot),
    ]
    threshold = kaart_cluster.CASES_CLUSTER_ABOVE
    may_cluster = kaart_cluster.should_cluster(threshold + 1, zoom, threshold)
    clusters: tuple[list[str], list[str], list[dict[str, Any]]] = ([], [], [])
    with platform.uow(write=False) as uow:
        if username is not None:
            clause = policy.visible_cases_of(uow.session, username, platform.settings)
            if clause is not None:
                in_view.append(clause)
        conn = uow.session.connection()  # Core rows: several times cheaper than the ORM result path
        q = _case_rows_query(sev).where(Case.geometry_wkt.is_not(None), *in_view)
        rows = conn.execute(q.limit(threshold + 1) if may_cluster else q).all()
        total = len(rows)
        if may_cluster and total > threshold:  # zoomed out with many cases: cluster them
            total, clusters, singles = _case_clusters(conn, sev, in_view, zoom)
            rows = conn.execute(q.where(Case.id.in_(singles))).all()
    ids_out, geoms_out, props = _case_records(rows, zoom, today(platform.clock))
    return feature_collection(
        ids_out + clusters[0],
        [*geoms_out, *clusters[1]],
        props + clusters[2],
        aantal=total,
        zoom=zoom,
        clusters=len(clusters[0]),
    )


def _case_clusters(
    conn: Any, sev: Any, in_view: list[Any], zoom: int
) -> tuple[int, tuple[list[str], list[str], list[dict[str, Any]]], list[int]]:
    """(cases in view, cluster features, ids of the cases alone in their grid cell)."""
    # the bbox index alone answers this (no table rows, no geometry text); severity comes apart
    positions = conn.execute(
        select(Case.id, Case.min_x, Case.min_y, Case.max_x, Case.max_y).where(*in_view)
    ).all()
    severity = dict(conn.execute(select(sev.c.case_id, sev.c.rank)).all())
    ids = np.array([r[0] for r in positions], dtype=np.int64)
    bounds = np.array([r[1:5] for r in positions], dtype=np.float64).reshape(-1, 4)
    ranks = np.array([severity.get(i, 0) for i in ids.tolist()], dtype=np.int64)
    g = kaart_cluster.grid(bounds, kaart_cluster.CELL_PX * pixel_metres(zoom))
    names = {v: k for k, v in ERNST_RANK.items()}
    extra = [{"ernst": names.get(int(ranks[m].max()))} for m in g.members]
    clusters = kaart_cluster.cluster_records(g, transformer(28992, 4326), extra)
    return len(positions), clusters, ids[g.singles].tolist()


def _case_rows_query(sev: Any) -> Any:
    return (
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
        .order_by(Case.id)
    )


def _case_records(rows: Sequence[Any], zoom: int, day: date) -> tuple[list[str], list[str | None], list[Any]]:
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
    return [r.reference for r in rows], web_geometries(geoms, zoom), props


def filter_options(platform: Platform, username: str | None = None) -> dict[str, Any]:
    """Values for the filter lists: procedures (process id and name), phases and statuses in use
    (``username``: in the cases the policy lets this user see)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        where: list[Any] = []
        if username is not None:
            clause = policy.visible_cases_of(s, username, platform.settings)
            where = [] if clause is None else [clause]
        procs = s.execute(
            select(Case.process_id, func.min(Case.procedure))
            .where(*where)
            .group_by(Case.process_id)
            .order_by(Case.process_id)
        ).all()
        phases = [p for p in s.scalars(select(Case.phase).where(*where).distinct()).all() if p]
        statuses = [p for p in s.scalars(select(Case.status).where(*where).distinct()).all() if p]
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


def case_panel(platform: Platform, reference: str, username: str | None = None) -> dict[str, Any]:
    """What the side panel shows for one case: phase, milestones, open tasks, conflicts, links.

    ``username``: refused (403) when the policy does not let this user see the case."""
    day = today(platform.clock)
    with platform.uow(write=False) as uow:
        s = uow.session
        c = s.scalars(select(Case).where(Case.reference == reference)).first()
        if c is None:
            raise NotFound(f"Zaak '{reference}' bestaat niet.", code="zaak-onbekend")
        if username is not None:
            policy.check_may_view(s, policy.actor_for(s, username), c, policy.rules(platform.settings))
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


# -- layers (services.kaart_layers) ------------------------------------------------------------------
from services.kaart_layers import (  # noqa: E402  (re-exported)
    configured_layers,
    layer_catalog,
    layer_features,
    map_layers,
    start_view,
)

__all__ = ["configured_layers", "layer_catalog", "layer_features", "map_layers", "start_view"]
