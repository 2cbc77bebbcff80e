"""Figures read from the holder intervals: who held the closed cases how long, and per organisation
how often it was asked, how fast it answered and how often within its term (in Atw working days; its
answer times from every wait for it, also one beside a team's task, and from its own tasks). A task of
its own is judged by its vervaldatum, as the open questions' list judges it (open_requests), else by the
organisation's agreed term (``ANSWER_TERMS``); a wait by the day its answer is due (``answer_due``, the
one rule the open questions' list reads too): none after an answer (a waiting-list position), else the
date its model recorded, else that agreed term.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.netcongestie import UITKOMSTEN
from processes.termijnen import standaard_kalender
from services.store.models import Case, CaseEvent, Group, HolderInterval, HumanTask, OutsideWait, TaskWait
from services.waits import derive as d
from services.waits import sql_figures
from services.waits.store import utc

#: Agreed or legal answer terms of outside organisations, in working days (source noted per line).
ANSWER_TERMS = {
    "Netbeheerder": 10,  # transportverzoek up to 10 MVA: offer, alternative or refusal (Netcode elektriciteit)
}


def parties_of(s: Session, holders: Iterable[str]) -> dict[str, str]:
    """The party of each of ``holders`` that is an organisation's own group (app_group.party: "Netbeheer
    Oost" -> "Netbeheerder"), which a case names for its party and whose waits it holds; a party's own
    group and any other holder are left out (they are their own party)."""
    names = sorted(set(holders))
    if not names:
        return {}
    found = s.execute(select(Group.name, Group.party).where(Group.name.in_(names), Group.party.is_not(None)))
    return {str(name): str(party) for name, party in found}


def answer_term(holder: str, parties: dict[str, str]) -> int | None:
    """The answer term of ``holder`` (``ANSWER_TERMS``), its party's for an organisation (``parties_of``)."""
    return ANSWER_TERMS.get(parties.get(holder, holder))


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def closed_intervals(s: Session, since: datetime, scope: Any = None) -> list[Any]:
    """The intervals of the cases closed since ``since`` (procedure, case, kind, holder, start, end, days),
    of the cases in ``scope`` (a subquery of case ids; None: every case)."""
    in_scope = [] if scope is None else [Case.id.in_(scope)]
    return list(
        s.execute(
            select(
                Case.procedure,
                Case.id,
                HolderInterval.kind,
                HolderInterval.holder,
                HolderInterval.started_at,
                HolderInterval.ended_at,
                HolderInterval.working_days,
            )
            .join(Case, Case.id == HolderInterval.case_id)
            .where(Case.status == CaseStatus.AFGEROND, Case.closed_at >= since, *in_scope)
            .order_by(HolderInterval.case_id, HolderInterval.seq)
        ).all()
    )


def held_by_kind(s: Session, since: datetime, scope: Any = None) -> list[dict[str, Any]]:
    """Per procedure: the share of the closed cases' time held by each kind of holder, of the cases closed
    since ``since`` in ``scope`` (a subquery of case ids; None: every case). The database sums the
    intervals' lengths per procedure and kind: a row per pair, whatever the number of cases."""
    in_scope = [] if scope is None else [Case.id.in_(scope)]
    length = sql_figures.microseconds(s, HolderInterval.started_at, HolderInterval.ended_at)
    summed: Any = s.execute(
        select(Case.procedure, HolderInterval.kind, func.sum(length))
        .join(Case, Case.id == HolderInterval.case_id)
        .where(Case.status == "afgerond", Case.closed_at >= since, *in_scope)
        .group_by(Case.procedure, HolderInterval.kind)
    )
    seconds: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(d.KINDS, 0.0))
    for proc, kind, us in summed:
        seconds[proc][kind] += int(us or 0) / 10**6
    return shares(seconds)


def shares(seconds: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Per procedure of ``seconds`` (per procedure, the seconds held per kind): its days and the shares."""
    out = []
    for proc in sorted(seconds):
        total = sum(seconds[proc].values()) or 1.0
        out.append(
            {
                "procedure": proc,
                "dagen": round(sum(seconds[proc].values()) / 86400, 1),
                "aandelen": {k: round(v / total, 3) for k, v in seconds[proc].items()},
            }
        )
    return out


def _ended_since(table: Any, since: datetime, scope: Any, holders: list[str] | None) -> list[Any]:
    where = [table.ended_at.is_not(None), table.ended_at >= since]
    if scope is not None:
        where.append(table.case_id.in_(scope))
    if holders is not None:
        where.append(table.holder.in_(holders))
    return where


def _answers(
    s: Session, since: datetime, scope: Any, holders: list[str] | None
) -> tuple[list[Any], list[Any]]:
    """The ended spans an outside organisation held, as (organisation, case, element, working days,
    start, end): its own tasks (the one-holder intervals of kind extern that are no wait), and its waits
    (``outside_wait``, also those beside a team's task)."""
    a_wait = (
        select(OutsideWait.id)
        .where(
            OutsideWait.case_id == HolderInterval.case_id, OutsideWait.element_id == HolderInterval.element_id
        )
        .exists()
    )
    h, w = HolderInterval, OutsideWait
    tasks = select(h.holder, h.case_id, h.element_id, h.working_days, h.started_at, h.ended_at).where(
        h.kind == d.EXTERN, ~a_wait, *_ended_since(h, since, scope, holders)
    )
    waits = select(w.holder, w.case_id, w.element_id, w.working_days, w.started_at, w.ended_at).where(
        *_ended_since(w, since, scope, holders)
    )
    return list(s.execute(tasks).all()), list(s.execute(waits).all())


#: how close a received message must be to the moment one wait gave way to the next to be its cause
ANSWER_SLACK = timedelta(seconds=2)


#: the most case ids one IN list holds (SQLite's parameter limit leaves room for the others)
IN_CHUNK = 500


def chunked(ids: list[int]) -> Iterator[list[int]]:
    """``ids`` in parts of at most IN_CHUNK, for one IN list each."""
    return (ids[i : i + IN_CHUNK] for i in range(0, len(ids), IN_CHUNK))


def answer_moments(s: Session, waits: list[Any]) -> dict[int, list[datetime]]:
    """The moments each case of ``waits`` (rows of ``wait_questions``) received a message (``bericht``
    in its history)."""
    ids = sorted({w[1] for w in waits})
    out: dict[int, list[datetime]] = defaultdict(list)
    for part in chunked(ids):
        q = select(CaseEvent.case_id, CaseEvent.at).where(
            CaseEvent.kind == "bericht", CaseEvent.case_id.in_(part)
        )
        for case_id, at in s.execute(q):
            out[case_id].append(utc(at))
    return out


#: the end of a wait still open, in ``wait_questions``
_OPEN = datetime.max.replace(tzinfo=UTC)


@dataclass
class Question:
    """One question to an outside organisation on a case: the unbroken waits for its answer."""

    holder: str
    case_id: int
    #: when it was first asked (a reminder or an escalation does not ask it again)
    asked: datetime
    #: asked where the one before was answered: what the case waits for after an answer (a waiting list)
    after_answer: bool
    #: the working days of its waits
    days: int = 0
    #: when its last wait ended (the answer, or the timer of a wait left behind); None while one is open
    ended: datetime | None = None


def wait_questions(waits: list[Any], answered: dict[int, list[datetime]] | None = None) -> list[Question]:
    """The questions the waits ``waits`` (holder, case, element, working days, start, end or None while
    open) asked. A wait is one question as long as it goes on unbroken: the model moves one wait on to
    a reminder and an escalation (three catch events one after the other, on a timer), which is still
    the one question asked. A message received where one wait gives way to the next (``answered``: per
    case, the moments it received one) is an answer: what follows (a waiting list) is another question."""
    answered = answered or {}
    spans: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for holder, case_id, element, n, started, ended in waits:
        spans[(holder, case_id)].append((utc(started), utc(ended) if ended else _OPEN, element, int(n or 0)))
    out: list[Question] = []
    for (holder, case_id), found in spans.items():
        end: datetime | None = None
        elements: set[str | None] = set()
        moments = answered.get(case_id, [])
        for started, ended, element, n in sorted(found, key=lambda x: (x[0], x[1])):
            answer = end is not None and any(abs(m - end) <= ANSWER_SLACK for m in moments)
            if end is None or answer or (started > end and element not in elements):  # asked (again)
                out.append(Question(holder, case_id, started, answer))
                elements = set()
            end = ended if end is None or ended > end else end
            elements.add(element)
            out[-1].days += n
            out[-1].ended = None if end == _OPEN else end
    return out


#: where a case's summary keeps the model's own record of a question to an outside organisation: the
#: transportverzoek's ``netcapaciteit`` (services/domain/energie_net.py), with the answer date its
#: model set (``antwoord_uiterlijk``: the legal term up to 10 MVA, the municipality's streefdatum above)
#: and its ``status``, one of the answer's outcomes (``UITKOMSTEN``) once the netbeheerder answered; by
#: party, so also for the organisation a case names for it
RECORDS = {"Netbeheerder": "netcapaciteit"}
RECORD_KEYS = sorted(set(RECORDS.values()))


def record_of(records: Mapping[str, Any] | None, holder: str, parties: dict[str, str]) -> Any:
    """The model's record (``RECORDS``) of a question to ``holder`` (by its party, ``parties_of``) among
    ``records``, a case's summary values of ``RECORD_KEYS``; None: it keeps none."""
    party = parties.get(holder, holder)
    return (records or {}).get(RECORDS[party]) if party in RECORDS else None


def case_records(s: Session, case_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Per case of ``case_ids``: its summary's records (``RECORD_KEYS``), one statement per IN_CHUNK."""
    out: dict[int, dict[str, Any]] = {}
    for part in chunked(sorted(set(case_ids))):
        q = select(Case.id, *(Case.summary[key] for key in RECORD_KEYS)).where(Case.id.in_(part))
        row: Any
        for row in s.execute(q):
            out[int(row[0])] = dict(zip(RECORD_KEYS, row[1:], strict=True))
    return out


def answer_due(question: Question, record: Any, term: int | None) -> date | None:
    """The day the answer to ``question``, a wait for an outside organisation, is due: in the open
    questions' list (open_requests) and in the answer figures alike. None once the organisation
    answered (asked after an answer, or open while its model's ``record`` holds an answer's outcome,
    ``UITKOMSTEN``): a waiting-list position is no question with a term. Else the date its model
    recorded (``RECORDS``); else its agreed term (``term``: ``answer_term``, in Atw working days) from
    the day it was first asked; None without one."""
    if question.after_answer:
        return None
    if isinstance(record, dict) and record.get("antwoord_uiterlijk"):
        if question.ended is None and record.get("status") in UITKOMSTEN:
            return None
        return date.fromisoformat(str(record["antwoord_uiterlijk"])[:10])
    if term is None:
        return None
    return standaard_kalender().add_werkdagen(d.local_day(question.asked), term)


#: per (case, element): the completed tasks with a vervaldatum, as (completed at, vervaldatum)
TaskDues = dict[tuple[int, str | None], list[tuple[datetime, date]]]


def task_dues(s: Session, tasks: list[Any]) -> TaskDues:
    """The vervaldatum of the completed tasks behind the outside organisations' task spans ``tasks``
    (rows of ``_answers``): one statement per IN_CHUNK cases."""
    out: TaskDues = defaultdict(list)
    elements = sorted({str(t[2]) for t in tasks if t[2]})
    for part in chunked(sorted({t[1] for t in tasks})):
        q = select(HumanTask.case_id, HumanTask.bpmn_id, HumanTask.completed_at, HumanTask.due_on).where(
            HumanTask.case_id.in_(part),
            HumanTask.bpmn_id.in_(elements),
            HumanTask.due_on.is_not(None),
            HumanTask.completed_at.is_not(None),
        )
        row: Any
        for row in s.execute(q):
            case_id, element, done, due = row
            out[(case_id, element)].append((utc(done), due))
    return out


def _task_on_time(dues: list[tuple[datetime, date]], ended: datetime) -> bool | None:
    """Whether the task that ended the span at ``ended`` was done by its vervaldatum (as the open
    questions' list judges it: late once its day has passed); None: it had none."""
    done = [(at, due) for at, due in dues if at <= ended + ANSWER_SLACK]
    if not done:
        return None
    at, due = max(done)
    return d.local_day(at) <= due


def questions(
    tasks: list[Any],
    waits: list[Any],
    answered: dict[int, list[datetime]] | None = None,
    dues: TaskDues | None = None,
    parties: dict[str, str] | None = None,
    records: dict[int, dict[str, Any]] | None = None,
) -> dict[str, list[tuple[int, bool | None]]]:
    """Per organisation, each question it was asked: its working days and whether it was answered within
    its term (None: it had none). A task of its own is one question per (case, element), also when a
    task in between splits it, judged by the vervaldatum of the task (``dues``: ``task_dues``) as the
    open questions are (open_requests), by the organisation's agreed term (``answer_term``: its party's
    for an organisation, ``parties``) when it had none; a wait as ``wait_questions`` tells them apart,
    answered within its term when answered by the day ``answer_due`` gives it, as the open questions'
    list judges it (``records``: per case, its models' records, ``case_records``)."""
    parties = parties or {}
    asked: dict[str, list[tuple[int, bool | None]]] = defaultdict(list)
    per_task: dict[tuple[str, int, str | None], int] = defaultdict(int)
    last: dict[tuple[str, int, str | None], datetime] = {}
    for holder, case_id, element, n, _started, ended in tasks:
        key = (holder, case_id, element)
        per_task[key] += int(n or 0)
        last[key] = max(last.get(key, utc(ended)), utc(ended))
    for (holder, case_id, element), days in per_task.items():
        on_time = _task_on_time((dues or {}).get((case_id, element), []), last[(holder, case_id, element)])
        asked[holder].append((days, _agreed(holder, days, parties) if on_time is None else on_time))
    for q in wait_questions(waits, answered):
        due = answer_due(
            q, record_of((records or {}).get(q.case_id), q.holder, parties), answer_term(q.holder, parties)
        )
        on_time = None if due is None or q.ended is None else d.local_day(q.ended) <= due
        asked[q.holder].append((q.days, on_time))
    return asked


def _agreed(holder: str, days: int, parties: dict[str, str]) -> bool | None:
    """Whether ``days`` working days are within the agreed term of ``holder`` (``answer_term``; None: it
    has none)."""
    term = answer_term(holder, parties)
    return None if term is None else days <= term


def organisations(
    s: Session, since: datetime, scope: Any = None, holders: list[str] | None = None
) -> list[dict[str, Any]]:
    """Per outside organisation (of ``holders``; None: every one): times asked, median and p90 answer
    time and share within its term, on the cases in ``scope`` (a subquery of case ids; None: every case)."""
    tasks, waits = _answers(s, since, scope, holders)
    parties = parties_of(s, [row[0] for row in (*tasks, *waits)])
    records = case_records(s, [row[1] for row in waits])
    asked = questions(tasks, waits, answer_moments(s, waits), task_dues(s, tasks), parties, records)
    out = []
    for holder in sorted(asked):
        days = [float(n) for n, _ in asked[holder]]
        judged = [on_time for _, on_time in asked[holder] if on_time is not None]
        within = sum(judged)
        out.append(
            {
                "organisatie": holder,
                "gevraagd": len(days),
                "mediaan_werkdagen": _pct(days, 50),
                "p90_werkdagen": _pct(days, 90),
                "termijn_werkdagen": answer_term(holder, parties),
                "met_termijn": len(judged),
                "binnen_termijn": within if judged else None,
                "aandeel_binnen_termijn": round(within / len(judged), 3) if judged else None,
            }
        )
    return out


def summary(s: Session, since: datetime, scope: Any = None) -> dict[str, Any]:
    """The holder figures of the cases in ``scope`` (a subquery of case ids; None: every case), and the
    models with completed tasks among them (the heatmaps)."""
    models_q = select(TaskWait.process_id).distinct()
    if scope is not None:
        models_q = models_q.where(TaskWait.case_id.in_(scope))
    return {
        "per_procedure": held_by_kind(s, since, scope),
        "organisaties": organisations(s, since, scope),
        "modellen": sorted(s.scalars(models_q)),
    }


def own_answers(s: Session, since: datetime, groups: list[str]) -> dict[str, Any]:
    """The holder figures of an outside organisation's account: only its own answers (no procedure's
    figures, no other party's), and the models in which it worked or was asked (the heatmaps)."""
    worked = select(TaskWait.process_id).where(TaskWait.group_name.in_(groups))
    asked = select(HolderInterval.process_id).where(HolderInterval.holder.in_(groups))
    waited = select(OutsideWait.process_id).where(OutsideWait.holder.in_(groups))
    return {
        "per_procedure": [],
        "organisaties": organisations(s, since, holders=groups),
        "modellen": sorted(set(s.scalars(worked.union(asked, waited)))),
    }
