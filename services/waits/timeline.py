"""A case's holder timeline for the case file and (public holders only) the status page.

One row per holder with its intervals as bars over calendar time, and one more row (``tegelijk``) per
outside organisation whose answer the case awaited while another holder held it (a team working on
beside the netbeheerder's transportverzoek), the non-working days (Atw) marked,
who holds the case now and since when, and the remaining critical path (services.waits.critical_path):
the steps still ahead with the median duration of each from history, and the expected decision date
against the legal deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.getallen import als_id
from processes.termijnen import standaard_kalender
from services import policy
from services.clock import in_nl, iso_utc, start_of_day
from services.platform import Platform
from services.policy.outside import outside_holders
from services.public_phases import PublicPhases, made_known_on, public_phases, sending_words
from services.store.models import Case, HolderInterval, HumanTask, OutsideWait, User
from services.waits import derive as d
from services.waits.critical_path import critical_path
from services.waits.store import last_snapshot, utc, working_days

#: kinds whose reason text may be shown publicly (the model's public wait texts)
PUBLIC_REASONS = {d.EXTERN, d.INITIATIEFNEMER, d.WETTELIJK}
MAX_MARKED_DAYS = 800


def _pct(part: float, whole: float) -> float:
    return round(100 * part / whole, 2) if whole > 0 else 0.0


@dataclass(frozen=True)
class _Piece:
    """One bar of a row: who, what kind, from when to when (``end`` None: still running)."""

    name: str
    kind: str
    start: datetime
    end: datetime | None
    days: int | None
    reason: str
    beside: bool = False  # a wait for an outside organisation while someone else held the case
    element_id: str | None = None
    said: str = ""  # a reason the page gives whatever the bar's kind (``_sending``)


def _reason(reason: str, kind: str, element_id: str | None, hidden: frozenset[str] | None) -> str:
    """A bar's reason as the page may show it; ``hidden`` None: the officers' view (every reason), else the
    elements that are tasks: a task's name is internal ("Aanbod warmtebedrijf", "Advies Windpark ...
    (Netbeheerder)"), also an outside organisation's task; the model's public wait texts are shown."""
    if hidden is None:
        return reason
    return reason if kind in PUBLIC_REASONS and element_id not in hidden else ""


def _rows(
    pieces: list[_Piece], start: datetime, end: datetime, hidden: frozenset[str] | None
) -> list[dict[str, Any]]:
    span = (end - start).total_seconds()
    rows: dict[tuple[str, bool], dict[str, Any]] = {}
    for p in pieces:
        a, b = p.start, p.end or end
        row = rows.setdefault(
            (p.name, p.beside),
            {
                "houder": p.name,
                "soort": p.kind,
                "tegelijk": p.beside,
                "segmenten": [],
                "dagen": 0.0,
                "werkdagen": 0,
            },
        )
        days = p.days if p.days is not None else working_days(a, b) or 0
        row["segmenten"].append(
            {
                "x": _pct((a - start).total_seconds(), span),
                "breedte": max(_pct((b - a).total_seconds(), span), 0.3),
                "van": iso_utc(a),
                "tot": iso_utc(b) if p.end else None,
                "werkdagen": days,
                "reden": p.said or _reason(p.reason, p.kind, p.element_id, hidden),
            }
        )
        row["dagen"] = round(row["dagen"] + (b - a).total_seconds() / 86400, 1)
        row["werkdagen"] += days
    return list(rows.values())


def _public_name(holder: str, kind: str, stored: str, words: PublicPhases) -> str:
    """Who holds the case in the status page's words (``[houders]`` of bpmn/fasen.toml, as its top
    says it: "Team Vergunningen", "U (de aanvrager)"); a legal term or the system by its stored public
    name ("Terinzagelegging", "Gemeente"), as is a holder the words hide."""
    return (words.holder(holder) if kind in d.ACTING else None) or stored


def _held(
    intervals: list[HolderInterval], end: datetime, words: PublicPhases | None, sent: str
) -> list[_Piece]:
    """The bars of the holders up to ``end`` (the case's close, or now): an interval still ahead is not
    drawn, one that runs on past ``end`` runs (the gemeente's until the term of a besluit sent later
    begins: ``derive.SENDING``, worded as ``sent``); ``words``: the public wording (None: the officers')."""
    pieces = []
    for iv in intervals:
        start, stop = utc(iv.started_at), utc(iv.ended_at) if iv.ended_at else None
        if start > end:
            continue
        ahead = stop is not None and stop > end
        pieces.append(
            _Piece(
                iv.holder if words is None else _public_name(iv.holder, iv.kind, iv.public_holder, words),
                iv.kind,
                start,
                None if ahead else stop,
                None if ahead else iv.working_days,
                iv.reason,
                element_id=iv.element_id,
                said=sent if d.sends_besluit(iv.kind, iv.reason) else "",
            )
        )
    return pieces


def _sending(sent: date | None, now: datetime) -> str:
    """The reason of the gemeente's bar before a bezwaar- or beroepstermijn begins (``derive.SENDING``):
    the besluit's letter sent on ``sent`` as today tells it (``sending_words``: "wordt verzonden op
    <datum>", "wordt vandaag verzonden", "is verzonden op <datum>"), as the status page's step bar says it
    (review20, 7; S20, 2)."""
    return f"het besluit {sending_words(sent, in_nl(now).date())}" if sent is not None else ""


#: the waits the case's last step recorded, each with the words of the besluit's sending when it holds the
#: case at a moment as the gemeente that still sends it, else None (``waits_now``)
WaitsNow = list[tuple[d.Wait, str | None]]


class CaseNow(NamedTuple):
    """Who holds the case and what it waits for at a moment, as the case's views give it (``case_now``)."""

    houder: str | None
    wacht_op: str | None


def waits_now(s: Session, case: Case, now: datetime) -> WaitsNow:
    """The waits the case's last step recorded (``last_snapshot``: the model's ``wacht_op`` with its
    ``houder``), each with, when it holds the case at ``now`` as the gemeente that still sends the besluit
    (``derive.before_term``: a bezwaar- or beroepstermijn not begun yet), the words of that sending as the
    holder timeline's bar says it; None for a wait that holds the case as the model says."""
    snap = last_snapshot(s, case.id)
    if snap is None:
        return []
    day = d.made_known_last(snap, made_known_on(case))
    return [(wait, _sending(day, now) if d.before_term(wait, now, day) else None) for wait in snap.waits]


def waits_in_words(waits: WaitsNow) -> list[str]:
    """The case page's "Wacht op": the waits the case's last step recorded, each as it holds the case now
    (``waits_now``): a bezwaar- or beroepstermijn not begun yet is the gemeente's, which still sends the
    besluit, worded as the holder timeline's bar and "Ligt bij" say it; the term's own words from its
    first day."""
    gemeente = d.PUBLIC_KIND_LABEL[d.AFDELING]
    lines = []
    for wait, sending in waits:
        holder = d.wait_holder_name(wait)
        said = f"{holder}: {wait.reason}" if holder else wait.reason
        lines.append(f"{gemeente}: {sending}" if sending else said)
    return list(dict.fromkeys(lines))


def _halted(s: Session, case: Case) -> str | None:
    """The system's holder of a paused case or one in incident (``derive.HALTED``: "Beheer (gepauzeerd)",
    "Systeem (incident)"), read from its open holder interval as the case list reads it (``lies_with_now``);
    None for any other case, or one whose interval was not recorded (then ``Case.holder``, as the list)."""
    if case.status not in (CaseStatus.GEPAUZEERD, CaseStatus.INCIDENT):
        return None
    iv = HolderInterval
    halted = iv.holder.in_(sorted(d.HALTED))
    return s.scalar(select(iv.holder).where(iv.case_id == case.id, iv.ended_at.is_(None), halted).limit(1))


def public_holder(houder: str | None, words: PublicPhases) -> str | None:
    """A case view's ``houder`` (``case_now``) as a public viewer (an initiator, an outside party) reads it,
    as the case list (``lies_with_now``) and the status page say it: the system that stops the case
    (``derive.HALTED``) by its public name, "Gemeente", never beheer's words; a team, an outside party or
    the initiator in ``words`` (``[houders]``: "Team Vergunningen", not "Vergunningen"); any other (a legal
    term, a holder the words hide) as given."""
    if houder in d.HALTED:
        return d.PUBLIC_KIND_LABEL[d.SYSTEEM]
    return words.holder(houder) or houder


def case_now(s: Session, case: Case, now: datetime, waits: WaitsNow | None = None) -> CaseNow:
    """The case's ``houder`` and ``wacht_op`` at ``now`` (the case view of the API and the pages, the map
    panel, the status page's "Waar wachten we op?"): as its last step stored them (``Case.holder``: the
    group of its first open task, else its waits' ``houder``; ``Case.waiting_for``: the model's waits
    joined, ``projection_text``), but while a bezwaar- or beroepstermijn has not begun the gemeente holds
    the case in the term's place, ahead of any open task, and the besluit still to be sent is what it waits
    for ("het besluit wordt verzonden op <datum>"), as derive's rule (``derive.wait_at``), "Ligt bij" and
    the case page's "Wacht op" say it. The waits (``waits_now``; ``waits`` when the caller read them at a
    moment of ``now``'s day) are read only for a running case whose besluit is sent on that day or later.
    A case that stands still (paused by beheer, in incident) lies with the system that stops it
    (``_halted``), as the case list says it, not with the team whose task stands still."""
    halted = _halted(s, case)
    if halted is not None:
        return CaseNow(halted, case.waiting_for)
    stored = CaseNow(case.holder, case.waiting_for)
    sent = made_known_on(case)
    if sent is None or case.status == CaseStatus.AFGEROND or now >= d.term_start(sent):
        return stored
    waits = waits_now(s, case, now) if waits is None else waits
    if not any(sending for _, sending in waits):
        return stored
    said = "; ".join(dict.fromkeys(sending or wait.reason for wait, sending in waits))
    return CaseNow(d.PUBLIC_KIND_LABEL[d.AFDELING], said)


def _now(piece: _Piece, now: datetime, hidden: frozenset[str] | None) -> dict[str, Any]:
    """The timeline's "Nu bij": the bar that runs now."""
    return {
        "houder": piece.name,
        "soort": piece.kind,
        "sinds": iso_utc(piece.start),
        "werkdagen": working_days(piece.start, now) or 0,
        "reden": piece.said or _reason(piece.reason, piece.kind, piece.element_id, hidden),
    }


def _minus(
    a: datetime, b: datetime, taken: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """The parts of [a, b) outside every span of ``taken`` (sorted by start)."""
    out = []
    for x, y in taken:
        if y <= a or x >= b:
            continue
        if x > a:
            out.append((a, x))
        a = max(a, y)
    return [*out, (a, b)] if a < b else out


def _beside(
    waits: list[OutsideWait], intervals: list[HolderInterval], end: datetime, words: PublicPhases | None
) -> list[_Piece]:
    """The waits for outside organisations while another holder held the case: the parts of each wait
    in which its organisation was not the holder (one extra row per organisation)."""
    pieces = []
    for w in waits:
        name = w.holder if words is None else _public_name(w.holder, d.EXTERN, w.holder, words)
        held = sorted(
            (utc(iv.started_at), utc(iv.ended_at) if iv.ended_at else end)
            for iv in intervals
            if iv.holder == w.holder and iv.kind == d.EXTERN
        )
        stop = utc(w.ended_at) if w.ended_at else end
        for a, b in _minus(utc(w.started_at), stop, held):
            running = w.ended_at is None and b == end
            pieces.append(_Piece(name, d.EXTERN, a, None if running else b, None, w.reason, True))
    return pieces


def _non_working(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The weekend days and holidays in the range, as stripes (x and width in percent)."""
    first, last = d.local_day(start), d.local_day(end)
    if (last - first).days > MAX_MARKED_DAYS:
        return []
    kal, span, out = standaard_kalender(), (end - start).total_seconds(), []
    day = first
    while day <= last:
        if not kal.is_werkdag(day):  # in UTC: a day of the clock change lasts 23 or 25 hours
            a = max(start_of_day(day), start)
            b = min(start_of_day(day + timedelta(days=1)), end)
            if b > a:
                out.append(
                    {
                        "x": _pct((a - start).total_seconds(), span),
                        "breedte": _pct((b - a).total_seconds(), span),
                    }
                )
        day += timedelta(days=1)
    return out


def timeline(
    s: Session, case: Case, now: datetime, *, public: bool, phases: PublicPhases | None = None
) -> dict[str, Any]:
    """The holder timeline of ``case``; ``public``: in the status page's words (``phases``' holders,
    the shipped ones when not given), without internal reasons and step names; ``voor_aanvrager``: those
    words address the initiator (``PublicPhases.addresses_initiator``), not an outside party."""
    intervals = list(
        s.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case.id).order_by(HolderInterval.seq)
        )
    )
    waits = list(
        s.scalars(
            select(OutsideWait)
            .where(OutsideWait.case_id == case.id)
            .order_by(OutsideWait.started_at, OutsideWait.id)
        )
    )
    start = utc(case.created_at)
    end = utc(case.closed_at) if case.status == CaseStatus.AFGEROND and case.closed_at else max(now, start)
    words = (phases or public_phases()) if public else None
    tasks = select(HumanTask.bpmn_id).where(HumanTask.case_id == case.id)
    hidden = frozenset(s.scalars(tasks)) if public else None
    held = _held(intervals, end, words, _sending(made_known_on(case), now))
    pieces = held + _beside(waits, intervals, end, words)
    running = next((p for p in held if p.end is None), None)
    path = critical_path(s, case, now, waits)
    if path is not None:  # each outside holder it counts as a sentence names it, on either page
        said = phases or public_phases()
        extern = [{**w, "in_zin": said.holder_in_sentence(w["houder"])} for w in path["extern"]]
        path = {**path, "extern": extern}
    if path is not None and public:
        path = {**path, "stappen": []}  # step names are internal; the dates are public
    return {
        "van": iso_utc(start),
        "tot": iso_utc(end),
        "rijen": _rows(pieces, start, end, hidden),
        "vrije_dagen": _non_working(start, end),
        "nu": None if running is None else _now(running, now, hidden),
        "kritiek_pad": path,
        "publiek": public,
        "voor_aanvrager": words is not None and words.addresses_initiator,  # "Waar ligt uw aanvraag"
    }


def _now_name(holder: str, kind: str, stored: str, words: PublicPhases | None) -> str:
    """The holder of an interval as the timeline's "Nu bij" names it; ``words`` None: the officers'."""
    return holder if words is None else _public_name(holder, kind, stored, words)


def _lying(name: Any, kind: Any, holder: Any) -> str | None:
    """``name``, the viewer's words for the holder ``holder`` of ``kind``, when the case lies with it."""
    return str(name) if name and (kind in d.NAMED or holder in d.HALTED) else None


def lies_with(shown: Mapping[str, Any]) -> str | None:
    """Who holds the case now as its holder timeline ``shown`` says it ("Nu bij"), for the case file's
    "Ligt bij": a team or outside party, the initiator, the legal term that runs ("Terinzagelegging",
    not the model's ``houder`` "Belanghebbenden") or, for an officer, the system while the case stands
    still (``derive.HALTED``: "Beheer (gepauzeerd)", "Systeem (incident)": nobody else can act), in the
    words of the same viewer's timeline (``[houders]`` for a public one). None when the timeline names
    nobody who acts or whose term runs (the system waiting for a timer or its next step)."""
    now = (shown or {}).get("nu") or {}
    return _lying(now.get("houder"), now.get("soort"), now.get("houder"))


def lies_with_now(holder: str, kind: str, stored: str, words: PublicPhases | None = None) -> str | None:
    """``lies_with`` from the case's open holder interval (``holder``, ``kind`` and its public name
    ``stored``) without building its timeline: the "Ligt bij" of a list of cases (the case list, the
    inbox), in the same words as the case file; ``words``: the public wording for a public viewer, who
    reads a case that stands still (``derive.HALTED``) as lying with "Gemeente", as the status page does."""
    return _lying(_now_name(holder, kind, stored, words), kind, holder)


def for_case_file(platform: Platform, case_key: int | str, username: str) -> dict[str, Any]:
    """The timeline on the officers' case file, by id or reference (the caller checked access);
    an outside party's or initiator's account sees the public variant, an outside party's without the
    applicant's name (policy.outside)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case_id = als_id(case_key)
        q = (
            select(Case).where(Case.id == case_id)
            if case_id is not None
            else select(Case).where(Case.reference == str(case_key))
        )
        case = s.scalars(q).first()
        user = s.scalars(select(User).where(User.username == username)).first()
        if case is None or user is None:
            return {}
        actor, rules = policy.Actor.of(user), policy.rules(platform.settings)
        words = policy.holder_words(actor, rules, platform.settings)  # None: an officer's
        phases = public_phases(platform.settings) if words is None else words
        shown = timeline(s, case, platform.clock.now(), public=words is not None, phases=phases)
        return outside_holders(case, shown) if policy.kind(actor, rules) == "extern" else shown


def for_status_page(platform: Platform, code: str) -> dict[str, Any]:
    """The public timeline behind a tracking code (the status page looked the code up already)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
        if case is None:
            return {}
        return timeline(s, case, platform.clock.now(), public=True, phases=public_phases(platform.settings))
