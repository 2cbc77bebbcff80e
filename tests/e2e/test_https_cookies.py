"""Cookies and HSTS under HTTPS (websec finding 1): with an https RUIMTEFLOW_BASE_URL the session cookie
is Secure by default and every answer over https carries Strict-Transport-Security; over plain http
(``make run`` on 127.0.0.1, no base URL) neither, so the login keeps working there. An explicit
RUIMTEFLOW_SECURE_COOKIES=0 with an https base URL is refused at start."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from processes.errors import ValidationError
from services.config import Settings
from tests.e2e.harness import log_in
from web import create_app

BASE_URL = "https://ruimteflow.gemeente.nl"
BEHIND_PROXY = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
YEAR = 365 * 24 * 3600


def _client(platform: Any, environ: dict[str, str] | None = None, **settings: Any) -> FlaskClient:
    platform.settings = platform.settings.with_(**settings)
    app = create_app(platform.settings, platform=platform)
    client = app.test_client()
    client.environ_base.update(environ or {})
    return client


def _max_age(hsts: str) -> int:
    fields = dict(part.strip().partition("=")[::2] for part in hsts.split(";"))
    return int(fields["max-age"])


def test_an_https_base_url_gives_a_secure_cookie_and_hsts_behind_the_proxy(faces_platform):
    client = _client(faces_platform, BEHIND_PROXY, base_url=BASE_URL, trusted_proxy_hops=1)
    resp = log_in(client, "anna")
    assert resp.status_code == 302, resp.text
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "; Secure" in cookie, cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert _max_age(resp.headers["Strict-Transport-Security"]) >= YEAR
    page = client.get("/inbox")  # the login holds
    assert page.status_code == 200 and "Anna de Vries" in page.text
    assert _max_age(page.headers["Strict-Transport-Security"]) >= YEAR
    assert "Strict-Transport-Security" in client.get("/api/v1/openapi.json").headers


def test_no_hsts_on_an_answer_over_plain_http(faces_platform):
    """The proxy did not say https (or none is trusted): no HSTS, whatever the base URL says."""
    client = _client(faces_platform, base_url=BASE_URL, trusted_proxy_hops=1)
    assert "Strict-Transport-Security" not in client.get("/inloggen").headers
    untrusted = _client(faces_platform, BEHIND_PROXY, base_url=BASE_URL, trusted_proxy_hops=0)
    assert "Strict-Transport-Security" not in untrusted.get("/inloggen").headers


def test_make_run_on_plain_http_keeps_a_cookie_without_secure(faces_platform):
    """No base URL (``make run``): a Secure cookie would not come back over http, and the login would fail."""
    client = _client(faces_platform, base_url="")
    resp = log_in(client, "anna")
    assert resp.status_code == 302, resp.text
    assert "Secure" not in resp.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in resp.headers
    assert client.get("/inbox").status_code == 200


@pytest.mark.parametrize(
    ("base_url", "flag", "secure"),
    [
        (BASE_URL, None, True),
        ("HTTPS://ruimteflow.gemeente.nl", None, True),
        (BASE_URL, "1", True),
        ("", None, False),
        ("http://ruimteflow.test.gemeente.nl", None, False),
        ("", "1", True),  # asked for: a deployment that sets no base URL but runs behind https
        ("http://ruimteflow.test.gemeente.nl", "0", False),
    ],
)
def test_secure_cookies_follow_the_base_url_unless_set(monkeypatch, base_url, flag, secure):
    monkeypatch.delenv("RUIMTEFLOW_SECURE_COOKIES", raising=False)
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", base_url)
    if flag is not None:
        monkeypatch.setenv("RUIMTEFLOW_SECURE_COOKIES", flag)
    assert Settings.from_env().cookies_secure is secure


@pytest.mark.parametrize("flag", ["0", "nee", "false"])
def test_secure_cookies_off_with_an_https_base_url_is_refused(monkeypatch, flag):
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", BASE_URL)
    monkeypatch.setenv("RUIMTEFLOW_SECURE_COOKIES", flag)
    with pytest.raises(ValidationError) as refused:
        Settings.from_env()
    assert refused.value.code == "instelling-ongeldig"
    assert str(refused.value).startswith(
        "RUIMTEFLOW_SECURE_COOKIES=0 past niet bij een https-adres in RUIMTEFLOW_BASE_URL"
    )
    assert "Laat RUIMTEFLOW_SECURE_COOKIES weg" in str(refused.value)  # says the way out


def test_serve_exits_with_code_2_on_secure_cookies_off_with_https(tmp_path, monkeypatch, capsys):
    from web import cli

    monkeypatch.delenv("RUIMTEFLOW_SECRET_KEY", raising=False)  # the old code stopped there (no server runs)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", BASE_URL)
    monkeypatch.setenv("RUIMTEFLOW_SECURE_COOKIES", "0")
    assert cli.main(["serve", "--database", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "RUIMTEFLOW_SECURE_COOKIES=0 past niet bij een https-adres" in capsys.readouterr().err
