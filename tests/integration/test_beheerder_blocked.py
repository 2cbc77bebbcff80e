"""A blocked beheerder is no active beheerder: demoting one never takes the last active beheerder away, and
a blocked account is not made beheerder (services.users, services.account_beheerders).

Left open (s24, "What I noticed", Accounts): the last-beheerder check also ran on demoting a blocked
beheerder, so an installation whose only beheerders were blocked could not tidy their roles ("'bea' is de
laatste beheerder"), while demoting a blocked one changes no active beheerder. And `users add anna --role
beheerder --bijwerken` made a blocked anna a beheerder: an account that cannot log in, counted as a
beheerder by nobody. It is refused now, with the advice to unblock her first, and nothing changes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from processes.constants import Role
from processes.errors import Conflict
from services import account_block, users
from services.platform import Platform
from services.store.models import User
from tests.unit.test_cli_bad_input import table_counts
from web.cli import main


def blocked_beheerder(platform: Platform, username: str) -> None:
    """``username``, blocked, a beheerder, and no active beheerder: a state an older version left (it made
    a blocked account beheerder: ``users add NAAM --role beheerder --bijwerken``), written directly."""
    users.add_user(platform, username, groups=["Beheer"], role="medewerker")
    account_block.block(platform, username)  # no beheerder yet, so none to keep
    with platform.uow() as uow:
        uow.session.execute(update(User).where(User.username == username).values(role=Role.BEHEERDER))
        uow.commit()


def active_beheerders(platform: Platform) -> list[str]:
    with platform.uow(write=False) as uow:
        query = select(User.username).where(User.role == Role.BEHEERDER, User.geblokkeerd_op.is_(None))
        return list(uow.session.scalars(query.order_by(User.username)))


def test_a_blocked_beheerder_can_be_demoted_when_no_beheerder_is_active(any_platform: Platform):
    blocked_beheerder(any_platform, "bea")
    # was: Conflict laatste-beheerder, while no beheerder is active before or after
    demoted = users.add_user(any_platform, "bea", groups=["Beheer"], role="medewerker")
    assert demoted["rol"] == "medewerker" and demoted["geblokkeerd"] is True
    assert users.get_account(any_platform, "bea")[1] is not None  # still blocked
    assert active_beheerders(any_platform) == []  # as before: none was active


def test_users_add_bijwerken_demotes_a_blocked_beheerder_on_the_command_line(platform: Platform, capsys: Any):
    blocked_beheerder(platform, "bea")
    url = platform.settings.database_url
    argv = ["users", "add", "bea", "--role", "medewerker", "--bijwerken", "--database", url]
    assert main(argv) == 0  # was 2: "'bea' is de laatste beheerder"
    assert users.get_user(platform, "bea")["rol"] == "medewerker"
    assert "laatste beheerder" not in capsys.readouterr().err


def test_a_blocked_account_is_not_made_beheerder(platform: Platform, capsys: Any):
    users.add_user(platform, "kees", groups=["Beheer"], role="beheerder")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    account_block.block(platform, "anna", reden="uit dienst")
    url = platform.settings.database_url
    before = table_counts(url)
    argv = ["users", "add", "anna", "--group", "Beheer", "--role", "beheerder", "--bijwerken"]
    argv += ["--database", url]
    assert main(argv) == 2  # was 0: anna a beheerder, still blocked
    err = capsys.readouterr().err
    assert err.startswith("Fout: Gebruiker 'anna' is geblokkeerd; ") and "geen beheerder" in err
    assert "Deblokkeer het account eerst (ruimteflow users deblokkeren anna)." in err
    assert main([*argv, "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["code"] == "gebruiker-geblokkeerd"
    assert table_counts(url) == before  # no audit line, no group link
    assert users.get_user(platform, "anna") == {
        "gebruikersnaam": "anna",
        "naam": "anna",
        "rol": "vergunningverlener",
        "groepen": ["Vergunningen"],
    }
    account_block.unblock(platform, "anna")  # as the refusal advises
    assert main(argv) == 0 and users.get_user(platform, "anna")["rol"] == "beheerder"


def test_the_same_refusal_on_both_databases_and_a_blocked_beheerder_keeps_its_role(any_platform: Platform):
    """A blocked beheerder (blocked while another was active) is a state the block keeps on purpose (the
    refusal of the last one advises unblocking it): its groups can be tidied with its role unchanged."""
    users.add_user(any_platform, "kees", groups=["Beheer"], role="beheerder")
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="adviseur")
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder")
    account_block.block(any_platform, "anna")
    account_block.block(any_platform, "bea")
    with pytest.raises(Conflict) as refused:
        users.add_user(any_platform, "anna", groups=["Beheer"], role="beheerder")
    assert refused.value.code == "gebruiker-geblokkeerd"  # was: anna made beheerder
    assert users.get_user(any_platform, "anna")["rol"] == "adviseur"
    tidied = users.add_user(any_platform, "bea", groups=["Beheer", "Juridisch"], role="beheerder")
    assert tidied["rol"] == "beheerder" and tidied["geblokkeerd"] is True
    assert tidied["groepen"] == ["Beheer", "Juridisch"]
    assert active_beheerders(any_platform) == ["kees"]


def test_blocking_another_account_while_no_beheerder_is_active_is_allowed(any_platform: Platform):
    """Blocking a vergunningverlener takes no active beheerder away, also when there is none (a new
    installation before its first beheerder; one an older version left with only blocked ones): refusing
    it would leave a leaver open without making anything better. The command line needs no beheerder to
    make one (users add NAAM --role beheerder)."""
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "pim", groups=["Vergunningen"], role="vergunningverlener")
    assert account_block.block(any_platform, "anna")["gebruiker"] == "anna"  # no beheerder at all
    blocked_beheerder(any_platform, "bea")
    assert account_block.block(any_platform, "pim")["gebruiker"] == "pim"  # only a blocked one
    assert active_beheerders(any_platform) == []
