"""The step seam: every subscriber sees each step once, inside its transaction, with what changed."""

from __future__ import annotations

import pytest

from processes.errors import RuimteflowError
from services import cases, inbox, step_effects
from tests.integration.core_helpers import setup_klein


def test_subscribers_see_start_and_task_steps_with_their_events(platform, monkeypatch):
    setup_klein(platform)
    seen: list[tuple[bool, str | None, str | None, list[str]]] = []

    def record(facts: step_effects.StepFacts) -> None:
        seen.append(
            (facts.started, facts.status_before, facts.case.status, [e.kind for e in facts.new_events()])
        )

    monkeypatch.setattr(step_effects, "SUBSCRIBERS", (record,))
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    assert seen[0][0] is True and seen[0][1] is None
    assert "zaak-gestart" in seen[0][3]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    inbox.claim(platform, task["id"], "anna")
    cases.complete_task(platform, task["id"], "anna", {"compleet": True})
    later = seen[1:]
    assert later and all(not started and before == "lopend" for started, before, _, _ in later)
    # a step's events are its own: the start event is not seen again
    assert all("zaak-gestart" not in kinds for *_, kinds in later)
    assert case["status"] == "lopend"


def test_a_failing_subscriber_rolls_the_step_back(platform, monkeypatch):
    setup_klein(platform)

    def refuse(facts: step_effects.StepFacts) -> None:
        raise RuimteflowError("weigering van een abonnee")

    monkeypatch.setattr(step_effects, "SUBSCRIBERS", (refuse,))
    with pytest.raises(RuimteflowError):
        cases.start_case(platform, "vergunning_klein", {}, user="anna")
    monkeypatch.setattr(step_effects, "SUBSCRIBERS", ())
    assert inbox.list_tasks(platform, "anna")["taken"] == []


def test_the_step_events_a_subscriber_gets_are_the_stored_ones_in_order(platform, monkeypatch):
    """new_events comes from what the step's session stored (ORM rows and the projections' one
    set-based insert), not from a read: it must equal the case's events above the watermark, in id order."""
    from sqlalchemy import select

    from services.store.models import CaseEvent

    setup_klein(platform)
    pairs: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = []

    def record(facts: step_effects.StepFacts) -> None:
        mine = [(e.kind, e.message) for e in facts.new_events()]
        stored = facts.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == facts.case.id, CaseEvent.id > facts.event_watermark)
            .order_by(CaseEvent.id)
        )
        pairs.append((mine, [(e.kind, e.message) for e in stored]))

    monkeypatch.setattr(step_effects, "SUBSCRIBERS", (record,))
    cases.start_case(platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": True})  # claims on completion too
    assert len(pairs) == 2
    for mine, stored in pairs:
        assert mine == stored and len(mine) >= 2
    kinds = [k for k, _ in pairs[1][0]]
    assert kinds[0] == "taak-toewijzing" and {"taak-voltooid", "taak-aangemaakt"} <= set(kinds)
