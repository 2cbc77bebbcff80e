"""Shared fixtures: an injected clock, a platform on SQLite per test, PostgreSQL when configured.

Migrating a fresh database costs far more than copying one: each test session (each xdist worker)
migrates one SQLite template and one PostgreSQL template database, and every test gets a copy.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: the password hash of the tests: one PBKDF2 round instead of werkzeug's scrypt default (about 0.1 s of
#: CPU per hash and per login check, hundreds of times in the suite). ``services.users`` keeps the
#: production default; tests/integration/test_password_hashing.py checks that default with the patch off.
TEST_PASSWORD_METHOD = "pbkdf2:sha256:1"


@contextmanager
def cheap_passwords() -> Iterator[None]:
    from werkzeug.security import generate_password_hash

    from services import users

    def cheap(password: str, method: str = TEST_PASSWORD_METHOD, salt_length: int = 16) -> str:
        return generate_password_hash(password, method=method, salt_length=salt_length)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "generate_password_hash", cheap)
        users._dummy_hash.cache_clear()
        yield
    users._dummy_hash.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    with cheap_passwords():
        yield


@contextmanager
def layers_left_unsettled() -> Iterator[None]:
    """Layers a test loads are not settled as long-lived (``gis.layers.settle_long_lived``): that unfreezes
    and collects the whole heap and fills the allocator's gaps, once per load, for a server that keeps a
    million features. A test process keeps a heap of a million objects after a few hundred tests and loads
    small layers in many of them: 0.4-1.7 s of CPU a load late in a run (31 loads in half the integration
    tests cost 19 s of CPU). tests/unit/gis/test_layers_gc.py and test_heapgaps.py check the real one."""
    from gis import layers

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layers, "settle_long_lived", lambda: None)
        yield


@pytest.fixture(scope="session", autouse=True)
def unsettled_layers() -> Iterator[None]:
    with layers_left_unsettled():
        yield


@pytest.fixture(autouse=True)
def no_stderr_logging_left_over() -> Iterator[None]:
    """A command a test runs sets up logging to stderr for the whole process (services/logs.py, from
    web.cli.main); it goes when the test ends, so a later test's own log lines stay out of its stderr."""
    yield
    from services import logs

    logs.unconfigure()


@pytest.fixture(scope="session", autouse=True)
def shared_compiled_code() -> Iterator[None]:
    """Flask apps of the tests share their compiled URL builders and templates, engines and mappers their
    compiled SQL (tests/compiled_once.py)."""
    from tests.compiled_once import compiled_once

    with compiled_once():
        yield


# -- the shared demo database, started in the background when the collected tests need it -------------
_PREBUILD: list[Any] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from tests.ordering import longest_first

    longest_first(items)


# -- the cyclic garbage collector of a test process ------------------------------------------------------
#: objects allocated (net) between two young collections; Python's default is 700
GC_YOUNG_THRESHOLD = 20_000


def pytest_sessionstart(session: pytest.Session) -> None:
    """Fewer collections of the young generation in this test process (collection imports about a
    thousand modules, the tests keep compiled SQL, templates and specs for the ones after them): with
    Python's default a quarter to a third of a database test's CPU went to the cyclic garbage collector,
    a full collection scanning the whole heap every dozen seconds. Garbage without cycles is freed at
    once as before; cyclic garbage a little later."""
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def pytest_collection_finish(session: pytest.Session) -> None:
    from tests.shared_build import DEMO_FIXTURES, run_root, start_prebuild

    # what collection left alive (modules, test items) lives for the whole session: out of every later
    # collection's scan (gis.layers.settle_long_lived does the same for the layers it loads)
    gc.collect()
    gc.freeze()
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0" or session.config.option.collectonly:
        return  # one process starts it (the lock makes a second start harmless anyway)
    if any(DEMO_FIXTURES & set(getattr(item, "fixturenames", ())) for item in session.items):
        _PREBUILD.append(start_prebuild(run_root(session.config._tmp_path_factory)))  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.shared_build import stop_prebuild

    while _PREBUILD:
        stop_prebuild(_PREBUILD.pop())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database at the newest Alembic revision, built once per test run (shared by the xdist
    workers, tests/shared_build.py)."""
    from tests.shared_build import built_once

    return built_once(tmp_path_factory, "migrated-sqlite", _migrated_sqlite)


def _migrated_sqlite(folder: Path) -> Path:
    from services.store import db

    return db.migrated_sqlite(folder / "migrated.db")


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """Settings on this test's own SQLite file, a copy of the migrated template."""
    copy_sqlite(migrated_sqlite, tmp_path / "test.db")
    return Settings(instance_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture
def platform(settings: Settings, clock: FixedClock) -> Iterator[Platform]:
    p = Platform.create(settings, clock, migrate=False)
    yield p
    p.close()


def _pg_admin_url() -> str | None:
    return os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def pg_worker_url() -> Iterator[str]:
    """This process's PostgreSQL+PostGIS database, of this test run alone, migrated once per session (per
    xdist worker) and dropped when the session ends (tests/pg_databases.py)."""
    base = _pg_admin_url()
    if not base:
        pytest.skip(
            "RUIMTEFLOW_TEST_DATABASE_URL is niet gezet: PostgreSQL-tests overgeslagen (CI zet hem via .ci/run)"
        )
    with worker_database(base) as url:
        yield url


@contextmanager
def worker_database(base: str) -> Iterator[str]:
    """The URL of this process's migrated database beside ``base``, made for the block, dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tests.pg_databases import owned_database, this_process

    url = make_url(base)
    name = this_process(str(url.database), "core")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with owned_database(admin, name):
            with admin.connect() as conn:
                # a commit returns without waiting for its WAL to reach the disk (several ms each, and a
                # test commits ten to thirty times): as atomic and as visible to the next statement as
                # before; only a crash of the server, which no test causes, could lose the last ones
                conn.execute(text(f'alter database "{name}" set synchronous_commit = off'))
            target = url.set(database=name).render_as_string(hide_password=False)
            try:
                yield _migrated_pg(target)
            finally:
                _dispose_reset_engines()  # its connection would keep the database from being dropped
    finally:
        admin.dispose()


def _migrated_pg(target: str) -> str:
    """``target`` with PostGIS and the newest schema, every app table empty."""
    from sqlalchemy import create_engine, text

    from services.store import db

    eng = create_engine(target, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("create extension if not exists postgis"))
    eng.dispose()
    engine = db.make_engine(target)
    try:
        db.reset(engine)
        db.migrate(engine)
        _require_empty_after_migration(engine)
    finally:
        engine.dispose()
    return target


def app_tables() -> list[str]:
    """The app tables, parents first (a new list: the caller may change it)."""
    return list(_app_tables_and_query()[0])


def _app_tables_and_query() -> tuple[tuple[str, ...], str]:
    """The app tables (parents first) and ``tables_with_rows``' query of them, worked out once per set of
    tables: the sort and the query text were made anew several times in every database test's set-up."""
    from services.store.models import Base

    known = tuple(Base.metadata.tables)
    cached = _TABLES_CACHE.get(known)
    if cached is None:
        names = tuple(table.name for table in Base.metadata.sorted_tables)
        query = " union all ".join(f"select '{n}' where exists (select from \"{n}\")" for n in names)
        cached = _TABLES_CACHE[known] = (names, query)
    return cached


#: ``_app_tables_and_query`` by the metadata's table names (as they were when it was worked out)
_TABLES_CACHE: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}


def _require_empty_after_migration(engine: Any) -> None:
    """Emptying the tables restores a freshly migrated database only while migrations insert no rows."""
    from sqlalchemy import text

    with engine.connect() as conn:
        seeded = list(conn.execute(text(tables_with_rows())).scalars())
    if seeded:
        raise RuntimeError(f"migrations vullen {seeded}: pg_url moet dan per test een kopie (TEMPLATE) maken")


@pytest.fixture
def pg_url(pg_worker_url: str) -> str:
    """The worker's migrated PostgreSQL database with every app table emptied (as freshly migrated)."""
    reset_app_tables(pg_worker_url)
    return pg_worker_url


def reset_app_tables(url: str) -> None:
    """Every app table empty and every id sequence restarted, as freshly migrated.

    Only the tables a test used are emptied, with DELETE (children first) and ALTER SEQUENCE RESTART:
    a TRUNCATE of the app tables gives each one new files and an fsync, half a second per test on a busy
    machine against a few milliseconds for deleting the handful of rows a test writes. The deletes go to
    the server as one statement, the restarts as another, on a connection kept for the session
    (``_reset_engine``): a connection and a round trip per table and sequence were most of the reset."""
    from sqlalchemy import text

    tables = app_tables()
    with _reset_engine(url).begin() as conn:
        rows = set(conn.execute(text(tables_with_rows())).scalars())
        used = reversed([n for n in tables if n in rows])  # referencing tables first
        if deletes := "; ".join(f'delete from "{name}"' for name in used):
            conn.execute(text(deletes))
        moved = conn.execute(text(MOVED_SEQUENCES), {"tables": tables}).scalars().all()
        if restarts := "; ".join(f'alter sequence "{sequence}" restart' for sequence in moved):
            conn.execute(text(restarts))


#: reset_app_tables' engine per database URL, its connection kept for the session
_RESET_ENGINES: dict[str, Any] = {}


def _reset_engine(url: str) -> Any:
    from sqlalchemy import create_engine

    if url not in _RESET_ENGINES:
        # no statement prepared on the server: a test may drop the schema and migrate it again
        _RESET_ENGINES[url] = create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})
    return _RESET_ENGINES[url]


def _dispose_reset_engines() -> None:
    while _RESET_ENGINES:
        _RESET_ENGINES.popitem()[1].dispose()


#: the id sequences of the given tables (of this schema) that handed out a number since their (re)start,
#: with the last number they handed out
MOVED_SEQUENCES = """
select s.relname, ps.last_value from pg_class s
join pg_namespace ns on ns.oid = s.relnamespace and ns.nspname = current_schema()
join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid and d.deptype in ('a', 'i')
join pg_class t on t.oid = d.refobjid
join pg_sequences ps on ps.schemaname = ns.nspname and ps.sequencename = s.relname
where s.relkind = 'S' and ps.last_value is not null and t.relname = any(:tables)
"""


def tables_with_rows() -> str:
    """A query of the names of the app tables that hold a row."""
    return _app_tables_and_query()[1]


@pytest.fixture
def pg_platform(pg_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Platform]:
    p = Platform.create(Settings(instance_dir=tmp_path, database_url=pg_url), clock, migrate=False)
    yield p
    p.close()


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} ontbreekt (../shared staat niet naast de repository)")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def any_platform(request: pytest.FixtureRequest, settings: Settings, clock: FixedClock) -> Iterator[Platform]:
    """The same test on SQLite and on PostgreSQL+PostGIS (skipped without RUIMTEFLOW_TEST_DATABASE_URL), with
    the same settings on both: a module that overrides ``settings`` (a smaller script budget) gets its
    override on PostgreSQL too, only the database differs."""
    if request.param == "postgresql":
        settings = settings.with_(database_url=request.getfixturevalue("pg_url"))
    p = Platform.create(settings, clock, migrate=False)
    yield p
    p.close()


# -- the conformance ratio of SpiffWorkflow's own test models (tests/conformance), printed at the end ----
# (here and not in tests/conformance/conftest.py: under xdist only the root conftest reaches the controller)
def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {"passed": 0, "failed": 0}
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") == "call" and "test_same_as_bare_library" in report.nodeid:
                counts[outcome] += 1
    total = counts["passed"] + counts["failed"]
    if total:
        terminalreporter.write_line(
            f"conformance met SpiffWorkflow: {counts['passed']}/{total} modellen gelijk "
            f"(ratio {counts['passed'] / total:.2f})"
        )
