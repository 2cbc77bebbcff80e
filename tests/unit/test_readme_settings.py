"""The README's settings are the ones the code reads (README review: it named RUIMTEFLOW_MAIL_TEMPLATES_DIR
while the code reads RUIMTEFLOW_MAIL_TEMPLATES, so a municipality's templates were silently ignored,
and six settings the code reads were named nowhere)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from services import config

README = Path(__file__).resolve().parents[2] / "README.md"

#: named in the README, read outside Settings.from_env: serve's options (web/cli.py), the instance
#: folder (services/config.py's default), and the test suite's own switches
READ_ELSEWHERE = {
    "RUIMTEFLOW_HOST",
    "RUIMTEFLOW_WORKERS",
    "RUIMTEFLOW_THREADS",
    "RUIMTEFLOW_INSTANCE",
    "RUIMTEFLOW_TEST_DATABASE_URL",
    "RUIMTEFLOW_TEST_ZGW_URL",
    "RUIMTEFLOW_CHROMIUM",
    "RUIMTEFLOW_SCREENSHOTS",
}


class _Recording(dict[str, str]):
    """An environment that remembers every name the settings ask for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return False

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return default

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        raise KeyError(key)


def _read_by_settings(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    env = _Recording()
    monkeypatch.setattr(os, "environ", env)
    config.Settings.from_env()
    return {name for name in env.asked if name.startswith("RUIMTEFLOW_")}


def _named_in_readme() -> tuple[set[str], str]:
    text = README.read_text(encoding="utf-8")
    full = set(re.findall(r"RUIMTEFLOW_[A-Z0-9_]*[A-Z0-9]", text))
    return full, text


def test_every_setting_the_code_reads_is_in_the_readme(monkeypatch: pytest.MonkeyPatch) -> None:
    full, text = _named_in_readme()
    # a group may name the rest of its members by their suffix: `RUIMTEFLOW_SMTP_HOST`, `_PORT`, `_TLS`
    missing = {
        n for n in _read_by_settings(monkeypatch) if n not in full and f"`_{n.split('_', 2)[2]}`" not in text
    }
    assert not missing, f"read by services/config.py, not in README.md: {sorted(missing)}"


def test_every_setting_the_readme_names_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    full, _text = _named_in_readme()
    unknown = full - _read_by_settings(monkeypatch) - READ_ELSEWHERE
    assert not unknown, f"named in README.md, read nowhere: {sorted(unknown)}"
