"""Two migrations of one empty database at once (two `ruimteflow migrate`s, two `serve`s starting
together) run one after the other (review ops12 F9): before, both found no schema, and one crashed with
a raw IntegrityError on alembic_version (PostgreSQL) or "database is locked" (SQLite)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from services.store import db
from tests.pg_databases import owned_database, this_process

ROOT = Path(__file__).resolve().parents[2]


#: one migration in its own process (Alembic's context is global: no two in one process), started at "go";
#: it says it is ready (imported, engine opened) with the file of its third argument
MIGRATE_AT_GO = """
import sys, time
from pathlib import Path
from services.store import db
engine = db.make_engine(sys.argv[1])
Path(sys.argv[3]).touch()
while not Path(sys.argv[2]).exists():
    time.sleep(0.005)
db.migrate(engine)
"""


def _migrate_twice_at_once(url: str, tmp_path: Path) -> list[str]:
    """The stderr of each failed migration of two started at the same moment."""
    go, ready = tmp_path / "go", [tmp_path / f"ready-{n}" for n in range(2)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE_AT_GO, url, str(go), str(mark)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mark in ready
    ]
    deadline = time.monotonic() + 60
    while not all(mark.exists() for mark in ready) and time.monotonic() < deadline:
        if any(run.poll() is not None for run in runs):
            break  # one ended before it was ready: its stderr below says why
        time.sleep(0.005)
    go.touch()  # both have imported and opened their engine (or one failed: the assertion shows it)
    errors = [run.communicate(timeout=120)[1] for run in runs]
    failed = [err for run, err in zip(runs, errors, strict=True) if run.returncode]
    engine = db.make_engine(url)
    try:
        current, newest = db.schema_revisions(engine)
    finally:
        engine.dispose()
    assert current == newest, failed
    return failed


def test_two_migrations_of_an_empty_sqlite_database_at_once(tmp_path: Path) -> None:
    assert _migrate_twice_at_once(f"sqlite:///{tmp_path / 'leeg.db'}", tmp_path) == []


def test_two_migrations_of_an_empty_postgresql_database_at_once(tmp_path: Path) -> None:
    base = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")
    if not base:
        pytest.skip("RUIMTEFLOW_TEST_DATABASE_URL is niet gezet: PostgreSQL-test overgeslagen")
    url = make_url(base)
    name = this_process(str(url.database), "migrate")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with owned_database(admin, name):
            target = url.set(database=name).render_as_string(hide_password=False)
            assert _migrate_twice_at_once(target, tmp_path) == []
    finally:
        admin.dispose()
