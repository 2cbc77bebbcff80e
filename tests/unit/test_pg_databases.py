"""The PostgreSQL databases of a test run are named after the run as well as the process
(tests/pg_databases.py): before, an xdist worker's database was ``<database>_core_gw0`` in every run, so
two runs against one server at once (two developers, CI beside a developer) emptied and migrated each
other's tables."""

from __future__ import annotations

import os

import pytest

from tests.pg_databases import MAX_NAME, database_name, is_made_by_a_test_run, this_process, this_run


def test_the_same_worker_of_two_runs_at_once_gets_a_database_each(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "0123456789abcdef0123456789abcdef")
    first = this_process("ruimteflow_test", "core")
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "fedcba9876543210fedcba9876543210")
    second = this_process("ruimteflow_test", "core")
    assert first == "ruimteflow_test_core_gw0_r0123456789ab"
    assert second == "ruimteflow_test_core_gw0_rfedcba987654"


def test_the_workers_of_one_run_get_a_database_each(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "0123456789abcdef0123456789abcdef")
    names = set()
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        names.add(this_process("ruimteflow_test", "core"))
    assert len(names) == 2


def test_a_run_without_xdist_is_named_after_its_process_and_a_run_of_its_own(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_TESTRUNUID", raising=False)
    name = this_process("ruimteflow_fix6", "migrate")
    assert name == f"ruimteflow_fix6_migrate_pid{os.getpid()}_r{this_run()}"
    assert this_process("ruimteflow_fix6", "migrate") == name  # one run id for the whole process


def test_a_long_base_name_is_shortened_not_the_run():
    name = database_name("b" * 70, "core", "gw12", "0123456789abcdef")
    assert len(name) == MAX_NAME
    assert name.endswith("_core_gw12_r0123456789ab")


def test_only_names_of_test_runs_beside_the_base_database_are_theirs():
    assert is_made_by_a_test_run("ruimteflow_test_core_gw0_r0123456789ab", "ruimteflow_test")
    assert is_made_by_a_test_run("ruimteflow_test_migrate_pid42_r0123456789ab", "ruimteflow_test")
    long_one = database_name("b" * 70, "core", "gw0", "0123456789ab")
    assert is_made_by_a_test_run(long_one, "b" * 70)
    assert not is_made_by_a_test_run("ruimteflow_test_core_gw0", "ruimteflow_test")  # an older checkout's
    assert not is_made_by_a_test_run("ruimteflow_test", "ruimteflow_test")
    assert not is_made_by_a_test_run("ruimteflow_other_core_gw0_r0123456789ab", "ruimteflow_test")
    assert not is_made_by_a_test_run("ruimteflow_test_core_gw0_r0123456789ab", "ruimteflow")
