"""`serve` reachable from elsewhere refuses the published development secret key and an empty one: anyone
could sign a session cookie with it and open /aanvragen/<proc>/ontvangen for any case id, which shows its
volgcode (review ops12, F2). On this machine only (`make run`: 127.0.0.1) it still starts without one."""

from __future__ import annotations

import pytest

from tests.unit.serve_start import serve_on
from web import create_app

DEV_SECRET_KEY = "dev-only-change-me"  # the published development value (services.config)


@pytest.fixture
def started(monkeypatch, tmp_path):
    """serve's arguments up to the web server, which is not started: the calls of web.server.serve."""
    calls: list[object] = []
    monkeypatch.setattr("web.server.serve", lambda settings, options, database=None: calls.append(options))
    monkeypatch.delenv("RUIMTEFLOW_SECRET_KEY", raising=False)
    monkeypatch.delenv("RUIMTEFLOW_BASE_URL", raising=False)
    monkeypatch.delenv("RUIMTEFLOW_TRUSTED_PROXY_HOPS", raising=False)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    return calls


@pytest.mark.parametrize("key", [None, "", "  ", DEV_SECRET_KEY])
@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.7", "::", "ruimteflow.example.nl"])
def test_serve_on_a_public_host_refuses_a_missing_or_default_key(
    started, monkeypatch, tmp_path, capsys, key, host
):
    if key is not None:
        monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", key)
    assert serve_on(host, tmp_path) == 2
    err = capsys.readouterr().err
    assert "RUIMTEFLOW_SECRET_KEY is niet ingesteld" in err
    assert "secrets.token_urlsafe" in err  # says how to make one
    assert started == []
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RUIMTEFLOW_BASE_URL", "https://ruimteflow.example.nl"),
        ("RUIMTEFLOW_TRUSTED_PROXY_HOPS", "1"),
        ("RUIMTEFLOW_TRUSTED_HOSTS", "ruimteflow.gemeente.nl"),  # review sessie12c, 4
    ],
)
def test_serve_on_loopback_behind_a_proxy_refuses_the_default_key(
    started, monkeypatch, tmp_path, name, value
):
    monkeypatch.setenv(name, value)
    assert serve_on("127.0.0.1", tmp_path) == 2
    assert started == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "localhost"])
def test_serve_on_loopback_starts_without_a_key(started, tmp_path, host):
    assert serve_on(host, tmp_path) == 0
    assert len(started) == 1


def test_serve_on_a_public_host_starts_with_its_own_key(started, monkeypatch, tmp_path):
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", "een-lange-willekeurige-waarde")
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", "https://ruimteflow.example.nl")  # off loopback serve needs it
    assert serve_on("0.0.0.0", tmp_path) == 0
    assert len(started) == 1


def test_the_demo_accounts_are_listed_only_to_a_request_on_this_machine(platform):
    client = create_app(platform.settings, platform=platform).test_client()
    assert platform.settings.secret_key == DEV_SECRET_KEY
    assert b"Demo-accounts" in client.get("/inloggen", base_url="http://127.0.0.1:5000").data
    assert b"Demo-accounts" not in client.get("/inloggen", base_url="https://ruimteflow.example.nl").data


def test_the_demo_accounts_are_not_listed_to_a_remote_client_naming_localhost(platform):
    """Review sessie12c, 3: a remote client sending ``Host: localhost`` to a public gunicorn or proxy
    saw the demo accounts; the peer's address counts too."""
    client = create_app(platform.settings, platform=platform).test_client()
    remote = client.get(
        "/inloggen",
        base_url="http://localhost:5000",
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert b"Demo-accounts" not in remote.data
    local = client.get(
        "/inloggen", base_url="http://localhost:5000", environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert b"Demo-accounts" in local.data
