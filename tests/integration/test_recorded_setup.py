"""tests/recorded_setup.py: a set-up restored from a recording leaves the database it would have written,
and only a test that starts from the same point gets the recording."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from services import users
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.conftest import reset_app_tables
from tests.integration.core_helpers import list_users
from tests.recorded_setup import set_up


class Fresh:
    """Platforms on fresh copies of the migrated template, and the set-up runs they made."""

    def __init__(self, folder: Path, migrated: Path, clock: FixedClock):
        self.folder, self.migrated, self.clock = folder, migrated, clock
        self.platforms: list[Platform] = []
        self.runs: list[str] = []

    def platform(self, clock: FixedClock | None = None) -> Platform:
        folder = self.folder / f"p{len(self.platforms)}"
        folder.mkdir()
        copy_sqlite(self.migrated, folder / "test.db")
        settings = Settings(instance_dir=folder, database_url=f"sqlite:///{folder / 'test.db'}")
        p = Platform.create(settings, clock or self.clock, migrate=False)
        self.platforms.append(p)
        return p

    def set_up(self, p: Platform, inputs: object = "anna") -> None:
        """The set-up of ``inputs`` (named after this test's folder: a recording of this process is kept
        for the tests after it)."""

        def setup() -> None:
            self.runs.append(p.settings.database_url)
            users.add_user(p, "anna", groups=["Vergunningen"], display_name=f"Anna {len(self.runs)}")
            p._spec_cache["bundel:proces"] = ("spec", {})

        set_up(p, (str(self.folder), inputs), setup)


@pytest.fixture
def fresh(tmp_path: Path, migrated_sqlite: Path, clock: FixedClock) -> Iterator[Fresh]:
    made = Fresh(tmp_path, migrated_sqlite, clock)
    yield made
    for p in made.platforms:
        p.close()


def test_a_later_platform_gets_what_the_set_up_wrote_without_running_it(fresh: Fresh) -> None:
    first, second = fresh.platform(), fresh.platform()
    fresh.set_up(first)
    fresh.set_up(second)
    assert fresh.runs == [first.settings.database_url]
    assert [u["naam"] for u in list_users(second)] == ["Anna 1"]
    assert list_users(second) == list_users(first)
    assert second._spec_cache == {"bundel:proces": ("spec", {})}


def test_a_database_with_rows_runs_the_set_up_itself(fresh: Fresh) -> None:
    fresh.set_up(fresh.platform())
    used = fresh.platform()
    users.add_user(used, "bob", groups=["Milieu"])
    fresh.set_up(used)
    assert len(fresh.runs) == 2
    assert [u["gebruikersnaam"] for u in list_users(used)] == ["anna", "bob"]


def test_other_inputs_or_another_moment_run_the_set_up_again(fresh: Fresh, clock: FixedClock) -> None:
    fresh.set_up(fresh.platform())
    fresh.set_up(fresh.platform(), inputs="other model")
    fresh.set_up(fresh.platform(FixedClock(clock.now() + timedelta(days=1))))
    assert len(fresh.runs) == 3


def _ids(p: Platform) -> list[tuple[str, int, str]]:
    """The ids the users and groups got, by table."""
    with p.engine.connect() as conn:
        found = [
            ("app_user", *r) for r in conn.execute(text("select id, username from app_user order by id"))
        ]
        return found + [
            ("app_group", *r) for r in conn.execute(text("select id, name from app_group order by id"))
        ]


@pytest.mark.postgres
def test_on_postgresql_a_later_platform_gets_the_rows_and_the_next_ids_without_running_it(
    pg_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    runs: list[str] = []

    def platform_after_set_up(name: str) -> tuple[Platform, list[tuple[str, int, str]]]:
        reset_app_tables(pg_url)  # as pg_url leaves the worker's database for each test
        p = Platform.create(Settings(instance_dir=tmp_path / name, database_url=pg_url), clock, migrate=False)

        def setup() -> None:
            runs.append(name)
            users.add_user(p, "anna", groups=["Vergunningen"], display_name="Anna")
            p._spec_cache["bundel:proces"] = ("spec", {})

        set_up(p, (str(tmp_path), "anna"), setup)
        users.add_user(p, "bob", groups=["Milieu"])  # new rows take the ids after the set-up's
        return p, _ids(p)

    first, after_real = platform_after_set_up("first")
    first.close()
    second, after_restored = platform_after_set_up("second")
    second.close()
    assert runs == ["first"]
    assert after_restored == after_real
    assert [name for table, _, name in after_real if table == "app_user"] == ["anna", "bob"]
    assert second._spec_cache == {"bundel:proces": ("spec", {})}


@pytest.mark.postgres
def test_on_postgresql_a_database_with_rows_or_a_moved_sequence_runs_the_set_up_itself(
    pg_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    runs: list[int] = []
    for made in range(3):
        reset_app_tables(pg_url)
        p = Platform.create(
            Settings(instance_dir=tmp_path / str(made), database_url=pg_url), clock, migrate=False
        )
        if made == 1:
            users.add_user(p, "bob", groups=["Milieu"])
        if made == 2:  # a row added and deleted again: the tables are empty, the ids moved on
            with p.engine.begin() as conn:
                conn.execute(text("insert into app_group (name, kind) values ('weg', 'afdeling')"))
                conn.execute(text("delete from app_group"))
        set_up(p, (str(tmp_path), "anna"), lambda made=made: runs.append(made))
        p.close()
    assert runs == [0, 1, 2]
