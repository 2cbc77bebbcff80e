"""The map of project leaders: cases and locatiecheck layers as WGS84 GeoJSON for a bbox and zoom.

Reads projections only (the case row, its conflicts, open tasks and links), never workflows.
Geometries are stored in RD New (EPSG:28992); per request they are restricted to the bbox (case
bbox columns; a layer's STRtree), simplified to about one screen pixel at the requested zoom,
turned into points when smaller than a few pixels, reprojected to WGS84 and rounded to a grid
that matches the zoom. All of that is vectorised (shapely 2 arrays, one pyproj call per request).

The geometry pipeline is gis.webmap; the side panel services.kaart_panel; the layer half
services.kaart_layers. Request parsing and how the map looks (colours, labels, legend) live in the
web face (web.kaart.params, web.kaart.styles): ``case_features`` takes the colour function.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import shapely
from sqlalchemy import and_, case, func, not_, null, or_, select

from gis.crs import transformer
from gis.webmap import feature_collection, grid_degrees, pixel_metres, rd_window, web_geometries
from processes.constants import CaseStatus, Severity, severity_of_rank
from processes.warmte import FASEN as WIJK_FASEN
from services import case_queries, kaart_cluster, kaart_milestones, policy
from services.clock import in_nl
from services.platform import Platform
from services.policy.outside import name_filter
from services.projection_case import overdue, overdue_running
from services.store.models import Case, CaseConflict
from services.waits.store import sending_at

ENERGY_HINTS = ("wind", "zon", "transport", "energie", "net")
#: How a case is drawn: (kind, phase, shown status) -> colour; the web face passes its own.
Colour = Callable[[str, str | None, str], str | None]


def _no_colour(kind: str, phase: str | None, shown: str) -> str | None:
    return None


# -- cases ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def case_kind(process_id: str, procedure: str | None) -> str:
    text = f"{process_id} {procedure or ''}".lower()
    if "wijk" in text:
        return "wijk"
    if any(h in text for h in ENERGY_HINTS):
        return "energie"
    return "vergunning"


#: the statuses a case shows as they are; a running one shows as late, waiting for another or in progress
SHOWN_AS_IS = (CaseStatus.AFGEROND, CaseStatus.INCIDENT, CaseStatus.GEPAUZEERD)
#: the statuses the map shows for a running case, in the order its Status filter offers them
SHOWN_RUNNING = ("in_behandeling", "wacht", "te_laat")
_IN_PROGRESS = "in behandeling"


def display_status(status: str, waiting_for: str | None, overdue: bool, sending: bool) -> str:
    """What the map shows a case as (``shown_as`` is the same as a query condition). ``sending``: the
    gemeente still sends its besluit, whose bezwaar- or beroepstermijn has not begun (``sending_at``): it
    holds the case, whatever wait its last step stored (derive's rule, as "Ligt bij" says)."""
    if status in SHOWN_AS_IS:
        return status
    if overdue:
        return "te_laat"
    if waiting_for and not waiting_for.startswith(_IN_PROGRESS) and not sending:
        return "wacht"
    return "in_behandeling"


def shown_as(status: str, now: datetime) -> Any:
    """The cases ``display_status`` shows as ``status`` at ``now`` (late today: projection_case.overdue),
    as a query condition; a stored status (``lopend``, ``afgerond``...) selects on itself."""
    late = overdue_running(in_nl(now).date())  # NULL without a deadline: such a case is not late
    running = and_(
        Case.status.not_in(SHOWN_AS_IS), or_(Case.uiterlijke_einddatum_afdoening.is_(None), not_(late))
    )
    declared = and_(Case.waiting_for.is_not(None), not_(Case.waiting_for.startswith(_IN_PROGRESS)))
    waits = and_(declared, not_(sending_at(now)))
    if status == "te_laat":
        return late
    if status == "wacht":
        return and_(running, waits)
    if status == "in_behandeling":
        return and_(running, not_(waits))
    return Case.status == status


def _case_filters(
    procedures: Iterable[str],
    phases: Iterable[str],
    statuses: Iterable[str],
    mijlpaal_van: date | None,
    mijlpaal_tot: date | None,
    now: datetime,
    *,
    tasks: bool,
) -> list[Any]:
    """``tasks``: the milestone counts the open tasks' due days (a viewer who sees them all)."""
    where: list[Any] = []
    day = in_nl(now).date()
    procedures, phases, statuses = list(procedures), list(phases), list(statuses)
    if procedures:
        where.append(case_queries.of_procedures(procedures))
    if phases:
        where.append(Case.phase.in_(phases))
    if statuses:  # as the map shows them today (display_status), not as the last step found them
        where.append(or_(*(shown_as(s, now) for s in statuses)))
    if mijlpaal_van or mijlpaal_tot:  # the milestone the map shows (kaart_milestones)
        van, tot = mijlpaal_van or date(1900, 1, 1), mijlpaal_tot or date(9999, 12, 30)
        where.append(kaart_milestones.next_between(van, tot, day, tasks=tasks))
    return where


def _severity_subquery(*, internal: bool = True) -> Any:
    """Per case the highest severity and the number of its standing conflicts; without ``internal``
    only the conflicts an initiator or outside party may see (as the case file shares them)."""
    rank = case(*((CaseConflict.ernst == str(s), s.rank) for s in Severity if s.rank > 1), else_=1)
    shown = [CaseConflict.overschreven.is_(False)] + ([] if internal else [CaseConflict.intern.is_(False)])
    return (
        select(CaseConflict.case_id, func.max(rank).label("rank"), func.count().label("aantal"))
        .where(*shown)
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
    colour: Colour = _no_colour,
) -> str:
    """Cases with a geometry inside ``bbox`` (WGS84) as a GeoJSON FeatureCollection string.

    Zoomed out with many cases in view, cases close together come as counted clusters (kaart_cluster);
    ``aantal`` is always the number of cases in view. A bbox larger than a screen shows at
    ``zoom`` is answered as at the zoom where it fits one (``kaart_cluster.view_zoom``, the answer's zoom).
    ``username``: only the cases the policy lets this user see (None: every case, for internal use);
    ``colour``: the face's colour per case (``kleur``).
    """
    window = rd_window(bbox)
    if window is None:
        return feature_collection([], [], [], aantal=0, zoom=zoom)
    minx, miny, maxx, maxy = window
    zoom = kaart_cluster.view_zoom(window, zoom)  # a bbox no screen shows at zoom: drawn where it fits one
    now = platform.clock.now()
    # in the bbox index (a case with a bbox has a geometry: both are set together)
    in_view = [Case.min_x <= maxx, Case.max_x >= minx, Case.min_y <= maxy, Case.max_y >= miny]
    threshold = kaart_cluster.CASES_CLUSTER_ABOVE
    may_cluster = kaart_cluster.should_cluster(threshold + 1, zoom, threshold)
    clusters: tuple[list[str], list[str], list[dict[str, Any]]] = ([], [], [])
    with platform.uow(write=False) as uow:
        internal = True
        if username is not None:
            actor, rules = policy.actor_for(uow.session, username), policy.rules(platform.settings)
            clause = policy.visible_cases(uow.session, actor, rules)
            if clause is not None:
                in_view.append(clause)
            internal = policy.is_municipal(actor, rules)
        in_view += _case_filters(
            procedures, phases, statuses, mijlpaal_van, mijlpaal_tot, now, tasks=internal
        )
        sev = _severity_subquery(internal=internal)
        conn = uow.session.connection()  # Core rows: several times cheaper than the ORM result path
        q = _case_rows_query(sev, now, tasks=internal).where(Case.geometry_wkt.is_not(None), *in_view)
        rows = conn.execute(q.limit(threshold + 1) if may_cluster else q).all()
        total = len(rows)
        if may_cluster and total > threshold:  # zoomed out with many cases: cluster them
            total, clusters, singles = _case_clusters(conn, sev, in_view, zoom)
            rows = conn.execute(q.where(Case.id.in_(singles))).all()
    ids_out, geoms_out, props = _case_records(rows, zoom, in_nl(now).date(), colour, outside=not internal)
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
    extra = [{"ernst": severity_of_rank(int(ranks[m].max()))} for m in g.members]
    clusters = kaart_cluster.cluster_records(g, transformer(28992, 4326), extra)
    return len(positions), clusters, ids[g.singles].tolist()


def _case_rows_query(sev: Any, now: datetime, *, tasks: bool) -> Any:
    """``tasks``: with the first due day of each case's open tasks (the milestone counts them); each
    case's ``sending`` (``display_status``) at ``now``."""
    task_due = kaart_milestones.first_task_due(in_nl(now).date()) if tasks else null()
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
            sending_at(now).label("sending"),
            Case.overdue,
            Case.decided_on,
            Case.uiterlijke_einddatum_afdoening,
            Case.next_timer_day,
            task_due.label("task_due"),
            Case.location_name,
            Case.initiator,  # an outside party reads the title without the applicant's name (policy.outside)
            Case.initiator_type,
            Case.initiator_email,
            Case.geometry_wkt,
            sev.c.rank,
            sev.c.aantal,
        )
        .outerjoin(sev, sev.c.case_id == Case.id)
        .order_by(Case.id)
    )


def _case_records(
    rows: Sequence[Any], zoom: int, day: date, colour: Colour, *, outside: bool = False
) -> tuple[list[str], list[str | None], list[Any]]:
    """``outside``: for an outside party, whose titles do not name the applicant (policy.outside)."""
    geoms = shapely.from_wkt(np.array([r.geometry_wkt for r in rows], dtype=object), on_invalid="ignore")
    props = []
    for r in rows:
        kind = case_kind(r.process_id, r.procedure)
        late = overdue(r.status, r.uiterlijke_einddatum_afdoening, r.overdue, day, r.decided_on)
        shown = display_status(r.status, r.waiting_for, late, bool(r.sending))
        milestone = kaart_milestones.next_milestone(
            r.status,
            r.uiterlijke_einddatum_afdoening,
            r.decided_on,
            r.next_timer_day,
            day,
            [(r.task_due, "")],
        )
        props.append(
            {
                "zaak": r.reference,
                "titel": name_filter(r.initiator, r.initiator_type, r.initiator_email).tekst(r.title)
                if outside
                else r.title,
                "proces": r.process_id,
                "soort": kind,
                "fase": r.phase,
                "status": r.status,
                "weergave": shown,
                "kleur": colour(kind, r.phase, shown),
                "mijlpaal": milestone.datum.isoformat() if milestone else None,
                "ernst": severity_of_rank(r.rank),
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
        # what the map shows a running case as, then the stored statuses in use ("lopend": all running)
        "statussen": [*SHOWN_RUNNING, *sorted(set(statuses) - set(SHOWN_RUNNING))],
    }


# -- layers (services.kaart_layers) ------------------------------------------------------------------
from services.kaart_layers import (  # noqa: E402  (re-exported)
    configured_layers,
    layer_catalog,
    layer_features,
    map_layers,
    start_view,
)

__all__ = [
    "configured_layers",
    "grid_degrees",
    "layer_catalog",
    "layer_features",
    "map_layers",
    "pixel_metres",
    "start_view",
    "web_geometries",
]
