"""`ruimteflow users token USERNAME` gives an account a new API token and changes nothing else.

Review finding (api17, 2): the only way to a new token was `users add USER --bijwerken`, which also
replaces the role and the groups (--role defaults to medewerker): run as "give anna a new token" it made
her medewerker without groups and let go of her claimed tasks.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from processes.errors import Unauthorized
from services import account_audit, users
from services.platform import Platform
from tests.integration.inbox_case import claimed_by_anna, open_task_row
from tests.unit.test_cli_bad_input import table_counts
from web.cli import main


def test_a_new_token_keeps_the_role_the_groups_and_the_claims(platform: Platform, capsys: Any):
    ref, _task_id = claimed_by_anna(platform)  # anna, vergunningverlener of Vergunningen, holds a task
    old = users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")["token"]
    before = users.get_user(platform, "anna")
    url = platform.settings.database_url

    assert main(["users", "token", "anna", "--database", url, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["gebruiker"] == "anna" and shown["token"] and shown["token"] != old
    assert users.by_token(platform, shown["token"])["gebruikersnaam"] == "anna"
    with pytest.raises(Unauthorized):  # the old token no longer works
        users.by_token(platform, old)
    assert users.get_user(platform, "anna") == before  # role, groups and name as they were
    assert open_task_row(platform, ref).assignee == "anna"  # her claim stays

    [line] = [e for e in account_audit.history(platform, "anna") if e["wijziging"] == "token-vernieuwd"]
    assert line["door"].startswith("commandoregel") and line["taken_vrijgegeven"] == 0
    assert line["was"] == {"rol": "vergunningverlener", "groepen": ["Vergunningen"], "token": True}
    assert line["nu"] == {"rol": "vergunningverlener", "groepen": ["Vergunningen"], "token_vernieuwd": True}
    assert shown["token"] not in json.dumps(line)  # the audit keeps no secret


def test_a_new_token_for_an_unknown_user_is_refused_in_dutch(platform: Platform, capsys: Any):
    claimed_by_anna(platform)
    url = platform.settings.database_url
    before = table_counts(url)
    assert main(["users", "token", "anan", "--database", url]) == 2
    assert "Gebruiker 'anan' bestaat niet." in capsys.readouterr().err
    assert table_counts(url) == before


def test_users_add_on_an_existing_user_points_to_users_token(platform: Platform, capsys: Any):
    claimed_by_anna(platform)
    assert main(["users", "add", "anna", "--database", platform.settings.database_url]) == 2
    assert "Alleen een nieuw API-token: ruimteflow users token anna." in capsys.readouterr().err
