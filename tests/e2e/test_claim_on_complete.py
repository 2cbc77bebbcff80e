"""Issue #16 item 5: completing an unclaimed task claims it first, with an audit line.

Hole on the old main: a task could be completed without being claimed; the history showed no one taking
it. Decision: no confirmation dialog; the task page says that completing claims the task, and names the
other open tasks of the case, before the officer presses "Taak afronden".
"""

from __future__ import annotations

from sqlalchemy import select

from services.store.models import CaseEvent, HumanTask


def _open_task(platform, ref: str) -> HumanTask:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).one()


def test_completing_an_unclaimed_task_claims_it_first_with_an_audit_line(
    browser_for, start_case, faces_platform
):
    ref = start_case()["zaak"]
    task = _open_task(faces_platform, ref)
    assert task.assignee is None
    anna = browser_for("anna")
    page = anna.get(f"/taken/{task.id}").text
    assert 'id="oppakken-bij-afronden"' in page
    resp = anna.post(f"/taken/{task.id}", {"compleet": "true"})
    assert resp.status_code == 302
    with faces_platform.uow(write=False) as uow:
        s = uow.session
        done = s.get(HumanTask, task.id)
        assert done is not None and done.assignee == "anna" and done.completed_by == "anna"
        events = s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == task.case_id).order_by(CaseEvent.id)
        ).all()
        kinds = [(e.kind, e.actor) for e in events]
        claimed = kinds.index(("taak-toewijzing", "anna"))
        assert claimed < kinds.index(("taak-voltooid", "anna"))
        assert "opgepakt door anna bij het afronden" in events[claimed].message


def test_a_claimed_task_gets_no_second_claim_line(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    task = _open_task(faces_platform, ref)
    anna = browser_for("anna")
    anna.post(f"/taken/{task.id}/oppakken")
    assert 'id="oppakken-bij-afronden"' not in anna.get(f"/taken/{task.id}").text
    anna.post(f"/taken/{task.id}", {"compleet": "true"})
    with faces_platform.uow(write=False) as uow:
        lines = uow.session.scalars(
            select(CaseEvent.message).where(
                CaseEvent.case_id == task.case_id, CaseEvent.kind == "taak-toewijzing"
            )
        ).all()
    assert len(lines) == 1 and "bij het afronden" not in lines[0]
