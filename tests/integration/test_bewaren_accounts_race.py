"""An initiator account is not anonymised while it starts a new case (review sessie10, anon3 item 2).

The run that destroys a case (services.bewaren.vernietigen) locks the account and then checks that no case of it keeps its data; a start did not
touch the account, so on PostgreSQL a case being started (inserted, not yet committed) was not seen by the
check and the account lost its name and address while its new case ran. A start now takes the accounts
the case will belong to (by username and by e-mail address, as services.policy.own_cases links them)
under a lock in its own transaction: the check waits for the start's commit and then sees the case, or
the start waits until the anonymisation committed. SQLite runs one writer at a time (BEGIN IMMEDIATE), so
the race exists only on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from sqlalchemy import select

from services import cases, users
from services.bewaren import accounts
from services.bewaren.termijn import vervallen
from services.bewaren.vernietigen import vernietig
from services.store.models import User
from tests.integration.bewaren_helpers import AANVRAAG, case_with, close, prepare
from tests.integration.threads import start_thread

DUE = date(2027, 3, 2)
WAIT = 10.0  # seconds: a thread that does not finish by then is stuck
BLOCKED = 2.0  # seconds a thread is given to show that it would run through without waiting


def _piet(platform, tmp_path) -> Any:
    prepare(platform, tmp_path)
    users.add_user(platform, "piet", groups=[], role="initiatiefnemer", display_name="Piet Jansen",
                   email="piet.jansen@example.nl", bijwerken=True)  # fmt: skip
    old = case_with(platform)
    close(platform, old)
    [item] = list(vervallen(platform, DUE))
    return item


def _account(platform, username: str) -> User | None:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(User).where(User.username == username)).first()


def test_a_case_being_started_keeps_the_account_from_being_anonymised(pg_platform, tmp_path):
    platform = pg_platform
    item = _piet(platform, tmp_path)
    inserted, go_on, out = threading.Event(), threading.Event(), {}

    def hold(s, case) -> None:  # the new case is written, its transaction not yet committed
        inserted.set()
        go_on.wait(WAIT)

    start = start_thread(
        lambda: cases.start_case(
            platform,
            "vergunning_klein",
            dict(AANVRAAG),
            user="piet",
            initiator="Piet Jansen",
            before_commit=hold,
        ),
        out,
        "zaak",
    )
    assert inserted.wait(WAIT)
    run = start_thread(lambda: vernietig(platform, item), out, "uitkomst")
    run.join(BLOCKED)
    anonymised_meanwhile = not run.is_alive()
    go_on.set()
    start.join(WAIT)
    run.join(WAIT)
    assert not anonymised_meanwhile  # it waited for the start's commit
    assert isinstance(out["zaak"], dict) and out["uitkomst"].uitkomst == "vernietigd"
    assert out["uitkomst"].accounts == ()
    account = _account(platform, "piet")
    assert account is not None and (account.display_name, account.email) == (
        "Piet Jansen",
        "piet.jansen@example.nl",
    )


def test_a_start_during_the_anonymisation_waits_for_its_commit(pg_platform, tmp_path, monkeypatch):
    """The other order: the anonymisation checked the account and has not committed yet. A start by the
    account (or with its e-mail address) waits, so it cannot slip in between the check and the commit."""
    platform = pg_platform
    item = _piet(platform, tmp_path)
    checked, go_on, out = threading.Event(), threading.Event(), {}
    anonymise = accounts._anonymise

    def hold(*args) -> None:  # the check found no case kept; the account is being anonymised
        anonymise(*args)
        checked.set()
        go_on.wait(WAIT)

    monkeypatch.setattr(accounts, "_anonymise", hold)
    run = start_thread(lambda: vernietig(platform, item), out, "uitkomst")
    assert checked.wait(WAIT)
    start = start_thread(
        lambda: cases.start_case(platform, "vergunning_klein", dict(AANVRAAG), initiator="Piet Jansen"),
        out,
        "zaak",
    )
    start.join(BLOCKED)
    started_meanwhile = not start.is_alive()
    go_on.set()
    run.join(WAIT)
    start.join(WAIT)
    assert not started_meanwhile  # it waited for the anonymisation's commit
    assert out["uitkomst"].accounts == ("piet",) and isinstance(out["zaak"], dict)
