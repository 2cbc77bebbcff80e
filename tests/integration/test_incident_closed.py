"""A case whose timer step failed (an incident) still takes its tasks; when its workflow then finishes,
the case closed with the incident's text still set: the case view of a finished case said "incident"
with the engine's old error (noticed by fixer anon11, session 11). A closed case carries no incident;
its history keeps the incident line."""

from __future__ import annotations

from sqlalchemy import select

from services import cases
from services.store.models import Case, CaseEvent
from tests.integration.bewaren_helpers import case_with, close, prepare

DETAIL = "Timer 'termijn' faalde: de naam 'P14D' bestaat niet"


def test_a_case_that_finishes_in_incident_closes_without_it(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    with platform.uow() as uow:
        uow.cases.mark_incident(zaak["id"], DETAIL, platform.clock.now(), {})
        uow.commit()
    assert cases.get_case(platform, zaak["zaak"])["incident"] == DETAIL

    close(platform, zaak)

    with platform.uow(write=False) as uow:
        case = uow.session.get(Case, zaak["id"])
        assert (case.status, case.incident) == ("afgerond", None)
        kept = uow.session.scalars(select(CaseEvent.message).where(CaseEvent.case_id == zaak["id"])).all()
    assert any(DETAIL in (text or "") for text in kept)
    assert cases.get_case(platform, zaak["zaak"])["incident"] is None
