"""A test run without xdist gets a PostgreSQL database of its own, named after its process; an xdist
worker's database keeps its name (tests/pg_databases.py). Before, every run without xdist used
``<database>_core_gw``: two runs by hand at once emptied and migrated each other's tables."""

from __future__ import annotations

import os

import pytest

from tests.pg_databases import database_name, kept_after_the_session, this_process


def test_an_xdist_workers_database_is_named_after_the_worker_as_before():
    assert database_name("ruimteflow_test", "core", "gw1", 4242) == "ruimteflow_test_core_gw1"
    assert database_name("ruimteflow_test", "migrate", "gw0", 4242) == "ruimteflow_test_migrate_gw0"


def test_runs_without_xdist_get_a_database_each_named_after_their_process():
    first = database_name("ruimteflow_test", "core", None, 4242)
    second = database_name("ruimteflow_test", "core", None, 4243)
    assert first == "ruimteflow_test_core_pid4242"
    assert second == "ruimteflow_test_core_pid4243"


def test_this_process_is_named_by_its_worker_or_else_its_process_id(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    assert this_process("ruimteflow_fix6", "core") == "ruimteflow_fix6_core_gw3"
    assert kept_after_the_session()
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert this_process("ruimteflow_fix6", "core") == f"ruimteflow_fix6_core_pid{os.getpid()}"
    assert not kept_after_the_session()
