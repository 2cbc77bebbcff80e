"""A case paused by beheer stops the officers: its tasks can be neither claimed nor assigned (409
``zaak-gepauzeerd``, as completing them), and the case list names the same holder since the same moment
as the holder timeline ("Beheer (gepauzeerd)", since the pause).

Outside tester's finding: while paused, the case list said ``houder`` "Vergunningen" with
``houder_sinds`` the moment of pausing, while /houders said "Beheer (gepauzeerd)"; officers could still
claim and assign its tasks (recorded in the history), only completing was refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from processes.errors import Conflict
from services import beheer, case_queries, cases, inbox
from services.clock import FixedClock, iso_utc
from services.platform import Platform
from services.store.models import CaseEvent
from services.waits import timeline
from tests.integration.inbox_case import claimed_by_anna, open_task_row, start_case


def _claims(platform: Platform, ref: str) -> list[str]:
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        lines = select(CaseEvent.message).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == "taak-toewijzing"
        )
        return list(uow.session.scalars(lines))


def test_a_paused_cases_task_can_be_neither_claimed_nor_assigned(any_platform: Platform) -> None:
    ref = start_case(any_platform)
    task = open_task_row(any_platform, ref)
    beheer.suspend(any_platform, ref, "bea", "storing")
    with pytest.raises(Conflict) as claimed:
        inbox.claim(any_platform, task.id, "anna")  # was: claimed, with its history line
    with pytest.raises(Conflict) as assigned:
        inbox.assign(any_platform, task.id, "pim", "anna")
    assert claimed.value.code == assigned.value.code == "zaak-gepauzeerd"
    assert f"Zaak {ref} is gepauzeerd door beheer" in claimed.value.detail
    assert open_task_row(any_platform, ref).assignee is None and _claims(any_platform, ref) == []
    beheer.resume(any_platform, ref, "bea")
    assert inbox.claim(any_platform, task.id, "anna")["toegewezen_aan"] == "anna"


def test_a_claimed_task_of_a_paused_case_can_still_be_given_back(platform: Platform) -> None:
    ref, task_id = claimed_by_anna(platform)
    beheer.suspend(platform, ref, "bea")
    inbox.unclaim(platform, task_id, "anna")  # an officer who leaves keeps no task of a paused case
    assert open_task_row(platform, ref).assignee is None


def test_the_case_list_names_the_paused_holder_since_the_pause_as_the_timeline(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref = start_case(any_platform)
    clock.advance(hours=1)
    beheer.suspend(any_platform, ref, "bea")
    paused = iso_utc(clock.now())
    clock.advance(days=2)
    [row] = case_queries.search_cases(any_platform, "bea")["zaken"]
    with any_platform.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, ref)
        now = timeline.timeline(uow.session, case, clock.now(), public=False)["nu"]
    assert (now["houder"], now["sinds"]) == ("Beheer (gepauzeerd)", paused)
    assert (row["houder"], row["houder_sinds"]) == (
        now["houder"],
        now["sinds"],
    )  # was ("Vergunningen", paused)
