"""The stored failure limiter and the login throttle at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest

from processes.errors import Unauthorized
from services import sessions, users
from services.platform import Platform
from services.ratelimit import Budget, StoredFailureLimiter, TooManyAttempts


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_platform(request: pytest.FixtureRequest) -> Platform:
    name = "platform" if request.param == "sqlite" else "pg_platform"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


def test_stored_limiter_window_and_reset(any_platform: Platform, clock: Any):
    limiter = StoredFailureLimiter(any_platform, Budget("test", 2, 60))
    limiter.fail("a")
    assert not limiter.blocked("a")
    clock.advance(seconds=10)
    limiter.fail("a")
    assert limiter.blocked("a") and limiter.retry_after("a") == 50
    assert not limiter.blocked("b")
    other_scope = StoredFailureLimiter(any_platform, Budget("ander", 2, 60))
    assert not other_scope.blocked("a")  # scopes do not share counts
    clock.advance(seconds=51)
    assert not limiter.blocked("a") and limiter.retry_after("a") == 0
    limiter.fail("a")
    limiter.fail("a")
    assert limiter.blocked("a")
    limiter.reset("a")
    assert not limiter.blocked("a")


def test_parallel_guesses_cannot_overrun_the_account_budget(any_platform: Platform):
    users.add_user(any_platform, "anna", role="vergunningverlener", password="demo")
    limit = any_platform.settings.login_max_failures_per_account

    def guess(i: int) -> str:
        try:
            sessions.login(any_platform, "anna", f"fout{i}", address=f"10.0.0.{i}")
        except Unauthorized:
            return "fout"
        except TooManyAttempts:
            return "geblokkeerd"
        return "binnen"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(guess, range(24)))
    assert outcomes.count("fout") == limit  # exactly the budget got its password checked
    assert outcomes.count("geblokkeerd") == 24 - limit
    with pytest.raises(TooManyAttempts) as refused:
        sessions.login(any_platform, "anna", "demo", address="10.1.1.1")
    assert refused.value.status == 429 and refused.value.extra["retry_after"] > 0


def test_sessions_end_one_or_every(any_platform: Platform):
    """Every session of a user ends through session_ends.end_every (revoked access, a new password)."""
    from services import session_ends

    users.add_user(any_platform, "anna", role="vergunningverlener", password="demo")
    one, two = sessions.start(any_platform, "anna"), sessions.start(any_platform, "anna")
    assert sessions.user_of(any_platform, one)["gebruikersnaam"] == "anna"  # type: ignore[index]
    assert sessions.user_of(any_platform, "geraden") is None
    sessions.end(any_platform, one)
    assert sessions.user_of(any_platform, one) is None
    assert sessions.user_of(any_platform, two) is not None
    with any_platform.uow() as uow:
        assert session_ends.end_every(uow.session, any_platform, "anna") == 1
        uow.commit()
    assert sessions.user_of(any_platform, two) is None


def test_a_new_password_ends_the_sessions_of_the_old_one(any_platform: Platform):
    users.add_user(any_platform, "anna", role="vergunningverlener", password="demo")
    token = sessions.start(any_platform, "anna")
    users.add_user(any_platform, "anna", role="vergunningverlener")  # no new password: sessions stay
    assert sessions.user_of(any_platform, token) is not None
    users.add_user(any_platform, "anna", role="vergunningverlener", password="nieuw-wachtwoord")
    assert sessions.user_of(any_platform, token) is None


def test_a_new_password_stamps_the_ended_sessions_in_utc_as_revoking_access_does(
    any_platform: Platform, clock: Any
):
    """Review code17: a new password ended the old sessions with the clock's moment as it came (services.users),
    revoking access with that moment in UTC (services.sessions). On a clock in Dutch time (a scenario's
    start, fire_due_timers' now) SQLite kept the wall-clock time, read back as UTC: an hour late in March."""
    from sqlalchemy import select

    from services.clock import NL, in_utc
    from services.store.models import UserSession

    moment = datetime(2026, 3, 2, 10, 0, tzinfo=NL)
    clock.set(moment)
    for name in ("anna", "bert"):
        users.add_user(any_platform, name, role="vergunningverlener", password="demo")
        sessions.start(any_platform, name)
    users.add_user(any_platform, "anna", role="vergunningverlener", password="nieuw-wachtwoord")
    sessions.revoke_access(any_platform, "bert")
    with any_platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(UserSession).order_by(UserSession.username)).all()
        ended = {row.username: in_utc(row.revoked_at) for row in rows if row.revoked_at is not None}
    assert ended == {"anna": in_utc(moment), "bert": in_utc(moment)}


def test_a_stolen_token_and_laptop_are_revoked_from_the_command_line(platform: Platform, capsys: Any):
    """Tester observation: an API token never expired, and ending a user's sessions (end_all) was not
    reachable from the CLI, a face or the API; revoking a token meant re-running 'users add'."""
    import json

    from web.cli import main

    added = users.add_user(platform, "anna", role="vergunningverlener", password="demo")
    session = sessions.start(platform, "anna")
    assert users.by_token(platform, added["token"])["gebruikersnaam"] == "anna"
    url = platform.settings.database_url
    assert main(["users", "revoke", "anna", "--database", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "gebruiker": "anna",
        "token_ingetrokken": True,
        "sessies_beeindigd": 1,
        "taken_vrijgegeven": 0,
    }
    with pytest.raises(Unauthorized):
        users.by_token(platform, added["token"])
    assert sessions.user_of(platform, session) is None
    assert users.authenticate(platform, "anna", "demo")["gebruikersnaam"] == "anna"  # the account stays
    assert main(["users", "revoke", "niemand", "--database", url]) == 2
    assert "bestaat niet" in capsys.readouterr().err
