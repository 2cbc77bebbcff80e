"""Numeric settings from the environment: a bad value is refused with a Dutch message naming the
variable, and the CLI exits with code 2 (not a Python traceback)."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services.config import Settings
from web import cli


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("RUIMTEFLOW_HOT_INSTANCES", "abc", "geheel getal"),
        ("RUIMTEFLOW_HOT_INSTANCES", "-3", "nul of meer"),
        ("RUIMTEFLOW_SESSION_IDLE_MINUTES", "1.5", "geheel getal"),
        # seconds of a window or a retry wait are whole seconds too (README "Configuration")
        ("RUIMTEFLOW_STATUS_WRONG_CODE_WINDOW", "1.5", "geheel getal"),
        ("RUIMTEFLOW_OUTBOX_BACKOFF_SECONDS", "1.5", "geheel getal"),
        ("RUIMTEFLOW_SCHEDULER_INTERVAL", "snel", "een getal"),
        ("RUIMTEFLOW_SCHEDULER_INTERVAL", "nan", "nul of meer"),
        ("RUIMTEFLOW_SCRIPT_CPU_SECONDS", "inf", "nul of meer"),
        ("RUIMTEFLOW_SCRIPT_CPU_SECONDS", "-1", "nul of meer"),
    ],
)
def test_a_bad_number_is_refused_by_name(monkeypatch, key, value, fragment):
    monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError) as caught:
        Settings.from_env()
    assert key in str(caught.value)
    assert fragment in str(caught.value)
    assert caught.value.code == "instelling-ongeldig"


def test_good_numbers_are_read(monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_HOT_INSTANCES", " 8 ")
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_INTERVAL", "0.5")
    settings = Settings.from_env()
    assert settings.hot_instances == 8
    assert settings.scheduler_interval == 0.5


def test_only_the_interval_and_the_script_budget_take_a_fraction(monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_INTERVAL", "1.5")
    monkeypatch.setenv("RUIMTEFLOW_SCRIPT_CPU_SECONDS", "1.5")
    settings = Settings.from_env()
    assert (settings.scheduler_interval, settings.script_cpu_seconds) == (1.5, 1.5)


def test_the_cli_exits_with_code_2_on_a_bad_setting(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RUIMTEFLOW_HOT_INSTANCES", "veel")
    code = cli.main(["models", "list", "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 2
    assert "RUIMTEFLOW_HOT_INSTANCES moet een geheel getal zijn" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
