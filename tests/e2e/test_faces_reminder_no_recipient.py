"""The beheer overview lists a task whose deadline reminder had nobody to go to, and the case's history
names it "Herinnering zonder ontvanger" (recip, 3)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from services.mail import compose
from services.store.models import HumanTask


def test_beheer_sees_a_reminder_without_recipient_on_the_overview_and_in_the_history(
    browser_for, faces_platform, start_case
) -> None:
    case = start_case()
    with faces_platform.uow() as uow:  # due tomorrow, of a group nobody is in
        uow.session.execute(
            update(HumanTask)
            .where(HumanTask.case_id == case["id"])
            .values(due_on=date(2026, 3, 3), candidate_groups=["Leeg team"])
        )
        uow.commit()
    assert compose.deadline_reminders(faces_platform) == 0
    bea = browser_for("bea")
    overview = bea.get("/beheer").text
    assert "Herinnering zonder ontvanger" in overview and case["zaak"] in overview
    assert "Leeg team" in overview
    history = bea.get(f"/zaken/{case['zaak']}").text
    assert "Herinnering zonder ontvanger" in history
    assert "Geen termijnherinnering verstuurd voor taak" in history
