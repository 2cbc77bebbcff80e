"""The heatmap of one model: per element, how long its tasks waited and were worked on, and how
long the cases waited for an outside organisation there.

Per element: count, median and p90 of the waiting time (every spell the task was free: not claimed nor
assigned) and the working time (every spell it was held) of completed tasks (``task_wait``; the time the
case was paused by beheer or in incident is neither: ``services.waits.task_life``), and of the time the cases waited for an outside
organisation's answer there (``outside_wait``: every such wait, also one beside a team's open task).
An outside organisation's own task is counted once, as that task's waiting and working time.
Filters: a period (completed in it) and a team or organisation (the group that did the task, the
organisation waited for). A task a migration moved to another team counts once, with its whole waiting
and working time; filtered by a team, with that team's share of it (``task_wait``). Times are in hours.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from processes.errors import NotFound, ValidationError
from processes.termijnen.datums import DATUM_MIN, eis_bereik
from services.clock import start_of_day
from services.deployments import latest_definition
from services.platform import Platform
from services.store.models import Group, HolderInterval, OutsideWait, TaskWait
from services.waits import derive as d

HOUR = 3600.0
MAX_PERIOD_DAYS = 3660


def _stats(values: np.ndarray) -> dict[str, float | None]:
    if values.size == 0:
        return {"mediaan": None, "p90": None}
    med, p90 = np.percentile(values, [50, 90])
    return {"mediaan": round(float(med) / HOUR, 1), "p90": round(float(p90) / HOUR, 1)}


def _fetch_grouped(
    s: Session, where: list[Any], key: Any, values: list[Any], table_order: list[Any], shares: Any = None
) -> dict[str, list[np.ndarray]]:
    """Value columns per key: one count per key, then the values in key order straight from the
    driver's cursor into one array (no row objects: 100,000 rows stay well under a second).
    ``shares``: (share, id) columns of rows that are shares of one thing: the values of its shares summed
    (``_per``), when any of them has more than one."""
    conn = s.connection()
    most = [func.max(shares[0])] if shares is not None else []
    counts = conn.execute(select(key, func.count(), *most).where(*where).group_by(key).order_by(key)).all()
    if not counts:
        return {}
    split = shares is not None and any(row[2] for row in counts)
    fetched = [*values, shares[1]] if split else values
    result = conn.execute(select(*fetched).where(*where).order_by(*table_order))
    try:
        data = np.array(result.cursor.fetchall(), dtype=float).reshape(-1, len(fetched))
    finally:
        result.close()
    bounds = np.cumsum([row[1] for row in counts])[:-1]
    parts = np.split(data, bounds)
    return {
        str(row[0] or ""): _per(part, len(values)) if split else [part[:, i] for i in range(len(values))]
        for row, part in zip(counts, parts, strict=True)
    }


def _per(part: np.ndarray, n: int) -> list[np.ndarray]:
    """The ``n`` value columns of ``part`` summed per value of its last column (one row per value when
    no two rows share one: as they come)."""
    ids, inverse = np.unique(part[:, n], return_inverse=True)
    if ids.size == len(part):
        return [part[:, i] for i in range(n)]
    return [np.bincount(inverse, weights=part[:, i]) for i in range(n)]


def _period_date(text: str, name: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(
            "Periode ongeldig: geef de datums als JJJJ-MM-DD.", code="periode-ongeldig"
        ) from exc
    return eis_bereik(value, f"Periode ('{name}')", code="periode-ongeldig")


def parse_period(van: str | None, tot: str | None, today: date) -> tuple[datetime, datetime]:
    """The period filter (ISO dates, both inclusive); default the last year up to today."""
    end = _period_date(tot, "tot") if tot else today
    start = _period_date(van, "van") if van else max(end - timedelta(days=365), DATUM_MIN)
    if start > end:
        raise ValidationError("Periode ongeldig: 'van' ligt na 'tot'.", code="periode-omgekeerd")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError("Periode te lang: hooguit tien jaar.", code="periode-te-lang")
    # stored timestamps are UTC (SQLite keeps no zone): compare in UTC
    return (
        start_of_day(start),
        start_of_day(end + timedelta(days=1)),
    )


def _tasks(s: Session, process_id: str, start: datetime, end: datetime, group: str | None) -> dict[str, Any]:
    # answered from the covering index (process_id, element_id, completed_at, ..., share, task_id): ordered,
    # no table reads. A task is counted once, with the sum of its shares (of the team's, filtered by a
    # team): a task a migration moved has one per team (services.waits.task_waits)
    where = [TaskWait.process_id == process_id, TaskWait.completed_at >= start, TaskWait.completed_at < end]
    if group:
        where.append(TaskWait.group_name == group)
    return _fetch_grouped(
        s,
        where,
        TaskWait.element_id,
        [TaskWait.waiting_s, TaskWait.working_s],
        [TaskWait.process_id, TaskWait.element_id],
        shares=(TaskWait.share, TaskWait.task_id),
    )


def _seconds(s: Session) -> Any:
    """The length of an outside wait in seconds, in the database's own terms."""
    if s.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", OutsideWait.ended_at - OutsideWait.started_at)
    return (func.julianday(OutsideWait.ended_at) - func.julianday(OutsideWait.started_at)) * 86400.0


def _outside(
    s: Session, process_id: str, start: datetime, end: datetime, group: str | None
) -> dict[str, Any]:
    # every wait for an outside organisation's answer (a message, never a task: an outside organisation's
    # own task counts as that task's waiting and working time), also while a team worked beside it
    where = [
        OutsideWait.process_id == process_id,
        OutsideWait.ended_at.is_not(None),
        OutsideWait.ended_at >= start,
        OutsideWait.ended_at < end,
    ]
    if group:
        where.append(OutsideWait.holder == group)
    return _fetch_grouped(s, where, OutsideWait.element_id, [_seconds(s)], [OutsideWait.element_id])


def aggregate(
    s: Session, process_id: str, start: datetime, end: datetime, group: str | None
) -> list[dict[str, Any]]:
    tasks, outside = _tasks(s, process_id, start, end, group), _outside(s, process_id, start, end, group)
    out: list[dict[str, Any]] = []
    for element in sorted(set(tasks) | set(outside)):
        waiting, working = tasks.get(element, [np.empty(0), np.empty(0)])
        [held] = outside.get(element, [np.empty(0)])
        row: dict[str, Any] = {
            "element": element,
            "aantal": int(waiting.size),
            "wachten": _stats(waiting),
            "werken": _stats(working),
            "buiten": {"aantal": int(held.size), **_stats(held)},
        }
        medians = [row["wachten"]["mediaan"], row["werken"]["mediaan"], row["buiten"]["mediaan"]]
        row["mediaan_totaal"] = round(sum(m or 0.0 for m in medians), 1)
        out.append(row)
    top = max((r["mediaan_totaal"] for r in out), default=0.0)
    for r in out:
        r["intensiteit"] = round(r["mediaan_totaal"] / top, 3) if top else 0.0
    return out


def heatmap(
    platform: Platform,
    process_id: str,
    *,
    van: str | None = None,
    tot: str | None = None,
    groep: str | None = None,
) -> dict[str, Any]:
    from services.clock import today

    start, end = parse_period(van, tot, today(platform.clock))
    with platform.uow(write=False) as uow:
        s = uow.session
        pd = latest_definition(s, process_id)  # NotFound proces-onbekend, naming the deployed ones
        groups = sorted(
            s.scalars(
                union(
                    select(TaskWait.group_name).where(TaskWait.process_id == process_id),
                    select(HolderInterval.holder).where(
                        HolderInterval.process_id == process_id, HolderInterval.kind == d.EXTERN
                    ),
                    select(OutsideWait.holder).where(OutsideWait.process_id == process_id),
                )
            )
        )
        known = groep in groups or s.scalar(select(Group.id).where(Group.name == groep)) is not None
        if groep and not known:  # a team without completed tasks yet is a team: an empty heatmap
            raise ValidationError(f"Onbekend team of onbekende organisatie '{groep}'.", code="groep-onbekend")
        elements = aggregate(s, process_id, start, end, groep or None)
    slowest = max(elements, key=lambda r: r["mediaan_totaal"], default=None)
    return {
        "process_id": process_id,
        "naam": pd.name,
        "van": d.local_day(start).isoformat(),
        "tot": (d.local_day(end) - timedelta(days=1)).isoformat(),
        "groep": groep or None,
        "groepen": [g for g in groups if g],
        "eenheid": "uren",
        "elementen": elements,
        "traagste": slowest["element"] if slowest and slowest["mediaan_totaal"] > 0 else None,
    }


CSV_COLUMNS = (
    "element",
    "aantal",
    "wachten_mediaan_uren",
    "wachten_p90_uren",
    "werken_mediaan_uren",
    "werken_p90_uren",
    "buiten_aantal",
    "buiten_mediaan_uren",
    "buiten_p90_uren",
)


def as_csv(view: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in view["elementen"]:
        writer.writerow(
            [
                r["element"],
                r["aantal"],
                r["wachten"]["mediaan"],
                r["wachten"]["p90"],
                r["werken"]["mediaan"],
                r["werken"]["p90"],
                r["buiten"]["aantal"],
                r["buiten"]["mediaan"],
                r["buiten"]["p90"],
            ]
        )
    return buf.getvalue()


def for_user(platform: Platform, username: str, process_id: str, **filters: str | None) -> dict[str, Any]:
    """The heatmap when the policy lets this user see waiting figures ([inzicht].heatmap); an outside
    organisation's account sees only its own organisation's (another group: 403 groep-geen-toegang)."""
    from services import policy, users

    rules = policy.rules(platform.settings)
    policy.check_may_see_waits(users.get_user(platform, username), rules)
    with platform.uow(write=False) as uow:
        own = policy.own_work_only(policy.actor_for(uow.session, username), rules)
    groep = policy.waits_group(own, filters.pop("groep", None))
    view = heatmap(platform, process_id, groep=groep, **filters)
    if own is not None:
        view["groepen"] = sorted(own)
    return {**view, "alleen_eigen": own is not None}


def model_xml(platform: Platform, username: str, process_id: str) -> str:
    """The newest deployed diagram of the model, for the heatmap's viewer (same policy)."""
    from services import deployments, policy, users

    policy.check_may_see_waits(users.get_user(platform, username), policy.rules(platform.settings))
    with platform.uow(write=False) as uow:
        newest = deployments.newest_main_file(uow.session, process_id)
        if newest is None:
            raise NotFound(f"Onbekend proces '{process_id}'.", code="proces-onbekend")
        return str(newest.source)
