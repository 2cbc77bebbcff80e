"""`serve`'s address and size from RUIMTEFLOW_HOST, _PORT, _WORKERS and _THREADS follow the settings' rules
(services.config_values): an empty value means the default, a wrong one is refused naming the variable
with exit code 2 (review sessie16, beheer 4: an empty RUIMTEFLOW_HOST was taken as the host "", and a
wrong RUIMTEFLOW_PORT or _WORKERS was an argparse error naming --port or --workers)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from web import cli
from web.server import default_workers

VARIABLES = ("RUIMTEFLOW_HOST", "RUIMTEFLOW_PORT", "RUIMTEFLOW_WORKERS", "RUIMTEFLOW_THREADS")


@pytest.fixture
def started(monkeypatch, tmp_path) -> list[Any]:
    """serve's options up to the web server, which is not started: the calls of web.server.serve."""
    calls: list[Any] = []
    monkeypatch.setattr("web.server.serve", lambda settings, options, database=None: calls.append(options))
    for name in ("RUIMTEFLOW_SECRET_KEY", "RUIMTEFLOW_BASE_URL", "RUIMTEFLOW_TRUSTED_PROXY_HOPS", *VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    return calls


def test_empty_variables_mean_the_defaults(started, monkeypatch, capsys) -> None:
    for name in VARIABLES:
        monkeypatch.setenv(name, "")
    assert cli.main(["serve"]) == 0, capsys.readouterr().err
    [options] = started
    assert (options.host, options.port, options.workers, options.threads) == (
        "127.0.0.1",
        5000,
        default_workers(),
        4,
    )


def test_the_variables_are_read_and_an_option_wins(started, monkeypatch) -> None:
    monkeypatch.setenv("RUIMTEFLOW_HOST", " localhost ")
    monkeypatch.setenv("RUIMTEFLOW_PORT", "6121")
    monkeypatch.setenv("RUIMTEFLOW_WORKERS", "3")
    monkeypatch.setenv("RUIMTEFLOW_THREADS", "2")
    assert cli.main(["serve"]) == 0
    assert cli.main(["serve", "--port", "6122", "--threads", "8"]) == 0
    first, second = started
    assert (first.host, first.port, first.workers, first.threads) == ("localhost", 6121, 3, 2)
    assert (second.host, second.port, second.workers, second.threads) == ("localhost", 6122, 3, 8)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RUIMTEFLOW_PORT", "abc", "RUIMTEFLOW_PORT moet een geheel getal zijn, niet 'abc'."),
        (
            "RUIMTEFLOW_PORT",
            "70000",
            "RUIMTEFLOW_PORT moet een poort van 1 tot en met 65535 zijn (nu 70000).",
        ),
        (
            "RUIMTEFLOW_WORKERS",
            "abc",
            "RUIMTEFLOW_WORKERS moet een geheel getal van 1 tot en met 64 zijn, niet 'abc'.",
        ),
        (
            "RUIMTEFLOW_WORKERS",
            "0",
            "RUIMTEFLOW_WORKERS moet een geheel getal van 1 tot en met 64 zijn, niet '0'.",
        ),
        (
            "RUIMTEFLOW_THREADS",
            "-2",
            "RUIMTEFLOW_THREADS moet een geheel getal van 1 tot en met 64 zijn, niet '-2'.",
        ),
    ],
)
def test_a_wrong_value_is_refused_naming_the_variable(
    started, monkeypatch, capsys, name, value, message
) -> None:
    monkeypatch.setenv(name, value)
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert message in err and "--port" not in err and "--workers" not in err and "Traceback" not in err, err
    assert started == []


def test_the_port_given_to_serve_is_the_port_of_its_processes_settings(monkeypatch, tmp_path) -> None:
    """Review finding: `serve --port 8611` without RUIMTEFLOW_PORT listened on 8611, but the settings of
    its web workers kept port 5000, so a link written outside a request (public_url.fallback_base) went to
    http://127.0.0.1:5000. serve hands its chosen port to the web workers' settings and to its timer
    process (RUIMTEFLOW_PORT). Neither gunicorn nor the timer process is started: their stand-ins record
    what serve gives them."""
    from services.public_url import fallback_base
    from web import server

    given: dict[str, Any] = {}

    class Timers:
        fatal = None

        def __init__(self, database: str | None, env: dict[str, str] | None = None, **_: Any) -> None:
            given["timer_env"] = env or {}

        def stop(self) -> None:
            pass

    class Web:
        def __init__(self, settings: Any, options: Any, listener: Any, timers: Any) -> None:
            given["settings"] = settings

        def run(self) -> None:
            pass

    for name in (
        "RUIMTEFLOW_BASE_URL",
        "RUIMTEFLOW_TRUSTED_PROXY_HOPS",
        "RUIMTEFLOW_TRUSTED_HOSTS",
        *VARIABLES,
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_IN_WEB", "1")
    monkeypatch.setattr(server, "listen", lambda host, port: socket.socket())  # nothing bound
    monkeypatch.setattr(server, "SchedulerSupervisor", Timers)
    monkeypatch.setattr(server, "RuimteflowServer", Web)
    assert cli.main(["serve", "--port", "8611", "--database", f"sqlite:///{tmp_path / 's.db'}"]) == 0
    assert given["settings"].port == 8611
    assert fallback_base(given["settings"]) == "http://127.0.0.1:8611"
    assert given["timer_env"]["RUIMTEFLOW_PORT"] == "8611"
