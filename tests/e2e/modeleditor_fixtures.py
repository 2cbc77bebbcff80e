"""Fixtures for the model editor's JSON routes: the real models of bpmn/ deployed with the demo users
(no sample cases), built once per session and copied per test, and a logged-in JSON client that sends
the X-CSRF-Token header. Import the fixtures into a test module:
``from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template`` and name them
in the module's ``__all__``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from services import demo
from services.clock import FixedClock
from services.config import PROJECT_ROOT, Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.e2e.harness import logged_in
from tests.shared_build import built_once, shared_demo_layers

BASE = "/beheer/modellen/{}/concept"


def editor_settings(folder: Path) -> Settings:
    return Settings(
        instance_dir=folder,
        database_url=f"sqlite:///{folder / 'editor.db'}",
        bpmn_dir=PROJECT_ROOT / "bpmn",
        scheduler_in_web=False,
        secret_key="test-secret-editor",
        session_idle_minutes=60 * 24 * 365,
        session_max_hours=24 * 365,
    )


def build_editor_database(folder: Path) -> Path:
    """The real models of bpmn/ deployed with the demo users (no cases) in ``folder``/editor.db; also
    the database of tests/benchmarks/bench_editor.py."""
    platform = Platform.create(editor_settings(folder), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    demo.build(platform, fresh=False, seed=False)
    platform.close()
    return folder / "editor.db"


@pytest.fixture(scope="session")
def editor_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per test run (shared by the xdist workers), copied per test."""
    return built_once(tmp_path_factory, "editor-template", build_editor_database)


@pytest.fixture
def editor_platform(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, clock: FixedClock, editor_template: Path
) -> Iterator[Platform]:
    """A copy of the template; its scenario runs read the run's generated demo layers (tests/shared_build.py)
    instead of generating the same layers for every run of Testen or In gebruik nemen."""
    copy_sqlite(editor_template, tmp_path / "editor.db")
    settings = editor_settings(tmp_path).with_(gis_layers_dir=str(shared_demo_layers(tmp_path_factory)))
    platform = Platform.create(settings, clock, migrate=False)
    yield platform
    platform.close()


@pytest.fixture
def editor_app(editor_platform: Platform) -> Flask:
    from web import create_app

    app = create_app(editor_platform.settings, platform=editor_platform)
    app.config["TESTING"] = True
    return app


class EditorClient:
    """A logged-in test client for the JSON routes: ``c.put("omgevingsvergunning", "", json={...})``."""

    def __init__(self, app: Flask, username: str):
        self.client = logged_in(app, username)
        with self.client.session_transaction() as sess:
            self.token = str(sess.get("csrf", ""))

    def url(self, process_id: str, action: str = "") -> str:
        return BASE.format(process_id) + (f"/{action}" if action else "")

    def get(self, process_id: str) -> Any:
        return self.client.get(self.url(process_id), headers={"Accept": "application/json"})

    def send(self, method: str, process_id: str, action: str = "", *, csrf: bool = True, **kw: Any) -> Any:
        headers = {"X-CSRF-Token": self.token} if csrf else {}
        return self.client.open(self.url(process_id, action), method=method, headers=headers, **kw)

    def put(self, process_id: str, **kw: Any) -> Any:
        return self.send("PUT", process_id, **kw)

    def post(self, process_id: str, action: str, **kw: Any) -> Any:
        return self.send("POST", process_id, action, **kw)
