"""The beheer page shows since when a case is paused or an incident, not its last update.

Review finding (s8 beheer 6): "Gepauzeerd sinds" and the incident's "Sinds" showed Case.updated_at.
A case paused on 3 March that received the initiator's aanvulling on 7 March read "Gepauzeerd sinds 7
maart"; an incident paused and resumed read the day of the resume.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from processes.errors import Conflict
from services import beheer, cases
from services.store.models import HumanTask
from tests.e2e.stuck_case import stuck_case


def _sinds(page: str, section: str) -> list[str]:
    part = page.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return [s.strip() for s in re.findall(r'data-label="Sinds">\s*([^<]*?)\s*<', part)]


def test_paused_since_is_the_moment_of_the_pause(faces_platform, faces_clock, browser_for, start_case):
    ref = start_case()["zaak"]
    with faces_platform.uow(write=False) as uow:
        task_id = uow.session.scalars(select(HumanTask.id).where(HumanTask.case_reference == ref)).one()
    cases.complete_task(faces_platform, task_id, "anna", {"compleet": False})  # waits for an aanvulling
    faces_clock.advance(days=1)
    beheer.suspend(faces_platform, ref, "bea", "onderzoek datafout")  # 3 March
    faces_clock.advance(days=4)
    cases.send_message(faces_platform, ref, "aanvulling", {}, via_code=True)  # reaches the paused case
    page = html.unescape(browser_for("bea").get("/beheer").text)
    assert _sinds(page, "kop-gepauzeerd") == ["3 maart 2026, 10:00"]
    [row] = beheer.problem_cases(faces_platform)["gepauzeerd"]
    assert row["sinds"].startswith("2026-03-03T09:00") and row["bijgewerkt_op"].startswith("2026-03-07")


def test_incident_since_is_the_moment_of_the_incident(faces_platform, faces_clock, browser_for):
    ref = stuck_case(faces_platform)  # 2 March
    faces_clock.advance(days=2)
    beheer.suspend(faces_platform, ref, "bea")
    faces_clock.advance(days=1)
    beheer.resume(faces_platform, ref, "bea")  # back to incident on 5 March
    faces_clock.advance(days=1)
    with pytest.raises(Conflict):
        beheer.retry(faces_platform, ref, "bea")  # solves nothing on 6 March: still the same incident
    page = html.unescape(browser_for("bea").get("/beheer").text)
    assert _sinds(page, "kop-incidenten") == ["2 maart 2026, 10:00"]
    [row] = beheer.problem_cases(faces_platform)["incidenten"]
    assert row["sinds"].startswith("2026-03-02T09:00")


def test_the_moments_of_many_cases_are_one_read(faces_platform, start_case):
    from tests.sql_statements import statements

    refs = [start_case(f"Zaak {i}")["zaak"] for i in range(3)]
    for ref in refs:
        beheer.suspend(faces_platform, ref, "bea")
    with statements(faces_platform) as sent:
        rows = beheer.problem_cases(faces_platform)["gepauzeerd"]
    assert sorted(r["zaak"] for r in rows) == sorted(refs)
    assert len([s for s in sent if "FROM case_event" in s]) == 1


def test_many_paused_cases_never_push_an_incident_off_the_page(
    faces_platform, faces_clock, browser_for, start_case
):
    """Review s8 beheer (suspected, confirmed): one limit served incidents and paused cases together, last
    changed first, so recently paused cases pushed an incident off the list, and the counts said only how
    many were listed."""
    incident = stuck_case(faces_platform)
    faces_clock.advance(hours=1)
    paused = [start_case(f"Zaak {i}")["zaak"] for i in range(3)]
    for ref in paused:
        beheer.suspend(faces_platform, ref, "bea")
    listed = beheer.problem_cases(faces_platform, limit=2)
    assert [r["zaak"] for r in listed["incidenten"]] == [incident]
    assert len(listed["gepauzeerd"]) == 2
    assert listed["aantallen"] == {"incidenten": 1, "gepauzeerd": 3}
    page = html.unescape(browser_for("bea").get("/beheer").text)
    assert 'id="kop-gepauzeerd">Gepauzeerde zaken <span class="aantal">3</span>' in page
