"""The e2e fixtures: a demo-seeded app per test (Flask test client) and, for the browser tests, the app
served by werkzeug in a thread plus headless chromium driven by Playwright. The building blocks
(chromium, CSRF, live server) live once in tests/e2e/harness.py; the kaart/status fixtures
(tests/e2e/kaart_status_fixtures.py) use the same ones and the one ``clock`` of tests/conftest.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services import demo
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.e2e.harness import (
    CHROMIUM_ARGS,
    NO_CHROMIUM,
    LiveServer,
    chromium_path,
    csrf_from,
    launched_chromium,
    log_in,
)
from tests.shared_build import built_once, shared_demo_layers

__all__ = ["CHROMIUM_ARGS", "NO_CHROMIUM", "chromium_path", "csrf_from", "token_of"]

FIXTURE_BPMN = Path(__file__).resolve().parent.parent / "fixtures" / "bpmn"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _settings(folder: Path) -> Settings:
    models = folder / "bpmn"
    models.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE_BPMN / "vergunning_klein.bpmn", models / "vergunning_klein.bpmn")
    return Settings(
        instance_dir=folder,
        database_url=f"sqlite:///{folder / 'faces.db'}",
        bpmn_dir=models,
        scheduler_in_web=False,
        secret_key="test-secret-faces",
        # tests move the clock by days while a browser stays logged in; test_sessions sets real lifetimes
        session_idle_minutes=60 * 24 * 365,
        session_max_hours=24 * 365,
    )


def seeded_platform(
    folder: Path, clock: Any, template: Path | None = None, layers: Path | None = None
) -> Platform:
    """A fresh SQLite database with the demo users and the deterministic 'vergunning_klein' model.

    With ``template`` (a database built earlier by this function) the file is copied instead of rebuilt:
    hashing thirteen demo passwords and migrating takes seconds, a copy takes milliseconds. With ``layers``
    (the run's generated demo layers, tests/shared_build.py) the platform reads those instead of generating
    the same layers into ``folder`` on first use (seconds of CPU each time).
    """
    settings = _settings(folder)
    if layers is not None:
        settings = settings.with_(gis_layers_dir=str(layers))
    if template is not None:
        copy_sqlite(template, folder / "faces.db")
        return Platform.create(settings, clock, migrate=False)
    platform = Platform.create(settings, clock)
    demo.build(platform, seed=False)
    return platform


def _build_faces_template(folder: Path) -> Path:
    seeded_platform(folder, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))).close()
    return folder / "faces.db"


@pytest.fixture(scope="session")
def faces_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database of ``seeded_platform``, built once per test run (shared by the xdist workers)."""
    return built_once(tmp_path_factory, "faces-template", _build_faces_template)


@pytest.fixture(scope="session")
def faces_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's generated demo layers (tests/shared_build.py), which the faces platforms read: the same
    layers each platform would otherwise generate into its own instance folder on its first map or
    location check (seconds of CPU per test). No faces test writes layers."""
    return shared_demo_layers(tmp_path_factory)


@pytest.fixture
def faces_clock(clock: FixedClock) -> FixedClock:
    """The one test clock (tests/conftest.py), under the name the faces tests use."""
    return clock


@pytest.fixture
def faces_platform(
    tmp_path: Path, faces_clock: FixedClock, faces_template: Path, faces_layers: Path
) -> Iterator[Platform]:
    p = seeded_platform(tmp_path, faces_clock, faces_template, faces_layers)
    yield p
    p.close()


@pytest.fixture
def faces_app(faces_platform: Platform) -> Flask:
    from web import create_app

    app = create_app(faces_platform.settings, platform=faces_platform)
    app.config["TESTING"] = True
    return app


class Browser:
    """A Flask test client that logs in like a person and posts forms with their CSRF token."""

    def __init__(self, app: Flask):
        self.app = app
        self.client: FlaskClient = app.test_client()

    def login(self, username: str, password: str = "demo") -> Any:
        return log_in(self.client, username, password)

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def csrf(self) -> str:
        with self.client.session_transaction() as sess:
            return str(sess.get("csrf", ""))

    def post(self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any) -> Any:
        body = dict(data or {})
        if csrf:
            body.setdefault("csrf_token", self.csrf())
        return self.client.post(url, data=body, **kw)


#: the CSRF token of a page (the same helper as kaart_status_fixtures.csrf_from)
token_of = csrf_from


@pytest.fixture
def browser_for(faces_app: Flask) -> Any:
    """browser_for('anna') -> a logged-in test-client Browser."""

    def make(username: str | None = None) -> Browser:
        b = Browser(faces_app)
        if username:
            resp = b.login(username)
            assert resp.status_code == 302, resp.text
        return b

    return make


# -- real browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, faces_template: Path, faces_layers: Path
) -> Iterator[dict[str, Any]]:
    """The app on 127.0.0.1 with a free port (harness.LiveServer), demo users, test model."""
    from services.clock import SystemClock
    from web import create_app

    folder = tmp_path_factory.mktemp("faces_live")
    platform = seeded_platform(folder, SystemClock(), faces_template, faces_layers)
    app = create_app(platform.settings, platform=platform)
    server = LiveServer(app)
    try:
        yield {"url": server.url, "platform": platform, "app": app}
    finally:
        server.stop()
        platform.close()


@pytest.fixture(scope="session")
def session_chromium() -> Iterator[Any]:
    """One headless chromium per test session (per xdist worker): starting it costs about a second of
    CPU, a fresh context per test (``new_page``) costs milliseconds and isolates cookies just as well."""
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def browser(session_chromium: Any) -> Any:
    """Headless chromium (skipped without chromium): the session's one browser."""
    return session_chromium


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    """The same browser under the name the faces tests use."""
    return browser


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# -- data helpers ------------------------------------------------------------------------------------
@pytest.fixture
def start_case(faces_platform: Platform) -> Any:
    """start_case(title=..., location=..., geometry=WKT) -> case dict of a new 'vergunning_klein' case."""
    from services import cases

    def start(
        title: str = "Dakkapel Dorpsstraat 1",
        location: str | None = "Dorpsstraat 1, Ruimtedal",
        geometry: str | None = None,
        user: str = "anna",
        initiator: str | None = "J. Jansen",
    ) -> dict[str, Any]:
        return cases.start_case(
            faces_platform,
            "vergunning_klein",
            {},
            user=user,
            title=title,
            location_name=location,
            geometry_wkt=geometry,
            initiator=initiator,
        )

    return start


@pytest.fixture
def enrich_case(faces_platform: Platform) -> Any:
    """Write what the locatiecheck and the term computation would have written (deadline, conflicts)."""
    return lambda ref, **kw: enrich(faces_platform, ref, **kw)


def enrich(
    platform: Platform,
    ref: str,
    *,
    deadline: Any = None,
    steps: list[str] | None = None,
    conflicts: list[dict[str, Any]] | None = None,
) -> None:
    from sqlalchemy import select

    from services import projections
    from services.store.models import Case, CaseConflict, HumanTask

    with platform.uow() as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        if deadline is not None:
            case.uiterlijke_einddatum_afdoening = deadline
            case.deadline_info = {"stappen": steps or [f"Uiterste beslisdatum: {deadline.isoformat()}"]}
        for c in conflicts or []:
            s.add(
                CaseConflict(
                    case_id=case.id,
                    **{
                        "laag": "natura2000",
                        "feature_id": "N-1",
                        "ernst": "blokkerend",
                        "afdeling": "Natuur",
                        "regel": "natura2000-afstand",
                        "beschrijving": "Binnen 250 m van een Natura 2000-gebied",
                        "bron": "Provincie, Natura 2000-kaart 2025",
                        **c,
                    },
                )
            )
        s.flush()
        severity = projections.max_severity(s, case.id)
        for t in s.scalars(
            select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == "open")
        ).all():
            t.legal_deadline = case.uiterlijke_einddatum_afdoening
            t.max_severity = severity
            for cand in t.candidates:
                if hasattr(cand, "sort_deadline"):  # the inbox's denormalised sort key
                    cand.sort_deadline = t.legal_deadline or date.max
        uow.commit()
