"""A blank setting (empty, or only spaces: a compose file's ``${X:-}``) means its default, as README
"Configuration" says, for every setting. The free-text settings took it as their value: an empty RUIMTEFLOW_SECRET_KEY was an
empty key, so every login page of `serve` on 127.0.0.1 answered 500 ("no secret key was set"), and an
empty RUIMTEFLOW_GEMEENTE_NAAM named no municipality in a besluit (review ops19, 1); an empty number was
refused (review ops19, 2 and 3)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from services.config import DEV_SECRET_KEY, Settings
from services.config_values import serve_from_env
from services.logs import level_from_env

#: every free-text setting the README names, with a value that is not its default
TEXTS = (
    "DATABASE_URL",
    "RUIMTEFLOW_SECRET_KEY",
    "RUIMTEFLOW_TILE_URL",
    "RUIMTEFLOW_OIDC_CLIENT_ID",
    "RUIMTEFLOW_OIDC_CLIENT_SECRET",
    "RUIMTEFLOW_OIDC_SCOPE",
    "RUIMTEFLOW_OIDC_USERNAME_CLAIM",
    "RUIMTEFLOW_OIDC_EMAIL_DOMAINS",
    "RUIMTEFLOW_OIDC_BUTTON_LABEL",
    "RUIMTEFLOW_GEMEENTE_CONTACT",
    "RUIMTEFLOW_CLAMD",
    "RUIMTEFLOW_GEMEENTE_NAAM",
    "RUIMTEFLOW_RECHTBANK",
    "RUIMTEFLOW_SMTP_HOST",
    "RUIMTEFLOW_SMTP_USER",
    "RUIMTEFLOW_SMTP_PASSWORD",
    "RUIMTEFLOW_MAIL_SENDER",
    "RUIMTEFLOW_TRUSTED_HOSTS",
    "RUIMTEFLOW_ZGW_URL",
    "RUIMTEFLOW_ZGW_ZAKEN_URL",
    "RUIMTEFLOW_ZGW_CATALOGI_URL",
    "RUIMTEFLOW_ZGW_DOCUMENTEN_URL",
    "RUIMTEFLOW_ZGW_BESLUITEN_URL",
    "RUIMTEFLOW_ZGW_CLIENT_ID",
    "RUIMTEFLOW_ZGW_SECRET",
    "RUIMTEFLOW_ZGW_RSIN",
    "RUIMTEFLOW_ZGW_SELECTIELIJST_URL",
    "RUIMTEFLOW_INSTANCE",
)


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """None of the free-text settings set (the test run's own environment may set DATABASE_URL)."""
    for key in TEXTS:
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
@pytest.mark.parametrize("key", TEXTS)
def test_a_blank_text_setting_means_its_default(unset: pytest.MonkeyPatch, key: str, blank: str) -> None:
    default = Settings.from_env()
    unset.setenv(key, "iets-anders")
    assert Settings.from_env() != default  # the variable is read: a value of its own changes the settings
    unset.setenv(key, blank)
    assert Settings.from_env() == default


def test_an_empty_secret_key_is_the_development_key(unset: pytest.MonkeyPatch) -> None:
    unset.setenv("RUIMTEFLOW_SECRET_KEY", "")
    assert Settings.from_env().secret_key == DEV_SECRET_KEY


def test_blank_names_in_a_besluit_are_the_defaults(unset: pytest.MonkeyPatch) -> None:
    for key in ("RUIMTEFLOW_GEMEENTE_NAAM", "RUIMTEFLOW_RECHTBANK", "RUIMTEFLOW_MAIL_SENDER"):
        unset.setenv(key, " ")
    unset.setenv("RUIMTEFLOW_ZGW_RSIN", "")
    s = Settings.from_env()
    assert (s.gemeente_naam, s.rechtbank, s.zgw_rsin) == ("gemeente Ruimtedal", "de rechtbank", "002564440")
    assert s.mail_sender == "Gemeente Ruimtedal <noreply@ruimtedal.example>"


def test_a_blank_instance_folder_is_instance_in_the_working_folder(unset: pytest.MonkeyPatch) -> None:
    unset.setenv("RUIMTEFLOW_INSTANCE", "")  # was Path(''): the working folder itself
    assert Path(Settings.from_env().instance_dir) == Path.cwd() / "instance"


#: every number setting Settings.from_env reads (README "Configuration"): an empty one was refused by
#: name, except RUIMTEFLOW_SCHEDULER_INTERVAL, while the README's general rule says empty is the default
#: (review ops19, 3)
NUMBERS = (
    "RUIMTEFLOW_HOT_INSTANCES",
    "RUIMTEFLOW_STATUS_MAX_WRONG_CODES",
    "RUIMTEFLOW_STATUS_WRONG_CODE_WINDOW",
    "RUIMTEFLOW_SESSION_IDLE_MINUTES",
    "RUIMTEFLOW_SESSION_MAX_HOURS",
    "RUIMTEFLOW_LOGIN_MAX_FAILURES_PER_ACCOUNT",
    "RUIMTEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS",
    "RUIMTEFLOW_LOGIN_WINDOW_MINUTES",
    "RUIMTEFLOW_TRUSTED_PROXY_HOPS",
    "RUIMTEFLOW_OUTBOX_MAX_ATTEMPTS",
    "RUIMTEFLOW_OUTBOX_BACKOFF_SECONDS",
    "RUIMTEFLOW_OUTBOX_BACKOFF_MAX_SECONDS",
    "RUIMTEFLOW_OUTBOX_BATCH",
    "RUIMTEFLOW_SMTP_PORT",
    "RUIMTEFLOW_MAIL_DEADLINE_DAYS",
    "RUIMTEFLOW_TRACKING_LINK_REQUESTS_PER_HOUR",
    "RUIMTEFLOW_APPLICATIONS_PER_ADDRESS_PER_HOUR",
    "RUIMTEFLOW_APPLICATIONS_PER_EMAIL_PER_HOUR",
    "RUIMTEFLOW_STATUS_MESSAGES_PER_CASE_PER_DAY",
    "RUIMTEFLOW_MAX_GEOMETRY_VERTICES",
    "RUIMTEFLOW_MAX_GEOMETRY_BYTES",
    "RUIMTEFLOW_VOLGCODE_GELDIG_DAGEN",
    "RUIMTEFLOW_OUTBOX_BEWAAR_DAGEN",
    "RUIMTEFLOW_SCRIPT_CPU_SECONDS",
    "RUIMTEFLOW_SCHEDULER_INTERVAL",
)


@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
@pytest.mark.parametrize("key", NUMBERS)
def test_a_blank_number_means_its_default(monkeypatch: pytest.MonkeyPatch, key: str, blank: str) -> None:
    monkeypatch.delenv(key, raising=False)
    default = Settings.from_env()
    monkeypatch.setenv(key, "7")
    assert Settings.from_env() != default  # the variable is read: a number of its own changes the settings
    monkeypatch.setenv(key, blank)
    assert Settings.from_env() == default


class _AllBlank(dict[str, str]):
    """An environment in which every variable asked for is set, to spaces."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> str:
        return "  "

    def get(self, key: str, default: Any = None) -> str:
        return "  "


def test_an_environment_of_blank_values_gives_every_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every setting the code reads, set to spaces at once (a compose file passing each as ``${X:-}``):
    the settings are those of an empty environment, and `serve`'s address and size and the log level too."""
    monkeypatch.setattr(os, "environ", {})
    defaults = Settings.from_env(), serve_from_env(os.environ), level_from_env(os.environ)
    monkeypatch.setattr(os, "environ", _AllBlank())
    assert (Settings.from_env(), serve_from_env(os.environ), level_from_env(os.environ)) == defaults
