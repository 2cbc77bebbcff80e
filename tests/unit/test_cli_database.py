"""`--database` on the command line: a command that opens a database uses the one given, a command that
uses none refuses the option (exit code 2, Dutch) instead of ignoring it (review: `models test` and
`zgw catalogus` took --database and silently did without it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from web import cli


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["termijn", "--werkdagen", "5", "--vanaf", "2026-01-05"], ""),
        (["models", "convert", "oud.bpmn", "--out", "uit"], ""),
        (["models", "test", "scenario.yaml"], "eigen, tijdelijke database"),
        (["zgw", "catalogus"], "Catalogi API"),
    ],
)
def test_a_command_without_a_database_refuses_the_option(
    argv: list[str], why: str, tmp_path: Path, capsys: Any
) -> None:
    given = tmp_path / "gegeven.db"
    assert cli.main([*argv, "--database", f"sqlite:///{given}"]) == 2
    err = capsys.readouterr().err
    assert "--database: dit commando gebruikt geen database" in err and why in err, err
    assert "Traceback" not in err
    assert not given.exists()
