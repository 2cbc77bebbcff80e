"""The PostgreSQL tests of this process run in the database tests/pg_databases.py names for it, of this
process and this test run alone, dropped when the session ends; a killed run's databases go with the next
run on the same base database."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

from tests.pg_databases import this_process

pytestmark = pytest.mark.postgres


def test_the_postgresql_tests_use_this_processs_own_database(pg_worker_url: str):
    base = make_url(os.environ["RUIMTEFLOW_TEST_DATABASE_URL"])
    assert make_url(pg_worker_url).database == this_process(str(base.database), "core")


def _databases(admin) -> set[str]:
    from sqlalchemy import text

    with admin.connect() as conn:
        return set(conn.execute(text("select datname from pg_database")).scalars())


@pytest.fixture
def admin(pg_worker_url: str):
    from sqlalchemy import create_engine

    engine = create_engine(os.environ["RUIMTEFLOW_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def test_an_xdist_workers_database_is_dropped_when_its_session_ends(admin, monkeypatch: pytest.MonkeyPatch):
    """Before, a worker's database stayed for the next run (named alike, which migrated it again)."""
    from tests.conftest import worker_database

    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)
    with worker_database(os.environ["RUIMTEFLOW_TEST_DATABASE_URL"]) as url:
        name = make_url(url).database
        assert name in _databases(admin)
    assert name not in _databases(admin)


def test_the_databases_of_a_killed_run_go_with_the_next_run_an_owned_one_stays(admin):
    from sqlalchemy import text

    from tests.pg_databases import database_name, drop_unowned, lock_key

    base = str(admin.url.database)
    killed, running = (database_name(base, "core", "gw0", uuid.uuid4().hex) for _ in range(2))
    with admin.connect() as other_run:
        other_run.execute(text("select pg_advisory_lock(:k)"), {"k": lock_key(running)})
        for name in (killed, running):
            other_run.execute(text(f'create database "{name}"'))
        try:
            with admin.connect() as next_run:
                dropped = drop_unowned(next_run, base, keep="")
            assert killed in dropped
            assert running not in dropped
            assert running in _databases(admin)
            assert killed not in _databases(admin)
        finally:
            other_run.execute(text(f'drop database if exists "{running}" with (force)'))
            other_run.execute(text(f'drop database if exists "{killed}" with (force)'))
            other_run.execute(text("select pg_advisory_unlock(:k)"), {"k": lock_key(running)})
