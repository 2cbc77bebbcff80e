"""A completed task's life from its creation to its completion, and each team's share of it.

The task's life is cut into intervals at every change that matters for whose time it is: a claim or an
assignment (the task is held, ``taak-toewijzing``), an unclaim or a release by beheer or a migration (it
is free again: :class:`Freed`), a move by a migration to other groups (``services.waits.moves``: another
team's share from there) and a pause by beheer or an incident (the case stands still: ``stopped``). Each
interval is waiting time of the team that had the task (free), working time (held), or neither (the
case stood still: the task could not be claimed or completed, the holder timeline gives that time to
"Beheer (gepauzeerd)" or "Systeem (incident)"). :func:`shares` sums them per team;
``services.waits.task_waits`` reads the events (:func:`lives`) and stores the shares.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from services import step_events
from services.clock import as_utc as utc
from services.waits import moves

#: the history line of a claim let go by beheer (an account's access revoked) or by a migration
RELEASED_EVENT = "taak-vrijgegeven"
#: the events that open a span in which the case stands still -> the event that closes it
SPAN_ENDS = {"incident": "incident-opgelost", "gepauzeerd": "hervat"}
#: the kinds of the case events a task's life is cut at (a move is read on its own: ``moved_at``)
LIFE_KINDS = (step_events.CLAIM_EVENT, RELEASED_EVENT, *SPAN_ENDS, *SPAN_ENDS.values())

Span = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class Freed:
    """The task was let go at ``at`` (unclaimed, or its claim released): free in its groups again."""

    at: datetime


#: a claim or assignment of a task (its moment), or a release (:class:`Freed`)
Hold = datetime | Freed


@dataclass(frozen=True)
class Share:
    """One team's share of a completed task: the groups it had then (None: its own, the last share), the
    first claim in it, and how long it waited and was worked on in it (seconds)."""

    groups: tuple[str, ...] | None
    claimed: datetime | None
    waiting_s: float
    working_s: float


def _at(hold: Hold) -> datetime:
    return hold.at if isinstance(hold, Freed) else hold


def _held(claims: Sequence[Hold], moment: datetime) -> bool:
    """Whether the task is held just after ``moment``: the last of ``claims`` up to it decides."""
    held = False
    for hold in claims:
        if _at(hold) <= moment:
            held = not isinstance(hold, Freed)
    return held


def shares(
    created: datetime,
    completed: datetime,
    claims: Sequence[Hold],
    moved: Iterable[moves.TaskMove],
    stopped: Sequence[Span] = (),
) -> list[Share]:
    """The shares of a task created and completed at these moments, claimed, assigned and let go at
    ``claims`` (in the order written), cut at each of ``moved`` that fell while it was open (as
    ``moves.split`` cuts its holder span). Each share waits while the task is free and is worked on while
    it is held (a claim a migration kept carries over the move), except while the case stood still
    (``stopped``: pauses and incidents, an open one up to the completion): neither. Without moves: one
    share."""
    cuts = [m for m in sorted(set(moved), key=lambda m: m.at) if created < m.at <= completed]
    bounds = [created, *(m.at for m in cuts), completed]
    stops = [(max(a, created), min(b or completed, completed)) for a, b in stopped]
    stops = [(a, b) for a, b in stops if a < b]
    inside = [_at(h) for h in claims if created < _at(h) < completed]
    moments = sorted({*bounds, *inside, *(x for span in stops for x in span)})
    times = [[0.0, 0.0] for _ in bounds[1:]]  # per share: waiting, working
    for a, b in pairwise(moments):
        if any(x <= a < y for x, y in stops):
            continue
        share = bisect_right(bounds, a, hi=len(bounds) - 1) - 1
        times[share][_held(claims, a)] += (b - a).total_seconds()
    groups: list[tuple[str, ...] | None] = [*(m.groups for m in cuts), None]
    out = []
    for i, (start, end) in enumerate(pairwise(bounds)):
        last = i == len(cuts)
        own = [
            k for k in claims if not isinstance(k, Freed) and start <= k and (k < end or (last and k == end))
        ]
        out.append(Share(groups[i], own[0] if own else None, times[i][0], times[i][1]))
    return out


def stood_still(
    events: Iterable[tuple[str, datetime]], before: datetime | None = None
) -> dict[str, list[Span]]:
    """The spans in which a case stood still, per kind that opens one (``SPAN_ENDS``), from its events
    (kind, moment) of those kinds in the order written: (start, end or None while it lasts). An end
    without its start began before the events read (``before``, the moment they were read from; None:
    they are the whole history, and such an end is ignored); a span still open at ``before`` is found
    only when the events read begin with its start (``task_waits.life_reads`` reads it)."""
    begins = {end: begin for begin, end in SPAN_ENDS.items()}
    found: dict[str, list[Span]] = {begin: [] for begin in SPAN_ENDS}
    opened: dict[str, datetime] = {}
    for kind, at in events:
        if kind in SPAN_ENDS:
            opened.setdefault(kind, at)  # a second begin while one is open changes nothing
        elif kind in begins and begins[kind] in opened:
            found[begins[kind]].append((opened.pop(begins[kind]), at))
        elif kind in begins and before is not None and not found[begins[kind]]:
            found[begins[kind]].append((before, at))
    for begin, at in opened.items():
        found[begin].append((at, None))
    return found


def lives(
    rows: Iterable[tuple[datetime, str, Any]], tasks: Sequence[Any], since: datetime
) -> tuple[dict[int, list[Hold]], list[Span]]:
    """From a case's events of ``LIFE_KINDS`` since ``since`` (moment, kind, data; in the order written):
    the claims, assignments and releases of each of ``tasks`` (task rows), and the spans in which the case
    stood still from ``since`` on. Events before ``since`` may come first (``task_waits.life_reads``: a
    pause or an incident still open then began there): such a span counts from ``since``. A release names
    its task row (``taak_id``); a migration's written before it did (``migration_report``) names only the
    task's name: the task of that name open then."""
    ids = {t.id for t in tasks}
    holds: dict[int, list[Hold]] = {}
    marks: list[tuple[str, datetime]] = []  # the pauses' and incidents' begins and ends
    for at, kind, raw in rows:
        data, moment = raw or {}, utc(at)
        if kind == step_events.CLAIM_EVENT:
            if data.get("taak") in ids:  # a claim of a task not among ``tasks`` is left out
                holds.setdefault(data["taak"], []).append(Freed(moment) if "was" in data else moment)
        elif kind == RELEASED_EVENT:
            for t in tasks:
                open_then = utc(t.created_at) <= moment <= utc(t.completed_at or moment)
                if data.get("taak_id") == t.id or (
                    "taak_id" not in data and data.get("taak") == t.name and open_then
                ):
                    holds.setdefault(t.id, []).append(Freed(moment))
        else:
            marks.append((kind, moment))
    found = stood_still(marks, since)
    return holds, [(max(a, since), b) for kind in SPAN_ENDS for a, b in found[kind] if b is None or b > since]
