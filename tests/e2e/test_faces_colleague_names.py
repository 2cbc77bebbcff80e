"""The case page and the task page name a colleague by the name they read, not the login (review officer12,
F6.3, after c765d4a did so for claims, returns and assignments): who did a line of the timeline, who holds
an open task, and the claim a completion makes in the history ("opgepakt door Anna de Vries bij het
afronden"). What is stored keeps the login: the line's actor and text, the task's assignee."""

from __future__ import annotations

import re

from sqlalchemy import select

from services.store.models import CaseEvent, HumanTask
from tests.e2e.harness import page_text


def _open_task(platform, ref: str) -> HumanTask:  # type: ignore[no-untyped-def]
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).one()


def _timeline(page: str) -> list[tuple[str, str]]:
    """(text, who) of each line of the timeline."""
    lines = re.findall(
        r'<span class="gebeurtenis-tekst">(.*?)</span>\s*<span class="sub">(.*?)</span>', page, flags=re.S
    )
    return [(page_text(text).strip(), page_text(who).strip()) for text, who in lines]


def test_the_case_page_names_who_did_a_step_and_who_holds_a_task(  # type: ignore[no-untyped-def]
    browser_for, start_case, faces_platform
):
    """The timeline's "door" and "opgepakt door" of an open task showed the login ("anna", "tom")."""
    ref = start_case(user="anna")["zaak"]
    task = _open_task(faces_platform, ref)
    tom = browser_for("tom")
    assert tom.post(f"/taken/{task.id}/oppakken").status_code == 302
    page = browser_for("anna").get(f"/zaken/{ref}").text
    open_tasks = re.search(r'<ul class="taken-kort">(.*?)</ul>', page, flags=re.S)
    assert open_tasks is not None
    assert f"{task.name} Vergunningen · opgepakt door Tom Bakker" in page_text(open_tasks.group(1))
    lines = _timeline(page)
    who = {w.split(" · ")[0] for _, w in lines}
    assert {"Anna de Vries", "Tom Bakker"} <= who and not {"anna", "tom"} & who, lines
    assert f"Taak '{task.name}' opgepakt door Tom Bakker" in [t for t, _ in lines]
    task_page = browser_for("anna").get(f"/taken/{task.id}").text  # the same case file on the task page
    assert {"Anna de Vries", "Tom Bakker"} <= {w.split(" · ")[0] for _, w in _timeline(task_page)}


def test_the_claim_a_completion_makes_reads_with_the_name(  # type: ignore[no-untyped-def]
    browser_for, start_case, faces_platform
):
    """The line a completion writes itself keeps the login in its text (no statement more for the step):
    the case page reads it with the name."""
    ref = start_case()["zaak"]
    task = _open_task(faces_platform, ref)
    anna = browser_for("anna")
    assert anna.post(f"/taken/{task.id}", {"compleet": "true"}).status_code == 302
    with faces_platform.uow(write=False) as uow:
        line = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == task.case_id, CaseEvent.kind == "taak-toewijzing")
        ).one()
        assert (line.actor, line.message) == (
            "anna",
            f"Taak '{task.name}' opgepakt door anna bij het afronden",
        )
    lines = _timeline(browser_for("tom").get(f"/zaken/{ref}").text)
    said = [(t, w) for t, w in lines if "bij het afronden" in t]
    assert said == [(f"Taak '{task.name}' opgepakt door Anna de Vries bij het afronden", "Anna de Vries")]
