"""An initiator account is anonymised with the last of its cases (review sessie9 finding 3: an account made at
a DigiD/OIDC login kept its display name and e-mail address after all its cases were anonymised).

In the run that destroys a case (services.bewaren.vernietigen), each initiator account linked to it (it applied, or the case holds its
e-mail address) with no case left that keeps its data loses its name, address, password and token, its
sessions end, a username that may be a name is replaced, and the account audit records it ("geanonimiseerd",
door "zaken opschonen"). An account with a case still kept is left alone; an officer's account always."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select, text

from services import account_audit, cases, sessions, users
from services.bewaren.termijn import vervallen
from services.bewaren.vernietigen import vernietig
from services.store.models import User
from tests.integration.bewaren_helpers import AANVRAAG, case_with, close, prepare
from tests.integration.core_helpers import list_users

DUE = date(2027, 3, 2)
BROKER = "id-0123456789abcdef01234567"  # web.faces.oidc: a hash of the broker's subject


def _run(platform, day=DUE) -> list[Any]:
    return [vernietig(platform, f) for f in vervallen(platform, day) if f.bewaren_tot is not None]


def _account(platform, username: str) -> User | None:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(User).where(User.username == username)).first()


def _tables(platform) -> str:
    """The account tables as one text (to search for a name that must be gone)."""
    with platform.uow(write=False) as uow:
        rows = [
            [str(v) for v in row]
            for table in ("app_user", "account_event", "user_session")
            for row in uow.session.execute(text(f"select * from {table}"))  # noqa: S608 - fixed names
        ]
    return json.dumps(rows)


def test_a_broker_account_loses_its_name_address_and_sessions_with_its_last_case(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    users.add_user(platform, BROKER, groups=[], role="initiatiefnemer", display_name="Piet Jansen",
                   email="piet.jansen@example.nl", token="geheim-token", door="eerste inlog via OIDC")  # fmt: skip
    token = sessions.start(platform, BROKER)
    zaak = cases.start_case(
        platform, "vergunning_klein", dict(AANVRAAG), user=BROKER, initiator="Piet Jansen"
    )
    close(platform, zaak)
    [done] = _run(platform)
    assert "Jansen" not in _tables(platform) and "example.nl" not in _tables(platform)
    assert (done.uitkomst, done.accounts) == ("vernietigd", (BROKER,))
    assert f"account {BROKER} geanonimiseerd" in done.regel()
    account = _account(platform, BROKER)  # a hash of the subject: no name in it, so it stays
    assert account is not None and account.role == "initiatiefnemer"
    assert (account.display_name, account.email, account.password_hash, account.token_hash) == (
        "",
        None,
        None,
        None,
    )
    assert sessions.user_of(platform, token) is None
    [last, *_] = account_audit.history(platform, BROKER)
    assert (last["wijziging"], last["door"]) == ("geanonimiseerd", "zaken opschonen")
    assert last["was"]["naam"] and last["was"]["email"] and last["was"]["token"]
    assert last["nu"] == {"naam": False, "email": False, "wachtwoord": False, "token": False,
                          "sessies_beeindigd": 1}  # fmt: skip


def test_an_account_with_a_case_still_kept_waits_for_it_and_then_loses_its_name(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)  # piet: an initiator made on the command line; its name is personal
    users.add_user(platform, "piet", groups=[], role="initiatiefnemer", display_name="Piet Jansen",
                   email="piet.jansen@example.nl", bijwerken=True)  # fmt: skip
    first = case_with(platform)
    close(platform, first)
    later = case_with(platform)  # still running when the first one is due
    [done] = _run(platform)
    assert done.accounts == () and _account(platform, "piet").display_name == "Piet Jansen"
    close(platform, later)
    [done] = [d for d in _run(platform, date(2030, 1, 1)) if d.uitkomst == "vernietigd"]  # first is gone
    assert done.accounts == ("piet",) and _account(platform, "piet") is None
    [renamed] = [u for u in list_users(platform) if u["gebruikersnaam"].startswith("geanonimiseerd-")]
    history = account_audit.history(platform, renamed["gebruikersnaam"])
    assert [h["wijziging"] for h in history] == ["geanonimiseerd", "bijgewerkt", "aangemaakt"]
    assert '"piet"' not in _tables(platform) and "Jansen" not in _tables(platform)


def test_an_account_linked_by_its_address_goes_too_and_an_officer_stays(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    users.add_user(platform, "klaas", groups=[], role="initiatiefnemer", display_name="Klaas Vaak",
                   email="piet.jansen@example.nl")  # fmt: skip
    zaak = cases.start_case(
        platform, "vergunning_klein", dict(AANVRAAG), user="anna", initiator="Piet Jansen"
    )
    close(platform, zaak)
    officer = users.get_user(platform, "anna")
    [done] = _run(platform)
    assert "Klaas Vaak" not in _tables(platform) and done.accounts == ("klaas",)
    assert users.get_user(platform, "anna") == officer  # registered the case: an officer, not the applicant
