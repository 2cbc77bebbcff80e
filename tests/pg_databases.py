"""The PostgreSQL databases a test process makes beside the one of ``RUIMTEFLOW_TEST_DATABASE_URL``.

Each is named after its test run as well as its process: ``<database>_<purpose>_<worker>_r<run>``, the
worker being the xdist worker (``gw0``) or, without xdist, ``pid<process id>``, and the run xdist's id
of the test run (the same for the workers of one run) or else a random id made once per process. Two
runs against one server at once (two developers, CI beside a developer) never share a database: before,
every run's worker gw0 used ``<database>_core_gw0`` and emptied and migrated the other's tables.

A process owns its database while it holds a session advisory lock on its name, taken before the
database is made and let go after it is dropped when the session ends (``owned_database``). A run that
was killed before it could drop its databases leaves them unowned: the next run on the same base
database drops them (``drop_unowned``). Names in any other form (of an older checkout) are left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

#: PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes); a longer one is cut short without an error
MAX_NAME = 63
RUN_DIGITS = 12
_OURS = re.compile(rf".*_(?P<purpose>[a-z]+)_(?P<worker>gw\d+|pid\d+)_r(?P<run>[0-9a-f]{{{RUN_DIGITS}}})")


def database_name(database: str, purpose: str, worker: str, run: str) -> str:
    """The name of a database of ``purpose`` (``core``, ``migrate``) beside ``database`` for ``worker``
    of ``run``; ``database`` is shortened when the whole would be longer than PostgreSQL keeps."""
    suffix = f"_{purpose}_{worker}_r{run[:RUN_DIGITS]}"
    return database[: MAX_NAME - len(suffix)] + suffix


@cache
def _process_run() -> str:
    return uuid.uuid4().hex


def this_run() -> str:
    """This test run's id: xdist's (shared by the workers of a run), else one of this process."""
    return (os.environ.get("PYTEST_XDIST_TESTRUNUID") or _process_run())[:RUN_DIGITS]


def this_worker() -> str:
    """This process in its run: the xdist worker, else ``pid<process id>``."""
    return os.environ.get("PYTEST_XDIST_WORKER") or f"pid{os.getpid()}"


def this_process(database: str, purpose: str) -> str:
    """``database_name`` for this test process."""
    return database_name(database, purpose, this_worker(), this_run())


def is_made_by_a_test_run(name: str, database: str) -> bool:
    """Whether ``name`` is a ``database_name`` beside ``database`` (of any purpose, worker and run)."""
    found = _OURS.fullmatch(name)
    if found is None:
        return False
    return name == database_name(database, found["purpose"], found["worker"], found["run"])


def lock_key(name: str) -> int:
    """The advisory lock key (a signed 64-bit number) of the database ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def owned_database(admin: Any, name: str) -> Iterator[None]:
    """The database ``name``, made on ``admin`` (an AUTOCOMMIT engine on the base database) and owned by
    this process until the block ends, when it is dropped. Databases of earlier runs that nobody owns
    any more (their run was killed) are dropped first."""
    from sqlalchemy import text

    with admin.connect() as owner:  # kept for the block: the lock lasts as long as its session
        owner.execute(text("select pg_advisory_lock(:k)"), {"k": lock_key(name)})
        try:
            drop_unowned(owner, admin.url.database, keep=name)
            owner.execute(text(f'create database "{name}"'))
            try:
                yield
            finally:
                owner.execute(text(f'drop database if exists "{name}" with (force)'))
        finally:
            owner.execute(text("select pg_advisory_unlock(:k)"), {"k": lock_key(name)})


def drop_unowned(conn: Any, database: str, keep: str) -> list[str]:
    """Drop the databases of test runs beside ``database`` whose process holds no lock on them any more
    (but ``keep``, this process's own); the names dropped."""
    from sqlalchemy import text

    names = conn.execute(text("select datname from pg_database order by datname")).scalars().all()
    dropped = []
    for name in names:
        if name == keep or not is_made_by_a_test_run(name, database):
            continue
        if conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": lock_key(name)}).scalar():
            try:
                conn.execute(text(f'drop database if exists "{name}" with (force)'))
                dropped.append(name)
            finally:
                conn.execute(text("select pg_advisory_unlock(:k)"), {"k": lock_key(name)})
    return dropped
