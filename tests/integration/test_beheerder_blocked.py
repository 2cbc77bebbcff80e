"""A blocked beheerder is no active beheerder: demoting one never takes the last active beheerder away, and
a blocked account is not made beheerder (services.users, services.account_beheerders).

Left open (s24, "What I noticed", Accounts): the last-beheerder check also ran on demoting a blocked
beheerder, so an installation whose only beheerders were blocked could not tidy their roles ("'bea' is de
laatste beheerder"), while demoting a blocked one changes no active beheerder.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from processes.constants import Role
from services import account_block, users
from services.platform import Platform
from services.store.models import User
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
