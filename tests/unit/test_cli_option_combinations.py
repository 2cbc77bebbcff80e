"""Options the command line used to ignore silently, and answers that were not true (an outside
reviewer's findings 6 and 7, round 6): each is now refused with exit code 2 and a Dutch message, or
answered truthfully; the data stays unchanged."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_cli_bad_input import (
    cli_database_template,
    cli_deployed_template,
    database,
    deployed,
    refused,
    table_counts,
)
from web import cli

#: the fixtures, shared with test_cli_bad_input
__all__ = ["cli_database_template", "cli_deployed_template", "database", "deployed"]


def test_tasks_list_without_user_counts_every_open_task(capsys, deployed):
    for _ in range(3):
        assert cli.main(["cases", "start", "vergunning_klein", "--database", deployed, "--json"]) == 0
    capsys.readouterr()
    assert cli.main(["tasks", "list", "--database", deployed, "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert len(every["taken"]) >= 3 and every["totaal"] == len(every["taken"])
    assert cli.main(["tasks", "list", "--limit", "1", "--database", deployed, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown["taken"]) == 1 and shown["totaal"] == every["totaal"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["cases", "start", "vergunning_klein", "--crs", "EPSG:99999"], ("--crs", "--geometry")),
        (["tasks", "list", "--scope", "mijn"], ("--scope", "--user")),
        (["zgw", "afleveringen", "--opnieuw", "--kanaal", "bogus"], ("kanaal 'bogus'",)),
        (["zgw", "afleveringen", "--opnieuw", "--status", "dood"], ("--opnieuw", "--status")),
        (["zgw", "afleveringen", "--kanaal", "zgw"], ("--kanaal", "--opnieuw")),
        (["zgw", "afleveringen", "--zaak", "Z-9"], ("Zaak 'Z-9' bestaat niet",)),
        (["users", "add", "bob", "--password", ""], ("--password is leeg",)),
    ],
    ids=["crs", "scope", "kanaal-onbekend", "opnieuw-status", "kanaal-zonder-opnieuw", "zaak", "password"],
)
def test_an_option_that_would_be_ignored_is_refused(capsys, deployed, argv, words):
    before = table_counts(deployed)
    refused(capsys, [*argv, "--database", deployed], "Fout:", *words)
    assert table_counts(deployed) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["--werkdagen", "5", "--vanaf", "2026-01-01", "--ontvangen", "2026-01-01", "--procedure", "regulier"],
        ["--ontvangen", "2026-01-05", "--procedure", "regulier", "--vanaf", "2026-01-01"],
    ],
)
def test_termijn_refuses_two_calculations_at_once(capsys, argv):
    refused(capsys, ["termijn", *argv], "Fout:", "--")
