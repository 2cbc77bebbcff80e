"""The unit of work: after-commit work runs only after a commit; a use case is one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from processes.errors import Conflict
from services import beheer, cases, deployments, users
from services.platform import Platform
from services.store.models import Case, Counter
from services.store.uow import after_commit
from tests.integration.test_script_limits import after_timer


def test_after_commit_work_runs_only_after_a_successful_commit(platform: Platform) -> None:
    ran: list[str] = []
    with platform.uow() as uow:
        uow.after_commit(lambda: ran.append("niet gecommit"))
    assert ran == []  # a clean exit without a commit is no commit

    with pytest.raises(RuntimeError), platform.uow() as uow:
        uow.session.add(Counter(name="x", value=1))
        uow.after_commit(lambda: ran.append("fout"))
        raise RuntimeError("step failed")
    assert ran == []

    with platform.uow() as uow:
        uow.session.add(Counter(name="y", value=1))
        uow.after_commit(lambda: ran.append("gecommit"))
        assert ran == []  # not before the commit
        uow.commit()
        uow.after_commit(lambda: ran.append("na de laatste commit"))
    assert ran == ["gecommit"]


def test_work_registered_in_a_rolled_back_savepoint_is_dropped(platform: Platform) -> None:
    ran: list[str] = []
    with platform.uow() as uow:
        after_commit(uow.session, lambda: ran.append("blijft"))
        with pytest.raises(ValueError), uow.savepoint():
            uow.session.add(Counter(name="weg", value=1))
            after_commit(uow.session, lambda: ran.append("weg"))
            raise ValueError
        uow.commit()
    assert ran == ["blijft"]
    with platform.uow(write=False) as uow:
        assert uow.session.scalar(select(Counter).where(Counter.name == "weg")) is None


def _transactions(platform: Platform, fn) -> int:  # type: ignore[no-untyped-def]
    begun: list[object] = []

    def on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        begun.append(conn)

    event.listen(platform.engine, "begin", on_begin)
    try:
        fn()
    finally:
        event.remove(platform.engine, "begin", on_begin)
    return len(begun)


def test_beheer_retry_is_one_transaction_whether_it_fails_or_succeeds(platform: Platform, clock) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("reken.bpmn", after_timer("x = 10 ** 10 ** 8"))], user="bea")
    ref = cases.start_case(platform, "reken_proef", {}, user="anna")["zaak"]
    clock.advance(hours=2)
    [fired] = cases.fire_due_timers(platform)
    assert "incident" in fired

    def failing() -> None:
        with pytest.raises(Conflict, match="Opnieuw proberen mislukt"):
            beheer.retry(platform, ref, "bea")

    assert _transactions(platform, failing) == 1
    with platform.uow(write=False) as uow:
        row = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        assert row.status == "incident" and "groter dan een script mag maken" in (row.incident or "")

    deployments.deploy(platform, [("reken.bpmn", after_timer("x = 10 ** 3"))], user="bea")
    assert beheer.migrate(platform, "reken_proef", "bea")["gemigreerd"] == [ref]
    assert _transactions(platform, lambda: beheer.retry(platform, ref, "bea")) == 1
    assert cases.get_case(platform, ref)["status"] == "lopend"
