"""A step late in a long case does the same database work as an early one (issue #12, engine_step).

No timing: each step is measured by what it asks of the database, which is deterministic:

- the SQL statements it sends;
- the ORM rows it loads (instances built by SQLAlchemy);
- the SQLite virtual-machine instructions it runs (``set_progress_handler``), which grow with every
  row a query reads, also rows that are filtered or aggregated away.

A subscriber that reads the case's whole history each step (all outbox messages, all events, all
tasks) makes the later figures grow with the case; a flat step keeps them equal. The case is the
permit model's aanvulling loop with ZGW configured and an initiator e-mail address, so the ZGW and
mail subscribers do their work, and the waits subscriber (services/waits, incremental) with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event

from services import step_effects
from services.waits import incremental as waits_incremental
from tests.benchmarks.engine_harness import PERMIT, REWORK, Model, ServiceCase

#: SQLite VM instructions between two progress-handler calls
VM_GRAIN = 10
EARLY, LATE = 10, 160


@dataclass
class StepCost:
    statements: int = 0
    loaded: int = 0
    vm: int = 0


@contextmanager
def measured(platform: Any) -> Iterator[StepCost]:
    cost = StepCost()

    def on_execute(*_: Any) -> None:
        cost.statements += 1

    def on_load(*_: Any) -> None:
        cost.loaded += 1

    def tick() -> int:
        cost.vm += 1
        return 0

    from services.store.models import Base

    event.listen(platform.engine, "before_cursor_execute", on_execute)
    event.listen(Base, "load", on_load, propagate=True)
    with platform.engine.connect() as conn:  # the pool hands the step this same SQLite connection
        raw = conn.connection.driver_connection
    raw.set_progress_handler(tick, VM_GRAIN)
    try:
        yield cost
    finally:
        raw.set_progress_handler(None, VM_GRAIN)
        event.remove(Base, "load", on_load)
        event.remove(platform.engine, "before_cursor_execute", on_execute)


def _drive(case: ServiceCase, steps: int) -> None:
    loop = case.model.loop
    while case.steps < steps:
        kind, name, data = loop[case.steps % len(loop)]
        case.act(kind, name, data)


def _cost_of_next(case: ServiceCase) -> dict[str, StepCost]:
    """The cost of each action of the next round of the model's loop, by kind."""
    costs = {}
    loop = case.model.loop
    for _ in loop:
        kind, name, data = loop[case.steps % len(loop)]
        with measured(case.platform) as cost:
            case.act(kind, name, data)
        costs[kind] = cost
    return costs


def _open(model: Model, monkeypatch: pytest.MonkeyPatch) -> ServiceCase:
    assert waits_incremental.on_step in step_effects.SUBSCRIBERS  # every subscriber is measured
    case = ServiceCase(model, effects=True)
    assert case.platform.engine.dialect.name == "sqlite"
    return case


@pytest.fixture
def permit_case(monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceCase]:
    case = _open(PERMIT, monkeypatch)
    try:
        yield case
    finally:
        case.close()


@pytest.mark.parametrize("model", [PERMIT, REWORK], ids=lambda m: m.name)
def test_a_late_step_does_the_same_database_work_as_an_early_one(
    model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _open(model, monkeypatch)
    try:
        _drive(case, EARLY)
        early = _cost_of_next(case)
        _drive(case, LATE)
        late = _cost_of_next(case)
    finally:
        case.close()
    assert early.keys() == {kind for kind, _, _ in model.loop}
    for kind in early:
        assert late[kind].statements == early[kind].statements, kind
        assert late[kind].loaded == early[kind].loaded, kind
        # index lookups deepen a little as tables grow; a scan of the history grows with the case
        assert late[kind].vm <= early[kind].vm * 1.1, (kind, early[kind], late[kind])


def test_the_step_sends_zgw_and_mail_messages(permit_case: ServiceCase) -> None:
    """The measured case really runs the ZGW and mail subscribers (the flat figures mean something)."""
    from sqlalchemy import func, select

    from services.store.models import OutboxMessage

    _drive(permit_case, 4)
    with permit_case.platform.uow(write=False) as uow:
        rows = dict(
            uow.session.execute(select(OutboxMessage.kind, func.count()).group_by(OutboxMessage.kind)).all()
        )
    assert rows.get("zaak-bijwerken", 0) >= 2 and rows.get("aanvulling", 0) >= 2, rows
