"""WSGI entry point for gunicorn: `gunicorn web.wsgi:app` (settings from the environment)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # built on first access, not at import time
    if name == "app":
        from web import create_app

        globals()["app"] = create_app(start_scheduler=True)
        return globals()["app"]
    raise AttributeError(name)
