"""A task is given only to an account someone can log in to.

Review finding: the demo's ``collega-<groep>`` accounts (they did the simulated year's work; nobody can log
in as them) were offered in the inbox's "Toewijzen" list, and ``POST /api/v1/taken/{id}/toewijzen``
gave them a task (200): it then sat with an account nobody can use until a teamleider handed it back, and
the officer's own claim got 409 "al opgepakt door Collega Vergunningen". An account someone can log in
to has a password, an API token, or is named by single sign-on (an issuer without a username claim names
accounts by their username); any other is neither offered (services.inbox_page) nor given a task
(services.inbox.assign: 422 ``toewijzing-niet-inlogbaar`` with ``veld`` gebruiker, nothing changed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from processes.errors import Unprocessable
from services import account_block, cases, deployments, inbox, sessions, users
from services.inbox_page import InboxQuery, page
from services.platform import Platform
from services.store.models import CaseEvent, HumanTask
from tests.integration.test_kavel_namen import MODEL


@pytest.fixture
def team(any_platform: Platform, tmp_path: Path) -> tuple[Platform, int]:
    """One open task of group Vergunningen; its members vera (an API token, as every account made without
    more), stil (neither password nor token, as the demo's colleagues) and wacht (only a password)."""
    path = tmp_path / "samen_overleggen.bpmn"
    path.write_text(MODEL, encoding="utf-8")
    deployments.deploy(any_platform, deployments.read_files([path]))
    users.add_user(any_platform, "vera", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "stil", groups=["Vergunningen"], display_name="Collega Stil")
    users.add_user(any_platform, "wacht", groups=["Vergunningen"], password="wachtwoord-1")
    for name in ("stil", "wacht"):  # their API tokens revoked: stil keeps no way in, wacht its password
        sessions.revoke_access(any_platform, name)
    case = cases.start_case(any_platform, "samen_overleggen", {"groepen": ["Vergunningen"]})
    [task] = case["open_taken"]
    return any_platform, int(task["id"])


def _offered(platform: Platform, task_id: int, reader: str) -> set[str]:
    """Whom the inbox of ``reader`` offers to give the task to."""
    rows = page(platform, reader, InboxQuery(tab="team")).taken
    [row] = [t for t in rows if t["id"] == task_id]
    return {c["gebruikersnaam"] for c in row["collega_s"]}


def _assignments(platform: Platform, task_id: int) -> tuple[str | None, int]:
    """The task's assignee and its case's number of assignment lines."""
    with platform.uow(write=False) as uow:
        task = uow.session.get(HumanTask, task_id)
        assert task is not None
        lines = select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == task.case_id, CaseEvent.kind == "taak-toewijzing"
        )
        return task.assignee, int(uow.session.scalar(lines) or 0)


def test_an_account_nobody_can_log_in_to_is_not_offered_nor_given_a_task(team: tuple[Platform, int]) -> None:
    platform, task_id = team
    assert _offered(platform, task_id, "vera") == {"vera", "wacht"}
    with pytest.raises(Unprocessable) as refused:
        inbox.assign(platform, task_id, "vera", "stil")
    problem = refused.value.to_problem()
    assert problem["status"] == 422 and problem["code"] == "toewijzing-niet-inlogbaar", problem
    assert problem["veld"] == "gebruiker", problem
    assert "Collega Stil" in problem["detail"] and "inloggen" in problem["detail"], problem
    assert _assignments(platform, task_id) == (None, 0)
    # an API token makes it an account someone can use: offered and given the task
    users.new_token(platform, "stil")
    assert _offered(platform, task_id, "vera") == {"vera", "wacht", "stil"}
    assert inbox.assign(platform, task_id, "vera", "stil")["toegewezen_aan"] == "stil"
    assert _assignments(platform, task_id) == ("stil", 1)
    # a password alone does too
    assert inbox.assign(platform, task_id, "stil", "wacht")["toegewezen_aan"] == "wacht"


def test_single_sign_on_by_username_can_log_in_to_any_account(team: tuple[Platform, int]) -> None:
    """An issuer without a username claim names the account by its username (``preferred_username``):
    the IdP's person can log in to it, so it can be given a task; with a username claim the IdP names only
    the ``id-<hash>`` accounts of a broker's login, not this one."""
    platform, task_id = team
    by_claim = Platform.create(
        platform.settings.with_(oidc_issuer="https://sso.example", oidc_username_claim="sub"),
        platform.clock,
        migrate=False,
    )
    try:
        assert _offered(by_claim, task_id, "vera") == {"vera", "wacht"}
        with pytest.raises(Unprocessable):
            inbox.assign(by_claim, task_id, "vera", "stil")
    finally:
        by_claim.close()
    by_name = Platform.create(
        platform.settings.with_(oidc_issuer="https://sso.example"), platform.clock, migrate=False
    )
    try:
        assert _offered(by_name, task_id, "vera") == {"vera", "wacht", "stil"}
        assert inbox.assign(by_name, task_id, "vera", "stil")["toegewezen_aan"] == "stil"
    finally:
        by_name.close()


def test_a_blocked_account_is_not_offered_nor_given_a_task_not_even_under_single_sign_on(
    team: tuple[Platform, int],
) -> None:
    """A blocked account (``users blokkeren``: a leaver) keeps no way in, whatever it has or single sign-on
    names: the inbox does not offer it and an assignment to it is refused; unblocked, it is a colleague again."""
    platform, task_id = team
    account_block.block(platform, "wacht", reden="uit dienst")
    by_name = Platform.create(
        platform.settings.with_(oidc_issuer="https://sso.example"), platform.clock, migrate=False
    )
    try:
        for p in (platform, by_name):
            assert _offered(p, task_id, "vera") == ({"vera"} if p is platform else {"vera", "stil"})
            with pytest.raises(Unprocessable) as refused:
                inbox.assign(p, task_id, "vera", "wacht")
            problem = refused.value.to_problem()
            assert problem["code"] == "toewijzing-niet-inlogbaar" and problem["veld"] == "gebruiker", problem
            assert "geblokkeerd" in problem["detail"], problem
    finally:
        by_name.close()
    assert _assignments(platform, task_id) == (None, 0)
    account_block.unblock(platform, "wacht")
    assert _offered(platform, task_id, "vera") == {"vera", "wacht"}
    assert inbox.assign(platform, task_id, "vera", "wacht")["toegewezen_aan"] == "wacht"
