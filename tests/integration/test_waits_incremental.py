"""The step subscriber carries the holder intervals on from the step alone; after every step of real
cases the stored rows equal a full derivation from the whole history (SQLite and PostgreSQL).

Between the steps a seeded pace moves the clock on by nothing (an earlier step at the same moment:
the subscriber derives the open interval's window again), minutes, hours or days (it only carries
the open interval on), so both ways of the subscriber are compared on every model.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from services import cases, deployments, inbox, step_effects, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import HolderInterval, HumanTask, OutsideWait
from services.waits import derive as d
from services.waits import incremental, store
from services.waits import outside as o
from tests.integration import test_wijkuitvoeringsplan as wijk
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401

PACES = [timedelta(0), timedelta(0), timedelta(minutes=37), timedelta(hours=5), timedelta(days=1)]
ROOT = Path(__file__).resolve().parents[2]


def stored(s: Any, case_id: int) -> list[tuple[Any, ...]]:
    rows = s.scalars(
        select(HolderInterval).where(HolderInterval.case_id == case_id).order_by(HolderInterval.seq)
    )
    return [
        (
            r.seq,
            r.holder,
            r.kind,
            r.public_holder,
            r.element_id,
            r.reason,
            store.utc(r.started_at),
            store.utc(r.ended_at) if r.ended_at else None,
            r.working_days,
            tuple(r.parallel),
        )
        for r in rows
    ]


def derived(intervals: list[d.Interval]) -> list[tuple[Any, ...]]:
    return [
        (
            seq,
            iv.holder,
            iv.kind,
            iv.public_holder,
            iv.element_id,
            iv.reason[:2000],
            iv.start,
            iv.end,
            store.working_days(iv.start, iv.end),
            iv.parallel,
        )
        for seq, iv in enumerate(intervals)
    ]


def stored_outside(s: Any, case_id: int) -> list[tuple[Any, ...]]:
    rows = s.scalars(select(OutsideWait).where(OutsideWait.case_id == case_id))
    return sorted(
        (
            r.holder,
            r.element_id,
            r.reason,
            store.utc(r.started_at),
            store.utc(r.ended_at) if r.ended_at else None,
            r.working_days,
        )
        for r in rows
    )


def derived_outside(spans: list[o.OutsideSpan]) -> list[tuple[Any, ...]]:
    return sorted(
        (w.holder, w.element_id, w.reason[:2000], w.start, w.end, store.working_days(w.start, w.end))
        for w in spans
    )


class Differential:
    """After every step: the rows the subscriber wrote against a derivation of the whole history."""

    def __init__(self, clock: FixedClock, seed: int):
        self.clock, self.rng = clock, random.Random(seed)
        self.steps, self.carried, self.mismatches = 0, 0, list[Any]()
        self.outside = 0  # outside waits compared, over all steps

    def __call__(self, facts: step_effects.StepFacts) -> None:
        s = facts.session
        s.flush()
        ext = store.external_groups(s, facts.ctx.settings)
        whole = store.history(s, facts.case)
        expected = derived(d.derive(whole, ext))
        if stored(s, facts.case.id) != expected:
            self.mismatches.append((self.steps, facts.case.reference, stored(s, facts.case.id), expected))
        # the outside waits too (windpark review finding 6): carried on over the step's waits alone
        waits = derived_outside(o.outside_waits(whole, ext))
        if stored_outside(s, facts.case.id) != waits:
            self.mismatches.append(
                (self.steps, facts.case.reference, stored_outside(s, facts.case.id), waits)
            )
        self.outside += len(waits)
        self.steps += 1
        self.clock.advance(seconds=self.rng.choice(PACES).total_seconds())  # the pace to the next step

    @contextmanager
    def running(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[Differential]:
        real = incremental.as_interval

        def counted(row: HolderInterval) -> d.Interval:  # the open interval carried on as it stood
            self.carried += 1
            return real(row)

        monkeypatch.setattr(incremental, "as_interval", counted)
        with step_effects.observe(self):
            yield self
        assert self.mismatches == [], self.mismatches[0]
        assert self.carried > 0 and self.carried < self.steps  # both ways of the subscriber ran


def permit_with_aanvulling_rounds(z: Omgeving) -> None:
    z.start()
    for ontbrekend in ("bouwtekening", "constructieberekening"):
        z.doe(
            "anna",
            "Ontvankelijkheid",
            {"compleet": False, "ontbrekend": ontbrekend, "aanvullingstermijn_dagen": 14},
        )
        z.later(days=3)
        z.bericht("aanvulling", {"bijlage": f"{ontbrekend}.pdf"})
    inbox.claim(z.p, z.taak("anna", "Ontvankelijkheid")["id"], "anna")
    z.later(hours=2)
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.later(days=2)
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    z.later(days=50)
    assert z.zaak()["status"] == "afgerond"


@pytest.mark.parametrize("seed", [1, 2])
def test_permit_with_aanvulling_rounds_step_by_step(
    any_platform: Platform,
    clock: FixedClock,
    locatie: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    z = Omgeving(any_platform, clock, locatie)
    with Differential(clock, seed).running(monkeypatch) as diff:
        permit_with_aanvulling_rounds(z)
    assert diff.steps >= 10


def test_warmte_plan_step_by_step(
    any_platform: Platform, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    wup = energie_platform(any_platform, WIJK_MODEL)
    with Differential(clock, 3).running(monkeypatch) as diff:
        ref = wijk.tot_besluitvorming(wup)
        wijk.raad_en_warmtekavel(wup, ref)
    assert diff.steps >= 12


def test_windpark_with_the_netbeheerder_step_by_step(
    any_platform: Platform, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    with Differential(clock, 4).running(monkeypatch) as diff:
        ref = windpark.start(wp, 4.2)["zaak"]
        doe(wp, ref, "advies", {"advies": "positief"})
        clock.advance(days=16)  # the netbeheerder is late: reminder, then escalation
        cases.fire_due_timers(wp)
        clock.advance(days=8)
        cases.fire_due_timers(wp)
        windpark.participatie(wp, ref)
        doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
        doe(wp, ref, "beoordelen", {"besluit": "verlenen"})
        zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert zaak["status"] == "afgerond" and diff.steps >= 7
    assert diff.outside > 0  # the netbeheerder's waits were compared too


def test_a_refused_windpark_whose_grid_request_is_stopped_step_by_step(
    any_platform: Platform, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal interrupts the called transportverzoek on the waiting list (a signal on its boundary):
    the netbeheerder's wait ends there, and the withdrawal is held by the team."""
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    with Differential(clock, 5).running(monkeypatch) as diff:
        ref = windpark.start(wp, 4.2)["zaak"]
        cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 3})
        doe(wp, ref, "advies", {"advies": "negatief"})
        windpark.participatie(wp, ref)
        doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
        doe(wp, ref, "beoordelen", {"besluit": "weigeren"})
        zaak = doe(wp, ref, "transportverzoek_intrekken", {})
    assert zaak["status"] == "afgerond" and diff.steps >= 6


# -- the subscriber's reads do not grow with the case ------------------------------------------
def rework_platform(platform: Platform) -> Platform:
    deployments.deploy(
        platform, deployments.read_files([ROOT / "tests" / "fixtures" / "bpmn" / "bench_lus.bpmn"])
    )
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    return platform


def test_the_subscriber_reads_the_same_few_tasks_at_step_5_and_at_step_60(
    platform: Platform, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = rework_platform(platform)
    loaded: list[int] = []
    real = incremental.on_step

    def measured(facts: step_effects.StepFacts) -> None:
        count = [0]

        def on_load(target: Any, context: Any) -> None:
            count[0] += 1

        event.listen(HumanTask, "load", on_load)
        try:
            real(facts)
        finally:
            event.remove(HumanTask, "load", on_load)
        loaded.append(count[0])

    monkeypatch.setattr(
        step_effects, "SUBSCRIBERS", tuple(measured if f is real else f for f in step_effects.SUBSCRIBERS)
    )
    ref = cases.start_case(p, "bench_lus", {}, user="anna")["zaak"]
    for _ in range(60):
        clock.advance(minutes=10)
        task = cases.get_case(p, ref)["open_taken"][0]
        cases.complete_task(p, task["id"], "anna", {"klaar": False})
    assert len(loaded) == 61
    assert loaded[60] == loaded[5] <= 2, loaded  # the task just completed; not the 60 before it
    rows = stored_rows(p, ref)
    assert len(rows) == 1 and rows[0][1] == "Vergunningen"  # one team held it all along


def stored_rows(p: Platform, ref: str) -> list[tuple[Any, ...]]:
    with p.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, ref)
        return stored(uow.session, case.id)
