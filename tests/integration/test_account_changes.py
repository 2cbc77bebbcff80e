"""An account change lets go of the claimed tasks its holder may no longer hold, keeps a beheerder, and
is logged.

Review finding (beheer 4): 'users add anna --role initiatiefnemer --bijwerken' and 'users revoke' left
anna's claimed task with her: she got 403 on it and no colleague saw it as free. Demoting the last
beheerder was accepted, and no role or group change or revoke was written anywhere.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict, Unauthorized
from services import cases, inbox, sessions, users
from services.platform import Platform
from services.store.models import CaseEvent
from tests.integration.inbox_case import candidates, claimed_by_anna, open_task_row
from web.cli import main


def _released(platform: Platform) -> list[tuple[str, str, dict[str, Any]]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "taak-vrijgegeven"))
        return [(e.actor, e.message, e.data) for e in rows]


def test_a_new_role_or_group_lets_go_of_the_tasks_it_may_not_hold(platform: Platform, capsys: Any):
    ref, task_id = claimed_by_anna(platform)
    url = platform.settings.database_url
    # pim keeps his: Vergunningen stays among his groups
    second = cases.start_case(platform, "baan_proef", {}, user="pim")["zaak"]
    inbox.claim(platform, open_task_row(platform, second).id, "pim")
    assert (
        users.add_user(platform, "pim", groups=["Vergunningen"], role="teamleider")["taken_vrijgegeven"] == 0
    )
    assert open_task_row(platform, second).assignee == "pim"

    argv = ["users", "add", "anna", "--role", "initiatiefnemer", "--bijwerken", "--database", url, "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["taken_vrijgegeven"] == 1
    assert open_task_row(platform, ref).assignee is None
    assert candidates(platform, task_id) == [("Vergunningen", True)]  # free in the group's inbox again
    assert [t["id"] for t in inbox.list_tasks(platform, "pim")["taken"] if t["zaak"] == ref] == [task_id]
    assert _released(platform) == [
        (
            "systeem",
            "Taak 'Invoer' is niet meer toegewezen aan anna: de rol of de groepen van het account zijn gewijzigd",
            {"taak": "Invoer", "was": "anna", "taak_id": task_id},
        )
    ]


def test_revoking_an_account_lets_go_of_every_task_it_holds(platform: Platform, capsys: Any):
    ref, task_id = claimed_by_anna(platform)
    url = platform.settings.database_url
    assert main(["users", "revoke", "anna", "--database", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["taken_vrijgegeven"] == 1
    assert open_task_row(platform, ref).assignee is None
    assert candidates(platform, task_id) == [("Vergunningen", True)]
    assert [m for _, m, _ in _released(platform)] == [
        "Taak 'Invoer' is niet meer toegewezen aan anna: de toegang van het account is ingetrokken"
    ]


def test_the_last_beheerder_is_not_demoted_but_its_stolen_token_can_be_revoked(
    platform: Platform, capsys: Any
):
    """Review sessie8b 4: 'users revoke' was refused for the only beheerder, so a stolen beheerder token
    could not be cut off, and the refusal said nobody could do the beheer any more, while a revoke keeps
    the account, its role and its password (a login gives a new session). Only the role change is refused."""
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    token = users.add_user(platform, "bea", role="beheerder")["token"]
    url = platform.settings.database_url
    assert main(["users", "add", "bea", "--role", "medewerker", "--bijwerken", "--database", url]) == 2
    err = capsys.readouterr().err
    assert "'bea' is de laatste beheerder" in err and "--role beheerder" in err
    assert users.get_user(platform, "bea")["rol"] == "beheerder"
    assert users.by_token(platform, token)
    assert main(["users", "revoke", "bea", "--database", url]) == 0
    with pytest.raises(Unauthorized):  # the stolen token no longer works
        users.by_token(platform, token)
    assert users.get_user(platform, "bea")["rol"] == "beheerder"  # bea still is the beheerder
    users.add_user(platform, "kees", role="beheerder")
    assert users.add_user(platform, "bea", role="medewerker")["rol"] == "medewerker"
    with pytest.raises(Conflict, match="laatste beheerder"):
        users.add_user(platform, "kees", role="medewerker")


def test_the_same_on_both_databases_through_the_services(any_platform: Platform):
    """The release and the beheerder check lock their rows (FOR UPDATE on PostgreSQL)."""
    ref, task_id = claimed_by_anna(any_platform)
    assert (
        users.add_user(any_platform, "anna", groups=["Juridisch"], role="adviseur")["taken_vrijgegeven"] == 1
    )
    assert open_task_row(any_platform, ref).assignee is None
    inbox.claim(any_platform, task_id, "pim")
    assert sessions.revoke_access(any_platform, "pim")["taken_vrijgegeven"] == 1
    assert candidates(any_platform, task_id) == [("Vergunningen", True)]
    assert sessions.revoke_access(any_platform, "bea")["taken_vrijgegeven"] == 0  # its token, not its role
    assert users.get_user(any_platform, "bea")["rol"] == "beheerder"


def test_account_changes_are_logged(platform: Platform, caplog: pytest.LogCaptureFixture):
    claimed_by_anna(platform)
    with caplog.at_level(logging.INFO, logger="ruimteflow.users"):
        users.add_user(platform, "anna", groups=["Juridisch"], role="vergunningverlener")
        sessions.revoke_access(platform, "jan")
    assert [r.getMessage() for r in caplog.records] == [
        "gebruiker anna bijgewerkt: rol vergunningverlener, groepen ['Vergunningen'] -> rol vergunningverlener, "
        "groepen ['Juridisch']; 1 taken vrijgegeven",
        "toegang van gebruiker jan ingetrokken: token ingetrokken, 0 sessies beeindigd, 0 taken vrijgegeven",
    ]
