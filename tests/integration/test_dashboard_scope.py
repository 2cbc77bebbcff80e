"""The dashboard's team filter covers all its figures: lead times, on-time share and holder figures too.

Tester finding (review "kaart", 6): ``team=Vergunningen`` and ``team=Teamleider`` gave identical
procedure and organisation tables (the municipality's), including procedures of which the team lead
may open no case (Wijkuitvoeringsplan for tom).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from services import dashboard, policy
from services.platform import Platform
from services.store.models import Case, HolderInterval, HumanTask, TaskCandidate
from services.waits import figures as waits_figures
from services.waits.store import utc
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.test_waits_demo import NOW

demo_layers, demo_database = fx.demo_layers, fx.demo_database
demo_platform = fx.module_demo_platform  # one copy of the demo database for the module


def _team_cases(platform: Platform, teams: list[str]) -> list[Case]:
    """The cases on which one of ``teams`` had a task, recomputed from the task rows."""
    with platform.uow(write=False) as uow:
        s = uow.session
        ids = select(HumanTask.case_id).join(TaskCandidate, TaskCandidate.task_id == HumanTask.id)
        rows = list(
            s.scalars(select(Case).where(Case.id.in_(ids.where(TaskCandidate.group_name.in_(teams)))))
        )
        s.expunge_all()
    return rows


def test_the_team_filter_restricts_lead_times_and_holder_figures_to_the_teams_cases(
    demo_platform: Platform,
) -> None:
    since = NOW - timedelta(days=365)
    seen = []
    for team in ("Vergunningen", "Teamleider"):
        view = dashboard.for_user(demo_platform, "tom", team, 365)
        assert view["team"] == team
        figures = view["cijfers"]
        cases = _team_cases(demo_platform, [team])
        running = Counter(c.procedure for c in cases if c.status != "afgerond")
        closed = Counter(c.procedure for c in cases if c.status == "afgerond" and utc(c.closed_at) >= since)
        got = {p["procedure"]: (p["lopend"], p["afgerond"]) for p in figures["procedures"]}
        assert got == {p: (running[p], closed[p]) for p in running | closed}, team
        held = {p["procedure"] for p in figures["wachten"]["per_procedure"]}
        assert held == {p for p in closed if closed[p]}, team
        with demo_platform.uow(write=False) as uow:
            rows = uow.session.execute(
                select(HolderInterval.holder, HolderInterval.case_id, HolderInterval.element_id).where(
                    HolderInterval.kind == "extern",
                    HolderInterval.ended_at.is_not(None),
                    HolderInterval.ended_at >= since,
                    HolderInterval.case_id.in_([c.id for c in cases]),
                )
            ).all()
            # the figures of exactly the team's cases (how a question is counted: test_waits_outside)
            scoped = waits_figures.organisations(uow.session, since, [c.id for c in cases])
        assert figures["wachten"]["organisaties"] == scoped
        assert {o["organisatie"] for o in scoped} == {holder for holder, _, _ in rows}
        seen.append(got)
    assert seen[0] != seen[1], "another team, other figures"


def test_a_team_lead_sees_no_figures_of_procedures_he_cannot_open(demo_platform: Platform) -> None:
    with demo_platform.uow(write=False) as uow:
        clause = policy.visible_cases_of(uow.session, "tom", demo_platform.settings)
        visible = set(uow.session.scalars(select(Case.procedure).where(clause).distinct()))
    figures = dashboard.for_user(demo_platform, "tom", None, 365)["cijfers"]
    shown = {p["procedure"] for p in figures["procedures"]} | {
        p["procedure"] for p in figures["wachten"]["per_procedure"]
    }
    assert shown and shown <= visible, shown - visible
    assert "Wijkuitvoeringsplan" not in shown


def test_the_beheerder_without_a_team_sees_the_whole_municipality(demo_platform: Platform) -> None:
    view = dashboard.for_user(demo_platform, "bea", None, 365)
    everything = dashboard.capacity(demo_platform, view["teams"], period_days=365)
    assert view["cijfers"]["procedures"] == everything["procedures"]
    assert view["cijfers"]["wachten"] == everything["wachten"]
    assert view["cijfers"]["zaken_van"] is None
