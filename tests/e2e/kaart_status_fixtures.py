"""Fixtures for the kaart and status tests.

Browser scenarios run on the real procedure models of bpmn/ with the demo data: ``services.demo.build``
(all files of bpmn/, demo users with password "demo", one wijk plan per phase, wind initiatives,
permit cases) is run once per test module on the generated demo layers; each test gets a copy of that
database behind a live server and drives it with headless chromium.

The HTTP tests (privacy, rate limiting, forms) still use two small fixture models
(tests/fixtures/bpmn/kaart_status_*.bpmn) with the real termijnen services plus two test services
registered here (one suspension start and one end, because a deploy refuses a parameter id used twice
in one file).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services import deployments, users
from services.clock import FixedClock
from services.config import Settings
from services.store.db import copy_sqlite
from tests.conftest import FIXTURES, clock
from tests.e2e.conftest import browser
from tests.e2e.harness import CHROMIUM_ARGS, NO_CHROMIUM, LiveServer, chromium_path, csrf_from, status_form
from tests.shared_build import built_once, shared_demo_layers

# One fixture system: the clock of tests/conftest.py, the browser of tests/e2e/conftest.py and the
# helpers of tests/e2e/harness.py, re-exported under the names the kaart/status tests import.
__all__ = [
    "CHROMIUM_ARGS",
    "NO_CHROMIUM",
    "LiveServer",
    "browser",
    "chromium_path",
    "clock",
    "csrf_from",
    "status_form",
]

MODELS: list[str | Path] = [
    FIXTURES / "bpmn" / "kaart_status_vergunning.bpmn",
    FIXTURES / "bpmn" / "kaart_status_wind.bpmn",
]


def _register_test_services(platform: Any) -> None:
    from services.domain import termijnen

    register_service = platform.registry.service  # this app's platform only

    def opschorting(data: dict[str, Any], start_dagen: int = 28, **_: Any) -> dict[str, Any]:
        return termijnen.opschorting_starten(data, data["termijn"], dagen=start_dagen)

    def hervatting(data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return termijnen.opschorting_beeindigen(data, data["termijn"])

    register_service("kaart_status_opschorting", opschorting, "test: opschorting starten")
    register_service("kaart_status_hervatting", hervatting, "test: opschorting beëindigen")


def _register_test_forms() -> None:
    from services.status import application_forms as forms

    forms.register_application_form(
        dataclasses.replace(
            forms.APPLICATION_FORMS["omgevingsvergunning"], process_id="kaart_status_vergunning"
        )
    )
    forms.register_application_form(
        dataclasses.replace(
            forms.APPLICATION_FORMS["windpark"], process_id="kaart_status_wind", location_mode="punt"
        )
    )


@pytest.fixture(scope="module")
def demo_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated demo layers, generated once per test run (shared by the xdist workers) and only read
    by the tests."""
    return shared_demo_layers(tmp_path_factory)


def make_app(tmp: Path, layers_dir: Path, clock: FixedClock, **config: Any) -> Any:
    """The app on a copy of a database with the two test models and five users, seeded once per process
    and clock time: migrating, deploying and hashing five passwords per test took most of its time."""
    from services.platform import Platform
    from web import create_app

    _register_test_forms()
    settings = _settings(tmp, layers_dir)
    key = (Path(layers_dir), clock.now())
    if key not in _APP_TEMPLATES:
        _APP_TEMPLATES[key] = _seeded_template(layers_dir, clock)
    copy_sqlite(_APP_TEMPLATES[key], tmp / "kaart_status.db")
    platform = Platform.create(settings, clock, migrate=False)
    _register_test_services(platform)
    app = create_app(settings, platform=platform)
    app.config.update(TESTING=False, **config)
    return app


#: seeded databases of ``make_app`` in this process, per (layers folder, clock time)
_APP_TEMPLATES: dict[tuple[Path, datetime], Path] = {}


def _settings(folder: Path, layers_dir: Path) -> Settings:
    return Settings(
        instance_dir=folder,
        database_url=f"sqlite:///{folder / 'kaart_status.db'}",
        gis_layers_dir=str(layers_dir),
        base_url="http://127.0.0.1",
    )


def _seeded_template(layers_dir: Path, clock: FixedClock) -> Path:
    import atexit
    import shutil
    import tempfile

    from services.platform import Platform

    folder = Path(tempfile.mkdtemp(prefix="kaart_status_template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    platform = Platform.create(_settings(folder, layers_dir), FixedClock(clock.now()))
    try:
        _register_test_services(platform)
        deployments.deploy(platform, deployments.read_files(MODELS), user="test")
        for name, role, groups in (
            ("anna", "vergunningverlener", ["Vergunningen"]),
            ("eva", "adviseur", ["Energie & Klimaat"]),
            ("pim", "projectleider", ["Projectleider warmtetransitie"]),
            ("coop", "initiatiefnemer", []),
            ("bea", "beheerder", ["Beheer"]),
        ):
            users.add_user(
                platform,
                name,
                groups=groups,
                role=role,
                password="demo",
                token=f"token-{name}",
                display_name={"anna": "Anna de Vries", "eva": "Eva Smit"}.get(name, name),
            )
    finally:
        platform.close()
    return folder / "kaart_status.db"


@pytest.fixture
def app(tmp_path: Path, demo_layers: Path, clock: FixedClock) -> Iterator[Any]:
    app = make_app(tmp_path, demo_layers, clock)
    yield app
    app.extensions["ruimteflow"].close()


# -- the real models with the demo data ---------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[2]
DEMO_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday; the demo seed and the tests start here


def demo_settings(folder: Path, layers_dir: Path) -> Settings:
    return Settings(
        instance_dir=folder,
        database_url=f"sqlite:///{folder / 'demo.db'}",
        bpmn_dir=ROOT / "bpmn",
        gis_layers_dir=str(layers_dir),
        base_url="http://127.0.0.1",
        scheduler_in_web=False,
    )


def shared_demo_database(tmp_path_factory: pytest.TempPathFactory, layers_dir: Path) -> Path:
    """A database built by ``services.demo.build`` on bpmn/, once per test run (tests/shared_build.py:
    the first xdist worker that needs it builds it, the others wait and reuse it): seeding a year of
    history and rendering its PDFs take half a minute of CPU; each test copies the file (and its
    document store) in milliseconds. Built on the run's shared demo layers only."""
    assert layers_dir == shared_demo_layers(tmp_path_factory), layers_dir
    return built_once(
        tmp_path_factory, "demo-database", lambda folder: build_demo_template(folder, layers_dir)
    )


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory, demo_layers: Path) -> Path:
    return shared_demo_database(tmp_path_factory, demo_layers)


@pytest.fixture
def demo_platform(tmp_path: Path, demo_layers: Path, clock: FixedClock, demo_database: Path) -> Iterator[Any]:
    """A platform on a copy of the demo database (built once per worker), with its document store."""
    platform = demo_copy(tmp_path, demo_layers, clock, demo_database)
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, demo_layers: Path) -> Path:
    """The shared demo database for the browser tests (skipped without chromium)."""
    if not chromium_path():
        pytest.skip(NO_CHROMIUM)
    return shared_demo_database(tmp_path_factory, demo_layers)


def build_demo_template(folder: Path, layers_dir: Path) -> Path:
    from services import demo
    from services.platform import Platform

    platform = Platform.create(demo_settings(folder, layers_dir), FixedClock(DEMO_START))
    try:
        demo.build(platform)
    finally:
        platform.close()
    return folder / "demo.db"


def demo_copy(tmp: Path, layers_dir: Path, clock: FixedClock, template: Path) -> Any:
    """A platform on a copy of the demo database and of its document store."""
    import shutil

    from services.platform import Platform

    settings = demo_settings(tmp, layers_dir)
    copy_sqlite(template, tmp / "demo.db")
    if (template.parent / "documenten").is_dir():
        shutil.copytree(template.parent / "documenten", tmp / "documenten", dirs_exist_ok=True)
    return Platform.create(settings, clock, migrate=False)


def make_demo_app(tmp: Path, layers_dir: Path, clock: FixedClock, template: Path) -> Any:
    from web import create_app

    platform = demo_copy(tmp, layers_dir, clock, template)
    return create_app(platform.settings, platform=platform)


@pytest.fixture(scope="module")
def module_demo_platform(
    tmp_path_factory: pytest.TempPathFactory, demo_layers: Path, demo_database: Path
) -> Iterator[Any]:
    """One platform on a copy of the demo database for all tests of a module, its own clock fixed at
    DEMO_START (``demo_platform = fx.module_demo_platform``): for tests that read the demo's history."""
    platform = demo_copy(tmp_path_factory.mktemp("demo"), demo_layers, FixedClock(DEMO_START), demo_database)
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def module_demo_app(
    tmp_path_factory: pytest.TempPathFactory, demo_layers: Path, demo_database: Path
) -> Iterator[Any]:
    """The app on one copy of the demo database for all tests of a module (``demo_app =
    fx.module_demo_app``), as ``module_demo_platform``."""
    app = make_demo_app(tmp_path_factory.mktemp("demo"), demo_layers, FixedClock(DEMO_START), demo_database)
    yield app
    app.extensions["ruimteflow"].close()


@pytest.fixture
def testing_demo_app(
    tmp_path: Path, demo_layers: Path, clock: FixedClock, demo_database: Path
) -> Iterator[Any]:
    """The app on a copy of the shared demo database, in Flask's TESTING mode (``app = fx.testing_demo_app``)."""
    app = make_demo_app(tmp_path, demo_layers, clock, demo_database)
    app.config["TESTING"] = True
    yield app
    app.extensions["ruimteflow"].close()


@pytest.fixture
def demo_app(tmp_path: Path, demo_layers: Path, clock: FixedClock, demo_template: Path) -> Iterator[Any]:
    app = make_demo_app(tmp_path, demo_layers, clock, demo_template)
    yield app
    app.extensions["ruimteflow"].close()


@pytest.fixture
def live(demo_app: Any) -> Iterator[LiveServer]:
    server = LiveServer(demo_app)
    yield server
    server.stop()


def new_page(browser: Any) -> Any:
    """A page in a fresh browser context (own cookies), Dutch locale, no internet."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
    p = context.new_page()
    p.set_default_timeout(10_000)
    return p


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    p = new_page(browser)
    yield p
    p.context.close()


def login(page: Any, live: LiveServer, username: str, password: str = "demo", target: str = "/kaart") -> None:
    page.goto(f"{live.url}/inloggen?volgende={target}")
    page.fill("input[name=gebruikersnaam]", username)
    page.fill("input[name=wachtwoord]", password)
    page.click("button[type=submit]")


def insert_map_cases(platform: Any, rows: list[dict[str, Any]]) -> list[str]:
    """Projection rows for the map (the map reads projections only), with WGS84 polygons or points."""
    import secrets

    from sqlalchemy import select

    from services.clock import in_nl
    from services.geometry import wgs84_to_rd_wkt
    from services.projections import set_geometry
    from services.store.models import Case, CaseConflict, ProcessDefinition

    now = platform.clock.now()
    refs = []
    with platform.uow() as uow:
        s = uow.session
        definition_id = s.scalars(select(ProcessDefinition.id).limit(1)).first()
        for i, row in enumerate(rows):
            ref = row.get("zaak") or f"Z-2026-9{i:05d}"
            case = Case(
                reference=ref,
                process_id=row["proces"],
                definition_id=definition_id,
                procedure=row.get("procedure", row["proces"]),
                title=row["titel"],
                status=row.get("status", "lopend"),
                phase=row.get("fase"),
                tracking_code=secrets.token_urlsafe(24),
                waiting_for=row.get("wacht_op"),
                holder=row.get("houder"),
                created_at=now,
                updated_at=now,
                uiterlijke_einddatum_afdoening=row.get("deadline"),
                next_timer_at=row.get("timer"),
                # a timer that ends no term (no einde_dag) stands for the Dutch day it fires on
                next_timer_day=in_nl(row["timer"]).date() if row.get("timer") else None,
                location_name=row.get("locatie"),
            )
            set_geometry(case, wgs84_to_rd_wkt(row["geometrie"]))
            s.add(case)
            s.flush()
            for c in row.get("conflicten", []):
                s.add(
                    CaseConflict(
                        case_id=case.id,
                        regel=c["regel"],
                        laag=c["laag"],
                        feature_id=str(c["feature_id"]),
                        ernst=c["ernst"],
                        afdeling=c["afdeling"],
                        beschrijving=c["beschrijving"],
                        intern=c.get("intern", False),
                    )
                )
            refs.append(ref)
        uow.commit()
    return refs


def square(lon: float, lat: float, d: float = 0.008) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
    }


WIJK_PLANS: list[dict[str, Any]] = [
    {
        "zaak": "Z-2026-800001",
        "proces": "wijkuitvoeringsplan",
        "procedure": "Wijkuitvoeringsplan",
        "titel": "WUP Centrum",
        "fase": "participatie",
        "geometrie": square(6.40, 52.00),
        "locatie": "Centrum",
        "conflicten": [
            {
                "regel": "wonen-congestie",
                "laag": "netcongestie",
                "feature_id": 1,
                "ernst": "blokkerend",
                "afdeling": "Energie & Klimaat",
                "beschrijving": "Woningbouw in rood congestiegebied",
            }
        ],
    },
    {
        "zaak": "Z-2026-800002",
        "proces": "wijkuitvoeringsplan",
        "procedure": "Wijkuitvoeringsplan",
        "titel": "WUP De Kamp",
        "fase": "wijkanalyse",
        "geometrie": square(6.43, 52.01),
        "locatie": "De Kamp",
    },
    {
        "zaak": "Z-2026-800003",
        "proces": "wijkuitvoeringsplan",
        "procedure": "Wijkuitvoeringsplan",
        "titel": "WUP Oostrand",
        "fase": "participatie",
        "geometrie": square(6.46, 52.02),
        "locatie": "Oostrand",
    },
    {
        "zaak": "Z-2026-800004",
        "proces": "windpark",
        "procedure": "Windpark",
        "titel": "Windpark Hooiland",
        "fase": "netcapaciteit",
        "wacht_op": "wacht op antwoord netbeheerder",
        "geometrie": square(6.37, 51.99, 0.01),
    },
    {
        "zaak": "Z-2026-800005",
        "proces": "omgevingsvergunning",
        "procedure": "Omgevingsvergunning",
        "titel": "Aanbouw",
        "fase": "beoordeling",
        "wacht_op": "in behandeling bij Vergunningen",
        "geometrie": {"type": "Point", "coordinates": [6.41, 52.03]},
    },
]
