"""Account changes are kept in an audit table, with a reader.

Left in the last notes: account changes (a new account, a new role or groups, a revoked token) were only
logged (INFO, ``ruimteflow.users``); a beheerder or an auditor could not read who got which role when, or
by whose hand (BIO 9.2: granting and revoking access is recorded). Each change is now an
``account_event`` row, written in the change's own transaction, and ``ruimteflow users historie`` reads them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from processes.errors import Conflict, ValidationError
from services import account_audit, sessions, users
from services.platform import Platform
from web.cli import main


def _changes(platform: Platform, username: str | None = None) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "op"} for row in account_audit.history(platform, username)]


def test_each_account_change_is_a_row_with_before_after_and_who(platform: Platform):
    users.add_user(
        platform, "anna", groups=["Vergunningen"], role="vergunningverlener", email="anna@gemeente.nl"
    )
    users.add_user(platform, "anna", groups=["Juridisch"], role="adviseur", password="geheim-en-lang-genoeg")
    sessions.revoke_access(platform, "anna", door="test")

    revoked, updated, created = _changes(platform, "anna")
    assert created == {
        "gebruiker": "anna",
        "wijziging": "aangemaakt",
        "door": "systeem",
        "was": None,
        "nu": {
            "rol": "vergunningverlener",
            "groepen": ["Vergunningen"],
            "token_vernieuwd": True,
            "wachtwoord_gewijzigd": False,
            "email_gewijzigd": True,
        },
        "taken_vrijgegeven": 0,
    }
    assert updated["wijziging"] == "bijgewerkt"
    assert updated["was"] == {"rol": "vergunningverlener", "groepen": ["Vergunningen"]}
    assert updated["nu"] == {
        "rol": "adviseur",
        "groepen": ["Juridisch"],
        "token_vernieuwd": True,
        "wachtwoord_gewijzigd": True,
        "email_gewijzigd": False,
    }
    assert revoked["wijziging"] == "toegang-ingetrokken" and revoked["door"] == "test"
    assert revoked["was"] == {"rol": "adviseur", "groepen": ["Juridisch"], "token": True}
    assert revoked["nu"] == {"token": False, "sessies_beeindigd": 0}
    # no secret and no address is kept
    stored = json.dumps(_changes(platform))
    assert "geheim" not in stored and "anna@gemeente.nl" not in stored


def test_a_refused_change_writes_no_row(platform: Platform):
    users.add_user(platform, "bea", role="beheerder")
    with pytest.raises(Conflict):
        users.add_user(platform, "bea", role="medewerker", bijwerken=False)
    with pytest.raises(Conflict):  # the last beheerder keeps its role
        users.add_user(platform, "bea", role="medewerker")
    assert [c["wijziging"] for c in _changes(platform, "bea")] == ["aangemaakt"]


def test_the_command_line_names_its_system_user_and_reads_the_history(platform: Platform, capsys: Any):
    url = platform.settings.database_url
    assert main(["users", "add", "rob", "--group", "Wonen", "--database", url, "--json"]) == 0
    assert main(["users", "revoke", "rob", "--database", url, "--json"]) == 0
    assert main(["users", "add", "pim", "--database", url, "--json"]) == 0
    capsys.readouterr()
    assert main(["users", "historie", "rob", "--database", url, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["wijziging"] for r in rows] == ["toegang-ingetrokken", "aangemaakt"]
    assert all(r["door"].startswith("commandoregel (systeemgebruiker ") for r in rows)
    # review sessie9 4: the moment was printed as a naive UTC time, read as Dutch time it was 1-2 hours off
    assert all(r["op"].endswith(("+01:00", "+02:00")) for r in rows), rows
    assert main(["users", "historie", "--aantal", "1", "--database", url, "--json"]) == 0
    assert [r["gebruiker"] for r in json.loads(capsys.readouterr().out)] == ["pim"]


@pytest.mark.parametrize("aantal", ["0", "1001", "-3"])
def test_a_bad_number_of_lines_is_refused_in_dutch(platform: Platform, capsys: Any, aantal: str):
    url = platform.settings.database_url
    assert main(["users", "historie", "--aantal", aantal, "--database", url]) == 2
    assert "1 tot en met 1000" in capsys.readouterr().err
    with pytest.raises(ValidationError):
        account_audit.history(platform, limit=True)
