"""`gunicorn web.wsgi:app`, the Docker image's entry point, refuses to build its app with the published
development secret key or without RUIMTEFLOW_BASE_URL, as `ruimteflow serve` does off loopback
(tests/unit/test_serve_secret_key.py, test_serve_base_url.py): it built the app with no check at all,
so the image run by hand (not through docker/compose.yaml, which demands both) signed sessions with a key
anyone can read and mailed links to 127.0.0.1. The app cannot see where gunicorn listens, so it has no
loopback exception: serve has it, and `make run` uses serve (tests/e2e/test_serve.py)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gunicorn.errors import AppImportError

DEV_SECRET_KEY = "dev-only-change-me"  # the published development value (services.config)
KEY = "een-lange-willekeurige-waarde"
BASE_URL = "https://ruimteflow.gemeente.nl"


@pytest.fixture
def wsgi(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Any]:
    """web.wsgi as gunicorn imports it, on this test's SQLite file, with neither setting; its built app (a
    module attribute once built) is closed and forgotten afterwards."""
    for name in ("RUIMTEFLOW_SECRET_KEY", "RUIMTEFLOW_BASE_URL", "RUIMTEFLOW_TRUSTED_PROXY_HOPS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(settings.instance_dir))
    monkeypatch.setenv("RUIMTEFLOW_SCHEDULER_IN_WEB", "0")  # no timer thread left running
    module = importlib.import_module("web.wsgi")
    yield module
    app = module.__dict__.pop("app", None)
    if app is not None:
        app.extensions["ruimteflow"].close()


@pytest.mark.parametrize("key", [None, "", "  ", DEV_SECRET_KEY])
def test_the_app_is_refused_with_the_development_key(wsgi, monkeypatch, key):
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", BASE_URL)
    if key is not None:
        monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", key)
    with pytest.raises(AppImportError) as refused:
        wsgi.app  # noqa: B018 - building it is the point
    assert str(refused.value).startswith(
        "Fout: RUIMTEFLOW_SECRET_KEY is niet ingesteld (of is de openbare ontwikkelwaarde) en gunicorn "
        "web.wsgi:app kan van elders bereikbaar zijn"
    )
    assert "secrets.token_urlsafe" in str(refused.value)  # says how to make one
    assert refused.value.__cause__.code == "geheime-sleutel-ontbreekt"  # serve's code
    assert "app" not in vars(wsgi)


def test_the_app_is_refused_without_a_base_url(wsgi, monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", KEY)
    with pytest.raises(AppImportError) as refused:
        wsgi.app  # noqa: B018
    assert "RUIMTEFLOW_BASE_URL is niet ingesteld en gunicorn web.wsgi:app" in str(refused.value)
    assert "export RUIMTEFLOW_BASE_URL=https://" in str(refused.value)  # says what to set
    assert refused.value.__cause__.code == "basis-url-ontbreekt"


def test_the_app_is_built_with_its_own_key_and_a_base_url(wsgi, monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_SECRET_KEY", KEY)
    monkeypatch.setenv("RUIMTEFLOW_BASE_URL", BASE_URL)
    app = wsgi.app
    assert app.secret_key == KEY
    assert wsgi.app is app  # built once
    assert app.test_client().get("/inloggen").status_code == 200


def test_gunicorn_stops_with_the_dutch_refusal(tmp_path: Path) -> None:
    """A real gunicorn: its worker cannot load the app, so it stops (exit code 4, "App failed to load")
    with the refusal on stderr as the CLI words it, not in a traceback."""
    env = {
        **os.environ,
        "RUIMTEFLOW_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.db'}",
        "RUIMTEFLOW_BASE_URL": BASE_URL,
        "RUIMTEFLOW_SECRET_KEY": DEV_SECRET_KEY,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "web.wsgi:app"]
    done = subprocess.run(gunicorn, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "\nFout: RUIMTEFLOW_SECRET_KEY is niet ingesteld" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "wsgi.db").exists()  # refused before the database was opened
