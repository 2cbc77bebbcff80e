"""Sessions that end on the server, login throttling held in the database, safe return targets.

Each test here reproduces a hole of issue #10 (item 4): a cookie replayed after logout, a session
fixed across logins, ``volgende=/<TAB>/evil.example`` turning into ``//evil.example``, CR/LF in the
return target giving a 500, and password guessing that a restart (or a second process) forgets.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services import users
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.e2e.conftest import token_of
from tests.e2e.fake_idp import ISSUER, sso_start
from tests.e2e.task_rows import assignee, first_open_task_id
from tests.e2e.test_faces_oidc import idp  # noqa: F401 - idp is a fixture

EVIL = "/\t/evil.example/x"


# -- helpers --------------------------------------------------------------------------------------------
def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def _replay(app: Flask, cookie: str) -> FlaskClient:
    """A new client (another machine) that only has the captured cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def _login(
    client: FlaskClient,
    username: str,
    password: str,
    *,
    address: str = "10.1.1.1",
    headers: dict[str, str] | None = None,
    **extra: str,
) -> Any:
    page = client.get("/inloggen", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/inloggen",
        data={"gebruikersnaam": username, "wachtwoord": password, "csrf_token": token_of(page.text), **extra},
        environ_base={"REMOTE_ADDR": address},
        headers=headers or {},
    )


# -- logout ends the session on the server --------------------------------------------------------------
def test_cookie_replayed_after_logout_reads_and_claims_nothing(
    browser_for, faces_app, faces_platform, start_case
):
    start_case()
    task_id = first_open_task_id(faces_platform)
    b = browser_for("anna")
    assert b.get("/inbox").status_code == 200
    stolen, csrf = _cookie(b.client), b.csrf()
    assert _replay(faces_app, stolen).get("/kaart").status_code == 200  # the copy works while logged in
    assert b.post("/uitloggen").status_code == 302

    inbox = _replay(faces_app, stolen).get("/inbox")  # the thief sends the captured cookie every time
    assert inbox.status_code == 302 and inbox.headers["Location"].startswith("/inloggen")
    claim = _replay(faces_app, stolen).post(f"/taken/{task_id}/oppakken", data={"csrf_token": csrf})
    assert claim.status_code == 302 and claim.headers["Location"].startswith("/inloggen")
    assert assignee(faces_platform, task_id) is None
    kaart = _replay(faces_app, stolen).get("/kaart")
    assert kaart.status_code == 302 and kaart.headers["Location"].startswith("/inloggen")
    api = _replay(faces_app, stolen).get("/api/v1/taken")
    assert api.status_code == 401 and api.mimetype == "application/problem+json"
    api_claim = _replay(faces_app, stolen).post(
        f"/api/v1/taken/{task_id}/claim", headers={"X-CSRF-Token": csrf}
    )
    assert api_claim.status_code == 401
    assert assignee(faces_platform, task_id) is None


def test_a_new_login_rotates_the_session(browser_for, faces_app):
    b = browser_for("anna")
    first = _cookie(b.client)
    assert _replay(faces_app, first).get("/inbox").status_code == 200
    again = b.post("/inloggen", {"gebruikersnaam": "anna", "wachtwoord": "demo"})  # same browser, again
    assert again.status_code == 302
    assert _cookie(b.client) != first
    assert b.get("/inbox").status_code == 200
    assert _replay(faces_app, first).get("/inbox").status_code == 302  # the old session is gone


def test_sessions_end_after_idle_time_and_after_the_absolute_lifetime(
    browser_for, faces_platform, faces_clock
):
    settings = Settings()  # the shipped lifetimes (the faces fixture stretches them for clock-moving tests)
    faces_platform.settings = faces_platform.settings.with_(
        session_idle_minutes=settings.session_idle_minutes, session_max_hours=settings.session_max_hours
    )
    b = browser_for("anna")
    faces_clock.advance(minutes=settings.session_idle_minutes - 1)
    assert b.get("/inbox").status_code == 200  # activity keeps it alive
    faces_clock.advance(minutes=settings.session_idle_minutes + 1)
    assert b.get("/inbox").status_code == 302

    b = browser_for("anna")
    steps = int(settings.session_max_hours * 60 / (settings.session_idle_minutes - 5)) + 1
    for _ in range(steps):
        faces_clock.advance(minutes=settings.session_idle_minutes - 5)
        if b.get("/inbox").status_code != 200:
            break
    else:
        pytest.fail("an active session outlived the absolute session lifetime")


def test_sso_login_gets_a_server_session_that_logout_ends(browser_for, faces_app, idp):  # noqa: F811
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = {
        "iss": ISSUER,
        "aud": "ruimteflow",
        "exp": time.time() + 300,
        "nonce": params["nonce"],
        "preferred_username": "anna",
    }
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 302
    stolen = _cookie(b.client)
    assert _replay(faces_app, stolen).get("/inbox").status_code == 200
    b.post("/uitloggen")
    assert _replay(faces_app, stolen).get("/inbox").status_code == 302


# -- the return target -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        EVIL,
        "/\n/evil.example/x",
        "/\r/evil.example",
        "\t//evil.example",
        "/\x00/evil.example",
        "/\x7f/evil.example",
    ],
)
def test_login_never_redirects_off_site(browser_for, target):
    resp = _login(browser_for().client, "anna", "demo", volgende=target)
    if target[1] in "\x00\x7f":  # NUL and DEL are refused for every request (web/hygiene.py): no login
        assert resp.status_code == 400 and "Location" not in resp.headers
        return
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/inbox"


def test_a_logged_in_visit_to_the_login_page_with_a_tab_target_stays_local(browser_for):
    b = browser_for("anna")
    resp = b.get("/inloggen", query_string={"volgende": EVIL})
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox"


@pytest.mark.parametrize("target", ["/zaken\r\nSet-Cookie: x=y", "/zaken\r", "/zaken\n", "\r\n"])
def test_cr_lf_in_the_return_target_is_no_server_error(browser_for, target):
    resp = _login(browser_for().client, "anna", "demo", volgende=target)
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert "\r" not in location and "\n" not in location and location.startswith("/")
    assert not location.startswith("//") and "x=y" not in resp.headers.get("Set-Cookie", "").split(";")[0]
    b = browser_for("anna")
    assert b.get("/inloggen", query_string={"volgende": target}).status_code == 302


def test_safe_next_accepts_local_paths_only():
    from web.faces.security import safe_next

    home = "/start"
    for bad in (
        None,
        "",
        EVIL,
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " /zaken",
        "/\u0085/evil.example",
        "/\x9b/evil.example",
        "/\x0b\x0c/evil.example",
    ):
        assert safe_next(bad, home) == home, repr(bad)
    assert safe_next("/zaken?tab=team#x", home) == "/zaken?tab=team#x"
    assert safe_next("/zaken\r\n", home) == "/zaken"
    assert safe_next("/za\tken", home) == "/zaken"


# -- login throttling, held in the database --------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database: the worker's PostgreSQL one emptied, or a copy of the run's migrated SQLite."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    copy_sqlite(request.getfixturevalue("migrated_sqlite"), tmp_path / "sessies.db")
    return f"sqlite:///{tmp_path / 'sessies.db'}"


class Site:
    """One web process on a shared (migrated) database; ``restart()`` builds a new platform and app on it."""

    def __init__(self, url: str, folder: Path, clock: FixedClock):
        self.settings = Settings(
            instance_dir=folder, database_url=url, scheduler_in_web=False, secret_key="test-secret-sessies"
        )
        self.clock = clock
        self.platform = Platform.create(self.settings, clock, migrate=False)
        for name in ("anna", "bert"):
            users.add_user(
                self.platform, name, groups=["Vergunningen"], role="vergunningverlener", password="demo"
            )
        self.app = self._app()

    def _app(self) -> Flask:
        from web import create_app

        app = create_app(self.settings, platform=self.platform)
        app.config.update(TESTING=True, STATUS_MAX_WRONG_CODES=3)
        return app

    def restart(self) -> None:
        self.platform.close()
        self.platform = Platform.create(self.settings, self.clock)
        self.app = self._app()

    def client(self) -> FlaskClient:
        return self.app.test_client()


@pytest.fixture
def site(db_url: str, tmp_path: Path) -> Iterator[Site]:
    from datetime import UTC, datetime

    s = Site(db_url, tmp_path, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    yield s
    s.platform.close()


def _assert_throttled(resp: Any) -> None:
    assert resp.status_code == 429, resp.status_code
    assert int(resp.headers["Retry-After"]) > 0
    assert "Te veel mislukte inlogpogingen" in resp.text


def test_thirty_wrong_passwords_then_the_right_one_is_refused_also_after_a_restart(site):
    statuses = [_login(site.client(), "anna", f"fout{i}").status_code for i in range(30)]
    _assert_throttled(_login(site.client(), "anna", "demo"))
    limit = site.settings.login_max_failures_per_account
    assert statuses[:limit] == [401] * limit
    assert set(statuses[limit:]) == {429}
    _assert_throttled(_login(site.client(), "anna", "demo", address="10.9.9.9"))  # per account, any address

    site.restart()  # a new process on the same database
    c = site.client()
    _assert_throttled(_login(c, "anna", "demo"))
    assert c.get("/inbox").status_code == 302  # not logged in
    assert _login(site.client(), "bert", "demo", address="10.2.2.2").status_code == 302  # others unaffected

    site.clock.advance(minutes=site.settings.login_window_minutes + 1)
    assert _login(site.client(), "anna", "demo").status_code == 302


def test_a_good_login_resets_the_account_counter(site):
    limit = site.settings.login_max_failures_per_account
    for i in range(limit - 1):
        assert _login(site.client(), "anna", f"fout{i}").status_code == 401
    assert _login(site.client(), "anna", "demo").status_code == 302
    for i in range(limit - 1):
        assert _login(site.client(), "anna", f"weer{i}").status_code == 401
    assert _login(site.client(), "anna", "demo").status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(site):
    per_address = site.settings.login_max_failures_per_address
    for i in range(per_address):
        assert _login(site.client(), f"gok{i}", "fout", address="10.6.6.6").status_code == 401
    _assert_throttled(_login(site.client(), "bert", "demo", address="10.6.6.6"))
    site.restart()
    _assert_throttled(_login(site.client(), "bert", "demo", address="10.6.6.6"))
    assert _login(site.client(), "bert", "demo", address="10.7.7.7").status_code == 302


def test_wrong_status_codes_stay_counted_after_a_restart(site):
    wrong = "/api/v1/status/" + "x" * 32
    addr = {"REMOTE_ADDR": "10.3.3.3"}
    for _ in range(3):
        assert site.client().get(wrong, environ_base=addr).status_code == 404
    assert site.client().get(wrong, environ_base=addr).status_code == 429
    site.restart()
    limited = site.client().get(wrong, environ_base=addr)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert site.client().get(wrong, environ_base={"REMOTE_ADDR": "10.4.4.4"}).status_code == 404


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(site):
    for i in range(site.settings.login_max_failures_per_address):
        spoofed = {"X-Forwarded-For": f"192.0.2.{i}"}  # a guesser varying the header gains nothing
        assert (
            _login(site.client(), f"gok{i}", "fout", address="127.0.0.1", headers=spoofed).status_code == 401
        )
    _assert_throttled(_login(site.client(), "bert", "demo", address="127.0.0.1"))

    site.settings = site.settings.with_(trusted_proxy_hops=1)
    site.restart()
    forwarded = {"X-Forwarded-For": "198.51.100.7"}
    # behind a trusted proxy the proxy's own (throttled) address is not the client's
    assert _login(site.client(), "bert", "demo", address="127.0.0.1", headers=forwarded).status_code == 302


@pytest.mark.parametrize("sent", ["é", "tëst", "\u200b"])
def test_a_non_ascii_csrf_token_is_refused_not_a_crash(browser_for, sent):
    """Tester finding (toegang 5): hmac.compare_digest raised TypeError on non-ASCII text: a 500."""
    b = browser_for()
    b.get("/inloggen")
    assert (
        b.post("/inloggen", {"gebruikersnaam": "anna", "wachtwoord": "demo", "csrf_token": sent}).status_code
        == 400
    )
    anna = browser_for("anna")
    resp = anna.client.post("/api/v1/taken/1/claim", headers={"X-CSRF-Token": sent})
    assert resp.status_code == 400 and resp.json["code"] == "csrf-ongeldig"
    assert anna.get("/inbox").status_code == 200  # still logged in, nothing else happened
