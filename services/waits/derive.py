"""Derive a case's holder intervals from its history: pure, no database.

The history of a case is its life (start, close), its human tasks (created, ended, candidate
groups), the engine's wait snapshots after each step (which catch events it waited on, with the
model's ``houder``) and its incidents. At every moment exactly one holder is chosen, by priority:

1. the system, during an incident;
2. the initiator, while the case waits for an aanvulling (the decision term is suspended);
3. a legal waiting period (terinzagelegging, bezwaar- or beroepstermijn); a bezwaar- or beroepstermijn
   only from the day after its besluit is made known by sending it (Awb 3:41, 6:8: ``term_begins``):
   the model waits for it from the step that took the besluit, and until then, the day of sending
   included, the gemeente holds that place (it still sends the besluit: ``SENDING``);
4. an external organisation with an open task, then a team with an open task (the longest-open
   task first, then by name);
5. an external organisation the case waits for (a message: the netbeheerder's answer);
6. the system (a timer or the next step, nothing else open).

Consecutive moments with the same holder form one interval; the others present at the same time
are kept as ``parallel``. The intervals cover [start, close) without gaps or overlaps; the last one
is open (``end`` None) while the case runs. The step that records a besluit sent later knows when its
term begins: that moment is one of the history's, so the gemeente's interval ends there and the term's
begins, ahead of the clock (the holder now is the interval that runs now: ``store.running_at``).

Beside them, services.waits.outside keeps every span in which the case waited for an outside
organisation's answer (rule 5's waits), also while a task or a term held the case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from services.clock import in_nl, start_of_day
from services.public_phases import term_begins

AFDELING, EXTERN, INITIATIEFNEMER, WETTELIJK, SYSTEEM = (
    "afdeling",
    "extern",
    "initiatiefnemer",
    "wettelijke_termijn",
    "systeem",
)
KINDS = (AFDELING, EXTERN, INITIATIEFNEMER, WETTELIJK, SYSTEEM)
#: the kinds that name who must act (not a legal waiting period or the system): the case's holder
ACTING = (AFDELING, EXTERN, INITIATIEFNEMER)
#: the kinds of holder a case lies with (its "Ligt bij" and ``Case.holder``): who acts, or the legal term
NAMED = (*ACTING, WETTELIJK)
#: the stored public name of each kind; the status page names a team, an outside organisation and the
#: initiator in the words of ``[houders]`` (bpmn/fasen.toml) instead, as its top does (waits.timeline)
PUBLIC_KIND_LABEL = {
    AFDELING: "Gemeente",
    INITIATIEFNEMER: "Aanvrager",
    SYSTEEM: "Gemeente",
}
#: model ``houder`` values that mean the initiator, and those that mean a legal waiting period
INITIATOR_HOLDERS = frozenset({"aanvrager", "initiatiefnemer"})
LEGAL_HOLDERS = frozenset({"belanghebbenden", "wettelijke termijn"})


@dataclass(frozen=True)
class TaskSpan:
    task_id: int
    element_id: str
    name: str
    groups: tuple[str, ...]
    start: datetime
    end: datetime | None
    #: when the task was created, when ``start`` is later (a migration moved it to other groups then:
    #: services.waits.moves); the longest-open rule ranks it by this moment
    opened: datetime | None = None


@dataclass(frozen=True)
class Wait:
    """One catch event the engine waited on after a step, with the model's ``houder``."""

    element_id: str
    houder: str | None
    reason: str


@dataclass(frozen=True)
class WaitSnapshot:
    at: datetime
    waits: tuple[Wait, ...]
    #: the day the besluit whose bezwaar- or beroepstermijn ``waits`` hold was made known by sending it
    #: (``public_phases.made_known_on``), as the step recorded it; None: they hold none, or they were
    #: recorded before the steps recorded that day (then ``History.made_known``: ``made_known_of``)
    made_known: date | None = None


@dataclass(frozen=True)
class History:
    started_at: datetime
    closed_at: datetime | None
    tasks: tuple[TaskSpan, ...] = ()
    snapshots: tuple[WaitSnapshot, ...] = ()
    #: (start, end or None) of each incident
    incidents: tuple[tuple[datetime, datetime | None], ...] = ()
    #: (start, end or None) of each pause by beheer
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    #: the day the case's besluit was made known (``made_known_on``), for the last waits for its term
    #: when they were recorded without it (``WaitSnapshot.made_known``)
    made_known: date | None = None


@dataclass(frozen=True)
class Holder:
    name: str
    kind: str
    public: str
    element_id: str | None
    reason: str


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime | None
    holder: str
    kind: str
    public_holder: str
    element_id: str | None
    reason: str
    parallel: tuple[str, ...] = field(default=())

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.holder, self.kind, self.element_id)


BEZWAARTERMIJN, BEROEPSTERMIJN = "Bezwaartermijn", "Beroepstermijn"
#: the legal periods against a besluit: they start when it is made known (services.waits.timeline)
REMEDY_TERMS = frozenset({BEZWAARTERMIJN, BEROEPSTERMIJN})


TERINZAGELEGGING, WETTELIJKE_TERMIJN = "Terinzagelegging", "Wettelijke termijn"
#: every name ``legal_period_label`` gives: a legal term holds a case, yet nobody there has to act
LEGAL_LABELS = frozenset({TERINZAGELEGGING, BEZWAARTERMIJN, BEROEPSTERMIJN, WETTELIJKE_TERMIJN})


def legal_period_label(reason: str) -> str:
    text = reason.lower()
    if "inzage" in text:
        return TERINZAGELEGGING
    if "bezwaar" in text:
        return BEZWAARTERMIJN
    if "beroep" in text:
        return BEROEPSTERMIJN
    return WETTELIJKE_TERMIJN


def classify_wait(wait: Wait, external: frozenset[str]) -> Holder:
    """The holder of a catch event: initiator, legal waiting period, or (by default) an outside party."""
    houder = (wait.houder or "").strip()
    low = houder.lower()
    if low in INITIATOR_HOLDERS:
        return Holder("Aanvrager", INITIATIEFNEMER, "Aanvrager", wait.element_id, wait.reason)
    if low in LEGAL_HOLDERS:
        label = legal_period_label(wait.reason)
        return Holder(label, WETTELIJK, label, wait.element_id, wait.reason)
    name = next((g for g in sorted(external) if g.lower() == low), None) or houder or "Externe partij"
    return Holder(name, EXTERN, name, wait.element_id, wait.reason)


def wait_holder_name(wait: Wait) -> str | None:
    """The model's ``houder`` of ``wait`` as every view names it: a legal waiting period by its term
    ("Terinzagelegging", "Bezwaartermijn"), never the model's "Belanghebbenden"; any other as given."""
    if (wait.houder or "").strip().lower() in LEGAL_HOLDERS:
        return legal_period_label(wait.reason)
    return wait.houder


def is_remedy(wait: Wait) -> bool:
    """Whether ``wait`` is a bezwaar- or beroepstermijn (``REMEDY_TERMS``): it begins only when its besluit
    is made known."""
    holder = classify_wait(wait, frozenset())
    return holder.kind == WETTELIJK and holder.name in REMEDY_TERMS


def classify_task(task: TaskSpan, external: frozenset[str]) -> Holder:
    group = task.groups[0] if task.groups else "Gemeente"
    if group in external:
        return Holder(group, EXTERN, group, task.element_id, task.name)
    return Holder(group, AFDELING, PUBLIC_KIND_LABEL[AFDELING], task.element_id, task.name)


INCIDENT = Holder("Systeem (incident)", SYSTEEM, "Gemeente", None, "incident: de zaak staat stil")
PAUSED = Holder(
    "Beheer (gepauzeerd)", SYSTEEM, "Gemeente", None, "gepauzeerd door beheer: de zaak staat stil"
)
IDLE = Holder("Systeem", SYSTEEM, "Gemeente", None, "wacht op een timer of de volgende stap")
#: the officers' names of the system's holders that stop everyone (an incident, beheer's pause): a case
#: lies with them, not with the team whose task stands still ("Ligt bij", services.waits.timeline)
HALTED = frozenset({INCIDENT.name, PAUSED.name})
#: the reason of the gemeente's interval before a bezwaar- or beroepstermijn begins: it still sends the
#: besluit; the holder timeline words it with the day the letter is sent (services.waits.timeline)
SENDING = "het besluit verzenden"


def sends_besluit(kind: str, reason: str) -> bool:
    """Whether an interval of ``kind`` with ``reason`` is the gemeente's before a term begins (``SENDING``)."""
    return kind == AFDELING and reason == SENDING


def made_known_of(history: History, index: int) -> date | None:
    """The day the besluit was made known whose term the waits of snapshot ``index`` hold: as recorded
    with them, else (waits recorded without it) the case's day when they are of its last waits for a term
    (every snapshot from them on holds one); None when they hold no term."""
    snap = history.snapshots[index]
    if not any(map(is_remedy, snap.waits)):
        return None
    if snap.made_known is not None or history.made_known is None:
        return snap.made_known
    later = history.snapshots[index + 1 :]
    return history.made_known if all(any(map(is_remedy, s.waits)) for s in later) else None


def made_known_last(snap: WaitSnapshot, case_day: date | None) -> date | None:
    """``made_known_of`` the last snapshot ``snap`` of a case whose day is ``case_day`` (``made_known_on``):
    no later snapshot, so the recorded day, else the case's, when its waits hold a term."""
    return (snap.made_known or case_day) if any(map(is_remedy, snap.waits)) else None


def term_start(day: date) -> datetime:
    """The first moment of the bezwaar- or beroepstermijn of a besluit sent on ``day``: the start of the
    day after (``public_phases.term_begins``, Awb 6:8 lid 1)."""
    return start_of_day(term_begins(day))


def before_term(wait: Wait, t: datetime, day: date | None) -> bool:
    """Whether ``wait`` is a bezwaar- or beroepstermijn (``is_remedy``) that has not begun at moment ``t``:
    its besluit, sent on ``day`` (``made_known_of`` its snapshot), is still to be sent or sent that day."""
    return day is not None and t < term_start(day) and is_remedy(wait)


def _of_wait(wait: Wait, t: datetime, day: date | None, external: frozenset[str]) -> tuple[int, Holder]:
    """The rank and holder of a wait at moment ``t``: a term before it begins (``before_term``) in the
    term's place, held by the gemeente, which still sends the besluit."""
    holder = classify_wait(wait, external)
    rank = {INITIATIEFNEMER: 1, WETTELIJK: 2}.get(holder.kind, 5)
    if before_term(wait, t, day):
        gemeente = PUBLIC_KIND_LABEL[AFDELING]
        holder = Holder(gemeente, AFDELING, gemeente, wait.element_id, SENDING)
    return rank, holder


def wait_at(wait: Wait, t: datetime, day: date | None, external: frozenset[str] = frozenset()) -> Holder:
    """The holder of ``wait`` at moment ``t`` (``day``: ``made_known_of`` its snapshot): a bezwaar- or
    beroepstermijn not begun yet is the gemeente's, which still sends the besluit (``SENDING``)."""
    return _of_wait(wait, t, day, external)[1]


def _active(t: datetime, start: datetime, end: datetime | None) -> bool:
    return start <= t and (end is None or t < end)


def holders_at(t: datetime, history: History, external: frozenset[str]) -> list[Holder]:
    """Every holder of the case at moment ``t``, the chosen one first."""
    ranked: list[tuple[int, datetime, str, Holder]] = []
    if any(_active(t, a, b) for a, b in history.pauses):  # nobody can act on a paused case
        ranked.append((-1, t, "", PAUSED))
    if any(_active(t, a, b) for a, b in history.incidents):
        ranked.append((0, t, "", INCIDENT))
    for task in history.tasks:
        if _active(t, task.start, task.end):
            holder = classify_task(task, external)
            # an outside organisation's task first: while it runs, the case is held outside
            ranked.append((3 if holder.kind == EXTERN else 4, task.opened or task.start, task.name, holder))
    index = None
    for i, snap in enumerate(history.snapshots):
        if snap.at <= t:
            index = i
    if index is not None:
        snapshot, day = history.snapshots[index], made_known_of(history, index)
        for i, wait in enumerate(snapshot.waits):
            rank, holder = _of_wait(wait, t, day, external)
            ranked.append((rank, snapshot.at, f"{i:03d}", holder))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    out = [r[3] for r in ranked]
    return out or [IDLE]


def _moments(history: History, after: datetime | None = None) -> list[datetime]:
    """The moments something changes: from the case's start, or only those later than ``after``."""
    start, close = history.started_at, history.closed_at
    points: set[datetime] = {start}
    for task in history.tasks:
        points.update(p for p in (task.start, task.end) if p is not None)
    points.update(s.at for s in history.snapshots)
    days = {made_known_of(history, i) for i in range(len(history.snapshots))}
    points.update(term_start(day) for day in days if day is not None)  # a term begins (may lie ahead)
    for a, b in (*history.incidents, *history.pauses):
        points.update(p for p in (a, b) if p is not None)
    first = (lambda p: p > after) if after is not None else (lambda p: p >= start)
    return sorted(p for p in points if first(p) and (close is None or p < close))


def extend(
    intervals: list[Interval], moments: Iterable[datetime], history: History, external: frozenset[str]
) -> list[Interval]:
    """Carry ``intervals`` on over ``moments`` (in order, after its last start): the last interval
    grows while the chosen holder stays (with the reason it has now: a wait's text may change while it
    goes on), and is closed where another one takes over."""
    intervals = list(intervals)
    for t in moments:
        found = holders_at(t, history, external)
        chosen = found[0]
        others = tuple(dict.fromkeys(h.name for h in found[1:] if h.name != chosen.name))
        last = intervals[-1] if intervals else None
        if last is not None and last.key == (chosen.name, chosen.kind, chosen.element_id):
            merged = tuple(dict.fromkeys(last.parallel + others))
            intervals[-1] = replace(last, end=None, parallel=merged, reason=chosen.reason)
            continue
        if last is not None:
            intervals[-1] = _closed(last, t)
        intervals.append(
            Interval(
                t, None, chosen.name, chosen.kind, chosen.public, chosen.element_id, chosen.reason, others
            )
        )
    return intervals


def closed(intervals: list[Interval], closed_at: datetime | None) -> list[Interval]:
    """The intervals with the last one ending when the case closed (unchanged while it runs)."""
    if intervals and closed_at is not None:
        return [*intervals[:-1], _closed(intervals[-1], closed_at)]
    return intervals


def derive(history: History, external: Iterable[str] = ()) -> list[Interval]:
    """The holder intervals of one case, gap-free and non-overlapping over its whole life."""
    intervals = extend([], _moments(history), history, frozenset(external))
    return closed(intervals, history.closed_at)


def carry_on(
    intervals: list[Interval], history: History, after: datetime, external: frozenset[str]
) -> list[Interval]:
    """``intervals`` (derived up to ``after``) carried on over what ``history`` adds later than
    ``after``: equal to deriving the whole history when ``history`` holds everything active then."""
    return closed(extend(intervals, _moments(history, after), history, external), history.closed_at)


def _closed(interval: Interval, end: datetime) -> Interval:
    return replace(interval, end=end)


def local_day(moment: datetime) -> date:
    return in_nl(moment).date()
