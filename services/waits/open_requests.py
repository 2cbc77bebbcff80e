"""What the running cases wait on now, for the overviews: who holds each case since when (the open
holder interval), and the open questions to outside organisations (their open tasks and the waits for
their answer, ``outside_wait``) with the day each answer is due and whether it is overdue.

An outside wait's answer is due on the day ``figures.answer_due`` gives it, the rule the answer figures
judge by too: none once the organisation answered (a waiting-list position), else the date its model
recorded (the transportverzoek's ``antwoord_uiterlijk``), else its agreed term from the day the question
was first asked: a reminder or an escalation is the same question (``figures.wait_questions``), so it
neither moves the day nor the "since".

Set-based: the case list asks for the cases of one page in one statement per table (and, for its open
waits, one for their earlier waits and one for the messages of the cases that had any), the dashboard
for every open question in its scope at once; no query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.termijnen.dwangsom import stand_in_woorden
from services.clock import iso_utc
from services.projection_case import term_stands_still
from services.public_phases import PublicPhases
from services.store.models import Case, HolderInterval, HumanTask, OutsideWait, TaskCandidate
from services.waits.derive import local_day
from services.waits.figures import (
    RECORD_KEYS,
    Question,
    answer_due,
    answer_moments,
    answer_term,
    chunked,
    parties_of,
    record_of,
    wait_questions,
)
from services.waits.store import running_at, utc
from services.waits.timeline import lies_with_now

#: the most open questions the dashboard lists (the oldest due first)
MAX_LISTED = 100


@dataclass(frozen=True)
class OpenRequest:
    """One open question to an outside organisation: its own open task, or a wait for its answer."""

    case_id: int
    reference: str
    title: str
    party: str
    what: str
    since: datetime
    due: date | None

    def overdue(self, day: date) -> bool:
        return self.due is not None and self.due < day

    def as_dict(self, day: date) -> dict[str, Any]:
        return {
            "zaak": self.reference,
            "titel": self.title,
            "organisatie": self.party,
            "vraag": self.what,
            "sinds": iso_utc(self.since),
            "vervaldatum": self.due.isoformat() if self.due else None,
            "te_laat": self.overdue(day),
        }


def _questions_of(s: Session, rows: list[Any]) -> dict[tuple[str, int], list[Question]]:
    """The questions of the open waits ``rows`` (case, holder, element, start), each with the ended
    waits before it on its case for its organisation (``figures.wait_questions``): one statement for
    those waits, one for the messages of the cases that had any, none when no case had any."""
    ids = sorted({r[0] for r in rows})
    holders = sorted({r[1] for r in rows})
    earlier: list[Any] = []
    for part in chunked(ids):
        w = OutsideWait
        earlier += s.execute(
            select(w.holder, w.case_id, w.element_id, w.working_days, w.started_at, w.ended_at).where(
                w.case_id.in_(part), w.holder.in_(holders), w.ended_at.is_not(None)
            )
        ).all()
    waits = [*earlier, *((org, c, element, 0, at, None) for c, org, element, at in rows)]
    found: dict[tuple[str, int], list[Question]] = defaultdict(list)
    for q in wait_questions(waits, answer_moments(s, earlier) if earlier else None):
        found[(q.holder, q.case_id)].append(q)
    return found


def _question(found: dict[tuple[str, int], list[Question]], org: str, case_id: int, at: datetime) -> Question:
    """The question the open wait of ``org`` on ``case_id`` that began at ``at`` belongs to."""
    return max((q for q in found[(org, case_id)] if q.asked <= at), key=lambda q: q.asked)


def open_requests(
    s: Session,
    external: Collection[str],
    *,
    case_ids: Collection[int] | None = None,
    scope: Any = None,
    parties: Collection[str] | None = None,
    limit: int | None = None,
) -> list[OpenRequest]:
    """The open questions to outside organisations (of ``parties`` only, when given) on the cases
    ``case_ids`` or in ``scope`` (a subquery of case ids; neither: every case), the earliest due first,
    then the oldest; ``limit`` of each kind at most. A task is one when a candidate group is one of the
    ``external`` groups; every open ``outside_wait`` is one (its holder is the model's outside ``houder``
    as the case routes it, ``policy.authority.wait_holder``: the organisation the case names for the party, which
    answers as its party, ``figures.parties_of``; it need not be a group)."""
    orgs = set(external) & set(parties) if parties is not None else set(external)
    if case_ids is not None and not case_ids:
        return []
    waits = (
        select(Case.id, Case.reference, Case.title, OutsideWait.holder, OutsideWait.reason)
        .add_columns(OutsideWait.started_at, OutsideWait.element_id)
        .add_columns(*(Case.summary[key] for key in RECORD_KEYS))
        .join(Case, Case.id == OutsideWait.case_id)
        .where(OutsideWait.ended_at.is_(None))
        .order_by(OutsideWait.started_at, OutsideWait.id)
    )
    if parties is not None:
        waits = waits.where(OutsideWait.holder.in_(sorted(parties)))
    if case_ids is not None:
        waits = waits.where(OutsideWait.case_id.in_(case_ids))
    elif scope is not None:
        waits = waits.where(OutsideWait.case_id.in_(scope))
    found = _asked_tasks(s, orgs, case_ids, scope, limit)
    rows: list[Any] = list(s.execute(waits if limit is None else waits.limit(limit)))
    asked = _questions_of(s, [(r[0], r[3], r[6], utc(r[5])) for r in rows]) if rows else {}
    parties = parties_of(s, {r[3] for r in rows})  # a case's own organisation answers as its party
    for c, ref, t, org, what, at, _element, *records in rows:
        question = _question(asked, org, c, utc(at))
        record = record_of(dict(zip(RECORD_KEYS, records, strict=True)), org, parties)
        due = answer_due(question, record, answer_term(org, parties))
        found.append(OpenRequest(c, ref, t, org, what or "antwoord", question.asked, due))
    found.sort(key=lambda r: (r.due is None, r.due or date.max, r.since))
    return found[:limit] if limit is not None else found


def _asked_tasks(
    s: Session, orgs: set[str], case_ids: Collection[int] | None, scope: Any, limit: int | None
) -> list[OpenRequest]:
    """The open tasks of the organisations ``orgs``, one per organisation among their candidate groups.
    For the cases of a page read by case (the index on case and state: the candidate index would walk
    every open task of every outside organisation), else from the candidate index, oldest due first."""
    if not orgs:
        return []
    columns = (Case.id, Case.reference, Case.title, HumanTask.name, HumanTask.created_at, HumanTask.due_on)
    if case_ids is not None:
        query = (
            select(*columns, HumanTask.candidate_groups)
            .join(Case, Case.id == HumanTask.case_id)
            .where(HumanTask.case_id.in_(case_ids), HumanTask.state == "open")
        )
        rows: Any = s.execute(query)
        return [
            OpenRequest(c, ref, title, str(org), name, utc(at), due)
            for c, ref, title, name, at, due, groups in rows
            for org in groups or []
            if org in orgs
        ]
    query = (
        select(*columns, TaskCandidate.group_name)
        .join(HumanTask, HumanTask.id == TaskCandidate.task_id)
        .join(Case, Case.id == HumanTask.case_id)
        .where(
            TaskCandidate.open.is_(True),
            TaskCandidate.group_name.in_(sorted(orgs)),
            HumanTask.state == "open",
        )
        .order_by(HumanTask.due_on.is_(None), HumanTask.due_on, HumanTask.created_at, HumanTask.id)
    )
    if scope is not None:
        query = query.where(HumanTask.case_id.in_(scope))
    if limit is not None:
        query = query.limit(limit)
    rows = s.execute(query)
    return [OpenRequest(c, ref, title, org, name, utc(at), due) for c, ref, title, name, at, due, org in rows]


def for_case_rows(
    s: Session,
    external: Collection[str],
    case_ids: Collection[int],
    now: datetime,
    words: PublicPhases | None = None,
) -> dict[int, dict[str, Any]]:
    """Per case of a list page (the case list, the inbox), at ``now``: who holds it (``houder``) since when
    (``sinds``, its holder interval that runs now: ``store.running_at``), its dwangsom in short (``dwangsom``, None without one), whether
    its term stands still (``termijn_opgeschort``: its date is provisional, ``term_stands_still``) and its
    overdue outside questions (``extern_te_laat``). Three statements for the whole page. ``houder`` is
    the case file's "Ligt bij" (``timeline.lies_with_now``: a legal term by its name, "Terinzagelegging",
    not the model's "Belanghebbenden"; ``words``: a public viewer's wording), as the case file falls back
    to the case's own holder when its timeline names nobody who acts."""
    ids, day = sorted(set(case_ids)), local_day(now)
    if not ids:
        return {}
    iv = HolderInterval
    rows = s.execute(
        select(Case.id, Case.holder, iv.started_at, Case.summary["dwangsom"], iv.holder, iv.kind)
        .add_columns(iv.public_holder, Case.opschorting)
        .outerjoin(iv, (iv.case_id == Case.id) & running_at(now))
        .where(Case.id.in_(ids))
    )
    out: dict[int, dict[str, Any]] = {}
    row: Any
    for row in rows:
        case_id, holder, since, dwangsom, running, kind, public, _ = row
        said = stand_in_woorden(dwangsom)
        held = lies_with_now(running, kind, public, words) if running is not None else None
        out[case_id] = {
            "houder": held or holder,
            "sinds": iso_utc(utc(since)) if since else None,
            "dwangsom": said["kort"] if said else None,
            "termijn_opgeschort": term_stands_still(row),
            "extern_te_laat": [],
        }
    for r in open_requests(s, external, case_ids=ids):
        if r.overdue(day) and r.case_id in out:
            out[r.case_id]["extern_te_laat"].append(r.as_dict(day))
    return out


#: the dwangsom stands of a running case the gemeente can still end by deciding (not yet ``vastgesteld``)
_RUNNING_DWANGSOM = ("wachttijd", "loopt", "maximum")


def dwangsommen(s: Session, *, scope: Any = None, limit: int = MAX_LISTED) -> list[dict[str, Any]]:
    """The running cases in ``scope`` (a subquery of case ids; None: every case) on which a dwangsom
    runs or is about to (Awb 4:17, the stand the model keeps daily in the case's summary), the longest
    running first: for the dashboard, where a team lead sees which besluit costs money every day."""
    status = Case.summary["dwangsom"]["status"].as_string()
    start = Case.summary["dwangsom"]["start"].as_string()
    query = (
        select(Case.reference, Case.title, Case.summary["dwangsom"])
        .where(Case.status != CaseStatus.AFGEROND, status.in_(_RUNNING_DWANGSOM))
        .order_by(start, Case.reference)
        .limit(limit)
    )
    if scope is not None:
        query = query.where(Case.id.in_(scope))
    out: list[dict[str, Any]] = []
    row: Any
    for row in s.execute(query):
        reference, title, stand = row
        words = stand_in_woorden(stand)
        if words is None:
            continue
        out.append(
            {
                "zaak": reference,
                "titel": title,
                "status": stand.get("status"),
                "start": str(stand["start"])[:10],
                "dagen": int(stand.get("dagen") or 0),
                "bedrag_euro": stand.get("bedrag_euro") or 0,
                "tekst": words["tekst"],
            }
        )
    return out
