"""The base URL of links (services.public_url): the setting, else a trusted request's own, else the demo
address; a forged Host header never becomes a link in a mail."""

from __future__ import annotations

import pytest

from services import public_url
from services.config import Settings


@pytest.mark.parametrize(
    ("host_url", "trusted_hosts", "expected"),
    [
        ("https://vergunningen.gemeente.nl/", "vergunningen.gemeente.nl", "https://vergunningen.gemeente.nl"),
        (
            "https://Vergunningen.Gemeente.NL/",
            "vergunningen.gemeente.nl, intern.gemeente.nl",
            "https://Vergunningen.Gemeente.NL",
        ),
        ("https://evil.example/", "vergunningen.gemeente.nl", None),
        ("https://vergunningen.gemeente.nl.evil.example/", "vergunningen.gemeente.nl", None),
        ("https://evil.example/", "", None),
        ("http://localhost:8000/", "", "http://localhost:8000"),
        ("http://127.0.0.1:5001/", "", "http://127.0.0.1:5001"),
        ("http://[::1]:5000/", "", "http://[::1]:5000"),
        ("http://[::1/", "", None),
        # sessie7 finding 1: Python's host name is localhost, a browser's is evil.example
        ("http://evil.example\\@localhost/", "", None),
        ("http://evil.example\\@vergunningen.gemeente.nl/", "vergunningen.gemeente.nl", None),
        ("http://iemand@localhost/", "", None),
        ("javascript://localhost/", "", None),
    ],
)
def test_only_a_trusted_requests_base_is_used(host_url, trusted_hosts, expected):
    assert public_url.request_base(Settings(trusted_hosts=trusted_hosts), host_url) == expected


def test_the_setting_wins_then_the_request_then_the_demo_address():
    configured = Settings(base_url="https://ruimteflow.ruimtedal.example/")
    empty = Settings(trusted_hosts="vergunningen.gemeente.nl")
    assert public_url.base_url(empty) == public_url.DEFAULT_BASE_URL  # no request: timers, CLI
    public_url.enter_request("https://vergunningen.gemeente.nl/")
    try:
        assert public_url.base_url(empty) == "https://vergunningen.gemeente.nl"
        assert public_url.base_url(configured) == "https://ruimteflow.ruimtedal.example"
    finally:
        public_url.leave_request()
    assert public_url.base_url(empty) == public_url.DEFAULT_BASE_URL


def test_the_missing_setting_is_named_in_the_warning():
    assert public_url.missing_warning(Settings(base_url="https://x.example")) is None
    assert "RUIMTEFLOW_BASE_URL" in str(public_url.missing_warning(Settings()))


@pytest.mark.parametrize(
    ("settings", "host", "expected"),
    [
        (Settings(), "127.0.0.1", "http://127.0.0.1:8080"),
        (Settings(), "localhost", "http://localhost:8080"),
        (Settings(), "::1", "http://[::1]:8080"),
        (Settings(), "0.0.0.0", None),  # reachable from elsewhere: only the setting knows the address
        (Settings(), "vergunningen.gemeente.nl", None),
        (Settings(base_url="https://ruimteflow.ruimtedal.example"), "127.0.0.1", None),
        # behind a reverse proxy on loopback: the links must name the public address (review sessie16, beheer 3)
        (Settings(trusted_proxy_hops=1), "127.0.0.1", None),
        (Settings(trusted_hosts="ruimteflow.gemeente.nl"), "127.0.0.1", None),
        (Settings(trusted_hosts="localhost"), "127.0.0.1", "http://127.0.0.1:8080"),
    ],
)
def test_a_local_server_gives_its_timer_links_its_own_address(settings, host, expected):
    assert public_url.local_base(settings, host, 8080) == expected


def test_a_worker_warns_that_the_base_url_is_missing(capsys):
    """serve behind a proxy refuses to start without the setting now (tests/unit/test_serve_base_url.py);
    a worker warns."""
    from web.cli_running import _warn_base_url

    _warn_base_url(Settings(trusted_proxy_hops=1, trusted_hosts="ruimteflow.gemeente.nl"))
    assert "Let op: RUIMTEFLOW_BASE_URL is niet ingesteld" in capsys.readouterr().err


def test_outside_a_request_links_go_to_the_configured_port(monkeypatch):
    """With RUIMTEFLOW_BASE_URL unset, a mail written outside a request linked to port 5000 whatever port
    the demo is served on (`make run PORT=8611`, RUIMTEFLOW_PORT): a dead link (outside review, demo 4)."""
    monkeypatch.delenv("RUIMTEFLOW_BASE_URL", raising=False)
    monkeypatch.setenv("RUIMTEFLOW_PORT", "8611")
    settings = Settings.from_env()

    assert public_url.base_url(settings) == "http://127.0.0.1:8611"
    assert "http://127.0.0.1:8611." in str(public_url.missing_warning(settings))
