"""WSGI entry point for gunicorn: `gunicorn web.wsgi:app` (settings from the environment)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # built on first access, not at import time
    if name == "app":
        from services import logs
        from web import create_app

        logs.configure()  # as the CLI does (services/logs.py)
        globals()["app"] = create_app(start_scheduler=True)
        return globals()["app"]
    raise AttributeError(name)
