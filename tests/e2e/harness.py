"""The one set of e2e building blocks: where chromium is, how it starts, the CSRF token of a page and a
live server. The fixtures of tests/e2e/conftest.py and tests/e2e/kaart_status_fixtures.py use these;
there is no second copy."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = (
    "chromium ontbreekt (zet RUIMTEFLOW_CHROMIUM of installeer /usr/bin/chromium): browsertests overgeslagen"
)


def chromium_path() -> str | None:
    """RUIMTEFLOW_CHROMIUM, else /usr/bin/chromium, else chromium on the PATH; None when not executable."""
    path = os.environ.get("RUIMTEFLOW_CHROMIUM") or "/usr/bin/chromium"
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    return shutil.which("chromium")


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Headless chromium through Playwright; the test is skipped when there is none."""
    path = chromium_path()
    if path is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def csrf_from(html: str) -> str:
    """The CSRF token of a page's form."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "geen CSRF-veld in de pagina"
    return match.group(1)


def log_in(client: Any, username: str, password: str = "demo") -> Any:
    """The response to ``client`` posting the login form as ``username`` (with the form's CSRF token)."""
    token = csrf_from(client.get("/inloggen").text)
    return client.post(
        "/inloggen", data={"gebruikersnaam": username, "wachtwoord": password, "csrf_token": token}
    )


def logged_in(app: Any, username: str, password: str = "demo") -> Any:
    """A test client of ``app`` logged in as ``username`` through the login form (with its CSRF token)."""
    client = app.test_client()
    resp = log_in(client, username, password)
    assert resp.status_code == 302, resp.text
    return client


def page_text(html: str) -> str:
    """A page's visible text: tags out, entities read, white space as single spaces."""
    from html import unescape

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def status_form(html: str) -> dict[str, str]:
    """The CSRF token and the single-use submission token of a status page's message forms."""
    match = re.search(r'name="indiening" value="([^"]+)"', html)
    assert match, "geen indieningstoken in de statuspagina"
    return {"csrf_token": csrf_from(html), "indiening": match.group(1)}


def wait_for_js(page: Any, expression: str, arg: Any = None, timeout: float = 10.0) -> None:
    """Wait until a JavaScript expression (or a one-argument function given ``arg``) is truthy.

    Playwright's own ``wait_for_function`` re-evaluates its predicate with ``eval`` inside the page
    once the first check fails, and the faces' Content-Security-Policy (``script-src 'self'``) forbids
    that; ``page.evaluate`` runs through the DevTools protocol, which the policy does not cover.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression) if arg is None else page.evaluate(expression, arg)
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"na {timeout} s nog steeds onwaar: {expression}")
        page.wait_for_timeout(50)


def body_read_whole(app: Any) -> Any:
    """The app with each response body read and closed before werkzeug starts writing it.

    When the browser drops a connection mid-response (it navigates on while a stylesheet is sent),
    werkzeug's development server drains the socket in its ``finally`` and the read raises on the
    reset connection before it closes the response; the static file stays open and its
    ResourceWarning surfaces in whichever test runs next. A body read whole is closed here, whatever
    the connection does. The e2e responses are small; nothing in the tests relies on streaming.
    """

    def read_whole(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return read_whole


#: seconds between the live server's looks at a stop request (socketserver's default is 0.5 s, which
#: ``stop`` waited out at the end of every browser test that has a server of its own)
POLL_INTERVAL = 0.02


class LiveServer:
    """A Flask app on 127.0.0.1 with a free port (werkzeug make_server in a thread)."""

    def __init__(self, app: Any) -> None:
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, body_read_whole(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name="e2e-live-server",
            daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
