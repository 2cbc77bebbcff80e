"""Two netbeheerder answers naming the same congestiegebied at the same moment link the two windpark
cases, as one after the other does (review sessie10 races, finding 1).

Each answer's step read the other case's committed summary, from before its own answer, so neither
step linked and nothing repaired it. The linking now takes a lock per congestiegebied: the second step
waits for the first's commit and then reads its summary. PostgreSQL only: SQLite runs one writer at a
time."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from services import cases, projections
from services.engine.runtime import WorkflowRuntime
from services.platform import Platform
from services.store.models import CaseLink
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform, locatiecheck_met
from tests.integration.test_windpark import start, turbines
from tests.integration.threads import start_thread

pytestmark = pytest.mark.postgres

WAIT = 10.0  # seconds: a thread that does not finish by then is stuck
BLOCKED = 2.0  # seconds a thread is given to show that it would run through without waiting
REDEN = "zelfde congestiegebied (volgens netbeheerder): Zuid"


@pytest.fixture
def wp(pg_platform: Platform) -> Platform:
    # no GIS layers (energie_platform): the netbeheerder's area is the only reason
    return energie_platform(pg_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))


def _links(platform: Platform, zaak: str) -> list[tuple[str, str]]:
    return [(link["zaak"], link["reden"]) for link in cases.get_case(platform, zaak)["gekoppelde_zaken"]]


def test_two_answers_naming_one_congestiegebied_at_once_link_both_cases(wp, monkeypatch):
    a = start(wp, 8.0, 2, geometry=turbines(2, 189_500, 441_500))["zaak"]
    b = start(wp, 6.0, 1, geometry=turbines(1, 192_500, 441_500))["zaak"]
    held, go_on, out = threading.Event(), threading.Event(), {}
    send = WorkflowRuntime.send_message

    def hold(self, wf, name, payload, ctx, **kw):  # A's answer is handled, its transaction not committed
        result = send(self, wf, name, payload, ctx, **kw)
        if ctx.case_reference == a:
            held.set()
            go_on.wait(WAIT)
        return result

    monkeypatch.setattr(WorkflowRuntime, "send_message", hold)

    def answer(zaak: str, positie: int) -> Any:
        payload = {"uitkomst": "wachtlijst", "positie": positie, "congestiegebied": "Zuid"}
        return cases.send_message(wp, zaak, "netbeheerder_antwoord", payload)

    first = start_thread(lambda: answer(a, 3), out, "a")
    assert held.wait(WAIT)
    second = start_thread(lambda: answer(b, 4), out, "b")
    second.join(BLOCKED)
    waited = second.is_alive()
    go_on.set()
    first.join(WAIT)
    second.join(WAIT)
    assert isinstance(out["a"], dict) and isinstance(out["b"], dict), out
    assert _links(wp, a) == [(b, REDEN)]
    assert _links(wp, b) == [(a, REDEN)]
    assert waited  # B's linking waited for A's commit


def test_a_link_another_step_is_writing_is_kept_once_not_refused(wp):
    """Both steps may find each other (a third case, an answer naming the area again): the second
    waits for the first's link rows and writes none of its own, instead of failing on the unique key."""
    ids = [cases.get_case(wp, start(wp, mw)["zaak"])["id"] for mw in (8.0, 6.0)]
    out: dict[str, Any] = {}

    def second() -> None:
        with wp.uow() as uow:
            projections._link(uow.session, ids[1], ids[0], REDEN)
            uow.commit()

    with wp.uow() as uow:
        projections._link(uow.session, ids[0], ids[1], REDEN)
        uow.session.flush()
        worker = start_thread(second, out, "second")
        worker.join(1.0)  # blocked on the first transaction's new rows
        uow.commit()
    worker.join(WAIT)
    assert out == {"second": None}
    with wp.uow(write=False) as uow:
        rows = uow.session.execute(select(CaseLink.case_id, CaseLink.other_case_id)).all()
    assert sorted(rows) == [(ids[0], ids[1]), (ids[1], ids[0])]
