"""The worker's pass that completes 'Besluit nemen' with its sent letter (services.given_besluiten): a
completion it cannot do makes an incident, not an attempt on every pass; and it reads only the cases it
will complete. The permit scenario (tests/integration/test_besluit_bij_verzending.py): tom makes the letter
refusing the permit final on Monday 20 April 2026. On SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from processes.errors import RuimteflowError
from services import beheer, given_besluiten, inbox, users
from services.store.models import Case, CaseEvent, HumanTask
from tests.integration.test_besluit_bekend_voor_taak import GEGEVEN, brief_verzonden
from tests.integration.test_besluit_bij_verzending import _besluit_task, _completed, _pass_alone, locatie, z

__all__ = ["locatie", "z"]  # the scenario's fixtures


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Count the calls of ``given_besluiten.<name>`` (the per-case steps of the pass)."""
    calls: list[Any] = []
    real = getattr(given_besluiten, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(given_besluiten, name, counting)
    return calls


def _case(z: Any) -> Case:
    with z.p.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        uow.session.expunge(case)
        return case


def test_a_refused_completion_is_an_incident_that_no_pass_tries_again(
    z: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tom, the letter's maker, is no longer a teamleider: the completion is refused. Before, every pass
    (seconds apart) took the case's lock and tried again, for ever, unseen by beheer. Now the case is an
    incident that beheer lists with the reason; the next passes take no step for it; once tom is a
    teamleider again, beheer's retry ends the incident and the next pass completes the task."""
    users.add_user(z.p, "bea", groups=[], role="beheerder")
    brief_verzonden(z)
    users.add_user(z.p, "tom", groups=["Vergunningen"])
    assert _completed(z) == 0
    case = _case(z)
    assert case.status == "incident", case.status
    assert case.incident is not None and "niet afgerond met het verzonden besluit" in case.incident
    listed = beheer.problem_cases(z.p)["incidenten"]
    assert [row["zaak"] for row in listed] == [z.ref], listed
    assert _besluit_task(z).state == "open"
    reads = _counted(monkeypatch, "by_letter")
    for _ in range(3):
        assert _pass_alone(z) == 0
    assert reads == [], reads  # before: one read and one locked step attempt per pass
    users.add_user(z.p, "tom", groups=["Vergunningen", "Teamleider"])
    beheer.retry(z.p, z.ref, "bea")
    assert _completed(z) == 1
    assert (_case(z).status, _besluit_task(z).completed_by) == ("lopend", "tom")


def test_the_officer_completing_the_task_ends_the_incident(z: Any) -> None:
    """The incident names the task: the teamleider who completes it by hand ends it (incidents.end)."""
    brief_verzonden(z)
    users.add_user(z.p, "tom", groups=["Vergunningen"])
    users.add_user(z.p, "tl2", groups=["Vergunningen", "Teamleider"])
    assert _pass_alone(z) == 0 and _case(z).status == "incident"
    task = _besluit_task(z)
    inbox.claim(z.p, task.id, "tl2")
    from services import cases

    cases.complete_task(z.p, task.id, "tl2", GEGEVEN)
    case = _case(z)
    assert (case.status, case.incident) == ("lopend", None)
    with z.p.uow(write=False) as uow:
        kinds = uow.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
    assert "incident-opgelost" in kinds, kinds


def test_a_refusal_of_a_case_changed_meanwhile_is_no_incident(
    z: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker or an officer changes the case between the pass's read and its refusal (here tl2
    claims the task): the refusal was of a case that is no more, so nothing is marked; the next pass reads
    it anew and completes the task as tl2's."""
    from services import cases

    brief_verzonden(z)
    users.add_user(z.p, "tl2", groups=["Vergunningen", "Teamleider"])
    task_id = _besluit_task(z).id
    complete = cases.complete_task

    def claimed_first(*_a: Any, **_k: Any) -> Any:
        inbox.claim(z.p, task_id, "tl2")
        raise RuimteflowError("Geweigerd.", code="proef")

    monkeypatch.setattr(given_besluiten.cases, "complete_task", claimed_first)
    assert _pass_alone(z) == 0
    assert _case(z).status == "lopend"
    monkeypatch.setattr(given_besluiten.cases, "complete_task", complete)
    assert _completed(z) == 1
    assert _besluit_task(z).completed_by == "tl2"


def test_a_case_whose_open_task_takes_no_besluit_gets_no_per_case_step(
    z: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Besluit nemen' completed with its letter; a task of another branch older than the letter stays open
    (here the termijnbewaking's warning, kept open). The set-based read returned that case on every pass
    (an open task, a sent letter made since it opened) and the pass read it again per case to find no
    besluit task; now the read itself leaves it out."""
    brief_verzonden(z)
    assert _completed(z) == 1
    with z.p.uow() as uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.reference == z.ref))
        uow.session.execute(
            update(HumanTask)
            .where(HumanTask.case_id == case_id, HumanTask.bpmn_id == "waarschuwing")
            .values(state="open")
        )
        uow.commit()
    reads = _counted(monkeypatch, "by_letter")
    assert _pass_alone(z) == 0
    assert reads == [], reads
