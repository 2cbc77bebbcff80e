"""`ruimteflow wachten herbouw` on the cases of the first release (upgrade review, finding 4).

The first release recorded no ``wacht`` events, so the rebuild derived no waits for its cases: a case
waiting for an aanvulling was held by "Systeem: wacht op een timer of de volgende stap" next to "Ligt
bij Aanvrager", and the windparks waiting for the netbeheerder had no outside wait. The rebuild now
records, once, what such a running case's engine waits for, as of its last step: from then on the
rows are the ones today's steps would have written.

A first-release case is built here as today's steps leave it, less what the first release never
wrote: its ``wacht`` events and the projection (tables of later migrations).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case, CaseEvent, HolderInterval, OutsideWait, TaskWait
from services.waits import store
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401
from tests.integration.test_waits import assert_whole_life, intervals


def as_first_release(platform: Platform, ref: str) -> None:
    """The case as the first release left it: no ``wacht`` events, no projection rows."""
    with platform.uow() as uow:
        s = uow.session
        case_id = cases.case_by_key(s, ref).id
        s.execute(delete(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == store.WAIT_EVENT))
        for table in (HolderInterval, OutsideWait, TaskWait):
            s.execute(delete(table).where(table.case_id == case_id))
        uow.commit()


def outside(platform: Platform) -> list[tuple[Any, ...]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutsideWait).order_by(OutsideWait.case_id, OutsideWait.started_at))
        return [(r.holder, r.element_id, store.utc(r.started_at), r.ended_at) for r in rows]


def case_holder(platform: Platform, ref: str) -> str | None:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(Case.holder).where(Case.reference == ref)).one()


def test_a_first_release_case_waiting_for_an_aanvulling_is_held_by_the_initiator(z: Omgeving) -> None:  # noqa: F811
    z.start()
    z.later(days=1)
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
    )
    z.later(days=2)
    by_steps = intervals(z.p, z.ref)
    assert by_steps[-1][1:3] == ("Aanvrager", "initiatiefnemer") and by_steps[-1][6] is None
    as_first_release(z.p, z.ref)

    result = store.rebuild(z.p)
    # the wait began at the case's last step: the rows are the ones today's steps wrote (the rebuild
    # gave "Systeem: wacht op een timer of de volgende stap" from the aanvulling request on)
    assert intervals(z.p, z.ref) == by_steps
    assert case_holder(z.p, z.ref) == "Aanvrager" and result["afgeleide_wachten"] == 1

    # the case goes on under today's steps, which carry on from the recorded wait; a second rebuild
    # derives nothing again and gives the rows the steps wrote
    z.later(days=3)
    z.bericht("aanvulling", {"bijlage": "tekening.pdf"})
    z.later(days=1)
    carried = assert_whole_life(z.p, z.ref)
    assert [r[1] for r in carried[-2:]] == ["Aanvrager", "Vergunningen"]
    again = store.rebuild(z.p)
    assert intervals(z.p, z.ref) == carried and again["afgeleide_wachten"] == 0


def test_a_first_release_windpark_waits_for_the_netbeheerder_from_its_last_step_on(
    any_platform: Platform, clock: FixedClock
) -> None:
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    ref = windpark.start(wp, 4.2)["zaak"]  # the transportverzoek goes to the netbeheerder
    clock.advance(days=2)
    doe(wp, ref, "advies", {"advies": "positief"})
    last_step = clock.now()
    clock.advance(days=1)
    [(holder, element, _, ended)] = outside(wp)
    as_first_release(wp, ref)

    store.rebuild(wp)
    # what the case waited for before its last step is not recorded: its outside wait begins there
    # (the rebuild derived none: the netbeheerder's answer time was missing from the dashboard)
    assert outside(wp) == [(holder, element, last_step, ended)] and ended is None
    rows = assert_whole_life(wp, ref)
    assert rows[-1][5] == last_step and "Netbeheerder" in rows[-1][8]

    clock.advance(days=2)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    carried, ended_now = assert_whole_life(wp, ref), outside(wp)
    assert ended_now[0][3] is not None
    store.rebuild(wp)
    assert intervals(wp, ref) == carried and outside(wp) == ended_now
