"""policy.actor_for reads what the policy needs of an account in one plain read (issue #12): the same
Actor as Actor.of makes of the account's row, on both databases."""

from __future__ import annotations

import pytest

from processes.errors import NotFound
from services import policy
from services.platform import Platform
from services.store.models import Group, User
from tests.sql_statements import statements


def _accounts(platform: Platform) -> None:
    with platform.uow() as uow:
        s = uow.session
        afdeling, netbeheer = (
            Group(name="vergunningen", kind="afdeling"),
            Group(name="Netbeheer", kind="organisatie"),
        )
        s.add_all(
            [
                User(
                    username="anna", role="vergunningverlener", email=" Anna@Example.org ", groups=[afdeling]
                ),
                User(username="nina", role="teamleider", groups=[afdeling, netbeheer]),
                User(username="ivo", role="initiatiefnemer", email="ivo@example.org"),  # no group
            ]
        )
        uow.commit()


def test_the_actor_is_the_one_of_the_account_row(any_platform: Platform) -> None:
    _accounts(any_platform)
    with any_platform.uow(write=False) as uow:
        s = uow.session
        for name in ("anna", "nina", "ivo"):
            assert policy.actor_for(s, name) == policy.Actor.of(policy.user_named(s, name))
        assert policy.actor_for(s, "nina").external_kinds == frozenset({"Netbeheer"})
        assert policy.actor_for(s, "anna").email == "anna@example.org"
        with pytest.raises(NotFound) as refused:
            policy.actor_for(s, "niemand")
        assert refused.value.code == "gebruiker-onbekend" and "'niemand'" in str(refused.value)


def test_the_account_is_read_as_plain_values(platform: Platform) -> None:
    """One statement of the values the policy reads: no account object, no password or token hash."""
    _accounts(platform)
    with platform.uow(write=False) as uow, statements(platform) as sent:
        policy.actor_for(uow.session, "nina")
    [read] = [sql for sql in sent if "app_user" in sql]
    assert read.startswith(
        "SELECT app_user.username, app_user.role, app_user.email, app_group.name, app_group.kind FROM app_user"
    )
    assert "password_hash" not in read and "token_hash" not in read
