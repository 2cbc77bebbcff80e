"""The PostgreSQL tests of this process run in the database tests/pg_databases.py names for it: under
xdist the worker's, without xdist one of this process alone (before: ``<database>_core_gw``, shared by
every run by hand at once)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from tests.pg_databases import this_process

pytestmark = pytest.mark.postgres


def test_the_postgresql_tests_use_this_processs_own_database(pg_worker_url: str):
    base = make_url(os.environ["RUIMTEFLOW_TEST_DATABASE_URL"])
    assert make_url(pg_worker_url).database == this_process(str(base.database), "core")
