"""The demo has a real history: the dashboard's figures are non-trivial and tie out with the intervals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import pytest
from sqlalchemy import select

from services import dashboard
from services.platform import Platform
from services.store.models import Case, CaseEvent, HolderInterval, OutsideWait
from services.waits.derive import local_day
from services.waits.store import utc
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database = fx.demo_layers, fx.demo_database
demo_platform = fx.module_demo_platform  # one copy of the demo database for the module

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _intervals(platform: Platform, case_id: int) -> list[HolderInterval]:
    with platform.uow(write=False) as uow:
        return list(
            uow.session.scalars(
                select(HolderInterval).where(HolderInterval.case_id == case_id).order_by(HolderInterval.seq)
            )
        )


def test_demo_cases_are_received_when_the_engine_started_them(demo_platform: Platform) -> None:
    with demo_platform.uow(write=False) as uow:
        rows = list(uow.session.scalars(select(Case)))
        first_events = {
            c.id: uow.session.scalars(
                select(CaseEvent.at).where(CaseEvent.case_id == c.id).order_by(CaseEvent.id).limit(1)
            ).one()
            for c in rows
        }
    assert len(rows) > 40
    assert len({c.received_on for c in rows}) > 30  # spread over the year, not all on the build day
    for c in rows:
        assert c.received_on == utc(c.created_at).date() == utc(first_events[c.id]).date(), c.reference


def test_dashboard_figures_are_non_trivial_and_equal_those_recomputed_from_the_intervals(
    demo_platform: Platform,
) -> None:
    figures = dashboard.capacity(demo_platform, ["Vergunningen"], period_days=365)
    [permit] = [p for p in figures["procedures"] if p["procedure"] == "Omgevingsvergunning"]
    assert permit["mediaan_doorlooptijd_dagen"] > 0
    assert 0 < permit["aandeel_binnen_termijn"] < 1
    since = NOW - timedelta(days=365)
    with demo_platform.uow(write=False) as uow:
        closed = list(
            uow.session.scalars(
                select(Case).where(
                    Case.procedure == "Omgevingsvergunning",
                    Case.status == "afgerond",
                    Case.closed_at >= since,
                )
            )
        )
    leads, on_time, with_term = [], 0, 0
    for case in closed:
        handled = _handled_day(demo_platform, case)
        leads.append(float((handled - local_day(utc(_intervals(demo_platform, case.id)[0].started_at))).days))
        if case.uiterlijke_einddatum_afdoening is not None:
            with_term += 1
            on_time += handled <= case.uiterlijke_einddatum_afdoening
    assert permit["afgerond"] == len(closed)
    assert permit["mediaan_doorlooptijd_dagen"] == round(median(leads), 1)
    assert (permit["met_termijn"], permit["binnen_termijn"]) == (with_term, on_time)
    # the held-by table adds up: the kinds share the whole time, the days are the cases' whole lives
    [held] = [p for p in figures["wachten"]["per_procedure"] if p["procedure"] == "Omgevingsvergunning"]
    assert sum(held["aandelen"].values()) == pytest.approx(1, abs=0.01)
    life = sum((utc(c.closed_at) - utc(c.created_at)).total_seconds() for c in closed) / 86400  # type: ignore[arg-type]
    assert held["dagen"] == round(life, 1)
    assert held["aandelen"]["initiatiefnemer"] > 0 and held["aandelen"]["wettelijke_termijn"] > 0


def test_the_netbeheerder_is_asked_often_and_often_late(demo_platform: Platform) -> None:
    figures = dashboard.capacity(demo_platform, ["Vergunningen"], period_days=365)
    [net] = [o for o in figures["wachten"]["organisaties"] if o["organisatie"] == "Netbeheerder"]
    assert net["gevraagd"] >= 3 and net["termijn_werkdagen"] == 10
    assert 0 < net["aandeel_binnen_termijn"] < 1
    assert net["p90_werkdagen"] > 10


def _lead_days(platform: Platform, procedure: str, since: datetime) -> list[float]:
    with platform.uow(write=False) as uow:
        closed = list(
            uow.session.scalars(
                select(Case).where(
                    Case.procedure == procedure, Case.status == "afgerond", Case.closed_at >= since
                )
            )
        )
    leads = []
    for case in closed:
        start = local_day(utc(_intervals(platform, case.id)[0].started_at))
        leads.append(float((_handled_day(platform, case) - start).days))
    return leads


def _handled_day(platform: Platform, case: Case) -> date:
    """The day a case was handled: the day its timeline says the besluit was made known (Awb 4:13 with
    3:40: given when made known; the bezwaar term after it is no handling time), else the day it says the
    municipality took it ("Besluit genomen op ..."), else the end of its last interval."""
    with platform.uow(write=False) as uow:
        known = uow.session.scalars(
            select(CaseEvent.at)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind == "bekendmaking")
            .order_by(CaseEvent.id)
        ).first()
        taken = uow.session.scalars(
            select(CaseEvent.at)
            .where(
                CaseEvent.case_id == case.id,
                CaseEvent.kind == "besluit",
                CaseEvent.message.startswith("Besluit genomen op"),
            )
            .order_by(CaseEvent.id)
        ).first()
    for moment in (known, taken):
        if moment is not None:
            return local_day(utc(moment))
    return local_day(utc(_intervals(platform, case.id)[-1].ended_at))  # type: ignore[arg-type]


def test_the_energy_models_have_a_year_of_history_with_figures_recomputed_from_the_intervals(
    demo_platform: Platform,
) -> None:
    since = NOW - timedelta(days=365)
    with demo_platform.uow(write=False) as uow:
        energy = list(
            uow.session.scalars(
                select(Case).where(
                    Case.process_id.in_(("windpark", "wijkuitvoeringsplan")),
                    Case.created_at < since + timedelta(days=300),
                )
            )
        )
    assert {c.process_id for c in energy} == {"windpark", "wijkuitvoeringsplan"}
    assert len({c.received_on for c in energy}) >= 6  # arrived over the year, not on the build day
    figures = dashboard.capacity(demo_platform, ["Vergunningen"], period_days=365)
    procedures = {p["procedure"]: p for p in figures["procedures"]}
    for name in ("Windpark of zonnepark", "Transportverzoek netbeheerder"):
        leads = _lead_days(demo_platform, name, since)
        assert procedures[name]["afgerond"] == len(leads) >= 2
        assert procedures[name]["mediaan_doorlooptijd_dagen"] == round(median(leads), 1) > 0
    [wind] = [p for p in figures["wachten"]["per_procedure"] if p["procedure"] == "Windpark of zonnepark"]
    assert sum(wind["aandelen"].values()) == pytest.approx(1, abs=0.01)
    assert 0 < wind["aandelen"]["extern"] < 1 and wind["aandelen"]["afdeling"] > 0

    # per organisation: a task of its own is one question per (case, element); a wait for it (also one
    # beside a team's task, windpark review finding 6) is one question while it goes on unbroken (review
    # sessie9b 1: the model moves one wait on to a reminder and an escalation), its answer time the sum
    # of its working days. Here as the connected parts of a graph of the spans.
    with demo_platform.uow(write=False) as uow:
        waits = uow.session.execute(
            select(
                OutsideWait.holder,
                OutsideWait.case_id,
                OutsideWait.element_id,
                OutsideWait.working_days,
                OutsideWait.started_at,
                OutsideWait.ended_at,
            )
        ).all()
        waited = {(case_id, element) for _, case_id, element, _, _, _ in waits}
        held = uow.session.execute(
            select(
                HolderInterval.holder,
                HolderInterval.case_id,
                HolderInterval.element_id,
                HolderInterval.working_days,
                HolderInterval.started_at,
                HolderInterval.ended_at,
            ).where(HolderInterval.kind == "extern", HolderInterval.ended_at.is_not(None))
        ).all()
    rows = [(*w, True) for w in waits if w[5] is not None and utc(w[5]) >= since]
    rows += [(*r, False) for r in held if (r[1], r[2]) not in waited and utc(r[5]) >= since]
    with demo_platform.uow(write=False) as uow:
        received: dict[int, list[Any]] = {}
        for case_id, at in uow.session.execute(
            select(CaseEvent.case_id, CaseEvent.at).where(CaseEvent.kind == "bericht")
        ):
            received.setdefault(case_id, []).append(utc(at))
    asked: dict[str, list[int]] = {}
    for party in {r[0] for r in rows}:
        spans = [r for r in rows if r[0] == party]
        part = list(range(len(spans)))
        for i, a in enumerate(spans):
            for j, b in enumerate(spans[:i]):
                touch = a[6] and b[6] and utc(a[4]) <= utc(b[5]) and utc(b[4]) <= utc(a[5])
                # a message received where one wait gives way to the other is an answer (review sessie9c 1)
                seam = max(utc(a[4]), utc(b[4]))
                touch = touch and not any(
                    abs(m - seam) <= timedelta(seconds=2) for m in received.get(a[1], [])
                )
                if a[1] == b[1] and (touch or (a[2] == b[2] and a[6] == b[6])):
                    ri, rj = i, j
                    while part[ri] != ri:
                        ri = part[ri]
                    while part[rj] != rj:
                        rj = part[rj]
                    part[ri] = rj
        sums: dict[int, int] = {}
        for i, span in enumerate(spans):
            r = i
            while part[r] != r:
                r = part[r]
            sums[r] = sums.get(r, 0) + int(span[3] or 0)
        asked[party] = list(sums.values())
    organisations = {o["organisatie"]: o for o in figures["wachten"]["organisaties"]}
    for party in ("Woningcorporatie", "Warmtebedrijf", "Netbeheerder"):
        answers = asked[party]
        assert organisations[party]["gevraagd"] == len(answers) >= 1
        assert organisations[party]["mediaan_werkdagen"] == round(float(median(answers)), 1)
    assert organisations["Woningcorporatie"]["mediaan_werkdagen"] > 0
    # the netbeheerder is asked by the warmte plans (netimpact) and by the initiatives (transportverzoek)
    held_by_net = {
        c.process_id
        for c in energy
        if any(i.holder == "Netbeheerder" for i in _intervals(demo_platform, c.id))
    }
    assert held_by_net == {"windpark", "wijkuitvoeringsplan"}
