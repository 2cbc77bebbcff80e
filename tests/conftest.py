"""Shared fixtures: an injected clock, a platform on SQLite per test, PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture
def platform(settings: Settings, clock: FixedClock) -> Iterator[Platform]:
    p = Platform.create(settings, clock)
    yield p
    p.close()


def _pg_admin_url() -> str | None:
    return os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL+PostGIS database of this test worker (app tables reset per test)."""
    base = _pg_admin_url()
    if not base:
        pytest.skip(
            "RUIMTEFLOW_TEST_DATABASE_URL is niet gezet: PostgreSQL-tests overgeslagen (CI zet hem via .ci/run)"
        )
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    url = make_url(base)
    name = f"{url.database}_core_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("select 1 from pg_database where datname=:n"), {"n": name}).scalar():
            conn.execute(text(f'create database "{name}"'))
    admin.dispose()
    target = url.set(database=name)
    eng = create_engine(target, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("create extension if not exists postgis"))
    eng.dispose()
    from services.store import db

    engine = db.make_engine(target.render_as_string(hide_password=False))
    db.reset(engine)
    engine.dispose()
    return target.render_as_string(hide_password=False)


@pytest.fixture
def pg_platform(pg_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Platform]:
    p = Platform.create(Settings(instance_dir=tmp_path, database_url=pg_url), clock)
    yield p
    p.close()


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} ontbreekt (../shared staat niet naast de repository)")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def any_platform(
    request: pytest.FixtureRequest, settings: Settings, clock: FixedClock, tmp_path: Path
) -> Iterator[Platform]:
    """The same test on SQLite and on PostgreSQL+PostGIS (skipped without RUIMTEFLOW_TEST_DATABASE_URL)."""
    if request.param == "sqlite":
        p = Platform.create(settings, clock)
    else:
        url = request.getfixturevalue("pg_url")
        p = Platform.create(Settings(instance_dir=tmp_path, database_url=url), clock)
    yield p
    p.close()
