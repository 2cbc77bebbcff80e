"""`ruimteflow users blokkeren` cuts an account off for good while keeping it; `users deblokkeren` undoes it.

Review finding: `users revoke` (a stolen laptop) takes the token, the sessions and the claimed tasks, but
the account keeps its password and single sign-on still finds it by its name, so a leaver simply logs in
again. There was no way to cut an account off while keeping it (its history, its name on the case
timelines, its lines in `account_event`). A blocked account cannot log in by any route (password, single
sign-on, API token, a session), loses its token, sessions and claimed tasks in the same transaction, and
the change is audited; the last active beheerder cannot be blocked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict, Unauthorized, ValidationError
from services import account_audit, account_block, inbox, sessions, users
from services.platform import Platform
from services.store.models import CaseEvent, User
from tests.integration.inbox_case import candidates, claimed_by_anna, open_task_row, token_hash
from tests.unit.test_cli_bad_input import table_counts
from web.cli import main

PASSWORD = "wachtwoord-van-anna"


def _blocked_since(platform: Platform, username: str) -> Any:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(User.geblokkeerd_op).where(User.username == username)).one()


def _lines(platform: Platform, username: str) -> list[dict[str, Any]]:
    return account_audit.history(platform, username)


def _anna_at_work(platform: Platform) -> tuple[str, int, str, str]:
    """anna with a password, a token, a claimed task and an open session."""
    ref, task_id = claimed_by_anna(platform)
    token = users.add_user(
        platform, "anna", groups=["Vergunningen"], role="vergunningverlener", password=PASSWORD
    )["token"]
    session = sessions.start(platform, "anna")
    return ref, task_id, token, session


def test_a_blocked_account_cannot_log_in_and_loses_token_sessions_and_tasks(platform: Platform, capsys: Any):
    ref, task_id, token, session = _anna_at_work(platform)
    url = platform.settings.database_url

    argv = ["users", "blokkeren", "anna", "--reden", "uit dienst per 1 maart", "--database", url, "--json"]
    assert main(argv) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["gebruiker"] == "anna" and shown["geblokkeerd_op"]
    assert shown["token_ingetrokken"] is True
    assert shown["sessies_beeindigd"] == shown["taken_vrijgegeven"] == 1
    assert _blocked_since(platform, "anna") is not None

    # no route in: the password (refused as a wrong one), the token, the open session
    with pytest.raises(Unauthorized) as refused:
        sessions.login(platform, "anna", PASSWORD, address="10.0.0.1")
    with pytest.raises(Unauthorized) as wrong:
        sessions.login(platform, "anna", "niet-het-wachtwoord", address="10.0.0.2")
    assert refused.value.to_problem() == wrong.value.to_problem()  # nobody learns the account is blocked
    with pytest.raises(Unauthorized):
        users.by_token(platform, token)
    assert sessions.user_of(platform, session) is None

    # the claimed task is free in its group again, with a line in the case's history
    assert open_task_row(platform, ref).assignee is None
    assert candidates(platform, task_id) == [("Vergunningen", True)]
    with platform.uow(write=False) as uow:
        freed = uow.session.scalars(
            select(CaseEvent.message).where(CaseEvent.kind == "taak-vrijgegeven")
        ).all()
    assert freed == ["Taak 'Invoer' is niet meer toegewezen aan anna: het account is geblokkeerd"]

    # the account stays, with its role and groups, and the change is audited
    assert users.get_user(platform, "anna")["rol"] == "vergunningverlener"
    line = _lines(platform, "anna")[0]
    assert line["wijziging"] == "geblokkeerd" and line["door"].startswith("commandoregel")
    assert line["was"] == {"rol": "vergunningverlener", "groepen": ["Vergunningen"], "token": True}
    assert line["nu"] == {"token": False, "sessies_beeindigd": 1, "reden": "uit dienst per 1 maart"}
    assert line["taken_vrijgegeven"] == 1


def test_deblokkeren_gives_the_password_back_and_a_token_only_through_users_token(
    platform: Platform, capsys: Any
):
    _ref, _task_id, token, _session = _anna_at_work(platform)
    url = platform.settings.database_url
    assert main(["users", "blokkeren", "anna", "--database", url]) == 0
    # a blocked account gets no working token: `users token` is refused, `users add --bijwerken` gives none
    assert main(["users", "token", "anna", "--database", url]) == 2
    assert "geblokkeerd" in capsys.readouterr().err
    assert (
        users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")["token"] is None
    )
    assert _blocked_since(platform, "anna") is not None  # an update leaves it blocked

    assert main(["users", "deblokkeren", "anna", "--database", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gebruiker"] == "anna"
    assert _blocked_since(platform, "anna") is None
    assert sessions.login(platform, "anna", PASSWORD, address="10.0.0.1")["gebruikersnaam"] == "anna"
    with pytest.raises(Unauthorized):  # the old token stays gone
        users.by_token(platform, token)
    fresh = users.new_token(platform, "anna")["token"]
    assert users.by_token(platform, fresh)["gebruikersnaam"] == "anna"

    kinds = [line["wijziging"] for line in _lines(platform, "anna")]  # both by the command line, newest first
    assert [k for k in kinds if k.endswith("blokkeerd")] == ["gedeblokkeerd", "geblokkeerd"]
    [line] = [r for r in _lines(platform, "anna") if r["wijziging"] == "gedeblokkeerd"]
    assert line["door"].startswith("commandoregel") and line["taken_vrijgegeven"] == 0
    assert line["was"]["geblokkeerd_op"] and line["nu"] == {
        "rol": "vergunningverlener",
        "groepen": ["Vergunningen"],
        "geblokkeerd_op": None,
        "token": False,
        "sessies_beeindigd": 0,
    }


@pytest.mark.parametrize(
    "command",
    [
        ["cases", "start", "baan_proef", "--as", "anna"],
        ["tasks", "claim", "TAAK", "--user", "anna"],
        ["tasks", "complete", "TAAK", "--user", "anna", "--data", "{}"],
        ["tasks", "list", "--user", "anna"],
        ["messages", "send", "ZAAK", "aanvulling", "--user", "anna"],
    ],
    ids=["cases-start-as", "tasks-claim", "tasks-complete", "tasks-list", "messages-send"],
)
def test_no_command_runs_as_a_blocked_account(platform: Platform, capsys: Any, command: list[str]):
    """Review finding: `cases start --as anna` started a case as the blocked anna; every command that runs
    as a named account (--as, --user) refuses a blocked one before it does anything, naming the account
    and how to unblock it."""
    ref, task_id, _token, _session = _anna_at_work(platform)
    account_block.block(platform, "anna")
    url = platform.settings.database_url
    assert main(["tasks", "list", "--user", "pim", "--database", url]) == 0  # an open account's runs
    capsys.readouterr()
    before = table_counts(url)
    argv = [{"TAAK": str(task_id), "ZAAK": ref}.get(arg, arg) for arg in command]
    assert main([*argv, "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: Gebruiker 'anna' is geblokkeerd;") and "Traceback" not in err
    assert "ruimteflow users deblokkeren anna" in err and "niets opgeslagen" in err
    assert table_counts(url) == before and open_task_row(platform, ref).assignee is None


def test_users_add_bijwerken_on_a_blocked_account_changes_its_groups_and_says_it_got_no_token(
    platform: Platform, capsys: Any
):
    """Review finding: `users add --bijwerken` on a blocked account applied its role and groups and gave no
    token without a word ("token": null), where `users token` is refused. The change stays allowed (an
    administrator tidies a leaver's groups); the command says that the account is blocked and got no token,
    and how to unblock it."""
    _anna_at_work(platform)
    account_block.block(platform, "anna")
    url = platform.settings.database_url
    capsys.readouterr()
    groups = ["--group", "Vergunningen", "--group", "Juridisch"]
    argv = ["users", "add", "anna", *groups, "--role", "vergunningverlener", "--bijwerken", "--database", url]
    assert main([*argv, "--json"]) == 0
    out, err = capsys.readouterr()
    shown = json.loads(out)
    assert shown["groepen"] == ["Juridisch", "Vergunningen"]
    assert shown["token"] is None and shown["geblokkeerd"] is True
    assert "Let op: gebruiker 'anna' is geblokkeerd en heeft daarom geen API-token gekregen" in err
    assert "ruimteflow users deblokkeren anna" in err
    assert token_hash(platform, "anna") is None and _blocked_since(platform, "anna") is not None
    assert main(argv) == 0  # without --json too
    assert "'anna' is geblokkeerd en heeft daarom geen API-token" in capsys.readouterr().err

    assert main(["users", "add", "pim", "--group", "Vergunningen", "--bijwerken", "--database", url]) == 0
    assert "geblokkeerd" not in capsys.readouterr().err  # an open account's update gets its token silently
    assert token_hash(platform, "pim") is not None


def test_the_last_active_beheerder_cannot_be_blocked(platform: Platform, capsys: Any):
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", password="wachtwoord-van-bea")
    url = platform.settings.database_url
    before = table_counts(url)
    assert main(["users", "blokkeren", "bea", "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and "'bea' is de laatste beheerder" in err and "blokkeren" in err
    assert table_counts(url) == before and _blocked_since(platform, "bea") is None
    assert sessions.login(platform, "bea", "wachtwoord-van-bea", address="10.0.0.1")

    # with a second beheerder bea can be blocked; a blocked beheerder does not count as one after that
    users.add_user(platform, "kees", role="beheerder")
    assert main(["users", "blokkeren", "bea", "--database", url]) == 0
    with pytest.raises(Conflict, match="laatste beheerder"):
        users.add_user(platform, "kees", role="medewerker")
    with pytest.raises(Conflict, match="laatste beheerder"):
        account_block.block(platform, "kees")
    assert users.get_user(platform, "kees")["rol"] == "beheerder"


def test_bad_input_is_refused_in_dutch_and_changes_nothing(platform: Platform, capsys: Any):
    _anna_at_work(platform)
    url = platform.settings.database_url
    before = table_counts(url)
    assert main(["users", "blokkeren", "anan", "--database", url]) == 2
    assert "Fout: Gebruiker 'anan' bestaat niet." in capsys.readouterr().err
    assert main(["users", "deblokkeren", "anan", "--database", url]) == 2
    assert "Fout: Gebruiker 'anan' bestaat niet." in capsys.readouterr().err
    assert main(["users", "deblokkeren", "anna", "--database", url]) == 2
    assert "'anna' is niet geblokkeerd" in capsys.readouterr().err
    assert main(["users", "blokkeren", "anna", "--reden", "x" * 501, "--database", url]) == 2
    assert "500 tekens" in capsys.readouterr().err
    assert table_counts(url) == before and _blocked_since(platform, "anna") is None

    assert main(["users", "blokkeren", "anna", "--database", url]) == 0
    capsys.readouterr()
    since, counts = _blocked_since(platform, "anna"), table_counts(url)
    assert main(["users", "blokkeren", "anna", "--reden", "nogmaals", "--database", url]) == 2
    assert "'anna' is al geblokkeerd" in capsys.readouterr().err
    assert table_counts(url) == counts and _blocked_since(platform, "anna") == since


def test_blocking_and_unblocking_on_both_databases(any_platform: Platform):
    ref, task_id = claimed_by_anna(any_platform)
    blocked = account_block.block(any_platform, "anna", reden="vertrokken", door="test")
    assert blocked["taken_vrijgegeven"] == 1 and open_task_row(any_platform, ref).assignee is None
    with pytest.raises(Conflict) as again:
        account_block.block(any_platform, "anna")
    assert again.value.code == "al-geblokkeerd"
    with pytest.raises(ValidationError):
        account_block.block(any_platform, "pim", reden="x" * 501)
    assert account_block.unblock(any_platform, "anna", door="test")["gebruiker"] == "anna"
    with pytest.raises(Conflict) as not_blocked:
        account_block.unblock(any_platform, "anna")
    assert not_blocked.value.code == "niet-geblokkeerd"
    assert [r["wijziging"] for r in _lines(any_platform, "anna")][:2] == ["gedeblokkeerd", "geblokkeerd"]
    inbox.claim(any_platform, task_id, "anna")  # she may hold tasks again


def test_a_session_or_token_that_reaches_a_blocked_account_opens_nothing(platform: Platform):
    """Blocking ends the sessions and takes the token, but a login that checked the password just before
    the block commits starts its session after it, and a token may be written beside it (another
    transaction): the session and token checks refuse a blocked account themselves."""
    _anna_at_work(platform)
    account_block.block(platform, "anna")
    late = sessions.start(platform, "anna")  # the racing login's session
    assert sessions.user_of(platform, sessions.start(platform, "pim"))  # an open account's session counts
    assert sessions.user_of(platform, late) is None
    with platform.uow() as uow:
        row = uow.session.scalars(select(User).where(User.username == "anna")).one()
        row.token_hash = users.token_hash("te-laat-token")
        uow.commit()
    with pytest.raises(Unauthorized):
        users.by_token(platform, "te-laat-token")


def test_deblokkeren_ends_what_raced_the_block_so_it_does_not_open_again(platform: Platform):
    """Review finding: a session or token that reached the account in a race with the block is refused
    while it is blocked, but came back to life at `deblokkeren`. Unblocking ends every session of the
    account and takes its token in the same transaction; the password logs in again, a token comes from
    `users token`."""
    _anna_at_work(platform)
    account_block.block(platform, "anna")
    late = sessions.start(platform, "anna")  # a session row written as a raced login would
    with platform.uow() as uow:
        uow.session.scalars(select(User).where(User.username == "anna")).one().token_hash = users.token_hash(
            "te-laat-token"
        )
        uow.commit()
    said = account_block.unblock(platform, "anna", door="test")
    assert sessions.user_of(platform, late) is None
    assert said["sessies_beeindigd"] == 1 and said["token_ingetrokken"] is True
    with pytest.raises(Unauthorized):
        users.by_token(platform, "te-laat-token")
    [line] = [r for r in _lines(platform, "anna") if r["wijziging"] == "gedeblokkeerd"]
    assert line["was"]["token"] is True and line["nu"]["sessies_beeindigd"] == 1
    assert sessions.login(platform, "anna", PASSWORD, address="10.0.0.1")["gebruikersnaam"] == "anna"
