"""Capacity figures per team for team leads, read from the projections only.

Per team (candidate group): open tasks, unassigned, overdue (legal deadline passed), due within two
weeks. Per procedure: median lead time of finished cases and the share decided within the legal term.
Per step: median lead time of completed tasks of the selected teams.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from processes.constants import SOON_DAYS, CaseStatus
from processes.errors import ValidationError
from services import model_labels, policy
from services.clock import today
from services.platform import Platform
from services.policy.outside import outside_rows
from services.store.models import Case, Group, HumanTask, TaskCandidate, User
from services.waits import figures as waits_figures
from services.waits import open_requests, sql_figures

#: the periods the dashboard offers, in days (the default is a year)
PERIOD_DAYS = (90, 365, 1825)
DEFAULT_PERIOD_DAYS = 365


@dataclass(frozen=True)
class Viewer:
    """Whose figures an account looks at: its teams (every group for the beheerder), whether it sees
    every case (the beheerder), and whether only its own organisation's work (an outside organisation's
    account, also a teamleider: services/policy/insight.py)."""

    teams: list[str]
    admin: bool = False
    own_work: bool = False


def viewer_of(platform: Platform, username: str) -> Viewer:
    with platform.uow(write=False) as uow:
        s = uow.session
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            return Viewer([])
        if user.role == "beheerder":
            return Viewer(list(s.scalars(select(Group.name).order_by(Group.name)).all()), admin=True)
        own = policy.own_work_only(policy.Actor.of(user), policy.rules(platform.settings))
        return Viewer(sorted(g.name for g in user.groups), own_work=own is not None)


def capacity(
    platform: Platform,
    teams: list[str],
    *,
    period_days: int = 365,
    cases_of: list[str] | None = None,
    own_work: bool = False,
) -> dict[str, Any]:
    """The figures of ``teams``: their open tasks and steps; the lead times, the on-time share and the
    holder figures of the cases on which one of ``cases_of`` had a task (None: every case). ``own_work``
    (an outside organisation's account): no procedure figures, and only the teams' own answer times."""
    day = today(platform.clock)
    since = platform.clock.now() - timedelta(days=period_days)
    scope = None if cases_of is None else policy.cases_with_group_task(cases_of)
    with platform.uow(write=False) as uow:
        s = uow.session
        per_team = _per_team(s, teams, day)
        procedures = [] if own_work else _procedures(s, since, scope)
        steps = _steps(s, teams, since)
        totals = _totals(s, teams, day)
        held = (
            waits_figures.own_answers(s, since, teams) if own_work else waits_figures.summary(s, since, scope)
        )
        asked = open_requests.open_requests(
            s,
            policy.external_groups(s, platform.settings),
            scope=scope,
            parties=teams if own_work else None,
            limit=open_requests.MAX_LISTED,
        )
        open_extern = [r.as_dict(day) for r in asked]
        if own_work:  # the case's title and the question as an outside party reads them (policy.outside)
            open_extern = outside_rows(s, open_extern, ("titel", "vraag"))
        dwangsommen = [] if own_work else open_requests.dwangsommen(s, scope=scope)
    return {
        "peildatum": day.isoformat(),
        "periode_dagen": period_days,
        "teams": list(per_team.values()),
        "totaal": totals,
        "zaken_van": cases_of,
        "alleen_eigen_werk": own_work,
        "procedures": procedures,
        "stappen": steps,
        "wachten": held,
        "open_extern": open_extern,
        "dwangsommen": dwangsommen,
    }


def _task_counts(day: date) -> tuple[Any, ...]:
    """count, unassigned, overdue (legal deadline passed) and due within SOON_DAYS of open tasks."""
    soon = day + timedelta(days=SOON_DAYS)
    return (
        func.count(),
        func.sum(case((HumanTask.assignee.is_(None), 1), else_=0)),
        func.sum(case((HumanTask.legal_deadline < day, 1), else_=0)),
        func.sum(case((and_(HumanTask.legal_deadline >= day, HumanTask.legal_deadline <= soon), 1), else_=0)),
    )


def _counts(n_open: Any, unassigned: Any, overdue: Any, due_soon: Any) -> dict[str, int]:
    return {
        "open": n_open or 0,
        "niet_toegewezen": int(unassigned or 0),
        "te_laat": int(overdue or 0),
        "binnen_2_weken": int(due_soon or 0),
    }


def _per_team(s: Session, teams: list[str], day: date) -> dict[str, dict[str, Any]]:
    """Open tasks per team (candidate group): every chosen team, also one without tasks."""
    rows = s.execute(
        select(TaskCandidate.group_name, *_task_counts(day))
        .join(HumanTask, HumanTask.id == TaskCandidate.task_id)
        .where(TaskCandidate.open.is_(True), HumanTask.state == "open", TaskCandidate.group_name.in_(teams))
        .group_by(TaskCandidate.group_name)
    ).all()
    per_team: dict[str, dict[str, Any]] = {t: {"team": t, **_counts(0, 0, 0, 0)} for t in teams}
    row: Any
    for row in rows:
        group, n_open, unassigned, overdue, due_soon = row
        per_team[group].update(_counts(n_open, unassigned, overdue, due_soon))
    return per_team


def _totals(s: Session, teams: list[str], day: date) -> dict[str, int]:
    """The same counts over the open tasks of all chosen teams (a task of two teams counts once)."""
    in_teams = HumanTask.id.in_(
        select(TaskCandidate.task_id).where(TaskCandidate.open.is_(True), TaskCandidate.group_name.in_(teams))
    )
    totals_row: Any = s.execute(select(*_task_counts(day)).where(HumanTask.state == "open", in_teams)).one()
    return _counts(*totals_row)


def _procedures(s: Session, since: datetime, scope: Any = None) -> list[dict[str, Any]]:
    """Per procedure: finished cases since ``since`` (lead time, share within the legal term) and
    running cases, of the cases in ``scope`` (a subquery of case ids; None: every case); a procedure
    with only running cases comes last. The database counts them and finds the middle lead times: a few
    rows per procedure, whatever the number of cases (services.waits.sql_figures).

    A case is handled on the day its besluit was taken: the bezwaar or beroep term that follows until
    the case closes is no handling time, and the beslistermijn is met by the besluit. For a
    wijkuitvoeringsplan that is the raad's adoption: the years of execution after it are monitoring,
    not handling. A case that records no besluit (a withdrawal) is handled on the day it closed."""
    in_scope = [] if scope is None else [Case.id.in_(scope)]
    closed = [
        Case.status == CaseStatus.AFGEROND,
        Case.closed_at.is_not(None),
        Case.closed_at >= since,
        *in_scope,
    ]
    # the Dutch calendar day, as the term counts (decided_on: the besluit's, CaseSummary.besluit_op)
    decided = func.coalesce(Case.decided_on, sql_figures.nl_day(s, Case.closed_at))
    # the legal term runs from receipt of the application, which may precede the case row
    start = func.coalesce(Case.received_on, sql_figures.nl_day(s, Case.created_at))
    deadline = Case.uiterlijke_einddatum_afdoening
    leads = sql_figures.middles(
        s,
        [Case.procedure],
        sql_figures.days_between(s, start, decided),
        closed,
        counted=[deadline.is_not(None), decided <= deadline],
    )
    procedures = [
        _finished_figures(proc, group.n, [float(v) for v in group.middle], *group.counts)
        for (proc,), group in sorted(leads.items())
    ]
    running = dict(
        s.execute(
            select(Case.procedure, func.count())
            .where(Case.status != CaseStatus.AFGEROND, *in_scope)
            .group_by(Case.procedure)
        ).all()
    )
    for p in procedures:
        p["lopend"] = running.pop(p["procedure"], 0)
    for proc, n in sorted(running.items()):
        procedures.append(
            {
                "procedure": proc,
                "afgerond": 0,
                "mediaan_doorlooptijd_dagen": None,
                "met_termijn": 0,
                "binnen_termijn": 0,
                "aandeel_binnen_termijn": None,
                "lopend": n,
            }
        )
    return procedures


def _finished_figures(proc: str, n: int, middle: list[float], with_term: int, on_time: int) -> dict[str, Any]:
    """A procedure's ``n`` finished cases in figures: the middle lead times in days (one or two), how
    many had a legal deadline and how many were handled by it."""
    return {
        "procedure": proc,
        "afgerond": n,
        "mediaan_doorlooptijd_dagen": round(sql_figures.median_of(middle), 1),
        "met_termijn": with_term,
        "binnen_termijn": on_time,
        "aandeel_binnen_termijn": round(on_time / with_term, 3) if with_term else None,
    }


def _steps(s: Session, teams: list[str], since: datetime) -> list[dict[str, Any]]:
    """Median lead time per step of the tasks of the chosen teams completed since ``since``, the middle
    ones found by the database (services.waits.sql_figures). A step is a
    task element (its procedure, model and element id), named as the model names it
    (model_labels.step_names: a name filled in per task, "Advies {intake[naam]} ({adviseur[groep]})",
    reads "Advies … (…)"), else by its id: never by a task's own name, which holds what the
    applicant typed (its case's title) and would make each case a step of its own."""
    where = [
        HumanTask.state == "voltooid",
        HumanTask.completed_at >= since,
        HumanTask.id.in_(select(TaskCandidate.task_id).where(TaskCandidate.group_name.in_(teams))),
    ]
    keys = [HumanTask.procedure, HumanTask.process_id, HumanTask.bpmn_id]
    in_case = (Case, Case.id == HumanTask.case_id)
    length = sql_figures.microseconds(s, HumanTask.created_at, HumanTask.completed_at)
    by_step = sql_figures.middles(s, keys, length, where, joins=[in_case], collect=Case.definition_id)
    versions = {key: group.collected for key, group in by_step.items()}
    names = _step_names(s, versions)
    return sorted(
        (
            {
                "procedure": proc,
                "stap": names.get(key, element),
                "element": element,
                "voltooid": group.n,
                "mediaan_doorlooptijd_dagen": round(
                    sql_figures.median_of([sql_figures.days(int(us)) for us in group.middle]), 1
                ),
            }
            for key, group in by_step.items()
            for proc, _process, element in [key]
        ),
        key=lambda step: (step["procedure"], step["stap"], step["element"]),
    )


def _step_names(
    s: Session, versions: dict[tuple[str, str, str], set[int]]
) -> dict[tuple[str, str, str], str]:
    """The model's name of each step (procedure, model, element) whose tasks ran in the deployed
    ``versions``: from the newest of them that names it."""
    elements: dict[int, set[str]] = defaultdict(set)
    for (_proc, _process, element), definitions in versions.items():
        for definition in definitions:
            elements[definition].add(element)
    named = {d: model_labels.step_names(s, d, sorted(found)) for d, found in elements.items()}
    out: dict[tuple[str, str, str], str] = {}
    for key, definitions in versions.items():
        name = next((named[d][key[2]] for d in sorted(definitions, reverse=True) if key[2] in named[d]), None)
        if name is not None:
            out[key] = name
    return out


def _check_team(team: str | None, teams: list[str]) -> str | None:
    """``team`` when it is one of ``teams`` (the viewer's), None when not given; another is refused."""
    if not team:
        return None
    if team not in teams:
        choice = (
            f"Kies uit: {', '.join(teams)}, of geen team voor al uw teams." if teams else "U hebt geen teams."
        )
        raise ValidationError(
            f"Team '{team}' is geen van uw teams. {choice}", code="parameter-ongeldig", veld="team"
        )
    return team


def for_user(platform: Platform, username: str, team: str | None, period_days: int | None) -> dict[str, Any]:
    """The figures this user may see: of ``team``, one of their teams, or without it (None or empty) of
    all of them, over ``period_days`` (one of PERIOD_DAYS; anything else is the default year). Every
    figure is of the chosen teams: the lead times, the on-time share and the holder figures of the cases
    on which one of them had a task (a team lead's own cases); only the beheerder without a chosen team
    sees every case. An outside organisation's account sees only its own organisation's work (no
    procedure figures). Another ``team`` (a typo, or not theirs) is refused by name, not dropped."""
    viewer = viewer_of(platform, username)
    teams = viewer.teams
    chosen = _check_team(team, teams)
    period = period_days if period_days in PERIOD_DAYS else DEFAULT_PERIOD_DAYS
    selected = [chosen] if chosen else teams
    everything = viewer.admin and chosen is None
    figures = capacity(
        platform,
        selected,
        period_days=period,
        cases_of=None if everything else selected,
        own_work=viewer.own_work,
    )
    return {"teams": teams, "team": chosen, "periode_dagen": period, "cijfers": figures}
