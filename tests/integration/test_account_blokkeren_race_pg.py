"""No API token is issued for a blocked account, also when the block and the token are written at the same
moment (PostgreSQL; SQLite runs one writer at a time, BEGIN IMMEDIATE, so there the race does not exist).

Review finding (s22, accounts 2): `users token` and `users add --bijwerken` read the account, saw it open,
and wrote the token hash by the row's id. When `users blokkeren` committed in between, the write waited for
the block's row lock and then stored the token on the blocked account (and the command showed it); a token
written just before the block was left on the account, since the block had read the row without it. The
token is now written by one UPDATE that reads the block as the row stands once it is locked, and the block
takes whatever token the row holds then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from processes.errors import Conflict, Unauthorized
from services import account_audit, account_block, sessions, users
from services.platform import Platform
from tests.integration.test_account_blokkeren import _token_hash
from tests.integration.threads import WAIT, one_waits_for_a_lock, start_thread

pytestmark = pytest.mark.postgres


def _race(
    monkeypatch: Any, platform: Platform, kind: str, first: Callable[[], Any], second: Callable[[], Any]
) -> tuple[Any, Any]:
    """Run ``first``, the account change of ``kind``, up to its commit (held after its audit line, its last
    write, with its rows written and locked), then ``second`` until it waits for ``first``'s row lock, then
    let ``first`` commit. Returns both outcomes (a result or the exception raised)."""
    reached, go_on, record = threading.Event(), threading.Event(), account_audit.record

    def held(s: Any, platform: Platform, username: str, change: str, **kw: Any) -> None:
        record(s, platform, username, change, **kw)
        if change == kind:
            s.flush()
            reached.set()
            go_on.wait(WAIT)

    monkeypatch.setattr(account_audit, "record", held)
    done, raced, waited = _held_while(platform, reached, go_on, first, second)
    assert waited
    return done, raced


def _held_while(
    platform: Platform,
    reached: threading.Event,
    go_on: threading.Event,
    first: Callable[[], Any],
    second: Callable[[], Any],
) -> tuple[Any, Any, bool]:
    """Run ``first`` until it is held (where it sets ``reached`` and waits for ``go_on``), then ``second``
    until it waits for a lock or ends, then let ``first`` go on. Returns both outcomes (a result or the
    exception raised) and whether ``second`` waited for a lock."""
    out: dict[str, Any] = {}
    threads = [start_thread(first, out, "first")]
    try:
        assert reached.wait(WAIT)
        threads.append(start_thread(second, out, "second"))
        waited = one_waits_for_a_lock(platform, threads[1])
    finally:
        go_on.set()
        for thread in threads:
            thread.join(WAIT)
    return out["first"], out["second"], waited


def _asked_while_blocking(monkeypatch: Any, platform: Platform, ask: Callable[[], Any]) -> Any:
    """``ask`` for a token for anna while she is being blocked: its outcome; no token is stored."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    blocked, answer = _race(
        monkeypatch, platform, "geblokkeerd", lambda: account_block.block(platform, "anna"), ask
    )
    assert blocked["gebruiker"] == "anna" and _token_hash(platform, "anna") is None
    return answer


def test_users_token_while_the_account_is_being_blocked_is_refused(pg_platform: Platform, monkeypatch: Any):
    token = _asked_while_blocking(monkeypatch, pg_platform, lambda: users.new_token(pg_platform, "anna"))
    assert isinstance(token, Conflict) and token.code == "gebruiker-geblokkeerd"  # was: a token shown


def test_users_add_bijwerken_while_the_account_is_being_blocked_gives_no_token(
    pg_platform: Platform, monkeypatch: Any
):
    groups = ["Juridisch"]
    added = _asked_while_blocking(
        monkeypatch, pg_platform, lambda: users.add_user(pg_platform, "anna", groups=groups, role="adviseur")
    )
    assert added["groepen"] == groups and added["rol"] == "adviseur"  # the update itself goes through
    assert added["token"] is None and added["geblokkeerd"] is True  # was: a token shown and stored


def test_a_token_given_just_before_the_block_goes_with_it(pg_platform: Platform, monkeypatch: Any):
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener", met_token=False)
    given, blocked = _race(
        monkeypatch,
        pg_platform,
        "token-vernieuwd",
        lambda: users.new_token(pg_platform, "anna"),
        lambda: account_block.block(pg_platform, "anna"),
    )
    assert blocked["token_ingetrokken"] is True  # was False: the block had read the row without it
    assert _token_hash(pg_platform, "anna") is None
    with pytest.raises(Unauthorized):
        users.by_token(pg_platform, given["token"])


def _while_updated(
    monkeypatch: Any, platform: Platform, change: Callable[[], Any]
) -> tuple[Any, Any, dict[str, Any]]:
    """``change`` anna while a `users add --bijwerken` makes her an adviseur in Juridisch (held before its
    commit, ``_race``): both outcomes and anna's last audit line, ``change``'s."""
    updated, changed = _race(
        monkeypatch,
        platform,
        "bijgewerkt",
        lambda: users.add_user(platform, "anna", groups=["Juridisch"], role="adviseur"),
        change,
    )
    return updated, changed, account_audit.history(platform, "anna", limit=1)[0]


@pytest.mark.parametrize(
    "cut_off, kind",
    [(sessions.revoke_access, "toegang-ingetrokken"), (account_block.block, "geblokkeerd")],
)
def test_users_revoke_or_blokkeren_while_the_account_is_being_updated_audits_it_as_the_update_left_it(
    pg_platform: Platform, monkeypatch: Any, cut_off: Callable[[Platform, str], Any], kind: str
):
    """Review finding (s22, noticed and left alone): `users revoke` read the account without locking its
    row, so a revoke that waited for a `users add --bijwerken` (at its token removal) audited the role and
    groups as they were before that update. It now locks the row first and reads it once the update is in.
    Review finding (s23): `users blokkeren` did the same; it now reads the account again once its row is
    locked (after the beheerder rows, in that order, as before)."""
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    updated, cut, line = _while_updated(monkeypatch, pg_platform, lambda: cut_off(pg_platform, "anna"))
    assert updated["rol"] == "adviseur" and cut["token_ingetrokken"] is True  # the update's new token
    assert line["wijziging"] == kind
    # was: the role and groups from before the update (vergunningverlener, Vergunningen)
    assert line["was"] == {"rol": "adviseur", "groepen": ["Juridisch"], "token": True}
    assert _token_hash(pg_platform, "anna") is None


def test_users_token_while_the_access_is_being_revoked_audits_that_there_was_no_token(
    pg_platform: Platform, monkeypatch: Any
):
    """Review finding (s22, noticed and left alone): `users token` read whether the account had a token
    before it locked the row (at the write), so a new token that waited for a `users revoke` audited and
    logged the token the revoke had just taken ("was": token True). It now locks the row first."""
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    revoked, given = _race(
        monkeypatch,
        pg_platform,
        "toegang-ingetrokken",
        lambda: sessions.revoke_access(pg_platform, "anna"),
        lambda: users.new_token(pg_platform, "anna"),
    )
    assert revoked["token_ingetrokken"] is True and given["gebruiker"] == "anna"
    line = account_audit.history(pg_platform, "anna", limit=1)[0]
    assert line["wijziging"] == "token-vernieuwd"
    assert line["was"]["token"] is False  # was True: the token the revoke had taken
    assert users.by_token(pg_platform, given["token"])["gebruikersnaam"] == "anna"


def test_users_deblokkeren_while_the_account_is_being_updated_audits_the_account_as_the_update_left_it(
    pg_platform: Platform, monkeypatch: Any
):
    """Review finding (s22, noticed and left alone): `users deblokkeren` read the account before it locked
    its row, so an unblock that waited for a `users add --bijwerken` (a leaver's groups tidied) audited
    ("was") the role and groups from before that update. It now locks the row first and reads it once the
    update is in."""
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    since = account_block.block(pg_platform, "anna")["geblokkeerd_op"]
    updated, unblocked, line = _while_updated(
        monkeypatch, pg_platform, lambda: account_block.unblock(pg_platform, "anna")
    )
    assert updated["geblokkeerd"] is True and unblocked["gedeblokkeerd"] is True
    assert line["wijziging"] == "gedeblokkeerd"
    # was: the role and groups from before the update (vergunningverlener, Vergunningen)
    assert line["was"] == {
        "rol": "adviseur",
        "groepen": ["Juridisch"],
        "geblokkeerd_op": since,
        "token": False,
    }
    assert line["nu"]["rol"] == "adviseur"


def test_two_users_add_bijwerken_at_once_the_second_audits_the_account_as_the_first_left_it(
    pg_platform: Platform, monkeypatch: Any
):
    """Review finding (s22, reading the whole change): `users add --bijwerken` read the account ("was")
    without a lock, so one that waited for another `users add --bijwerken` audited and logged the role and
    groups from before that one; with other groups it even failed (StaleDataError: it deleted the group
    links the first had already replaced). It now reads the account with its row locked, after the locks
    an account change takes first (the beheerder rows, its claims' cases, its organisations)."""
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    first, second, line = _while_updated(
        monkeypatch,
        pg_platform,
        lambda: users.add_user(pg_platform, "anna", groups=["Energie en Klimaat"], role="adviseur"),
    )
    assert first["groepen"] == ["Juridisch"] and second["groepen"] == ["Energie en Klimaat"]
    assert line["wijziging"] == "bijgewerkt" and line["nu"]["groepen"] == ["Energie en Klimaat"]
    # was: the role and groups from before the first update (vergunningverlener, Vergunningen)
    assert line["was"] == {"rol": "adviseur", "groepen": ["Juridisch"]}
