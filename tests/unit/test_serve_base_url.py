"""`serve` reachable from elsewhere refuses to start without RUIMTEFLOW_BASE_URL (note24, issue #12): the
links in mails to initiators came from the request's Host header (trusted only for loopback and
RUIMTEFLOW_TRUSTED_HOSTS) or pointed at 127.0.0.1, and serve only warned. On this machine only
(`make run`: 127.0.0.1) it still starts with no configuration."""

from __future__ import annotations

import pytest

from tests.unit.serve_start import serve_on
from tests.unit.test_serve_secret_key import started  # noqa: F401 (fixture)

KEY = "een-lange-willekeurige-waarde"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.7", "::", "ruimteflow.example.nl"])
def test_serve_on_a_public_host_refuses_to_start_without_a_base_url(
    started,  # noqa: F811
    monkeypatch,
    tmp_path,
    capsys,
    host,
):
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", KEY)
    assert serve_on(host, tmp_path) == 2
    err = capsys.readouterr().err
    assert f"RUIMTEFLOW_BASE_URL is niet ingesteld en serve is bereikbaar op {host}" in err
    assert "export RUIMTEFLOW_BASE_URL=https://" in err  # says what to set
    assert started == []
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [("RUIMTEFLOW_TRUSTED_PROXY_HOPS", "1"), ("RUIMTEFLOW_TRUSTED_HOSTS", "ruimteflow.gemeente.nl")],
)
def test_serve_on_loopback_behind_a_public_name_refuses_to_start_without_a_base_url(
    started,  # noqa: F811
    monkeypatch,
    tmp_path,
    capsys,
    name,
    value,
):
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", KEY)
    monkeypatch.setenv(name, value)
    assert serve_on("127.0.0.1", tmp_path) == 2
    assert (
        "RUIMTEFLOW_BASE_URL is niet ingesteld en serve is bereikbaar achter een proxy"
        in capsys.readouterr().err
    )
    assert started == []


def test_serve_on_a_public_host_starts_with_a_base_url(started, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", KEY)
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", "https://ruimteflow.gemeente.nl")
    assert serve_on("0.0.0.0", tmp_path) == 0
    assert len(started) == 1


def test_serve_on_loopback_starts_with_no_configuration(started, monkeypatch, tmp_path, capsys):  # noqa: F811
    monkeypatch.delenv("RUIMTEFLOW_TRUSTED_HOSTS", raising=False)
    assert serve_on("127.0.0.1", tmp_path) == 0
    assert len(started) == 1
    assert "RUIMTEFLOW_BASE_URL" not in capsys.readouterr().err
