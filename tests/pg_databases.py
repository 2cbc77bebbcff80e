"""The PostgreSQL databases a test process makes beside the one of ``RUIMTEFLOW_TEST_DATABASE_URL``.

An xdist worker's database is named after the worker (``<database>_core_gw0``): one worker of a run
at a time holds that name, and the next run's worker gw0 migrates the same database again. A run
without xdist (a file run by hand) is named after its process id instead: two such runs at once, by
two people or in two terminals, each get a database of their own, which the session drops when it ends
(an ended process's id names nothing that another run could be reusing).
"""

from __future__ import annotations

import os


def database_name(database: str, purpose: str, worker: str | None, pid: int) -> str:
    """The name of a database of ``purpose`` (``core``, ``migrate``) beside ``database``: per xdist
    ``worker`` (``gw0``, ``gw1``) when there is one, else per process (``pid<pid>``)."""
    return f"{database}_{purpose}_{worker or f'pid{pid}'}"


def this_process(database: str, purpose: str) -> str:
    """``database_name`` for this test process."""
    return database_name(database, purpose, os.environ.get("PYTEST_XDIST_WORKER"), os.getpid())


def kept_after_the_session() -> bool:
    """An xdist worker's database stays for the next run (named alike); a database per process goes."""
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))
