"""A case in incident (a script past its limits) is held by the system from the incident on, and the case
list names the same holder since the same moment as the holder timeline ("Systeem (incident)"), as it does
for a case paused by beheer (test_pause_officers).

Before: the case list said ``houder`` "Vergunningen" (``Case.holder``, the step that failed was rolled
back) with ``houder_sinds`` the incident's start, while /houders said "Systeem (incident)".
"""

from __future__ import annotations

import pytest

from processes.errors import RuimteflowError
from services import case_queries, cases, deployments, inbox, users
from services.clock import FixedClock, iso_utc
from services.platform import Platform
from services.waits import timeline
from tests.integration.test_script_limits import after_task


def _incident(platform: Platform, clock: FixedClock) -> tuple[str, str]:
    """A case of Vergunningen whose completed task runs a script past its size cap: its reference and the
    moment of the incident."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(platform, [("taak.bpmn", after_task("x = 10 ** 10 ** 8"))])
    ref = cases.start_case(platform, "taak_proef", {}, user="anna")["zaak"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    clock.advance(hours=1)
    with pytest.raises(RuimteflowError):
        cases.complete_task(platform, task["id"], "anna", {})
    return ref, iso_utc(clock.now())


def test_the_case_list_names_the_incident_holder_since_the_incident_as_the_timeline(
    any_platform: Platform, clock: FixedClock
) -> None:
    ref, stopped = _incident(any_platform, clock)
    clock.advance(days=2)
    [row] = case_queries.search_cases(any_platform, "anna")["zaken"]
    with any_platform.uow(write=False) as uow:
        case = cases.case_by_key(uow.session, ref)
        assert (case.status, case.holder) == ("incident", "Vergunningen")
        now = timeline.timeline(uow.session, case, clock.now(), public=False)["nu"]
    assert (now["houder"], now["sinds"]) == ("Systeem (incident)", stopped)
    assert (row["houder"], row["houder_sinds"]) == (now["houder"], now["sinds"])  # was ("Vergunningen", ...)
    assert timeline.lies_with({"nu": now}) == "Systeem (incident)"  # the case file's "Ligt bij"
