"""One check of an e-mail address (processes.email_adres). An account's address was checked by its own
looser rule (one "@", a dot after it): "jan de vries@example.nl" and an address holding a bidi override
(U+202E, which makes it display as another address in the beheer lists) were stored, although the public
form refuses both; the request for tracking links had its own copy of the form's pattern, which took the
bidi override too. Now each refuses them, in Dutch, and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from processes.email_adres import is_email_address
from processes.errors import ValidationError
from services import tracking_links, users
from services.platform import Platform
from services.store.models import User
from tests.unit.test_cli_bad_input import table_counts
from web.cli import main

REVERSED = "jan\u202e@example.nl"  # the override shows "@example.nl" backwards


def stored(platform: Platform, username: str) -> tuple[bool, str | None]:
    """Whether account ``username`` exists, and its stored address."""
    with platform.uow(write=False) as uow:
        user = uow.session.scalars(select(User).where(User.username == username)).first()
        return user is not None, user.email if user else None


BAD = ["jan de vries@example.nl", REVERSED, "jan@example.nl\u200b", "a@b.c"]


@pytest.mark.parametrize("address", BAD, ids=["space", "bidi", "zero-width", "short tld"])
def test_an_account_address_is_held_to_the_form_rule(platform: Platform, address: str) -> None:
    with pytest.raises(ValidationError) as exc:
        users.add_user(platform, "coop", role="initiatiefnemer", email=address)
    assert exc.value.code == "email-ongeldig"
    assert stored(platform, "coop") == (False, None)


def test_the_command_line_refuses_it_with_exit_code_2(platform: Platform, capsys: Any) -> None:
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    url = platform.settings.database_url
    before = table_counts(url)
    assert (
        main(["users", "add", "coop", "--role", "initiatiefnemer", "--email", REVERSED, "--database", url])
        == 2
    )
    assert "Ongeldig e-mailadres" in capsys.readouterr().err
    assert table_counts(url) == before


def test_a_tracking_link_request_refuses_a_bidi_address(platform: Platform) -> None:
    with pytest.raises(ValidationError) as exc:
        tracking_links.resend(platform, "piet\u202e@example.nl", address="10.0.0.1")
    assert exc.value.code == "email-ongeldig"


def test_good_addresses_still_pass(platform: Platform) -> None:
    for address in ("jan.de.vries@example.nl", "Émile+bouw@gemeente-ruimtedal.nl", "a@b.co"):
        assert is_email_address(address), address
    users.add_user(platform, "coop", role="initiatiefnemer", email=" Coop@Example.org ")
    assert stored(platform, "coop") == (True, "coop@example.org")
