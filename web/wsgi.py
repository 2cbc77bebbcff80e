"""WSGI entry point for gunicorn: `gunicorn web.wsgi:app` (settings from the environment).

The app is built on first access, not at import time. It refuses to build without its own
RUIMTEFLOW_SECRET_KEY or without RUIMTEFLOW_BASE_URL, as `ruimteflow serve` does off loopback: the app
cannot see where gunicorn listens, so it counts as reachable from elsewhere (web.start_checks.WSGI). A
refusal of the configuration reaches gunicorn as an AppImportError, which gunicorn prints as it is (the
Dutch ``Fout: ...`` line of the CLI, no traceback) before it stops with exit code 4 ("App failed to load").
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        globals()["app"] = _build()
        return globals()["app"]
    raise AttributeError(name)


def _build() -> Any:
    from gunicorn.errors import AppImportError

    from processes.errors import RuimteflowError
    from services import logs
    from services.config import Settings
    from web import create_app
    from web.start_checks import WSGI, refuse_unconfigured

    try:
        settings = Settings.from_env()
        refuse_unconfigured(settings, WSGI)
        logs.configure()  # as the CLI does (services/logs.py)
        return create_app(settings, start_scheduler=True)
    except RuimteflowError as exc:  # the CLI's refusal line (web/cli_errors.report)
        raise AppImportError(f"Fout: {exc.detail}") from exc
