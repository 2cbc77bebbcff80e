"""The beheer overview shows timers that no timer process fired in time (the timer process of `serve` is
dead or keeps stopping, no `ruimteflow worker` runs): a wait that was invisible before."""

from __future__ import annotations

from datetime import timedelta

from services import cases, deployments, scheduler
from services.clock import iso_utc
from tests.e2e.test_faces_beheer import incident_model
from web.faces.filters import tijdstip


def test_beheer_shows_timers_no_timer_process_fired(browser_for, faces_platform, faces_clock) -> None:
    """Tester: with serve's timer process crash-looping (or no worker running) timers silently never
    fired and nothing on the beheer face said so. Now the overview says since when timers wait, once one
    is late by more than a few scheduler passes (and at least two minutes), and no longer when they ran."""
    deployments.deploy(faces_platform, [("timer.bpmn", incident_model("x = 1"))], user="bea")
    started = faces_clock.now()
    ref = cases.start_case(faces_platform, "incident_proef", {}, user="anna", title="Wacht een uur")["zaak"]
    bea = browser_for("bea")
    assert "loopt achter" not in bea.get("/beheer").text  # not due yet

    faces_clock.advance(hours=1, minutes=1)  # due one minute ago: a pass may simply not have come yet
    assert scheduler.late_timers(faces_platform) is None
    assert "loopt achter" not in bea.get("/beheer").text

    faces_clock.advance(minutes=30)  # no pass fired it for half an hour
    late = scheduler.late_timers(faces_platform)
    assert late is not None and late["aantal"] == 1
    assert late == {"aantal": 1, "sinds": iso_utc(started + timedelta(hours=1))}
    page = bea.get("/beheer").text
    assert f"Het timerproces loopt achter sinds {tijdstip(late['sinds'])}" in page
    assert "1 zaak wacht op een timer die toen al had moeten afgaan" in page

    cases.fire_due_timers(faces_platform)  # the timer process runs again
    assert scheduler.late_timers(faces_platform) is None
    assert "loopt achter" not in bea.get("/beheer").text, ref
